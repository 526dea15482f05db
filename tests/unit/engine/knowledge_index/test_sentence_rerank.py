"""The head of a ranking is re-scored by the cosine of each chunk's best sentence."""

from __future__ import annotations

import numpy as np

from engine.knowledge import sentence_rerank

ANSWER = "The corpus holds 21,015,324 passages after splitting."
QUERY = np.array([1.0, 0.0], dtype=np.float32)


def _embed(texts: list[str]) -> np.ndarray:
    """A sentence about the answer points along the query; any other sentence across it."""
    rows = [[1.0, 0.0] if "passages" in t else [0.0, 1.0] for t in texts]
    return np.asarray(rows, dtype=np.float32)


def test_the_chunk_holding_the_answering_sentence_moves_up_within_the_head() -> None:
    about = "Wikipedia is the corpus. It is large. It is cleaned of tables."
    holds = "Tables are removed first. " + ANSWER + " Each is a block of words."
    ranked = [(1, 0.80), (2, 0.70), *[(i, 0.5 - i / 100) for i in range(3, 12)]]
    texts = {1: about, 2: holds, **{i: "Other text." for i in range(3, 6)}}
    best = sentence_rerank.best_cosines(QUERY, texts, _embed)
    assert best[2] == 1.0 and best[1] == 0.0
    out = sentence_rerank.rerank(ranked, best)
    assert [i for i, _ in out[:2]] == [2, 1]
    assert out[sentence_rerank.HEAD:] == ranked[sentence_rerank.HEAD:]  # the rest keeps its place
    assert sorted(i for i, _ in out) == sorted(i for i, _ in ranked)


def test_a_lead_larger_than_the_weight_is_kept_and_empty_input_changes_nothing() -> None:
    ranked = [(1, 0.9), (2, 0.5)]
    best = {1: 0.0, 2: 1.0}  # 0.5 + 0.3 < 0.9
    assert [i for i, _ in sentence_rerank.rerank(ranked, best)] == [1, 2]
    assert sentence_rerank.best_cosines(QUERY, {}, _embed) == {}
    assert sentence_rerank.rerank(ranked, {}) == ranked


def test_a_text_without_sentence_breaks_is_one_sentence() -> None:
    assert sentence_rerank.sentences("Table 3 12.5 47.0 58.1") == ["Table 3 12.5 47.0 58.1"]
    assert sentence_rerank.sentences("One here. Two there.") == ["One here.", "Two there."]
    assert sentence_rerank.sentences("  \n ") == []


def test_a_table_is_not_embedded_and_scores_the_median_of_the_prose() -> None:
    table = "Single ORQA 33.3 45.0 36.4 30.1 20.2 Single BM25 26.5 47.1 17.7 21.3 33.2"
    texts = {1: "Other text.", 2: ANSWER, 3: "More text here.", 4: table}
    seen: list[str] = []

    def embed(batch: list[str]) -> np.ndarray:
        seen.extend(batch)
        return _embed(batch)

    best = sentence_rerank.best_cosines(QUERY, texts, embed)
    assert table not in seen
    assert best == {1: 0.0, 2: 1.0, 3: 0.0, 4: 0.0}
    assert sentence_rerank.best_cosines(QUERY, {4: table}, embed) == {}
