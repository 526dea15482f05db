"""Rare question words close together: a cheap second look at the head of a ranking.

BM25 counts a question's words anywhere in a 256-token chunk; the words of the sentence that
answers sit within a sentence or two of each other. `rerank` adds to each of the first `HEAD`
fused scores `WEIGHT` times the weight of the question's words found within one window of the
chunk (each word weighted by its rarity in the knowledge base, as a share of the question's;
the same measure the coverage verdict uses, engine/chat/retrieval.py), and `PHRASE_WEIGHT`
times the share of the question's neighbouring content-word pairs the chunk holds as phrases.

Tuned on the even questions of each shared set (bench/retrieval.py), checked on the odd ones
(landmark index; tune half | held-out half, recall@5 / MRR@10):
- none:                 qa 1.000/0.883 | 0.889/0.676   wiki_en 0.961/0.881 | 0.968/0.897
- proximity 0.1:        qa 1.000/0.883 | 0.889/0.694   wiki_en 0.963/0.884 | 0.968/0.898
- and phrases 0.1:      qa 1.000/0.883 | 0.889/0.750   wiki_en 0.963/0.890 | 0.968/0.908
Proximity 0.2 lost wiki_en recall (0.958 on the tune half), phrases 0.15 and 0.2 scored the same
or lower, a head of 20 the same as 10. The Chinese sets do not move (jieba's words are not
split by spaces, so no pairs; the keyword-first order already holds the proximity).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence

from engine.knowledge.keyword_index import STOPWORDS

HEAD = 10
WEIGHT = 0.1
PHRASE_WEIGHT = 0.1
WINDOW_HAN = 50  # characters within which a question's words count as one match
WINDOW_OTHER = 250
_WORD = re.compile(r"[\w']+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def window_for(query: str) -> int:
    """The window for a query: a Chinese sentence packs its words closer."""
    return WINDOW_HAN if _HAN.search(query) else WINDOW_OTHER


def rarity(frequency: Mapping[str, int], total: int) -> dict[str, float]:
    """Each term's weight: the log of its inverse document frequency (smoothed)."""
    return {t: math.log((total + 1) / (n + 0.5)) for t, n in frequency.items()}


def word_pairs(query: str) -> list[re.Pattern[str]]:
    """Patterns of the query's neighbouring content words as a phrase ("atmospheric engine").

    The second word is matched by its stem (all but its last two letters, at least four), so
    "steam engines" finds "steam engine".
    """
    words = _WORD.findall(query.lower())
    return [
        re.compile(rf"\b{re.escape(a)}\W+{re.escape(b[: max(4, len(b) - 2)])}")
        for a, b in itertools.pairwise(words)
        if a not in STOPWORDS and b not in STOPWORDS
    ]


def rerank(
    query: str,
    ranked: Sequence[tuple[int, float]],
    texts: Mapping[int, str],
    weight: Mapping[str, float],
    holding: Mapping[str, set[int]],
) -> list[tuple[int, float]]:
    """The ranking with its head re-scored by proximity and phrases of the question's words."""
    mass = sum(weight.values())
    if not mass:
        return list(ranked)
    window = window_for(query)
    pairs = word_pairs(query)

    def bonus(chunk_id: int) -> float:
        text = texts.get(chunk_id, "")
        present = {t: w for t, w in weight.items() if chunk_id in holding.get(t, ())}
        near = proximity_mass(text, present, window) / mass
        lowered = text.lower()
        phrased = sum(1 for p in pairs if p.search(lowered)) / len(pairs) if pairs else 0.0
        return WEIGHT * near + PHRASE_WEIGHT * phrased

    head = [(chunk_id, score + bonus(chunk_id)) for chunk_id, score in ranked[:HEAD]]
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
