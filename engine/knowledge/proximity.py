"""Rare question words close together: a cheap second look at the head of a ranking.

BM25 counts a question's words anywhere in a 256-token chunk; the words of the sentence that
answers sit within a sentence or two of each other. `rerank` adds to each of the first `HEAD`
fused scores `WEIGHT` times the weight of the question's words found within one window of the
chunk (each word weighted by its rarity in the knowledge base, as a share of the question's),
the same measure the coverage verdict uses (engine/chat/retrieval.py).

Tuned on the even questions of each shared set (bench/retrieval.py), checked on the odd ones:
0.1 was the best weight on both tuning halves (0.2 and more lost wiki_en recall@5). With it
(landmark index): qa recall@5 / MRR@10 0.947 / 0.785 -> 0.947 / 0.794 (held-out half MRR 0.676
-> 0.694; BM25 alone 0.895 / 0.786), wiki_en 0.965 / 0.889 -> 0.966 / 0.891 (held-out 0.968 /
0.897 -> 0.968 / 0.898); the Chinese sets are unchanged. A larger head (50) ranked the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

HEAD = 10
WEIGHT = 0.1
WINDOW_HAN = 50  # characters within which a question's words count as one match
WINDOW_OTHER = 250
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def window_for(query: str) -> int:
    """The window for a query: a Chinese sentence packs its words closer."""
    return WINDOW_HAN if _HAN.search(query) else WINDOW_OTHER


def rarity(frequency: Mapping[str, int], total: int) -> dict[str, float]:
    """Each term's weight: the log of its inverse document frequency (smoothed)."""
    return {t: math.log((total + 1) / (n + 0.5)) for t, n in frequency.items()}


def rerank(
    ranked: Sequence[tuple[int, float]],
    texts: Mapping[int, str],
    weight: Mapping[str, float],
    holding: Mapping[str, set[int]],
    window: int,
) -> list[tuple[int, float]]:
    """The ranking with its head re-scored by the proximity of the question's words."""
    mass = sum(weight.values())
    if not mass:
        return list(ranked)
    head = [
        (chunk_id, score + WEIGHT * proximity_mass(
            texts.get(chunk_id, ""),
            {t: w for t, w in weight.items() if chunk_id in holding.get(t, ())}, window) / mass)
        for chunk_id, score in ranked[:HEAD]
    ]
    head.sort(key=lambda item: (-item[1], item[0]))
    return head + list(ranked[HEAD:])


def proximity_mass(text: str, present: dict[str, float], window: int) -> float:
    """The most weight of distinct `present` terms found within `window` characters.

    Terms the keyword index matched only through stemming (not found as written) count
    wherever they are.
    """
    return sum(present[t] for t in window_terms(text, present, window))


def window_terms(text: str, present: dict[str, float], window: int) -> set[str]:
    """The `present` terms of the heaviest `window` of `text` (plus those found only stemmed)."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    anywhere: set[str] = set()
    for term in present:
        key = _stem_key(term)
        positions = [m.start() for m in re.finditer(re.escape(key), lowered)]
        if positions:
            found.extend((p, term) for p in positions)
        else:
            anywhere.add(term)
    found.sort()
    best: set[str] = set()
    for index, (start, _) in enumerate(found):
        inside = {term for position, term in found[index:] if position < start + window}
        if sum(present[t] for t in inside) > sum(present[t] for t in best):
            best = inside
    return anywhere | best


def _stem_key(term: str) -> str:
    """The part of a word every inflection shares (for finding it in raw text)."""
    if term.isascii() and len(term) > 4:
        for suffix in ("ing", "ed", "es", "s"):
            if term.endswith(suffix) and len(term) - len(suffix) >= 4:
                return term[: -len(suffix)]
    return term
