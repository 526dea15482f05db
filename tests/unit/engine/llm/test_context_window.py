from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.chat.context_window import fit_turns
from engine.llm.base import ChatTurn
from engine.llm.window import ELLIPSIS

from .fakes import WordModel


def words(n: int, tag: str = "w") -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def chat(pairs: int, size: int = 10) -> list[ChatTurn]:
    turns = [ChatTurn("system", words(5, "sys"))]
    for i in range(pairs):
        turns.append(ChatTurn("user", words(size, f"q{i}-")))
        turns.append(ChatTurn("assistant", words(size, f"a{i}-")))
    turns.append(ChatTurn("user", "newest question"))
    return turns


def test_short_chat_is_kept_whole() -> None:
    model = WordModel(1000)
    turns = chat(3)
    assert fit_turns(model, turns, 100) == turns


def test_oldest_pairs_go_first_and_the_system_turn_stays() -> None:
    model = WordModel(120)
    turns = chat(10)
    kept = fit_turns(model, turns, reply_budget=20, step=1)
    assert model.count_prompt_tokens(kept) <= 100
    assert kept[0] == turns[0]
    assert kept[-1] == turns[-1]
    # What is kept is a contiguous tail of the history, starting with a user turn.
    assert kept[1:] == turns[len(turns) - len(kept) + 1 :]
    assert kept[1].role == "user"
    # Minimal dropping with step=1: one more pair would not have fitted.
    one_more = turns[:1] + turns[len(turns) - len(kept) - 1 :]
    assert model.count_prompt_tokens(one_more) > 100


def test_dropping_in_steps_keeps_the_cut_stable_as_the_chat_grows() -> None:
    model = WordModel(200)
    starts = []
    for pairs in range(10, 30):
        turns = chat(pairs)
        kept = fit_turns(model, turns, reply_budget=20)
        assert model.count_prompt_tokens(kept) <= 180
        starts.append(turns.index(kept[1]))
    # The first kept turn moves only every few turns, so prompts share a long prefix.
    moves = sum(1 for a, b in itertools.pairwise(starts) if a != b)
    assert moves <= len(starts) // 3


def test_an_unpaired_leading_assistant_turn_is_dropped_alone() -> None:
    model = WordModel(40)
    turns = [
        ChatTurn("system", "be brief"),
        ChatTurn("assistant", words(10)),
        ChatTurn("user", words(10)),
        ChatTurn("assistant", words(10)),
        ChatTurn("user", "last"),
    ]
    kept = fit_turns(model, turns, reply_budget=0, step=1)
    assert kept == [turns[0], turns[2], turns[3], turns[4]]


def test_a_huge_last_turn_keeps_its_end() -> None:
    model = WordModel(100)
    question = words(500) + " so what is the answer"
    turns = [ChatTurn("system", "be brief"), ChatTurn("user", question)]
    kept = fit_turns(model, turns, reply_budget=30)
    assert kept[0] == turns[0]
    assert model.count_prompt_tokens(kept) <= 70
    assert kept[1].content.startswith(ELLIPSIS)
    assert kept[1].content.endswith("so what is the answer")
    assert question.endswith(kept[1].content.removeprefix(ELLIPSIS))


def test_a_huge_system_prompt_is_cut_too_and_nothing_raises() -> None:
    model = WordModel(50)
    turns = [ChatTurn("system", words(400)), ChatTurn("user", words(400))]
    kept = fit_turns(model, turns, reply_budget=10)
    assert model.count_prompt_tokens(kept) <= 40
    assert kept[0].role == "system"
    assert kept[0].content.startswith("w0 w1")


def test_impossible_budget_returns_the_smallest_prompt_instead_of_raising() -> None:
    model = WordModel(10)
    kept = fit_turns(model, chat(50), reply_budget=10)
    assert kept
    assert len(kept) <= 2


def test_chat_without_system_turn() -> None:
    model = WordModel(60)
    turns = chat(10)[1:]
    kept = fit_turns(model, turns, reply_budget=10)
    assert model.count_prompt_tokens(kept) <= 50
    assert kept[-1] == turns[-1]
    assert kept[0].role == "user"


def test_empty_chat() -> None:
    assert fit_turns(WordModel(10), [], 5) == []


def test_long_chat_needs_few_token_counts() -> None:
    model = WordModel(300)
    fit_turns(model, chat(1000), reply_budget=50)
    assert model.prompt_counts < 30  # a binary search, not one count per dropped turn


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 60), min_size=1, max_size=40),
    context=st.integers(20, 400),
    reply=st.integers(0, 100),
    step=st.integers(1, 5),
)
def test_result_always_fits_when_anything_can(
    sizes: list[int], context: int, reply: int, step: int
) -> None:
    model = WordModel(context)
    roles = ["user", "assistant"]
    turns = [ChatTurn("system", words(3))]
    turns += [ChatTurn(roles[i % 2], words(n)) for i, n in enumerate(sizes)]
    kept = fit_turns(model, turns, reply, step=step)
    smallest = model.count_prompt_tokens([ChatTurn("user", ELLIPSIS)])
    if smallest <= context - reply:
        assert model.count_prompt_tokens(kept) <= context - reply
    assert kept[-1].role == turns[-1].role


@pytest.mark.parametrize("reply", [-5, 0])
def test_non_positive_reply_budget_means_the_whole_window(reply: int) -> None:
    model = WordModel(45)
    kept = fit_turns(model, chat(5), reply)
    assert model.count_prompt_tokens(kept) <= 45
