"""Hand-written fakes for the knowledge index: a word-hashing embedder, a text-file reader."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

import numpy as np

from engine.cancel import CancelToken
from engine.errors import DocumentError, PasswordRequired
from engine.knowledge.documents import ChunkDraft, DocumentInfo, ExtractionReport, PageText

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


def read_pages(
    path: Path, *, password: str | None = None, cancel: CancelToken | None = None,
    **_: object,
) -> Generator[DocumentInfo | PageText, None, ExtractionReport]:
    """Read a .txt/.pdf test file whose pages are separated by form feeds.

    A file starting with "LOCKED" needs the password "secret"; "BROKEN" fails at open; a page
    reading "[scan]" counts as a scanned page.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("BROKEN"):
        raise DocumentError(f"{path.name} is damaged and cannot be opened.")
    if text.startswith("LOCKED"):
        if password != "secret":
            raise PasswordRequired(f"{path.name} is encrypted.", hint="Give its password.")
        text = text.removeprefix("LOCKED")
    pages = text.split("\f")
    yield DocumentInfo(len(pages), path.stem.replace("_", " "))
    scanned = []
    for number, page in enumerate(pages, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if page.strip() == "[scan]":
            scanned.append(number)
            page = ""
        yield PageText(number, page)
    return ExtractionReport(len(pages), tuple(scanned), ())


def chunk_pages(
    pages: Iterable[PageText], count_tokens: Callable[[str], int], *, max_tokens: int = 256,
    overlap_tokens: int = 0,
) -> Iterator[ChunkDraft]:
    """Cut each page into runs of at most `max_tokens` words (spans are exact)."""
    for page in pages:
        words = list(_WORD.finditer(page.text))
        for start in range(0, len(words), max_tokens):
            run = words[start : start + max_tokens]
            a, b = run[0].start(), run[-1].end()
            yield ChunkDraft(page.number, a, b, page.text[a:b], len(run))
