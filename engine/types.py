"""Frozen values that cross the engine boundary. No rows, arrays or model objects leak out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


def clock(seconds: float) -> str:
    """Seconds as `m:ss` (or `h:mm:ss`), as a citation of a timed source shows them."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Location:
    """Where a passage sits: its source, page or time span, characters and web address.

    `page` is 1-based, as a viewer numbers pages (a text file's ~3,000-character section; None
    for timed sources). `start`/`end` are character offsets within that page's or segment's
    cleaned text, so a viewer can highlight exactly what was quoted. Timed sources (subtitles,
    recordings, videos) carry `start_s`/`end_s` in seconds and, when they live on the web, a
    `url`. One value shared by hits, passages and citations: fields are never copied by hand.
    """

    source_id: int
    title: str
    path: str
    page: int | None = None
    start: int = 0
    end: int = 0
    start_s: float | None = None
    end_s: float | None = None
    url: str | None = None

    @property
    def name(self) -> str:
        """The file's name as on disk (`report.pdf`), else the title."""
        tail = self.path.replace("\\", "/").rsplit("/", 1)[-1] if self.path else ""
        return tail if "." in tail else (self.title or tail)


@dataclass(frozen=True)
class ModelInfo:
    """What a GGUF file says about itself (read from its header, without loading weights)."""

    path: str
    name: str
    architecture: str
    parameter_count: int | None
    quantization: str
    context_length: int | None
    chat_template: str | None
    file_size: int
    metadata: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def license(self) -> str:
        """The licence the file names (`general.license`, else its name or link), or ""."""
        for key in ("general.license", "general.license.name", "general.license.link"):
            value = self.metadata.get(key, "").strip()
            if value:
                return value
        return ""


@dataclass(frozen=True)
class Usage:
    """Token counts of one generation."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


class AnswerPhase(StrEnum):
    """What an answer is doing before and while it writes, so a wait is never silent."""

    SEARCHING = "searching"  # retrieval over the documents
    LOADING_MODEL = "loading model"
    READING = "reading"  # the model reads the prompt (with `passages` quoted passages)
    WRITING = "writing"
    SUMMARIZING = "summarizing"  # a summary's map/reduce steps (progress says how far)


@dataclass(frozen=True)
class AnswerDelta:
    """One piece of a streamed answer: text as it comes, then a final piece with `done=True`.

    A delta with `phase` set and no text announces a new phase (with `passages`, the number of
    passages the model is reading); `tokens_per_s` is the measured writing speed so far.
    """

    text: str = ""
    done: bool = False
    finish_reason: str | None = None
    usage: Usage | None = None
    message_id: int | None = None
    # Grounded answers (final delta): what the answer cites; whether the documents cover the
    # question (None: no knowledge base was used); an answer from the model's own knowledge.
    citations: tuple[Citation, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False
    phase: AnswerPhase | None = None
    passages: int = 0
    tokens_per_s: float | None = None
    # Sources still being indexed when the answer was written (a "not covered" reply names them).
    indexing: tuple[Source, ...] = ()
    # Final delta of a grounded question: why it was covered or refused ("not covered").
    coverage: Coverage | None = None
    # Evidence first: the one or two sentences that most likely answer, cited to their page,
    # on a delta of their own right after the search (before the model reads), and again on
    # the final delta.
    evidence: tuple[Citation, ...] = ()


class Role(StrEnum):
    """Who said a message."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class Message:
    """One stored message of a conversation."""

    id: int
    conversation_id: int
    role: Role
    text: str
    created_at: float
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    citations: tuple[Citation, ...] = ()
    # How an answer was grounded: covered by the documents (None: no documents were used),
    # written from the model's general knowledge, or a summary of the source `summary_of`.
    covered: bool | None = None
    general_knowledge: bool = False
    summary_of: int | None = None
    stopped: bool = False  # the person stopped the answer before it was complete
    evidence: tuple[Citation, ...] = ()  # the sentences shown above the answer (evidence first)


@dataclass(frozen=True)
class Conversation:
    """A conversation's header (its messages are fetched separately)."""

    id: int
    title: str
    created_at: float
    updated_at: float
    message_count: int = 0


@dataclass(frozen=True)
class SearchMatch:
    """A message that matched a full-text search, with a highlighted snippet."""

    conversation_id: int
    conversation_title: str
    message_id: int
    role: Role
    snippet: str


SECONDS = "s"  # a `Progress.unit`: seconds of audio (a transcription)
BYTES = "B"  # a `Progress.unit`: bytes (a download)


