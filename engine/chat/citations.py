"""Citations: `[n]` markers parsed from a streamed answer, and quotes taken from the page.

Markers. The answer streams through `AnswerFilter`, which holds back a possible marker or image
until it is complete, then rewrites it: `[1]`, `[1, 2]`, `[1][2]`, `[1-3]`, `【1】` and
`[source 1]` are recognised; each number must name a source that was in the prompt. A number
that names none is removed from the text that is shown and stored (with the space before it),
so the user never sees a marker that leads nowhere. Markdown images (`![alt](url)`, `![alt][r]`)
and HTML `<img>` tags are reduced to their alt text: a document cannot get the answer to make
the viewer fetch a URL.

Quotes. Each citation quotes a sentence of a chunk that was quoted in the prompt, with its
character offsets within the page (chunk text is exactly the page's text at its span), chosen
as the sentence that shares the most words with what the answer said next to the marker.

Small models often write no markers at all. Then an answer sentence is attributed to a source
only when most of what it adds to the question (its words and numbers that the question does
not already hold) occurs in that source; the markers are appended at the end. Nothing is cited
that was not in the prompt, and an answer that matches no source gets no citation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from engine.chat.retrieval import Passage, Span
from engine.types import Citation

MAX_QUOTE_CHARS = 300
ATTRIBUTION_SHARE = 0.5  # share of an answer sentence's new words that must occur in a source
ATTRIBUTION_WEIGHT = 1.0  # and at least this much evidence (a number counts 2, a word 1)
_HOLD_LIMIT = 2400

_NUMBER_LIST = r"\d{1,3}(?:\s*(?:[,;，、]|and|-|–)\s*\d{1,3})*"
_MARKER = re.compile(r"(\s?)[\[【]\s*(?:sources?\s*)?(" + _NUMBER_LIST + r")\s*[\]】]", re.I)
_IMAGE = re.compile(r"!\[([^\]]{0,300})\](?:\([^)]{0,2000}\)|\[[^\]]{0,300}\])")
_HTML_IMAGE = re.compile(r"<\s*img\b[^>]{0,2000}>", re.IGNORECASE)
_OPEN_MARKER = re.compile(
    r"[\[【]\s*(?:s(?:o(?:u(?:r(?:c(?:e(?:s)?)?)?)?)?)?\s*)?[\d\s,;，、and\-–]*$", re.I
)
_OPEN_IMAGE = re.compile(r"!(?:\[[^\]]{0,300}(?:\](?:[(\[][^)\]]{0,2000})?)?)?$")
_OPEN_HTML = re.compile(r"<\s*(?:i(?:m(?:g(?:\b[^>]*)?)?)?)?$", re.IGNORECASE)

# A sentence ends at . ! ? before a blank (not inside "3.2" or "38.8", nor after "vs.", "et al.",
# "e.g.", "i.e.", "Fig.", "Eq.", "cf."), at a Chinese full stop, or at a line break.
_SENTENCE_END = re.compile(
    r"(?<!\bvs\.)(?<!\bal\.)(?<!e\.g\.)(?<!i\.e\.)(?<!\bFig\.)(?<!\bEq\.)(?<!\bcf\.)"
    r"(?<=[.!?])\s+|(?<=[。！？])|\n+"
)
MIN_QUOTE_CHARS = 40
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_STOPWORD_TEXT = """a an the of in on at to for from by with and or is are was were be been being
    do does
    did what which who whom whose when where why how that this these those it its as into than
    there their they he she his her him has have had not no can could would should will about
    after before during over under between through up down out many much some any also so
    such more most other than then very just only our we you your i me my"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# ------------------------------------------------------------------ streaming filter
