"""Stops within a second in every phase of an answer, and one prompt for ask and chat (real parts).

The real knowledge base (good.pdf: pypdf, MiniLM, FAISS, SQLite) and the real SmolLM2 model.
A stop is pressed from another thread while the phase's work runs (a tenth of a second after the
phase is announced), and timed until the final delta. On a busy 2-core machine one prompt
evaluation took 18.7 s (load 18): llama.cpp's abort callback now ends the decode that is running
when the stop comes (engine/llm/abort.py), in prompt evaluation and writing alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from engine.cancel import CancelToken
from engine.chat.model_slot import ModelSlot
from engine.chat.session import ChatSession
from engine.types import AnswerDelta, AnswerPhase, Role
from tests.integration.grounding.conftest import Grounded, settings

QUESTION = "What is the dimension of the question and passage vectors?"
STOP_AFTER_S = 0.1

pytestmark = pytest.mark.serial  # asserts a time: runs alone (Makefile)


@dataclass
class Stopped:
    """A stream stopped in a phase: its deltas, when each came (seconds after the stop), and
    how long the stop took to land."""

    deltas: list[AnswerDelta]
    latency: float
    arrivals: list[float]

    def timeline(self) -> str:
        """What came when, around the stop (for a failure message)."""
        return ", ".join(f"{t:+.2f} s {d.phase or repr(d.text[:12]) or 'done'}"
                         for t, d in zip(self.arrivals, self.deltas, strict=True) if t > -1)


def stop_in(phase: AnswerPhase, deltas: Iterator[AnswerDelta], cancel: CancelToken) -> Stopped:
    """Consume `deltas`; press stop `STOP_AFTER_S` after `phase` begins; time it to the end."""
    pressed: list[float] = []

    def press() -> None:
        pressed.append(time.monotonic())
        cancel.cancel()

    seen: list[AnswerDelta] = []
    times: list[float] = []
    timer = threading.Timer(STOP_AFTER_S, press)
    for delta in deltas:
        seen.append(delta)
        times.append(time.monotonic())
        if delta.phase is phase and not timer.is_alive() and not pressed:
            timer.start()
    ended = time.monotonic()
    timer.cancel()
    assert pressed, f"the answer ended before the stop in {phase}"
    return Stopped(seen, ended - pressed[0], [t - pressed[0] for t in times])


@pytest.mark.parametrize("phase", [AnswerPhase.SEARCHING, AnswerPhase.READING,
                                   AnswerPhase.WRITING])
def test_a_stop_lands_within_a_second_in_every_phase(
    grounded: Grounded, phase: AnswerPhase
) -> None:
    conversation = grounded.store.create()
    cancel = CancelToken()
    documents = phase is not AnswerPhase.WRITING  # writing: a short prompt, read quickly
    deltas = grounded.session.stream_reply(conversation.id, QUESTION, cancel,
                                           use_knowledge=documents)
    stopped = stop_in(phase, deltas, cancel)
    final = stopped.deltas[-1]
    assert final.done and final.finish_reason == "cancelled"
    assert stopped.latency < 1.0, (
        f"stopped {stopped.latency:.2f} s after the stop in {phase}: {stopped.timeline()}"
    )
    messages = grounded.session.list_messages(conversation.id)
    assert messages[0].role is Role.USER and messages[0].text == QUESTION
    if phase is AnswerPhase.WRITING:  # what was written stays
        text = "".join(d.text for d in stopped.deltas)
        assert [m.text for m in messages[1:]] == ([text] if text.strip() else [])


def test_a_stop_during_the_model_load_keeps_the_loaded_model(grounded: Grounded) -> None:
    slot = ModelSlot()
    session = ChatSession(grounded.store, slot, settings, db=grounded.db,
                          knowledge=lambda: grounded.kb)  # type: ignore[arg-type]
    try:
        cancel = CancelToken()
        stopped = stop_in(AnswerPhase.LOADING_MODEL, session.stream_answer(QUESTION, cancel),
                          cancel)
        assert stopped.deltas[-1].finish_reason == "cancelled"
        assert AnswerPhase.READING not in [d.phase for d in stopped.deltas]
        assert slot.loaded is not None  # the load is not wasted: the next answer starts reading
        again = CancelToken()
        phases = []
        for delta in session.stream_answer(QUESTION, again):
            phases.append(delta.phase)
            if delta.phase is AnswerPhase.READING:
                again.cancel()
        assert AnswerPhase.LOADING_MODEL not in phases and AnswerPhase.READING in phases
    finally:
        slot.close()


def test_the_first_turn_of_a_conversation_reads_exactly_the_one_shot_prompt(
    grounded: Grounded,
) -> None:
    """Measured in issue 14: chat echoed the question where ask answered; one prompt for both."""
    def prompt_of(deltas: Iterator[AnswerDelta], cancel: CancelToken) -> str:
        for delta in deltas:
            if delta.phase is AnswerPhase.READING:
                cancel.cancel()  # the prompt is rendered; reading it is not needed here
        turns = grounded.model.prompts[-1]
        return grounded.model.inner.chat_format.render(turns)  # type: ignore[attr-defined,no-any-return]

    one_shot = CancelToken()
    asked = prompt_of(grounded.session.stream_answer(QUESTION, one_shot), one_shot)
    in_chat = CancelToken()
    conversation = grounded.store.create()
    chatted = prompt_of(grounded.session.stream_reply(conversation.id, QUESTION, in_chat),
                        in_chat)
    assert chatted == asked
    assert "[1]" in asked and asked.count(QUESTION) == 1


def test_phases_and_speed_of_a_real_answer(grounded: Grounded) -> None:
    cancel = CancelToken()
    deltas, speeds = [], []
    for delta in grounded.session.stream_answer(QUESTION, cancel):
        deltas.append(delta)
        if delta.tokens_per_s is not None:
            speeds.append(delta.tokens_per_s)
        if len(speeds) >= 4:
            cancel.cancel()  # four measured speeds are enough
    phases = [d.phase for d in deltas if d.phase is not None]
    assert phases == [AnswerPhase.SEARCHING, AnswerPhase.READING, AnswerPhase.WRITING]
    reading = next(d for d in deltas if d.phase is AnswerPhase.READING)
    assert reading.passages >= 1
    usage = deltas[-1].usage
    assert usage is not None and usage.completion_tokens >= len(speeds) + 1
    assert speeds and all(0.1 < s < 5000 for s in speeds)  # never "0.0 tokens/s"