@dataclass(frozen=True)
class Progress:
    """Where a long job stands. `total` is None while unknown; `eta_s` None until estimable.

    `unit` says what `done` and `total` count: "" for steps (pages, passages, parts),
    `SECONDS` for seconds of audio, `BYTES` for bytes.
    """

    done: int
    total: int | None
    stage: str = ""
    item: str = ""
    eta_s: float | None = None
    rate: float | None = None  # units (pages, bytes) per second, when measured
    unit: str = ""

    @property
    def fraction(self) -> float | None:
        """Share done in [0, 1], or None when the total is unknown."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class Changes:
    """What a mutation touched, so each view decides whether to refresh."""

    conversations: bool = False
    messages: bool = False
    sources: bool = False
    settings: bool = False
    embeddings: bool = False  # the embedding model or its re-embedding job changed
    models: bool = False  # the model library, a download, the remote endpoint or a choice

    def __or__(self, other: Changes) -> Changes:
        """Both sets of changes."""
        return Changes(
            conversations=self.conversations or other.conversations,
            messages=self.messages or other.messages,
            sources=self.sources or other.sources,
            settings=self.settings or other.settings,
            embeddings=self.embeddings or other.embeddings,
            models=self.models or other.models,
        )


ChangeListener = Callable[[Changes], None]


class SourceStatus(StrEnum):
    """Where a source stands; only `ready` sources are visible to search."""

    QUEUED = "queued"
    INDEXING = "indexing"
    READY = "ready"
    FAILED = "failed"
    CANCELLED = "cancelled"


# Sound and video files Lanthorn transcribes: what decoding is tested with (FFmpeg reads more).
MEDIA_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".flac", ".mp4", ".webm", ".mkv")


@dataclass(frozen=True)
class SourceKind:
    """One kind of source Lanthorn can read, as the file dialog, drop filter and CLI list it.

    `suffixes` are lower-case file name endings with their dot; `url_patterns` are regular
    expressions a web link must match (a search, not a full match). `timed` kinds cite seconds.
    """

    kind: str
    label: str
    suffixes: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()
    timed: bool = False
    playable: bool = False  # the files are sound or video themselves (a player can play them)


@dataclass(frozen=True)
class Source:
    """One source of the knowledge base: a document, subtitles, a recording or a video.

    `pages_done` counts pages (or segments) already indexed (for progress and resume); `notice`
    is a sentence for the user about a partly readable document (scanned or broken pages).
    `url` is set for sources that live on the web. Recordings and videos know their `author`
    (a video's channel) and length (`duration_s`, None when unknown); `group_id` is the
    `SourceGroup` (a playlist) the source was added with, if any.
    """

    id: int
    title: str
    path: str
    kind: str
    status: SourceStatus
    pages: int
    chunks: int
    added_at: float
    content_hash: str
    pages_done: int = 0
    scanned_pages: tuple[int, ...] = ()
    failed_pages: tuple[tuple[int, str], ...] = ()
    error: str = ""
    notice: str = ""
    embedding_model: str = ""
    url: str | None = None
    author: str = ""
    duration_s: float | None = None
    group_id: int | None = None


@dataclass(frozen=True)
class SourceGroup:
    """Sources added together from one link, such as the videos of a YouTube playlist.

    Removing the group removes its sources; adding its link again adds only what is new.
    """

    id: int
    kind: str
    title: str
    url: str | None = None
    author: str = ""
    added_at: float = 0.0


@dataclass(frozen=True)
class Hit:
    """One passage found by search: where it is, its text, and its fused rank score."""

    location: Location
    text: str
    score: float
    chunk_id: int


@dataclass(frozen=True)
class AddResult:
    """What became of one file or link given to `add`.

    `source_id` is set whenever the engine stored a source for it, failed and cancelled ones
    included (so a view can show and retry them); `error` is the one-line reason it is not
    searchable. `needs_password`: an encrypted PDF that needs (another) password. A video of
    a playlist has its `title` (as the playlist lists it) and the playlist's `group_id`.
    """

    path: str
    source_id: int | None = None
    error: str = ""
    notice: str = ""
    already_present: bool = False
    cancelled: bool = False
    needs_password: bool = False
    title: str = ""
    group_id: int | None = None

    @property
    def ok(self) -> bool:
        """Whether the file is in the knowledge base and searchable."""
        return self.source_id is not None and not self.error and not self.cancelled


@dataclass(frozen=True)
class AddReport:
    """The outcome of one `add` call, one result per file found, in order."""

    results: tuple[AddResult, ...] = ()

    @property
    def ok(self) -> list[AddResult]:
        """Files now searchable (including ones that were already there)."""
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[AddResult]:
        """Files that could not be indexed, each with its reason."""
        return [r for r in self.results if not r.ok]


@dataclass(frozen=True)
class Considered:
    """A passage the coverage verdict looked at, with its calibrated relevance in [0, 1]."""

    location: Location
    relevance: float
    text: str


@dataclass(frozen=True)
class Coverage:
    """Why a grounded question was answered from the documents or refused as "not covered".

    `reason` is one line for a person or a log. `relevance` is the best passage's calibrated
    relevance, compared with `floor`; `rare_terms` are the question's words that are rare in
    the knowledge base and found together in one passage (`rare_share`: their share of the
    weight of the question's words the base holds); `missing_numbers` are numbers the question
    names that no retrieved passage holds. `considered`: what was looked at (refusals only).
    """

    covered: bool
    reason: str
    relevance: float
    floor: float
    rare_terms: tuple[str, ...] = ()
    rare_share: float = 0.0
    missing_numbers: tuple[str, ...] = ()
    considered: tuple[Considered, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A numbered reference `[n]` of an answer: where it points and the quoted span.

    `quote` is text of the cited page exactly as stored (`location.start`/`end` are its
    character offsets within the page's cleaned text), so a viewer can highlight it.
    """

    n: int
    location: Location
    quote: str


class FitVerdict(StrEnum):
    """Whether a model fits this machine: comfortably, only just, or not at all."""

    FITS = "fits"
    TIGHT = "tight"
    WONT_FIT = "won't fit"


@dataclass(frozen=True)
class ModelFit:
    """Memory a model needs at a context size against what is free: the engine's one estimate.

    The loader refuses exactly the models whose verdict is `WONT_FIT`; the settings dialog shows
    the same verdict. With GPU layers set, `needed` is the part left in main memory and
    `vram_needed` the part on the GPU (`vram_available` is None when it cannot be measured);
    the verdict is the worse of the two.
    """

    needed: int
    available: int
    context_size: int
    verdict: FitVerdict
    gpu_layers: int = 0
    vram_needed: int = 0
    vram_available: int | None = None

    @property
    def fits(self) -> bool:
        """Whether the loader will load it (a tight fit loads, with little room to spare)."""
        return self.verdict is not FitVerdict.WONT_FIT


@dataclass(frozen=True)
class EmbeddingStatus:
    """Which embedding model serves search, and a switch to another one still under way.

    `active` serves every search until `pending` has vectors for all `total` chunks; then the
    switch completes and `pending` becomes active. `done` counts chunks the pending model has.
    """

    active: str
    active_folder: str
    pending: str | None = None
    pending_folder: str | None = None
    done: int = 0
    total: int = 0


# Languages written without spaces between words: their segments join without one.
_UNSPACED_LANGUAGES = frozenset({"zh", "yue", "ja", "th", "lo", "km", "my", "bo"})


@dataclass(frozen=True)
class TranscriptSegment:
    """One stretch of speech Whisper heard, in seconds from the start of the audio."""

    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Transcript:
    """What was said in a recording or a file, segment by segment.

    `language` is the Whisper code used (given, or detected with `language_probability`);
    `duration_s` is the length of the whole audio, silence included; `model` names the Whisper
    model. No segments means nobody spoke (the "didn't catch that" case), not an error.
    """

    language: str
    segments: tuple[TranscriptSegment, ...]
    duration_s: float
    model: str
    language_probability: float = 1.0

    @property
    def heard_speech(self) -> bool:
        """Whether anything was said at all."""
        return bool(self.segments)

    @property
    def text(self) -> str:
        """The whole transcript as one string (no spaces between Chinese segments)."""
        glue = "" if self.language in _UNSPACED_LANGUAGES else " "
        return glue.join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class VoiceActivity:
    """Where a recording holds speech (Silero VAD), for stopping a recording after its end.

    `spans` are (start_s, end_s) pairs in seconds; `duration_s` is the recording's length.
    """

    spans: tuple[tuple[float, float], ...]
    duration_s: float

    @property
    def heard_speech(self) -> bool:
        """Whether anything was said at all."""
        return bool(self.spans)

    @property
    def trailing_silence_s(self) -> float:
        """Seconds since the last speech ended (the whole length when nobody spoke)."""
        return self.duration_s - self.spans[-1][1] if self.spans else self.duration_s


@dataclass(frozen=True)
class SpeechModel:
    """A Whisper model (a CTranslate2 folder) that Lanthorn transcribes with.

    `bundled` models ship with Lanthorn; `multilingual` ones also detect the language, the
    others understand English only.
    """

    name: str
    folder: str
    multilingual: bool
    bundled: bool


@dataclass(frozen=True)
class SpeechStatus:
    """Whether speech input can work now, and with which model.

    `problem` is "" when it can, else a sentence for the person (e.g. as the mic button's
    tooltip); `language` is the spoken-language setting in force ("" to detect).
    """

    model: SpeechModel | None
    language: str
    loaded: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Whether transcription can be tried."""
        return self.model is not None and not self.problem


class ModelKind(StrEnum):
    """Where a chat model runs: the bundled demo, a GGUF file here, or a server."""

    STARTER = "starter"
    LOCAL = "local"
    REMOTE = "remote"


STARTER_MODEL_ID = "starter"
REMOTE_MODEL_ID = "remote"


@dataclass(frozen=True)
class LibraryModel:
    """One chat model the person can pick: the starter, a GGUF file, or the remote endpoint.

    `id` is "starter", "remote" or the library number as text (what `lanthorn models default`
    takes). `info` is the file's header (None for the remote endpoint or a file that went
    missing, then `problem` says why); `fit` is the engine's one memory estimate for this
    machine. `owned` files live in the models folder and are deleted on removal; referenced
    ones are only forgotten. `endpoint` is the remote server's base URL.
    """

    id: str
    kind: ModelKind
    name: str
    info: ModelInfo | None = None
    fit: ModelFit | None = None
    owned: bool = False
    default: bool = False
    problem: str = ""
    endpoint: str = ""


class CatalogKind(StrEnum):
    """What a catalog entry is for."""

    CHAT = "chat"
    EMBEDDING = "embedding"
    WHISPER = "whisper"


@dataclass(frozen=True)
class CatalogFile:
    """One file of a catalog entry: where it comes from and what it must hash to.

    `sha256` is "" when the catalog does not know it: the download then checks the hash the
    server advertises for it (Hugging Face's LFS hash or git blob id) and refuses a file that
    has none. `size` is in bytes; exact when `sha256` is known, else the catalog's estimate.
    """

    path: str
    url: str
    size: int
    sha256: str = ""


@dataclass(frozen=True)
class CatalogEntry:
    """A recommended model: a chat GGUF, an embedding model or a Whisper model.

    `fit` (chat models) is the engine's memory estimate for this machine; `installed` is the
    file or folder once downloaded; `partial_bytes` counts a paused download's bytes.
    """

    name: str
    kind: CatalogKind
    title: str
    license: str
    languages: tuple[str, ...]
    files: tuple[CatalogFile, ...]
    description: str = ""
    parameters: int | None = None
    context_length: int | None = None
    fit: ModelFit | None = None
    installed: str = ""
    partial_bytes: int = 0

    @property
    def size(self) -> int:
        """Bytes of all its files."""
        return sum(file.size for file in self.files)


@dataclass(frozen=True)
class DownloadResult:
    """What a finished download gave: a file (chat model) or a folder (embedding, Whisper).

    `model` is the chat model's library entry. An embedding folder is only offered:
    `embedding_folder` is what to give `knowledge.switch_embedding_model` when the person
    agrees; a Whisper folder is what the speech settings' model may be set to.
    """

    entry: str
    kind: CatalogKind
    path: str
    sha256: tuple[str, ...]
    model: LibraryModel | None = None
    embedding_folder: str = ""
    whisper_folder: str = ""


@dataclass(frozen=True)
class Recommendation:
    """Whether only the tiny demo model is installed, and the catalog model to get instead.

    `message` is a sentence for the person ("" when a real model is installed); `entry` is the
    best chat model for this machine (None when none fits). Never downloaded automatically.
    """

    starter_only: bool
    message: str
    entry: CatalogEntry | None = None


@dataclass(frozen=True)
class RemoteStatus:
    """The remote endpoint as configured: where, which model, whether a key is kept.

    `key_storage` says where the key lives ("keyring", "memory" or "" for none). `notice` is
    what the settings page shows before the first use: what leaves the machine.
    """

    base_url: str
    model: str
    has_key: bool
    key_storage: str
    notice: str


@dataclass(frozen=True)
class RemoteCheck:
    """The outcome of `test_remote`: reachable, the key accepted, the model there.

    `models` lists what the server offers; `context_size` is what prompts are fitted to;
    `problem` is "" when the endpoint works, else the sentence to show.
    """

    ok: bool
    base_url: str
    model: str
    models: tuple[str, ...] = ()
    context_size: int = 0
    problem: str = ""


@dataclass(frozen=True)
class KeyringStatus:
    """Where API keys are kept: the OS keyring, or only in memory until the app quits.

    `backend` names the keyring ("memory" without one); `problem` says plainly why not.
    """

    backend: str
    persistent: bool
    problem: str = ""
