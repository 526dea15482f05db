"""A stop aborts llama.cpp's decode mid-batch, and the next answer is the same as before (real).

Issue 14 measured a token of 2.6 s on a loaded machine, and a stop was only checked between
tokens. Here one decode is made long on purpose: a 1,500-token prompt evaluated in one call on
one thread (`share_cores`), so a stop that waited for the decode to end would take seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from engine.cancel import CancelToken
from engine.config import DEFAULT_SYSTEM_PROMPT, SamplingSettings
from engine.llm.base import ChatTurn
from engine.llm.local import LlamaChatModel
from engine.types import AnswerDelta

GREEDY = SamplingSettings(temperature=0.0, max_tokens=12)
QUESTION = [ChatTurn("system", DEFAULT_SYSTEM_PROMPT), ChatTurn("user", "What is 2 + 2?")]
STOP_AFTER_S = 0.3


def stopped(
    deltas: Iterator[AnswerDelta], cancel: CancelToken, after_text: bool
) -> tuple[AnswerDelta, float]:
    """Stop `STOP_AFTER_S` after the start (or the first text); the final delta and the delay."""
    pressed: list[float] = []

    def press() -> None:
        pressed.append(time.monotonic())
        cancel.cancel()

    timer = threading.Timer(STOP_AFTER_S, press)
    if not after_text:
        timer.start()
    final = None
    for delta in deltas:
        if delta.text and not timer.is_alive() and not pressed:
            timer.start()
        final = delta
    assert pressed and final is not None and final.done
    return final, time.monotonic() - pressed[0]


def cached_positions(model: LlamaChatModel) -> int:
    """Positions the KV cache holds (llama.cpp's own count, not llama-cpp-python's)."""
    lib = model._lib
    return int(lib.llama_memory_seq_pos_max(lib.llama_get_memory(model._llm.ctx), 0)) + 1


@pytest.mark.serial
def test_a_stop_aborts_a_long_decode_within_a_second_and_the_next_answer_is_unchanged(
    chat_model: LlamaChatModel,
) -> None:
    chat_model.share_cores(True)  # one thread: the 1,500 tokens take seconds in one decode
    try:
        before = "".join(d.text for d in chat_model.stream(QUESTION, GREEDY))
        history = list(QUESTION[:1])
        while chat_model.count_prompt_tokens(history) < 1500:
            history.append(ChatTurn("user", " ".join(f"Note {len(history)}: bread dough." * 8)))
        cancel = CancelToken()
        final, delay = stopped(chat_model.stream(history, GREEDY, cancel), cancel, False)
        assert final.finish_reason == "cancelled" and delay < 1.0, delay
        counted = chat_model._llm.n_tokens
        assert counted < 1500  # stopped inside the prompt's one decode, which has ended:
        assert cached_positions(chat_model) == counted  # the cache holds what is counted

        story = [*QUESTION[:1], ChatTurn("user", "Tell me a long story about a dragon.")]
        cancel = CancelToken()
        final, delay = stopped(chat_model.stream(story, SamplingSettings(max_tokens=400), cancel),
                               cancel, True)
        assert final.finish_reason == "cancelled" and delay < 1.0, delay

        deltas = list(chat_model.stream(QUESTION, GREEDY))
    finally:
        chat_model.share_cores(False)
    assert "".join(d.text for d in deltas) == before
    usage = deltas[-1].usage
    assert usage is not None and usage.cached_tokens > 0  # the kept prefix was reused
