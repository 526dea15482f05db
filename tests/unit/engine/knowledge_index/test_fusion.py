from __future__ import annotations

from engine.knowledge import hybrid


def test_a_chunk_both_retrievers_rank_high_wins() -> None:
    dense = [(1, 0.62), (2, 0.60), (3, 0.40)]
    keyword = [(3, 12.0), (4, 11.0), (1, 10.0)]
    fused = [i for i, _ in hybrid.fuse(dense, keyword, hybrid.Fusion())]
    assert fused[0] == 1
    assert set(fused) == {1, 2, 3, 4}


def test_weights_decide_between_retrievers() -> None:
    dense = [(1, 0.9), (2, 0.5)]
    keyword = [(2, 5.0), (1, 1.0)]
    assert hybrid.fuse(dense, keyword, hybrid.Fusion(0.9, 0.1))[0][0] == 1
    assert hybrid.fuse(dense, keyword, hybrid.Fusion(0.1, 0.9))[0][0] == 2


def test_bm25_is_scaled_by_the_best_match_of_the_query() -> None:
    small = hybrid.fuse([], [(1, 2.0), (2, 1.0)], hybrid.Fusion(0.0, 1.0))
    large = hybrid.fuse([], [(1, 200.0), (2, 100.0)], hybrid.Fusion(0.0, 1.0))
    assert small == large == [(1, 1.0), (2, 0.5)]


def test_an_unreadable_query_ranks_keyword_matches_first_then_dense() -> None:
    assert hybrid.combine([(9, 1.0), (5, 0.9)], [(5, 2.0)], False) == [(5, 2.0), (9, 1.0)]
    assert [i for i, _ in hybrid.combine([(9, 1.0)], [], False)] == [9]
    assert {i for i, _ in hybrid.combine([(9, 1.0)], [(5, 2.0)], True)} == {5, 9}
