r"""Turn the raw text a PDF reader gives into text that keyword and dense search can match.

Per page: NFKC (ligatures such as "ﬁ" become "fi", full-width digits become ASCII), control and
invisible characters removed, wrapped lines joined into paragraphs ("\n\n" between them),
line-end hyphens removed ("ef-\nficient" -> "efficient") unless the hyphenated form is used
elsewhere nearby ("fine-\ntuned" stays "fine-tuned" when "fine-tuned" appears in a line), and no
whitespace between CJK characters (pypdf breaks Chinese lines inside words).

Headers and footers need more than one page, so `HeaderFooterFilter` works on a rolling window:
a line at the top or bottom of page i is dropped when, after folding digits, it also appears on
more than half of the pages i-4 .. i+4, or on at least half (and at least two) of the pages of
the same parity there (books alternate running heads between even and odd pages). A window,
rather than learning from the first pages, copes with running heads that change per chapter, and
delays each page by only four pages. Such lines are removed in runs: a run that touches the top
or bottom of the page, or one that holds a long recurring line (a print slug that a figure
pushed into the middle of the extracted text). Documents of fewer than four pages are left alone.

Recurring is not enough: a document whose pages are alike (the same line on five rotated pages,
17 colour-space test pages that differ only in their numbers) recurs everywhere, and removing it
erased the whole document. So a run is page furniture only when it is short (at most six lines
with words, each at most 100 characters; freeculture's longest runs hold five such lines of at
most 84 characters, the rest being line and page numbers) and the pages it recurs on have text
of their own, text that does not recur. A page of a document whose pages are all alike keeps
every line; a blank page of a book that holds only its running head and page number does not
(that text is furniture on the pages beside it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from engine.knowledge.documents import Segment

_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \\t]+(?=[{_CJK}])")
_ANY_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"(?<![^\W\d_])[ivxlcdm]{1,7}(?![^\W\d_])")
_HYPHENATED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-(?=([^\W\d_]+))")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)-$")
_LEADING_WORD = re.compile(r"^([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+")
_CLOSERS = "\"'”’»)]}」』）"
_TERMINAL = ".!?。！？…:"
_KEEP_FORMAT = {"\u200c", "\u200d"}  # ZWNJ/ZWJ shape Persian and Indic words.

# Full-width punctuation is parked in the private use area while NFKC runs.
_FULL_WIDTH_PUNCTUATION = [
    chr(code) for code in range(0xFF01, 0xFF66) if unicodedata.category(chr(code)).startswith("P")
]
_PROTECT = {ord(char): 0xF0000 + ord(char) for char in _FULL_WIDTH_PUNCTUATION}
_RESTORE = {value: key for key, value in _PROTECT.items()}

MIN_PAGES_FOR_HEADERS = 4
_DISTINCTIVE_KEY = 8  # A recurring line this long is page furniture wherever it stands.
_WORDED_KEY = 3  # A key with this many characters besides numbers holds words, not a number.
MAX_FURNITURE_LINES = 6  # lines with words in one run of furniture
MAX_FURNITURE_CHARS = 100  # characters in one such line
WINDOW = 4


def _keep_char(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return char in "\n\t"
    return category != "Cf" or char in _KEEP_FORMAT


def normalize_characters(text: str) -> str:
    r"""NFKC, "\n" line ends, and no control, surrogate or invisible format characters.

    Full-width punctuation (，。：（）) is kept as it is: NFKC would turn Chinese text's commas
    and brackets into ASCII ones, which reads wrongly in a quoted citation and helps no search
    (both keyword tokenizers skip punctuation). Full-width letters and digits do become ASCII.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = "\n".join(_printable(line) for line in lines)
    if kept.isascii():
        return kept
    return unicodedata.normalize("NFKC", kept.translate(_PROTECT)).translate(_RESTORE)


def _printable(line: str) -> str:
    if line.isprintable():  # The usual case, decided in C; tabs and odd characters are not.
        return line
    return "".join(char for char in line if _keep_char(char))


def prepare_lines(raw: str) -> list[str]:
    """Split raw page text into normalized lines; an indented line keeps one leading space."""
    lines = []
    for line in normalize_characters(raw).split("\n"):
        folded = _SPACE_BETWEEN_CJK.sub("", _INLINE_SPACE.sub(" ", line).rstrip())
        lines.append(folded)
    return lines


def line_key(line: str) -> str:
    """How a line is compared across pages: case and spacing ignored, numbers folded to "#".

    Roman numerals count as numbers too (front matter is numbered i, ii, iii ...).
    """
    key = _ROMAN.sub("#", line.casefold())
    return _DIGITS.sub("#", "".join(key.split()))


