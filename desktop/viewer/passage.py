"""Finds a cited quote inside a PDF page's own text, so the viewer can highlight it.

The engine quotes its cleaned text (NFKC, de-hyphenated, whitespace folded) while the viewer's
PDF library gives raw page text (line breaks, soft-hyphen marks, ligatures). Both are folded to
the same form with a map back to raw positions; the longest common run marks the passage.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

MIN_RUN = 12
_SKIP = {"\ufffe", "\u00ad", "-"}


def _fold(text: str, *, keep_map: bool) -> tuple[str, list[int]]:
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace() or char in _SKIP:
            continue
        for folded in unicodedata.normalize("NFKC", char).casefold():
            chars.append(folded)
            if keep_map:
                where.append(index)
    return "".join(chars), where


def locate(page_text: str, quote: str) -> tuple[int, int] | None:
    """The (start, end) of the longest stretch of `quote` found in `page_text`, or None.

    A stretch shorter than `MIN_RUN` folded characters (or than half a short quote) does not
    count: highlighting two common words would mislead more than it helps.
    """
    page, where = _fold(page_text, keep_map=True)
    wanted, _ = _fold(quote, keep_map=False)
    if not page or not wanted:
        return None
    match = SequenceMatcher(None, wanted, page, autojunk=False).find_longest_match(
        0, len(wanted), 0, len(page)
    )
    if match.size < min(MIN_RUN, max(1, len(wanted) // 2)):
        return None
    start = where[match.b]
    end = where[match.b + match.size - 1] + 1
    return start, end
