"""Hand-written fakes for the knowledge index: a word-hashing embedder, a text-file reader."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from engine.cancel import CancelToken
from engine.errors import DocumentError, PasswordRequired
from engine.knowledge.chunking import chunk_segments
from engine.knowledge.documents import (
    ChunkDraft,
    Document,
    DocumentInfo,
    ExtractionReport,
    Segment,
)
from engine.knowledge.readers import Reader, Registry
from engine.knowledge.readers.subtitles import SubtitleReader
from engine.types import SourceKind

_WORD = re.compile(r"\w+")


class WordEmbedder:
    """Vectors computed from the words: each word adds 1 to a hashed bucket, then normalize.

    Texts that share words are close; texts that share none are orthogonal (mostly).
    """

    def __init__(self, model_id: str = "fake-words-v1", dimension: int = 64,
                 languages: frozenset[str] = frozenset({"en"})) -> None:
        self.model_id = model_id
        self.dimension = dimension
        self.max_tokens = 256
        self.languages = languages
        self.backend = "fake"
        self.embedded = 0

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text))

    def _vector(self, text: str) -> np.ndarray:
        out = np.zeros(self.dimension, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(f"{self.model_id}:{word}".encode(), digest_size=4).digest()
            out[int.from_bytes(digest, "little") % self.dimension] += 1.0
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out

    def embed(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        self.embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


def loader(embedder: WordEmbedder) -> Callable[[Path | None], WordEmbedder]:
    """A loader that returns `embedder` whatever folder it is given."""
    return lambda folder: embedder


class _FormFeedDocument(Document):
    def __init__(self, path: Path, password: str | None, cancel: CancelToken | None) -> None:
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("BROKEN"):
            raise DocumentError(f"{path.name} is damaged and cannot be opened.")
        if text.startswith("LOCKED"):
            if password != "secret":
                raise PasswordRequired(f"{path.name} is encrypted.", hint="Give its password.")
            text = text.removeprefix("LOCKED")
        self._pages = text.split("\f")
        self._cancel = cancel
        self._scanned: list[int] = []
        self.info = DocumentInfo(page_count=len(self._pages), title=path.stem.replace("_", " "))

    def segments(self) -> Iterator[Segment]:
        for number, page in enumerate(self._pages, start=1):
            if self._cancel is not None:
                self._cancel.raise_if_cancelled()
            if page.strip() == "[scan]":
                self._scanned.append(number)
                page = ""
            yield Segment(number=number, text=page)

    def report(self) -> ExtractionReport:
        return ExtractionReport(page_count=len(self._pages), scanned_pages=tuple(self._scanned),
                                failed_pages=())


class FormFeedReader(Reader):
    """Reads .txt/.md/.pdf test files whose pages are separated by form feeds.

    A file starting with "LOCKED" needs the password "secret"; "BROKEN" fails at open; a page
    reading "[scan]" counts as a scanned page.
    """

    kind = SourceKind(kind="text", label="Test documents", suffixes=(".txt", ".md", ".pdf"))

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        return _FormFeedDocument(Path(target), password, cancel)


def fake_readers() -> Registry:
    """The form-feed test reader, and the real subtitle reader (it is cheap)."""
    return Registry([FormFeedReader(), SubtitleReader()])


def chunk_pages(
    pages: Iterable[Segment], count_tokens: Callable[[str], int], *, max_tokens: int = 256,
    overlap_tokens: int = 0,
) -> Iterator[ChunkDraft]:
    """Cut each page into runs of at most `max_tokens` words (spans are exact).

    Timed segments go to the real chunker: their time spans are what the tests look at.
    """
    for page in pages:
        if page.timed:
            yield from chunk_segments([page], count_tokens, max_tokens=max_tokens)
            continue
        words = list(_WORD.finditer(page.text))
        for start in range(0, len(words), max_tokens):
            run = words[start : start + max_tokens]
            a, b = run[0].start(), run[-1].end()
            yield ChunkDraft(page=page.number, start=a, end=b, text=page.text[a:b],
                             token_count=len(run))
