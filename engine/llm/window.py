"""Fit a conversation into a model's context window, dropping the oldest turns first.

Lives beside the models (not in `engine.chat`) because `ChatModel.stream` itself relies on it as
the last guard against overflow; `engine.chat.context_window` is the name the chat layer uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.llm.base import ChatModel, ChatTurn

ELLIPSIS = "…"
# Turns are dropped in blocks of this many units: the first kept turn then stays the same for
# several follow-ups, so their prompts share a prefix and reuse the KV cache instead of
# re-evaluating the whole window every turn (seconds per 1,000 tokens on a CPU).
DROP_STEP = 4


def fit_turns(
    model: ChatModel, turns: Sequence[ChatTurn], reply_budget: int, *, step: int = DROP_STEP
) -> list[ChatTurn]:
    """Keep the system turn and the newest turns so the prompt leaves `reply_budget` tokens.

    The oldest turns go first, a user turn together with the assistant's answer to it, in
    blocks of `step` such units (counted from the start, so the cut stays put). When
    even the system turn and the last turn do not fit, the last turn keeps only its end (the
    question usually closes a long paste), then the system turn keeps only its start. Never
    raises on long chats; blocks for a handful of tokenizer calls (a binary search).
    """
    turns = list(turns)
    budget = model.context_size - max(0, reply_budget)
    if not turns or model.count_prompt_tokens(turns) <= budget:
        return turns
    system = turns[:1] if turns[0].role == "system" else []
    body = turns[len(system) :]
    if not body:
        return _shrink_system(model, system[0], [], budget)
    units, last = _units(body[:-1]), body[-1]

    def keep_from(first: int) -> list[ChatTurn]:
        return system + [turn for unit in units[first:] for turn in unit] + [last]

    drop = _smallest(len(units), lambda k: model.count_prompt_tokens(keep_from(k)) <= budget)
    if drop is not None:
        return keep_from(min(len(units), -(-drop // max(1, step)) * max(1, step)))
    return _shrink_last(model, system, last, budget)


def _units(history: Sequence[ChatTurn]) -> list[list[ChatTurn]]:
    """Group turns into what is dropped together: a user turn and the answer that follows it."""
    units: list[list[ChatTurn]] = []
    index = 0
    while index < len(history):
        turn = history[index]
        paired = index + 1 < len(history) and history[index + 1].role == "assistant"
        if turn.role == "user" and paired:
            units.append([turn, history[index + 1]])
            index += 2
        else:
            units.append([turn])
            index += 1
    return units


def _shrink_last(
    model: ChatModel, system: list[ChatTurn], last: ChatTurn, budget: int
) -> list[ChatTurn]:
    text = last.content

    def with_tail(n: int) -> list[ChatTurn]:
        tail = text[len(text) - n :] if n else ""
        return [*system, ChatTurn(last.role, ELLIPSIS + tail)]

    keep = _largest(len(text), lambda n: model.count_prompt_tokens(with_tail(n)) <= budget)
    if keep is not None:
        return with_tail(keep)
    if system:
        return _shrink_system(model, system[0], [ChatTurn(last.role, ELLIPSIS)], budget)
    return [ChatTurn(last.role, ELLIPSIS)]


def _shrink_system(
    model: ChatModel, system: ChatTurn, rest: list[ChatTurn], budget: int
) -> list[ChatTurn]:
    text = system.content

    def with_head(n: int) -> list[ChatTurn]:
        return [ChatTurn(system.role, text[:n] + ELLIPSIS), *rest]

    keep = _largest(len(text), lambda n: model.count_prompt_tokens(with_head(n)) <= budget)
    if keep is not None:
        return with_head(keep)
    return rest or [ChatTurn(system.role, ELLIPSIS)]  # nothing fits: the smallest prompt left


def _smallest(limit: int, fits: Callable[[int], bool]) -> int | None:
    """Smallest k in [1, limit] with fits(k), for a predicate that turns true and stays true."""
    if limit < 1 or not fits(limit):
        return None
    low, high = 1, limit
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _largest(limit: int, fits: Callable[[int], bool]) -> int | None:
    """Largest n in [0, limit] with fits(n), for a predicate that turns false and stays false."""
    if not fits(0):
        return None
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low
