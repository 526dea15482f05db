"""Cut cleaned segments into chunks that the embedding model reads whole, with some overlap.

Structure first: a chunk never crosses a page or segment (its citation must be exact); within
one, chunks end at a paragraph break when one falls in the second half of the budget, otherwise
at a sentence end; a sentence too long for the budget is cut between words, and a "word" too
long (a URL, a run of CJK text with no punctuation) between characters.

The budget is counted with the embedding model's own tokenizer, special tokens included, so
`token_count <= max_tokens` means the model sees every character of the chunk: nothing is cut
off silently. Each unit (sentence, word ...) is counted once; a chunk's count is predicted by
adding its units' counts, then checked by counting the chunk itself, and shrunk if the check
fails (word-piece tokenizers split at spaces and punctuation, so the sum is almost always
exact, and the check keeps the guarantee when it is not).

Overlap repeats whole sentences (up to `overlap_tokens`) from the end of a chunk at the start
of the next, so a fact that straddles a boundary is still found in one piece.

Every chunk keeps `text == page_text[start:end]`, starts and ends on non-space characters,
and together the chunks of a page cover every non-space character of it. A timed segment is
chunked the same way; its chunks' offsets are moved by the segment's place in the transcript,
and each chunk spans the times of the cues its characters overlap (from the earliest start to
the latest end among them), so a citation points at the moment the quoted words are said.
A timed chunk also ends before its cues would span more than `window_s` seconds (transcript
time windows within the token budget).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from engine.knowledge.documents import ChunkDraft, Cue, Segment

DEFAULT_MAX_TOKENS = 256
DEFAULT_OVERLAP_TOKENS = 32
# A smaller budget ranks better with MiniLM on this project's question sets (see chunk_segments).
RECOMMENDED_MAX_TOKENS = 192
# Timed chunks also end before their cues span more than this: a citation shows the chunk's
# start, and 256 tokens of speech span about 100 s (1,112 characters from 0:02 to 1:45 in the
# test talk of tests/integration/grounding/test_timed_answers.py), so a cited sentence could
# be said almost two minutes after the time shown. 30 s keeps it within half a minute.
TIMED_WINDOW_S = 30.0

_PARAGRAPH = re.compile(r"\n\s*\n")
_CLOSERS = "\"'”’)\\]」』）"
_SENTENCE_END = re.compile(f"[.!?;]+[{_CLOSERS}]*(?=\\s)|[。！？；]+[{_CLOSERS}]*")
_WORD = re.compile(r"\S+")


class _Unit(NamedTuple):
    start: int
    end: int
    tokens: int  # without the special tokens
    paragraph_start: bool


class _Budget:
    def __init__(self, count_tokens: Callable[[str], int], max_tokens: int, overlap: int):
        self.count = count_tokens
        self.special = count_tokens("")
        self.max_tokens = max_tokens
        self.overlap = overlap
        if max_tokens <= self.special:
            raise ValueError(f"max_tokens must exceed the {self.special} special tokens")

    def inner(self, text: str) -> int:
        return self.count(text) - self.special

    def fits(self, text: str) -> bool:
        return self.count(text) <= self.max_tokens


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Non-empty, trimmed sentence spans that together cover text[start:end]."""
    for match in _SENTENCE_END.finditer(text, start, end):
        left, right = _trim(text, start, match.end())
        if left < right:
            yield left, right
        start = match.end()
    left, right = _trim(text, start, end)
    if left < right:
        yield left, right


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Trimmed sentence spans of every paragraph of `text`, in order."""
    for para_start, para_end in _paragraphs(text):
        yield from _sentences(text, para_start, para_end)


def _words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in _WORD.finditer(text, start, end):
        yield match.start(), match.end()


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _split_chars(text: str, start: int, end: int, budget: _Budget) -> Iterator[tuple[int, int]]:
    """Cut a span without spaces into the longest pieces that fit (binary search)."""
    while start < end:
        low, high = start + 1, end
        while low < high:
            middle = (low + high + 1) // 2
            if budget.fits(text[start:middle]):
                low = middle
            else:
                high = middle - 1
        yield start, low
        start = low


def _units(text: str, budget: _Budget) -> list[_Unit]:
    """Sentences of every paragraph; over-long ones split into words, then characters."""
    units: list[_Unit] = []
    room = budget.max_tokens - budget.special
    for para_start, para_end in _paragraphs(text):
        first = True
        for start, end in _sentences(text, para_start, para_end):
            tokens = budget.inner(text[start:end])
            if tokens <= room:
                pieces = [(start, end, tokens)]
            else:
                pieces = list(_fit_words(text, start, end, budget))
            for left, right, count in pieces:
                units.append(_Unit(left, right, count, first))
                first = False
    return units


def _fit_words(text: str, start: int, end: int, budget: _Budget) -> Iterator[tuple[int, int, int]]:
    for left, right in _words(text, start, end):
        tokens = budget.inner(text[left:right])
        if tokens + budget.special <= budget.max_tokens:
            yield left, right, tokens
        else:
            for piece_start, piece_end in _split_chars(text, left, right, budget):
                yield piece_start, piece_end, budget.inner(text[piece_start:piece_end])


def _chunk_end(
    text: str, units: list[_Unit], first: int, budget: _Budget, clock: _Clock | None = None
) -> tuple[int, int]:
    """Index after the last unit of the chunk that starts at unit `first`, and its count."""
    room = budget.max_tokens - budget.special
    end, total = first, 0
    while end < len(units) and (end == first or total + units[end].tokens <= room):
        if end > first and clock is not None and not clock.within(units[first].start,
                                                                  units[end].end):
            break
        total += units[end].tokens
        end += 1
    if end < len(units) and not units[end].paragraph_start:
        breaks = [i for i in range(first + 1, end) if units[i].paragraph_start]
        used = sum(unit.tokens for unit in units[first : breaks[-1]]) if breaks else 0
        if breaks and used * 2 >= room:
            end = breaks[-1]
    while True:
        if end - first == 1:
            return end, units[first].tokens + budget.special
        count = budget.count(text[units[first].start : units[end - 1].end])
        if count <= budget.max_tokens:
            return end, count
        end -= 1


def _next_start(units: list[_Unit], first: int, end: int, budget: _Budget) -> int:
    """First unit of the next chunk: back up over whole units worth `overlap` tokens."""
    start, total = end, 0
    while start - 1 > first and total + units[start - 1].tokens <= budget.overlap:
        total += units[start - 1].tokens
        start -= 1
    return start


class _Clock:
    """The times of a timed segment's cues, looked up by character span."""

    def __init__(self, cues: Sequence[Cue], window_s: float) -> None:
        self._cues = cues
        self._starts = [cue.start for cue in cues]
        self._ends = [cue.end for cue in cues]
        self.window_s = window_s

    def within(self, start: int, end: int) -> bool:
        """Whether characters [start, end) are said within the time window."""
        start_s, end_s = self.span(start, end)
        return end_s - start_s <= self.window_s

    def span(self, start: int, end: int) -> tuple[float, float]:
        """The earliest start and latest end of the cues overlapping characters [start, end)."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end) - 1
        if last < first:  # between cues (only whitespace is): the nearest cue before or after
            first = last = min(first, len(self._cues) - 1)
        cues = self._cues[first : last + 1]
        return min(cue.start_s for cue in cues), max(cue.end_s for cue in cues)


def _chunk_segment(segment: Segment, budget: _Budget, window_s: float) -> Iterator[ChunkDraft]:
    text = segment.text
    units = _units(text, budget)
    clock = _Clock(segment.cues, window_s) if segment.timed else None
    first = 0
    while first < len(units):
        end, count = _chunk_end(text, units, first, budget, clock)
        start, stop = units[first].start, units[end - 1].end
        if clock is None:
            yield ChunkDraft(page=segment.number, start=start, end=stop, text=text[start:stop],
                             token_count=count)
        else:
            start_s, end_s = clock.span(start, stop)
            yield ChunkDraft(page=None, start=segment.offset + start, end=segment.offset + stop,
                             text=text[start:stop], token_count=count, start_s=start_s,
                             end_s=end_s)
        if end >= len(units):
            return
        first = _next_start(units, first, end, budget)


def chunk_segments(
    segments: Iterable[Segment],
    count_tokens: Callable[[str], int],
    *,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS,
    window_s: float = TIMED_WINDOW_S,
) -> Iterator[ChunkDraft]:
    """Chunk segments lazily, in order; segments with no text give no chunks.

    Args:
        segments: cleaned pages or timed segments, as a reader yields them.
        count_tokens: the embedding model's token count of a text, special tokens included
            (`Embedder.count_tokens`).
        max_tokens: the most tokens a chunk may have; at most the model's `max_tokens`.
            `RECOMMENDED_MAX_TOKENS` ranks better with the bundled MiniLM.
        overlap_tokens: how much text (whole sentences) the next chunk repeats.
        window_s: timed segments only: the most seconds a chunk's cues may span (unless one
            sentence or word already spans more).
    """
    budget = _Budget(count_tokens, max_tokens, overlap_tokens)
    for segment in segments:
        yield from _chunk_segment(segment, budget, window_s)
