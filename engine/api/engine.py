"""The engine facade: the one entry point for the desktop app and the CLI.

`Engine` composes small parts by concern, each with one job (in the manner of a collection
with `col.decks` and `col.cards`): `engine.conversations`, `engine.chat`, `engine.knowledge`,
`engine.models`, `engine.speech` and `engine.secrets`. Together they satisfy
`engine.api.boundary.EngineAPI`, the Protocol the desktop is typed against.

Every method blocks and is safe to call from a worker thread; none may run on a GUI thread.
Values in, frozen values out (see `engine.types`); failures are `EngineError`s whose text is fit
to show a person. Heavy parts (the chat model, the embedder) load on first use, so opening an
Engine is cheap. Mutations tell the listeners given to `subscribe` what changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from engine import config, paths, privacy
from engine.api.changes import ChangeHub
from engine.api.chat import Chat
from engine.api.conversations import Conversations
from engine.api.knowledge import Knowledge, KnowledgeFactory, app_readers, open_knowledge_base
from engine.api.models import Models
from engine.api.secrets import Secrets
from engine.api.speech import Speech
from engine.chat.answer_records import AnswerRecords
from engine.chat.model_slot import ModelSlot
from engine.chat.store import ConversationStore
from engine.config import Settings
from engine.secrets import SecretStore
from engine.storage.db import Database
from engine.types import ChangeListener, Changes

if TYPE_CHECKING:
    from engine.chat.session import ChatSession
    from engine.models.download import Downloader


def data_dir() -> Path:
    """The data folder (`LANTHORN_HOME`, else the platform's): the app keeps its logs there too."""
    return paths.home()


class Engine:
    """Conversations, chat, knowledge and models behind one object. Thread-safe.

    Attributes:
        conversations: conversations and their messages.
        chat: answers and summaries, streamed.
        knowledge: sources and search.
        models: the model library, catalog downloads, the remote endpoint, the fit estimate.
        speech: voice questions and audio files as text.
        secrets: API keys in the OS keyring.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        knowledge_factory: KnowledgeFactory | None = None,
        secret_store: SecretStore | None = None,
        downloader: Downloader | None = None,
    ) -> None:
        """Open the data folder (`LANTHORN_HOME` or the platform's), upgrading it if needed.

        `settings` replaces the stored settings for this Engine only (the CLI's `--model`);
        `knowledge_factory` opens the knowledge base (tests give one with a fake embedder;
        by default the real one, whose recordings and videos the speech part transcribes);
        `secret_store` and `downloader` replace the OS keyring and the web (tests).

        Raises:
            StorageError: the database cannot be opened or upgraded.
            ConfigError: the settings file is unreadable.
        """
        self._settings = settings if settings is not None else config.load()
        self._settings_lock = threading.Lock()
        privacy.sweep_stale_process_folders(paths.cache_dir())
        self._hub = ChangeHub()
        self._db = Database(paths.database_file())
        self._slot = ModelSlot()
        self.speech = Speech(self.settings)
        self.knowledge = Knowledge(
            self._db, self.settings, self._change_settings, self._slot, self._hub,
            knowledge_factory or partial(
                open_knowledge_base, registry=partial(app_readers, self.settings, self.speech)
            ),
        )
        keys = secret_store or SecretStore()
        self.secrets = Secrets(keys, self._hub, self.settings)
        self.models = Models(
            self.settings, self._change_settings, self._slot, self._db, keys, self._hub,
            downloader=downloader,
        )
        self._store = ConversationStore(self._db)
        self._session: ChatSession | None = None
        self._session_lock = threading.Lock()
        self.conversations = Conversations(self._store, AnswerRecords(self._db), self._hub)
        self.chat = Chat(self._chat_session, self._hub, self.knowledge.get_group)

    def _chat_session(self) -> ChatSession:
        """The chat session, made on the first answer.

        Its imports (retrieval, prompts, model clients: ~50 ms on a loaded machine) are not
        needed to paint the window.
        """
        with self._session_lock:
            if self._session is None:
                from engine.chat.session import ChatSession

                self._session = ChatSession(
                    self._store, self._slot, self.settings, db=self._db,
                    knowledge=self.knowledge.base, model_for=self.models.chooser.for_conversation,
                )
            return self._session

    def settings(self) -> Settings:
        """The settings in force. Non-blocking."""
        with self._settings_lock:
            return self._settings

    def update_settings(self, settings: Settings) -> Changes:
        """Validate, store and apply new settings; a new chat model loads on the next answer.

        The embedding model is not switched here: `knowledge.switch_embedding_model`
        re-embeds everything first and saves that setting once the new vectors are complete.

        Raises:
            ConfigError: a value is out of range or the file cannot be written.
        """
        self._change_settings(lambda current: settings.with_embedding_model(
            current.knowledge.embedding_model
        ))
        return self._hub.publish(Changes(settings=True))

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call `listener(changes)` after every change, on the thread that made it.

        Returns the function that unsubscribes it.
        """
        return self._hub.subscribe(listener)

    def _change_settings(self, change: Callable[[Settings], Settings]) -> None:
        with self._settings_lock:
            settings = change(self._settings)
            settings.validate()
            config.save(settings)
            self._settings = settings

    def close(self) -> None:
        """Free the models, save the index and close the database; safe to call twice."""
        self._slot.close()
        self.speech.close()
        self.knowledge.close()
        self._db.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
