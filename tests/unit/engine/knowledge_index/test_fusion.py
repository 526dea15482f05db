from __future__ import annotations

from engine.knowledge import hybrid


def test_a_chunk_both_retrievers_rank_high_wins() -> None:
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    keyword = [(3, 12.0), (4, 11.0), (1, 3.0)]
    fused = [i for i, _ in hybrid.fuse(dense, keyword, hybrid.Fusion(1.0, 1.0))]
    assert fused[:2] == [1, 3] or fused[:2] == [3, 1]
    assert set(fused) == {1, 2, 3, 4}


def test_weights_decide_between_retrievers() -> None:
    dense = [(1, 0.9), (2, 0.8)]
    keyword = [(2, 5.0), (1, 1.0)]
    assert hybrid.fuse(dense, keyword, hybrid.Fusion(3.0, 1.0))[0][0] == 1
    assert hybrid.fuse(dense, keyword, hybrid.Fusion(1.0, 3.0))[0][0] == 2


def test_an_unreadable_query_uses_keywords_unless_they_found_nothing() -> None:
    assert [i for i, _ in hybrid.combine([(9, 1.0)], [(5, 2.0)], False)] == [5]
    assert [i for i, _ in hybrid.combine([(9, 1.0)], [], False)] == [9]
    assert {i for i, _ in hybrid.combine([(9, 1.0)], [(5, 2.0)], True)} == {5, 9}