@dataclass
class AnswerFilter:
    """Rewrites the answer as it streams: valid markers kept, dead ones and images removed.

    Attributes:
        sources: how many numbered sources the prompt held (markers 1..sources are valid).
        text: the cleaned answer so far.
        cited: (n, offset of the marker in `text`) in the order they appeared.
    """

    sources: int
    text: str = ""
    cited: list[tuple[int, int]] = field(default_factory=list)
    _held: str = ""

    def feed(self, piece: str) -> str:
        """Add streamed text; return the part that is now safe to show (may be "")."""
        buffer = self._held + piece
        hold = _hold_from(buffer)
        self._held = buffer[hold:]
        return self._emit(buffer[:hold])

    def finish(self) -> str:
        """Flush what is held back once the answer ends."""
        rest, self._held = self._held, ""
        return self._emit(rest)

    def _emit(self, chunk: str) -> str:
        if not chunk:
            return ""
        chunk = _IMAGE.sub(lambda m: m.group(1).strip(), chunk)
        chunk = _HTML_IMAGE.sub("", chunk)
        out: list[str] = []
        last = 0
        for match in _MARKER.finditer(chunk):
            out.append(chunk[last : match.start()])
            out.append(self._marker(match, len(self.text) + sum(map(len, out))))
            last = match.end()
        out.append(chunk[last:])
        cleaned = "".join(out)
        self.text += cleaned
        return cleaned

    def _marker(self, match: re.Match[str], offset: int) -> str:
        numbers = [n for n in _numbers(match.group(2)) if 1 <= n <= self.sources]
        if not numbers:
            return ""
        for n in numbers:
            self.cited.append((n, offset))
        return match.group(1) + "[" + ", ".join(str(n) for n in numbers) + "]"


def _hold_from(buffer: str) -> int:
    """Index from which `buffer` may still turn into a marker or image; len(buffer) if none."""
    start = max(0, len(buffer) - _HOLD_LIMIT)
    hold = len(buffer)
    for pattern in (_OPEN_IMAGE, _OPEN_HTML, _OPEN_MARKER):
        match = pattern.search(buffer, start)
        if match:
            hold = min(hold, _widen(buffer, match.start()))
    return hold


def _widen(buffer: str, index: int) -> int:
    """Hold the space before a marker too, so a dropped marker takes its space with it."""
    if index > 0 and buffer[index - 1].isspace() and buffer[index] in "[【":
        return index - 1
    return index