class Vocabulary(NamedTuple):
    """Words (lower case) written whole on some pages, and "word-word" pairs written hyphenated."""

    words: frozenset[str]
    hyphenated: frozenset[str]

    def union(self, other: Vocabulary) -> Vocabulary:
        """Both vocabularies in one."""
        return Vocabulary(self.words | other.words, self.hyphenated | other.hyphenated)


def vocabulary(lines: Iterable[str]) -> Vocabulary:
    """The words and in-line hyphenated pairs of some lines, leaving out line-end word halves."""
    words: set[str] = set()
    pairs: set[str] = set()
    broken = False
    for line in lines:
        found = [match.group().casefold() for match in _WORD.finditer(line)]
        if broken and found:
            found.pop(0)
        broken = line.endswith("-")
        if broken and found:
            found.pop()
        words.update(found)
        for match in _HYPHENATED.finditer(line):
            pairs.add(f"{match.group(1)}-{match.group(2)}".casefold())
    return Vocabulary(frozenset(words), frozenset(pairs))


def _keeps_hyphen(left: str, right: str, nearby: Vocabulary) -> bool:
    """Whether "left-" at a line end followed by "right" is a compound rather than a break.

    A word written whole nearby wins, then a pair written hyphenated nearby; two halves that
    are both words nearby ("special-" + "interest") keep their hyphen; anything else is a word
    broken by the typesetter ("ef-" + "ficient").
    """
    left, right = left.casefold(), right.casefold()
    if left + right in nearby.words:
        return False
    if f"{left}-{right}" in nearby.hyphenated:
        return True
    return left in nearby.words and right in nearby.words


