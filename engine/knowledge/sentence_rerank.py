"""The embedder on single sentences: a second look at the first few chunks of a ranking.

A chunk's vector averages ~10 sentences, so a chunk that holds the one sentence answering the
question can score below a chunk that is about the question's subject throughout. `rerank`
adds `WEIGHT` times the cosine of each of the first `HEAD` chunks' best sentence to its fused
score; the order past the head is untouched.

A table's rows (engine/knowledge/structure.py's `is_table`) are not sentences: their cosine
with a question says little even when the table holds the answer, so a table in the head is
not embedded and gets the median of the other chunks' best cosines (it neither rises nor falls
for want of prose).

Measured with bench/retrieval.py's halves (tuned on the even questions, checked on the odd
ones; recall@5 / MRR@10, tune | held-out), on top of the proximity re-score:
- without:                    qa 1.000/0.883 | 1.000/0.778   wiki_en 0.966/0.893 | 0.971/0.908
- single sentences, head 5:   qa 1.000/0.950 | 1.000/0.828   wiki_en 0.966/0.901 | 0.971/0.917
- the same with weight 0.1, 0.2, 0.5: 0.1 raised qa and wiki_en less; 0.5 scored as 0.3.
- two- and three-sentence windows: lower (qa held-out MRR 0.767 with two).
- a head of 7 or 10: wiki_en recall@5 up (a right chunk from 6-10 reaches the top 5), but qa
  recall@5 1.000 -> 0.947: its table chunk at 5 was pushed out, its rows scoring as sentences.
- only the sentences sharing a word (stem) with the question: slightly lower, hardly faster.
- rank fusion of the fused and sentence orders, or min-max scaled scores, over heads of 8-15:
  wiki_en MRR down (0.894-0.911 against 0.912).
With tables at the median (and bench/retrieval.py's answer matching fixed for answers on a
page with Chinese text, which moved wiki_en from 0.968 to 0.971):
- head 5:                     qa 1.000/0.950 | 1.000/0.833   wiki_en 0.968/0.904 | 0.973/0.919
- head 8 (what search does):  qa 1.000/0.950 | 1.000/0.833   wiki_en 0.971/0.904 | 0.976/0.919
- head 10: as head 8; weights 0.5-1.0 over heads of 8-15 lowered wiki_en on one half or both.
About 80 sentences are embedded per question: ~0.15 s on an idle 2-core machine with the
bundled ONNX int8 MiniLM, reported by bench/retrieval.py as the re-rank time. Search itself
(bench/search.py) is not slowed: the re-rank follows it. Skipped when the embedding model
cannot read the question's language (its cosines mean nothing there).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from engine.knowledge.chunking import sentence_spans
from engine.knowledge.structure import is_table

HEAD = 8
WEIGHT = 0.3

Embed = Callable[[list[str]], np.ndarray]


def sentences(text: str) -> list[str]:
    """The sentences of a chunk's text (the whole text when it has no break; none when blank)."""
    found = [text[start:end] for start, end in sentence_spans(text)]
    return found or ([text] if text.strip() else [])


def best_cosines(query: np.ndarray, texts: Mapping[int, str], embed: Embed) -> dict[int, float]:
    """Each chunk's best sentence cosine with the query vector (both L2-normalized).

    A table gets the median of the other chunks' (none when all are tables).
    """
    owners: list[int] = []
    batch: list[str] = []
    tables = {chunk_id for chunk_id, text in texts.items() if is_table(text)}
    for chunk_id, text in texts.items():
        if chunk_id not in tables:
            for sentence in sentences(text):
                owners.append(chunk_id)
                batch.append(sentence)
    if not batch:
        return {}
    cosines = embed(batch) @ np.asarray(query, dtype=np.float32).reshape(-1)
    best: dict[int, float] = {}
    for chunk_id, cosine in zip(owners, cosines, strict=True):
        best[chunk_id] = max(best.get(chunk_id, -1.0), float(cosine))
    middle = sorted(best.values())[len(best) // 2]
    return best | dict.fromkeys(tables, middle)


def rerank(
    ranked: Sequence[tuple[int, float]], best: Mapping[int, float]
) -> list[tuple[int, float]]:
    """The ranking with its first `HEAD` scores raised by `WEIGHT` x their best sentence."""
    floor = min(best.values(), default=0.0)
    head = [(chunk_id, score + WEIGHT * best.get(chunk_id, floor))
            for chunk_id, score in ranked[:HEAD]]
    head.sort(key=lambda item: (-item[1], item[0]))
    return head + list(ranked[HEAD:])