def _numbers(listing: str) -> list[int]:
    found: list[int] = []
    for part in re.split(r"\s*(?:[,;，、]|and)\s*", listing):
        bounds = [int(x) for x in re.findall(r"\d+", part)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 20:
            found.extend(range(bounds[0], bounds[1] + 1))
        else:
            found.extend(bounds)
    return list(dict.fromkeys(found))


# ------------------------------------------------------------------ words
def tokens(text: str) -> dict[str, float]:
    """Content words of `text`, each weighted as evidence.

    Numbers weigh 2 (a single digit 0.5), words and pairs of Han characters 1.
    """
    found: dict[str, float] = {}
    for raw in _TOKEN.findall(text.lower()):
        if _HAN.search(raw):
            chars = [c for c in raw if _HAN.match(c)]
            for pair in itertools.pairwise(chars):
                found["".join(pair)] = 1.0
            continue
        if raw[0].isdigit():
            number = raw.rstrip("%").replace(",", "")
            found[number] = 2.0 if len(number) > 1 else 0.5  # "7" is everywhere, "768" is not
        elif len(raw) > 1 and raw not in _STOPWORDS:
            found[_stem(raw)] = 1.0
    return found


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, surrounding blanks excluded."""
    spans = []
    start = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary is not None else len(text)
        left, right = start, end
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((left, right))
        if boundary is not None:
            start = boundary.end()
    return spans


# ------------------------------------------------------------------ citations
def quote(passage: Passage, hint: dict[str, float]) -> tuple[str, int, int]:
    """The sentence of the passage's chunks that best matches `hint`, with its page offsets.

    A very short sentence (a heading, a table cell) takes the sentences after it along.
    """
    best: tuple[float, int, Span, list[tuple[int, int]], int] | None = None
    order = 0
    for span in passage.spans:
        spans = sentences(span.text)
        for index, (start, end) in enumerate(spans):
            words = tokens(span.text[start:end])
            score = sum(w for t, w in hint.items() if t in words)
            if best is None or (score, -order) > (best[0], best[1]):
                best = (score, -order, span, spans, index)
            order += 1
    if best is None:
        span = passage.spans[0]
        head = span.text[:MAX_QUOTE_CHARS]
        return head, span.start, span.start + len(head)
    _, _, span, spans, index = best
    start, end = spans[index]
    while end - start < MIN_QUOTE_CHARS and index + 1 < len(spans):
        index += 1
        end = spans[index][1]
    start, end = narrow(span.text, start, end, hint)
    return span.text[start:end], span.start + start, span.start + end


def narrow(text: str, start: int, end: int, hint: dict[str, float]) -> tuple[int, int]:
    """Cut a long sentence to a window around its first matching word, at word boundaries."""
    limit = MAX_QUOTE_CHARS
    if end - start <= limit:
        return start, end
    lowered = text[start:end].lower()
    hits = [lowered.find(t) for t in hint if t in lowered]
    focus = start + (min(hits) if hits else 0)
    left = max(start, focus - limit // 3)
    right = min(end, left + limit)
    if left > start:
        space = text.find(" ", left, min(focus, left + 30))
        left = space + 1 if space >= 0 else left
    if right < end:
        space = text.rfind(" ", max(left + 1, right - 30), right)
        right = space if space > left else right
    return left, right


def citation(n: int, passage: Passage, hint: dict[str, float]) -> Citation:
    """The citation [n] of `passage`, quoting the sentence that best matches `hint`.

    For a timed source the citation takes the seconds of the chunks that hold the quote, not
    of the whole merged passage: the quote is said within each of them, so within the latest
    start and the earliest end among them (at most a chunk's 30 s window).
    """
    text, start, end = quote(passage, hint)
    where = replace(passage.location, start=start, end=end)
    holding = [s for s in passage.spans if s.start <= start and end <= s.end]
    starts = [s.start_s for s in holding if s.start_s is not None]
    ends = [s.end_s for s in holding if s.end_s is not None]
    if starts and ends:
        where = replace(where, start_s=max(starts), end_s=min(ends))
    return Citation(n=n, location=where, quote=text)


def from_markers(
    answer: str, cited: Sequence[tuple[int, int]], passages: Sequence[Passage], question: str
) -> list[Citation]:
    """Citations for the markers the answer wrote, each quoting what its sentence said."""
    by_number: dict[int, dict[str, float]] = {}
    for n, offset in cited:
        hint = by_number.setdefault(n, {})
        hint.update(tokens(_sentence_before(answer, offset)))
    fallback = tokens(question)
    return [
        citation(n, passages[n - 1], hint or fallback) for n, hint in sorted(by_number.items())
    ]


def _sentence_before(text: str, offset: int) -> str:
    spans = sentences(text[:offset])
    return text[spans[-1][0] : spans[-1][1]] if spans else ""


def attribute(answer: str, passages: Sequence[Passage], question: str) -> list[Citation]:
    """Citations for an answer without markers: sources holding most of what it says."""
    asked = tokens(question)
    source_words = [tokens(p.text) for p in passages]
    hints: dict[int, dict[str, float]] = {}
    for start, end in sentences(answer):
        new = {t: w for t, w in tokens(answer[start:end]).items() if t not in asked}
        total = sum(new.values())
        if total == 0:
            continue
        best_n, best_found = 0, 0.0
        for n, words in enumerate(source_words, start=1):
            found = sum(w for t, w in new.items() if t in words)
            if found > best_found:
                best_n, best_found = n, found
        if best_n and best_found >= ATTRIBUTION_WEIGHT and best_found / total >= ATTRIBUTION_SHARE:
            hints.setdefault(best_n, {}).update(new)
    return [citation(n, passages[n - 1], hint) for n, hint in sorted(hints.items())]


def markers_text(citations: Sequence[Citation]) -> str:
    """" [1][3]" for citations found by attribution, to append to the answer."""
    return (" " + "".join(f"[{c.n}]" for c in citations)) if citations else ""


def strip_markers(text: str) -> str:
    """`text` without citation markers (earlier answers, whose numbers meant other sources)."""
    return _MARKER.sub("", text)
