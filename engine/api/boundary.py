"""What the desktop may call: one Protocol for the engine, one per part of it.

`engine.api.Engine` and the GUI tests' fake both satisfy `EngineAPI`; mypy checks it (see
tests/gui/test_boundary.py). A renamed method or field then fails the type check instead of
leaving the window to show a silent default.

Every method blocks and belongs on a worker thread; none may run on the GUI thread. Failures are
`engine.errors.EngineError`s whose text is fit to show a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from engine.cancel import CancelToken
from engine.config import Settings
from engine.types import (
    AddReport,
    AnswerDelta,
    CatalogEntry,
    ChangeListener,
    Changes,
    Conversation,
    DownloadResult,
    EmbeddingStatus,
    Hit,
    KeyringStatus,
    LibraryModel,
    Message,
    ModelFit,
    ModelInfo,
    ProgressCallback,
    Recommendation,
    RemoteCheck,
    RemoteStatus,
    SearchMatch,
    Source,
    SourceGroup,
    SourceKind,
    SpeechModel,
    SpeechStatus,
    Transcript,
    VoiceActivity,
)

if TYPE_CHECKING:  # numpy is not imported to open the engine (start-up time)
    from engine.speech.audio import Pcm


class ConversationsAPI(Protocol):
    """Conversations and their stored messages."""

    def create(self, title: str = "") -> Conversation:
        """Start an empty conversation."""
        ...

    def get(self, conversation_id: int) -> Conversation:
        """One conversation's header. Raises NotFoundError."""
        ...

    def list_recent(self, limit: int | None = None) -> list[Conversation]:
        """Conversations, most recently active first."""
        ...

    def list_messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages, oldest first, answers with citations and grounding."""
        ...

    def rename(self, conversation_id: int, title: str) -> Changes:
        """Give a conversation a new title. Raises NotFoundError."""
        ...

    def delete(self, conversation_id: int) -> Changes:
        """Delete a conversation and its messages. Raises NotFoundError."""
        ...

    def search(self, text: str, limit: int = 50) -> list[SearchMatch]:
        """Full-text search across every message; any text is a safe query."""
        ...

    def export(self, conversation_id: int, fmt: str) -> str:
        """The conversation as Markdown (`md`) or JSON (`json`)."""
        ...

    def import_json(self, text: str) -> Conversation:
        """Restore a conversation from a JSON export. Raises UserInputError on a bad file."""
        ...


class ChatAPI(Protocol):
    """Answers, streamed as `AnswerDelta`s; the last one has `done=True`."""

    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        """Store `text` as the user's turn and stream the stored reply."""
        ...

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None, *, use_knowledge: bool = True
    ) -> Iterator[AnswerDelta]:
        """A one-shot answer, not stored."""
        ...

    def regenerate(
        self,
        conversation_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Replace the last reply: answer the last question again, or summarize again."""
        ...

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Replace one of the user's messages, drop what followed it, and answer it again."""
        ...

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """After a "not covered" reply: answer from the model's own knowledge, marked so."""
        ...

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        """Summarize a whole source, every point citing its pages or seconds."""
        ...


class KnowledgeAPI(Protocol):
    """Sources (documents, subtitles, recordings, videos, playlists) and search over them."""

    def kinds(self) -> tuple[SourceKind, ...]:
        """Every kind of source that can be added. Cheap and non-blocking."""
        ...

    def add_sources(
        self,
        targets: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files, folders and links; one result per file or link."""
        ...

    def queue_sources(
        self, targets: Sequence[str | Path], *, password: str | None = None
    ) -> AddReport:
        """Record files, folders and links as queued at once; `resume_indexing` indexes them."""
        ...

    def resume_indexing(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Index the queue in order (after a cancel the rest stays queued for the next call)."""
        ...

    def cancel_indexing(self, source_id: int) -> Changes:
        """Stop indexing one source, or take it out of the queue; the others go on."""
        ...

    def list_sources(self) -> list[Source]:
        """Every source with its status and counts."""
        ...

    def get_source(self, source_id: int) -> Source:
        """One source. Raises NotFoundError."""
        ...

    def remove_source(self, source_id: int) -> Changes:
        """Remove a source with everything derived from it. Raises NotFoundError."""
        ...

    def list_groups(self) -> list[SourceGroup]:
        """Every group of sources (a playlist, whose videos name it as their `group_id`)."""
        ...

    def remove_group(self, group_id: int) -> Changes:
        """Remove a group (a playlist) with all its sources. Raises NotFoundError."""
        ...

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Hybrid search over ready sources."""
        ...

    def embedding_status(self) -> EmbeddingStatus:
        """The embedding model serving search, and a switch still under way."""
        ...

    def switch_embedding_model(
        self,
        folder: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Re-embed everything with another model ("" for the bundled one), then use it."""
        ...


class ModelsAPI(Protocol):
    """Chat models: the library, the catalog and its downloads, the remote endpoint, the fit."""

    def inspect(self, path: str | Path) -> ModelInfo:
        """Read a GGUF file's header without loading weights. Raises ModelError."""
        ...

    def current(self) -> ModelInfo:
        """The chat model the settings point at (loaded or not)."""
        ...

    def load(self) -> ModelInfo:
        """Load the configured chat model now. Raises ModelError."""
        ...

    def fit(self, info: ModelInfo, context_size: int = 0) -> ModelFit:
        """Whether `info`'s model fits this machine at `context_size` (0: automatic)."""
        ...

    def library(self) -> list[LibraryModel]:
        """The starter, added files and the remote endpoint, each with its fit label."""
        ...

    def add(self, path: str | Path, *, copy: bool = False) -> LibraryModel:
        """Add a GGUF file (copied into the data folder, or referenced). Raises ModelError."""
        ...

    def remove(self, model_id: str) -> Changes:
        """Remove a model; a referenced file is only forgotten. Raises NotFoundError."""
        ...

    def set_default(self, model_id: str) -> Changes:
        """Make `model_id` the default model. Raises NotFoundError, ModelError."""
        ...

    def for_conversation(self, conversation_id: int) -> LibraryModel:
        """The model a conversation's answers come from (its choice, else the default)."""
        ...

    def use_in_conversation(self, conversation_id: int, model_id: str | None) -> Changes:
        """Answer this conversation with `model_id` (None: the default). Raises NotFoundError."""
        ...

    def catalog(self) -> list[CatalogEntry]:
        """Recommended models with fit labels, what is installed, paused downloads."""
        ...

    def recommendation(self) -> Recommendation:
        """Whether only the tiny starter is installed, and the best catalog model here."""
        ...

    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> DownloadResult:
        """Download and verify a catalog model; a cancel pauses it (resumed by calling again)."""
        ...

    def discard_download(self, name: str) -> Changes:
        """Delete a paused download's partial files."""
        ...

    def remote(self) -> RemoteStatus:
        """The remote endpoint, where its key is kept, and what would leave the machine."""
        ...

    def set_remote(
        self, base_url: str, model: str, api_key: str | None = None, *, context_size: int = 0
    ) -> Changes:
        """Set the OpenAI-compatible endpoint; the key goes to the keyring. Raises ConfigError."""
        ...

    def test_remote(self) -> RemoteCheck:
        """Reach the endpoint, check key and model; `problem` says what failed."""
        ...


class SecretsAPI(Protocol):
    """API keys, kept only in the OS keyring (or in memory until exit, said plainly)."""

    def status(self) -> KeyringStatus:
        """The keyring in use, or why keys stay in memory only."""
        ...

    def set_api_key(self, base_url: str, key: str) -> KeyringStatus:
        """Keep a server's API key; says where it went."""
        ...

    def has_api_key(self, base_url: str) -> bool:
        """Whether a key is kept for the server at `base_url`."""
        ...

    def forget_api_key(self, base_url: str) -> Changes:
        """Delete a server's key wherever it is kept."""
        ...


class SpeechAPI(Protocol):
    """Voice questions and audio files as text (Whisper); silence is a result, not an error."""

    def status(self, language: str | None = None) -> SpeechStatus:
        """Whether speech can be transcribed now, with which model, and if not, why. Cheap."""
        ...

    def models(self) -> list[SpeechModel]:
        """The Whisper models that can be chosen. Cheap."""
        ...

    def load(self, language: str | None = None) -> SpeechModel:
        """Load the model for `language` now (a warm-up). Raises ModelError."""
        ...

    def transcribe_file(
        self,
        path: str | Path,
        *,
        language: str | None = None,
        model: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe an audio or video file. Raises AudioError, ModelError, Cancelled."""
        ...

    def transcribe_pcm(
        self,
        samples: Pcm,
        sample_rate: int = 16_000,
        *,
        language: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe recorded mono samples. Raises ModelError, Cancelled."""
        ...

    def voice_activity(self, samples: Pcm, sample_rate: int = 16_000) -> VoiceActivity:
        """Where recorded samples hold speech (to stop after trailing silence). Cheap."""
        ...


class EngineAPI(Protocol):
    """The whole engine as the desktop sees it."""

    @property
    def conversations(self) -> ConversationsAPI:
        """Conversations and messages."""
        ...

    @property
    def chat(self) -> ChatAPI:
        """Answers and summaries."""
        ...

    @property
    def knowledge(self) -> KnowledgeAPI:
        """Sources and search."""
        ...

    @property
    def models(self) -> ModelsAPI:
        """Chat models."""
        ...

    @property
    def speech(self) -> SpeechAPI:
        """Speech to text."""
        ...

    @property
    def secrets(self) -> SecretsAPI:
        """API keys."""
        ...

    def settings(self) -> Settings:
        """The settings in force. Non-blocking."""
        ...

    def update_settings(self, settings: Settings) -> Changes:
        """Validate, store and apply new settings."""
        ...

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call `listener` (on the thread that made the change) after every change."""
        ...

    def close(self) -> None:
        """Stop, free the models and close the data folder; safe to call twice."""
        ...