def _is_cjk_side(text: str, *, at_end: bool) -> bool:
    """Whether the text ends (or starts) with CJK, looking past a little punctuation."""
    chars = reversed(text[-3:]) if at_end else iter(text[:3])
    for char in chars:
        if _CJK_CHAR.match(char):
            return True
        if not unicodedata.category(char).startswith("P"):
            return False
    return False


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _typical_length(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[int(0.8 * (len(lengths) - 1))]


def _separator(left: str, right: str, nearby: Vocabulary) -> tuple[str, str]:
    """How to join two wrapped lines: (left with its hyphen kept or dropped, separator)."""
    if left.endswith(("—", "–", "/")):
        return left, ""
    word = _TRAILING_WORD.search(left[-80:])  # The tail only: `left` is a whole paragraph.
    if word and right[:1].isalnum():
        following = _LEADING_WORD.match(right)
        if not right[:1].islower() or following is None:
            return left, ""
        keep = _keeps_hyphen(word.group(1), following.group(1), nearby)
        return (left, "") if keep else (left[:-1], "")
    if _is_cjk_side(left, at_end=True) or _is_cjk_side(right, at_end=False):
        return left, ""
    return left, " "


def join_lines(lines: list[str], nearby: Vocabulary | None = None) -> str:
    r"""Join one page's lines into paragraphs separated by "\n\n"; the final page text.

    Args:
        lines: the page's lines from `prepare_lines` (after header/footer removal).
        nearby: the vocabulary of this page and its neighbours, which decides whether a
            line-end hyphen is a word break or part of a compound; None: this page's own.
    """
    known = vocabulary(lines) if nearby is None else nearby
    short = 0.75 * _typical_length(lines)
    paragraphs: list[str] = []
    current = previous = ""
    for line in lines:
        text = line.strip()
        if not text:
            previous = ""
            continue
        new_paragraph = (
            not previous
            or line.startswith(" ")
            or (_ends_sentence(previous) and len(previous) < short)
        )
        if new_paragraph:
            if current:
                paragraphs.append(current)
            current = text
        else:
            left, glue = _separator(current, text, known)
            current = f"{left}{glue}{text}"
        previous = text
    if current:
        paragraphs.append(current)
    return "\n\n".join(_ANY_SPACE_BETWEEN_CJK.sub("", paragraph) for paragraph in paragraphs)


def clean_plain_text(text: str) -> str:
    """Clean a text or Markdown file: keep its lines (they carry structure), fold the rest."""
    lines = normalize_characters(text).split("\n")
    joined = "\n".join(_INLINE_SPACE.sub(" ", line).rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip("\n")


def normalize_for_search(text: str) -> str:
    """Normalize a query or an expected answer the way page text is normalized."""
    folded = _INLINE_SPACE.sub(" ", normalize_characters(text).replace("\n", " "))
    return _ANY_SPACE_BETWEEN_CJK.sub("", folded).strip()


class FilteredPage(NamedTuple):
    """A page whose header and footer lines are gone, with the vocabulary of the pages near it."""

    number: int
    lines: list[str]
    nearby: Vocabulary


class _Page(NamedTuple):
    number: int
    lines: list[str]
    line_keys: list[str]  # "" for a blank line
    keys: frozenset[str]
    words: Vocabulary


class HeaderFooterFilter:
    """Removes running heads, page numbers and print slugs using neighbouring pages.

    Feed pages in order with `push`; each call returns the pages that are now final (a page is
    final once the four after it are known). Call `flush` after the last page.
    """

    def __init__(self, page_count: int, *, window: int = WINDOW) -> None:
        self._enabled = page_count >= MIN_PAGES_FOR_HEADERS
        self._window = window
        self._pages: deque[_Page] = deque()
        self._counts: Counter[str] = Counter()  # pages of the window that hold each key
        self._next_index = 0

    def push(self, number: int, lines: list[str]) -> list[FilteredPage]:
        """Add the next page; return the pages that no later page can change any more."""
        line_keys = [line_key(line) if line.strip() else "" for line in lines]
        keys = frozenset(key for key in line_keys if key)
        self._pages.append(_Page(number, lines, line_keys, keys, vocabulary(lines)))
        self._counts.update(keys)
        ready = []
        while self._next_index < len(self._pages) - self._window:
            ready.append(self._emit())
        return ready

    def flush(self) -> list[FilteredPage]:
        """Return every page still held."""
        return [self._emit() for _ in range(self._next_index, len(self._pages))]

    def _emit(self) -> FilteredPage:
        index = self._next_index
        page = self._pages[index]
        lines = self._strip(index) if self._enabled else page.lines
        near = Vocabulary(
            frozenset().union(*(other.words.words for other in self._pages)),
            frozenset().union(*(other.words.hyphenated for other in self._pages)),
        )
        self._next_index += 1
        if self._next_index > self._window:
            self._counts.subtract(self._pages.popleft().keys)
            self._next_index -= 1
        return FilteredPage(page.number, lines, near)

    def _strip(self, index: int) -> list[str]:
        """Drop runs of recurring lines at the page's edges, or holding a distinctive line."""
        page = self._pages[index]
        flags = self._recurring(index)
        bodies: dict[int, bool] = {}
        kept: list[str] = []
        start = 0
        while start < len(page.lines):
            end = start
            while end < len(page.lines) and flags[end] == flags[start]:
                end += 1
            run = range(start, end)
            at_edge = start == 0 or end == len(page.lines)
            placed = at_edge or any(len(page.line_keys[i]) >= _DISTINCTIVE_KEY for i in run)
            if not (flags[start] and placed and self._furniture(index, run, bodies)):
                kept.extend(page.lines[start:end])
            start = end
        return kept

    def _recurring(self, index: int) -> list[bool]:
        """Per line of the page: blank, or on most pages nearby (or most of the same parity)."""
        others = [(i, page.keys) for i, page in enumerate(self._pages) if i != index and page.keys]
        same_parity = [keys for i, keys in others if (i - index) % 2 == 0]
        flags = []
        for key in self._pages[index].line_keys:
            hits = sum(key in keys for _, keys in others)
            parity_hits = sum(key in keys for keys in same_parity)
            flags.append(
                not key
                or (bool(others) and hits * 2 > len(others))
                or (parity_hits >= 2 and parity_hits * 2 >= len(same_parity))
            )
        return flags

    def _furniture(self, index: int, run: range, bodies: dict[int, bool]) -> bool:
        """Whether a recurring run is short and recurs on pages that have text of their own."""
        page = self._pages[index]
        keys = {page.line_keys[i] for i in run} - {""}
        if not keys:
            return True  # blank lines
        worded = [page.lines[i].strip() for i in run if _is_worded(page.line_keys[i])]
        if len(worded) > MAX_FURNITURE_LINES or any(
            len(line) > MAX_FURNITURE_CHARS for line in worded
        ):
            return False
        for other, near in enumerate(self._pages):
            if other == index or not keys & near.keys:
                continue
            if other not in bodies:
                bodies[other] = self._has_body(near)
            if bodies[other]:
                return True
        return False

    def _has_body(self, page: _Page) -> bool:
        """Whether a page holds a line with words that most other pages here do not hold."""
        others = sum(1 for other in self._pages if other.keys) - 1
        return any(
            (self._counts[key] - 1) * 2 <= others for key in page.keys if _is_worded(key)
        )


def _is_worded(key: str) -> bool:
    return len(key) - key.count("#") >= _WORDED_KEY


def clean_pages(raw_pages: Iterable[tuple[int, str]], page_count: int) -> Iterator[Segment]:
    """Clean a document's pages in order, headers and footers removed; lazy, page by page."""
    headers = HeaderFooterFilter(page_count)
    for number, raw in raw_pages:
        for page in headers.push(number, prepare_lines(raw)):
            yield Segment(number=page.number, text=join_lines(page.lines, page.nearby))
    for page in headers.flush():
        yield Segment(number=page.number, text=join_lines(page.lines, page.nearby))
