from __future__ import annotations

from engine.chat.retrieval import merge_adjacent, needs_context, search_query
from tests.unit.engine.grounding.fakes import hit

PAGE = (
    "Dense retrieval encodes passages. The index answers 995 questions per second. "
    "Building it takes 8.5 hours on one machine with many cores."
)


def test_standalone_question_is_searched_as_is() -> None:
    earlier = ["How fast can DPR answer retrieval queries with the FAISS index?"]
    question = "What batch size was used to train the main DPR model?"
    assert search_query(question, earlier) == question


def test_follow_up_borrows_the_key_words_of_the_previous_question() -> None:
    earlier = ["How fast can DPR answer retrieval queries with the FAISS index?"]
    query = search_query("And how long does it take to build it?", earlier)
    assert query.startswith("And how long does it take to build it?")
    for word in ("dpr", "faiss", "index"):
        assert word in query.lower()


def test_chain_of_follow_ups_keeps_its_subject() -> None:
    earlier = ["How fast can DPR answer queries with the FAISS index?", "And building it?"]
    assert "faiss" in search_query("How much memory does it need?", earlier).lower()


def test_chinese_follow_up() -> None:
    earlier = ["乙二醛的化学式是什么？"]
    assert needs_context("它的熔点是多少？")
    assert "乙二醛" in search_query("它的熔点是多少？", earlier)


def test_first_question_has_no_context() -> None:
    assert search_query("And it?", []) == "And it?"


def test_touching_chunks_of_a_page_merge_into_one_passage() -> None:
    a = hit(1, PAGE[:60], start=0)
    b = hit(2, PAGE[40:120], start=40)  # overlaps a by 20 characters
    c = hit(3, PAGE[121:], start=121)  # one space after b
    far = hit(4, "Another page entirely.", page=2)
    passages = merge_adjacent([far, b, a, c])
    assert [p.location.page for p in passages] == [2, 1]
    merged = passages[1]
    assert merged.location.start == 0 and merged.location.end == len(PAGE)
    assert merged.text == PAGE
    assert [s.chunk_id for s in merged.spans] == [1, 2, 3]


def test_distant_chunks_of_one_page_stay_apart() -> None:
    passages = merge_adjacent([hit(1, "x" * 10, start=0), hit(2, "y" * 10, start=500)])
    assert len(passages) == 2
