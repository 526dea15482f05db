"""`engine.models`: the model library, the catalog and its downloads, the remote endpoint.

Every method blocks (most for milliseconds; `load`, `download` and `test_remote` for seconds
to hours) and is safe from any worker thread. Mutations tell the change listeners
(`Changes(models=True)`, plus `settings` when the default or the endpoint changed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from engine import llm, paths
from engine.api.changes import ChangeHub
from engine.api.shown import in_language
from engine.cancel import CancelToken
from engine.chat.model_slot import ModelSlot
from engine.config import Settings
from engine.llm.remote import RemoteEndpoint
from engine.models import endpoint
from engine.models.advice import recommend
from engine.models.catalog import Catalog, load_catalog
from engine.models.choice import ModelChooser, api_key_name
from engine.models.collection import Collection
from engine.models.library import LibraryStore
from engine.secrets import SecretStore
from engine.storage.db import Database
from engine.types import (
    CatalogEntry,
    CatalogKind,
    Changes,
    DownloadResult,
    LibraryModel,
    ModelFit,
    ModelInfo,
    ModelKind,
    ProgressCallback,
    Recommendation,
    RemoteCheck,
    RemoteStatus,
)

if TYPE_CHECKING:
    from engine.models.download import Downloader

SaveSettings = Callable[[Callable[[Settings], Settings]], None]


T = TypeVar("T")


class Models:
    """Chat models to pick from, recommended ones to download, and the remote endpoint."""

    def __init__(
        self,
        settings: Callable[[], Settings],
        save_settings: SaveSettings,
        slot: ModelSlot,
        db: Database,
        secrets: SecretStore,
        hub: ChangeHub,
        *,
        downloader: Downloader | None = None,
    ) -> None:
        self._settings = settings
        self._save = save_settings
        self._slot = slot
        self._secrets = secrets
        self._hub = hub
        self._store = LibraryStore(db)
        self.chooser = ModelChooser(settings, self._store, secrets)
        self._collection = Collection(settings, self._store, self.chooser, paths.models_dir)
        self._downloader = downloader

    # ------------------------------------------------------------ files and fit

    def inspect(self, path: str | Path) -> ModelInfo:
        """Read a GGUF file's metadata without loading its weights.

        Raises ModelError: missing file, not a GGUF, truncated or unsupported.
        """
        return llm.inspect_model(path)

    def current(self) -> ModelInfo:
        """Metadata of the default chat model (loaded or not; the remote one when set)."""
        loaded = self._slot.loaded
        if loaded is not None:
            return loaded.info
        return llm.inspect_model(self.current_path())

    def load(self) -> ModelInfo:
        """Load the default chat model now, e.g. to warm up before the first answer.

        Raises ModelError: the model cannot be loaded (missing, broken, does not fit, the
        server unreachable).
        """
        return self._slot.get(self.chooser.target(None)).info

    def fit(self, info: ModelInfo, context_size: int = 0) -> ModelFit:
        """Memory `info`'s model needs at `context_size` (0: automatic) against what is free.

        The engine's one estimate (with the settings' GPU layers): the loader refuses exactly
        the models this calls `WONT_FIT`. Cheap (reads free memory).
        """
        return self._collection.fit(info, context_size)

    def current_path(self) -> str:
        """The GGUF file the settings point at (the bundled starter model when unset)."""
        from engine.bundled import starter_chat_model

        return self._settings().model.path or str(starter_chat_model())

    # ------------------------------------------------------------ the library

    def library(self) -> list[LibraryModel]:
        """The starter, added files and the remote endpoint, each with its fit label."""
        return [self._shown(m) for m in self._collection.list()]

    def add(self, path: str | Path, *, copy: bool = False) -> LibraryModel:
        """Add a GGUF file: copied into the data folder, or referenced where it is.

        Raises ModelError (not a usable GGUF file), StorageError (the copy failed).
        """
        model = self._collection.add(path, copy=copy)
        self._hub.publish(Changes(models=True))
        return self._shown(model)

    def remove(self, model_id: str) -> Changes:
        """Remove a model: a copied or downloaded file is deleted, a referenced one forgotten.

        Conversations that used it go back to the default; removing the default makes the
        starter the default; removing "remote" clears the endpoint and forgets its key.
        Raises NotFoundError, UserInputError (the starter).
        """
        remote_url = self._settings().remote.base_url
        settings = self._collection.remove(model_id)
        if model_id == "remote" and remote_url:
            self._secrets.delete(api_key_name(remote_url))
        changes = Changes(models=True)
        if settings is not None:
            self._save(lambda _current: settings)
            changes = changes | Changes(settings=True)
        return self._hub.publish(changes)

    def set_default(self, model_id: str) -> Changes:
        """Make `model_id` the default model. Raises NotFoundError, ModelError."""
        settings = self._collection.default_settings(model_id)
        self._save(lambda current: dataclasses.replace(current, model=settings.model))
        return self._hub.publish(Changes(models=True, settings=True))

    def for_conversation(self, conversation_id: int) -> LibraryModel:
        """The model a conversation's answers come from (its choice, else the default)."""
        choice = self._store.choice(conversation_id)
        models = self._collection.list()
        chosen = [m for m in models if m.id == choice] or [m for m in models if m.default]
        return self._shown(chosen[0] if chosen else models[0])

    def use_in_conversation(self, conversation_id: int, model_id: str | None) -> Changes:
        """Answer this conversation with `model_id` from now on (None: the default).

        Raises NotFoundError (no such conversation or model), ModelError (no remote set up).
        """
        if model_id is not None:
            self.chooser.target(model_id)
        self._store.choose(conversation_id, model_id)
        return self._hub.publish(Changes(models=True, conversations=True))

    # ------------------------------------------------------------ catalog and downloads

    def _downloads(self) -> Downloader:
        """The downloader, made on first use: its HTTP client library is slow to import."""
        if self._downloader is None:
            from engine.models.download import Downloader

            self._downloader = Downloader(paths.models_dir())
        return self._downloader

    def catalog(self) -> list[CatalogEntry]:
        """The recommended models, chat ones with their fit for this machine. Cheap."""
        catalog = load_catalog()
        return [self._annotated(catalog, entry) for entry in catalog.entries]

    def recommendation(self) -> Recommendation:
        """Whether only the tiny starter is installed, and the catalog's best chat model here."""
        installed = [
            m for m in self._collection.list() if m.kind is not ModelKind.STARTER and not m.problem
        ]
        return self._shown(recommend(self.catalog(), starter_only=not installed))

    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> DownloadResult:
        """Download the catalog model `name`, verified, as a long job; resumes a paused one.

        A chat model joins the library (owned). An embedding model is only offered:
        `embedding_folder` is what `knowledge.switch_embedding_model` takes. Raises
        NotFoundError (no such entry), ModelError (no space, unverifiable, refused, damaged),
        Cancelled (paused: the partial files stay), StorageError.
        """
        entry = load_catalog().find(name)
        try:
            done = self._downloads().download(entry, progress, cancel)
        finally:
            self._hub.publish(Changes(models=True))
        path = done.folder / entry.files[0].path if entry.kind is CatalogKind.CHAT else done.folder
        result = DownloadResult(entry=name, kind=entry.kind, path=str(path), sha256=done.sha256)
        if entry.kind is CatalogKind.CHAT:
            model = self._collection.add_owned(path, name)
            self._hub.publish(Changes(models=True))
            return dataclasses.replace(result, model=model)
        if entry.kind is CatalogKind.EMBEDDING:
            return dataclasses.replace(result, embedding_folder=str(done.folder))
        return dataclasses.replace(result, whisper_folder=str(done.folder))

    def discard_download(self, name: str) -> Changes:
        """Cancel a paused download for good: its partial files are deleted."""
        self._downloads().discard(load_catalog().find(name))
        return self._hub.publish(Changes(models=True))

    # ------------------------------------------------------------ remote endpoint

    def remote(self) -> RemoteStatus:
        """The endpoint as set up, where its key is kept, and what would leave the machine."""
        remote = self._settings().remote
        storage = self._secrets.where(api_key_name(remote.base_url)) if remote.base_url else ""
        return self._shown(endpoint.status(remote, storage))

    def set_remote(
        self, base_url: str, model: str, api_key: str | None = None, *, context_size: int = 0
    ) -> Changes:
        """Set the OpenAI-compatible endpoint; `api_key` goes to the keyring ("" forgets it).

        None keeps the key already kept for that address. Raises ConfigError (bad address).
        """
        base_url = base_url.strip().rstrip("/")
        remote = dataclasses.replace(
            self._settings().remote, base_url=base_url, model=model.strip(),
            context_size=context_size,
        )
        self._save(lambda current: dataclasses.replace(current, remote=remote))
        if api_key == "":
            self._secrets.delete(api_key_name(base_url))
        elif api_key is not None:
            self._secrets.set(api_key_name(base_url), api_key)
        return self._hub.publish(Changes(models=True, settings=True))

    def test_remote(self) -> RemoteCheck:
        """Reach the endpoint, check the key and the model, have it write a token.

        Never raises for the server's failures (`problem` says them); ModelError when no
        endpoint is set up.
        """
        target: RemoteEndpoint = self.chooser.remote()
        return self._shown(endpoint.check(target))

    # ------------------------------------------------------------ internals

    def _shown(self, value: T) -> T:
        """`value` with its sentences in the interface language (engine/api/shown.py)."""
        return in_language(value, self._settings().ui.language)

    def _annotated(self, catalog: Catalog, entry: CatalogEntry) -> CatalogEntry:
        installed = self._downloads().installed(entry)
        fit = None
        if entry.kind is CatalogKind.CHAT:
            fit = self._collection.fit(catalog.info(entry), self._settings().model.context_size)
        return dataclasses.replace(
            entry,
            fit=fit,
            installed=str(installed) if installed else "",
            partial_bytes=self._downloads().partial_bytes(entry),
        )

