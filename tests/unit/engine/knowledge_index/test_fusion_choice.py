"""The fusion is chosen per query: more say for the cosine when the two retrievers disagree."""

from __future__ import annotations

from engine.knowledge import hybrid


def ranked(ids: range | list[int], top: float) -> hybrid.Ranked:
    return [(chunk_id, top - 0.01 * n) for n, chunk_id in enumerate(ids)]


def test_retrievers_that_agree_keep_the_default_weights() -> None:
    dense = ranked(range(10), 0.8)
    keyword = ranked([0, 1, 2, 3, *range(20, 26)], 9.0)  # 4 of the top 10 shared
    assert hybrid.choose(dense, keyword) == hybrid.READABLE


def test_retrievers_that_disagree_give_the_cosine_more_weight() -> None:
    dense = ranked(range(10), 0.8)
    keyword = ranked([0, 1, 2, *range(20, 27)], 9.0)  # 3 of 10 shared
    assert hybrid.choose(dense, keyword) == hybrid.DISAGREEING
    assert hybrid.DISAGREEING.dense > hybrid.READABLE.dense
    assert hybrid.choose([], []) == hybrid.DISAGREEING


def test_the_chosen_fusion_decides_a_close_call() -> None:
    # Chunk 30 is the dense favourite, chunk 40 the keyword one; nothing else is shared.
    dense = [(30, 0.8), (40, 0.5), *ranked(range(50, 58), 0.3)]
    keyword = [(40, 10.0), (30, 5.0), *ranked(range(60, 68), 2.0)]
    assert hybrid.choose(dense, keyword) == hybrid.DISAGREEING
    assert hybrid.combine(dense, keyword, True)[0][0] == 30
    assert hybrid.fuse(dense, keyword, hybrid.READABLE)[0][0] == 40
