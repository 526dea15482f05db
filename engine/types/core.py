"""Values of chats, sources, search and progress that cross the engine boundary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
