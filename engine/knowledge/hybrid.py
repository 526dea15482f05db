"""Fuse dense (FAISS cosine) and keyword (BM25) candidates into one ranking.

Score fusion: score = 0.55 * cosine + 0.45 * BM25 / (the query's best BM25), over the union of
both retrievers' top 50 (a chunk missing from the dense list gets the lowest cosine seen); 0.65
and 0.35 when the two lists disagree (`choose`, below).
Cosine is already on a fixed scale; BM25 is not, so it is scaled by the query's best match.

Why not equal-weight reciprocal rank fusion (measured with bench/retrieval.py, 256-token
chunks): on these documents BM25 is the stronger retriever (questions share rare words with
their passage), and RRF gives the weaker dense ranking an equal say: on wiki_en it scores
recall@5 0.934 / MRR@10 0.818 against BM25's 0.949 / 0.883. Weighted RRF never beat BM25's
MRR. Score fusion with these weights (chosen from a grid on qa, zh, wiki_en, wiki_zh) beats
both single retrievers on the English sets: wiki_en 0.962 / 0.887, qa 0.895 / 0.797 (BM25
0.895 / 0.745). Smaller chunks (128, 192 tokens) were worse for both retrievers. With the
landmark index and the rerank below (search as shipped): wiki_en 0.966 / 0.899 (BM25 0.947 /
0.880: 1.019x / 1.021x), qa 0.947 / 0.820 (BM25 0.895 / 0.786).

Per-query fusion (the fusion is chosen per query from evidence, `choose`): when fewer than 4 of
the two retrievers' top 10 are the same chunks, the cosine weighs 0.65 instead of 0.55. Measured
with bench/retrieval.py's halves (recall@5 / MRR@10, tune half | held-out half, with the table
captions of structure.py): wiki_en 0.963/0.890 | 0.968/0.908 -> 0.966/0.893 | 0.971/0.908, qa
unchanged (1.000/0.883 | 1.000/0.778). Other evidence measured on the same halves, none better
on both halves of both sets: the rarity of the query's rarest word choosing the weights (wiki_en
tune 0.963/0.892, held 0.966/0.910: recall down), min-max scaled cosine (held 0.971/0.903, qa
recall 0.947), z-scored scores of both lists (wiki_en 0.963/0.887), reciprocal-rank terms added
to the fused score (qa MRR up to 0.853 with qa recall down to 0.947), and a head re-score with
weights fitted on the tune half for word proximity, phrases, the question's numbers found
verbatim and presence in both top-10 lists (wiki_en held 0.966/0.907, qa held 0.889/0.816).

Per-query fusion and reranking were first measured in an earlier round (bench/retrieval.py's
halves: tuned on the even questions of each set, checked on the odd ones); search re-scores
only the head of the fused list by the proximity of the query's rare words and its word pairs
found as phrases (engine/knowledge/proximity.py: it raised both figures on both halves):
- a dense weight moved linearly by the agreement of the two top-10 lists (-0.4..+0.8 per
  unit of overlap; the step of `choose` is what held up), a keyword boost for questions with
  numbers and a page-level BM25 sum moved wiki_en by at most +/-0.01 on either half, and none
  raised both figures on both halves of both English sets;
- reranking the top 6 by the embedder over two-sentence windows (the best window's cosine
  added to the fused score) raised wiki_en MRR@10 0.895 -> 0.915 on 120 tuning questions,
  lowered qa's at that weight, and cost 2.1-2.8 s per question on the 2 busy cores with the
  torch embedder of the time. Single sentences over the top 5 with the ONNX int8 embedder
  raised both sets' MRR on both halves at ~0.1 s a question; over the top 8, with tables
  judged apart, they also lift wiki_en's recall@5 (0.968 -> 0.971 on the tune half, 0.973 ->
  0.976 held out) at ~0.15 s: what search does now (engine/knowledge/sentence_rerank.py).
No cross-encoder ships with the app (nothing may be downloaded at run time).

When the embedding model cannot read the query's language (Chinese with the bundled
English-only MiniLM, whose dense recall@5 on wiki_zh is 0.15), keyword matches come first and
dense candidates only fill the places after them. A multilingual model fuses as above.
"""

from __future__ import annotations

from dataclasses import dataclass

Ranked = list[tuple[int, float]]


@dataclass(frozen=True)
class Fusion:
    """Weights of cosine similarity and of best-scaled BM25 in a fused score."""

    dense: float = 0.55
    keyword: float = 0.45


READABLE = Fusion()
# When the two retrievers disagree (under AGREEMENT of their top AGREEMENT_DEPTH are the same
# chunks), the query's words are mostly common in the knowledge base (a document's own name,
# "first", "episode"), BM25's head is a lottery among chunks that share them, and the cosine
# gets more say.
DISAGREEING = Fusion(dense=0.65, keyword=0.35)
AGREEMENT = 0.4
AGREEMENT_DEPTH = 10
CANDIDATES = 50


def combine(dense: Ranked, keyword: Ranked, model_reads_query: bool) -> Ranked:
    """Rank as search does: fused when the embedder reads the query, else by keywords.

    For a query the embedder cannot read, dense candidates only fill the places after the
    keyword matches (so a short keyword list still yields k results).
    """
    if not model_reads_query:
        matched = {chunk_id for chunk_id, _ in keyword}
        return list(keyword) + [(i, s) for i, s in dense if i not in matched]
    return fuse(dense, keyword, choose(dense, keyword))


def choose(dense: Ranked, keyword: Ranked) -> Fusion:
    """The fusion for one query, from how far its two candidate lists agree (see above)."""
    top_dense = {chunk_id for chunk_id, _ in dense[:AGREEMENT_DEPTH]}
    top_keyword = {chunk_id for chunk_id, _ in keyword[:AGREEMENT_DEPTH]}
    shared = len(top_dense & top_keyword) / AGREEMENT_DEPTH
    return READABLE if shared >= AGREEMENT else DISAGREEING


def fuse(dense: Ranked, keyword: Ranked, fusion: Fusion) -> Ranked:
    """Combine (chunk id, cosine) and (chunk id, BM25) candidates, best first."""
    cosine = dict(dense)
    bm25 = dict(keyword)
    floor = min(cosine.values(), default=0.0)
    best = max(bm25.values(), default=0.0) or 1.0
    scores = {
        chunk_id: fusion.dense * cosine.get(chunk_id, floor)
        + fusion.keyword * bm25.get(chunk_id, 0.0) / best
        for chunk_id in cosine.keys() | bm25.keys()
    }
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
