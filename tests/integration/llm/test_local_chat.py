"""The real SmolLM2 starter model through `ChatModel.stream`."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator, Sequence
from multiprocessing.synchronize import Event

import pytest

from engine.cancel import CancelToken
from engine.chat.context_window import fit_turns
from engine.config import DEFAULT_SYSTEM_PROMPT, SamplingSettings
from engine.errors import GenerationError
from engine.llm.base import ChatTurn
from engine.llm.decoding import TextAssembler
from engine.llm.local import LlamaChatModel
from engine.llm.threads import MIN_WINDOW_S
from engine.types import AnswerDelta

from .conftest import CONTEXT

QUESTION = "What is the capital of France?"
GREEDY = SamplingSettings(temperature=0.0, max_tokens=48)
WORDS = (
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "while",
    "the",
    "cat",
    "sleeps",
    "by",
    "the",
    "fire",
)


def ask(question: str, system: str = DEFAULT_SYSTEM_PROMPT) -> list[ChatTurn]:
    return [ChatTurn("system", system), ChatTurn("user", question)]


def collect(deltas: Iterator[AnswerDelta]) -> tuple[str, AnswerDelta, int]:
    texts, final = [], None
    for delta in deltas:
        if delta.done:
            final = delta
        else:
            texts.append(delta.text)
    assert final is not None, "the stream must end with a done delta"
    return "".join(texts), final, len(texts)


def note(i: int, n_words: int = 40) -> str:
    return f"Note {i}: " + " ".join(WORDS[(i + j) % len(WORDS)] for j in range(n_words))


def test_streams_the_answer_in_pieces(chat_model: LlamaChatModel) -> None:
    text, final, pieces = collect(chat_model.stream(ask(QUESTION), GREEDY))
    assert "Paris" in text
    assert pieces > 3
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.prompt_tokens == chat_model.count_prompt_tokens(ask(QUESTION))
    assert 0 < final.usage.completion_tokens <= GREEDY.max_tokens


def test_default_sampling_says_paris_for_most_seeds(chat_model: LlamaChatModel) -> None:
    answers = [
        collect(chat_model.stream(ask(QUESTION), SamplingSettings(seed=seed)))[0]
        for seed in range(6)
    ]
    assert sum("Paris" in answer for answer in answers) >= 5, answers


def test_same_seed_same_answer(chat_model: LlamaChatModel) -> None:
    sampling = SamplingSettings(seed=42, max_tokens=24)
    first = collect(chat_model.stream(ask("Name three colours."), sampling))[0]
    second = collect(chat_model.stream(ask("Name three colours."), sampling))[0]
    assert first == second


def test_max_tokens_ends_with_length(chat_model: LlamaChatModel) -> None:
    sampling = SamplingSettings(temperature=0.0, max_tokens=5)
    _, final, _ = collect(chat_model.stream(ask("Tell me a long story about a dragon."), sampling))
    assert final.finish_reason == "length"
    assert final.usage is not None
    assert final.usage.completion_tokens == 5


def test_cancel_stops_within_a_few_tokens(chat_model: LlamaChatModel) -> None:
    cancel = CancelToken()
    sampling = SamplingSettings(seed=7, max_tokens=300)
    pieces = 0
    final = None
    for delta in chat_model.stream(ask("Tell me a long story about a dragon."), sampling, cancel):
        if delta.done:
            final = delta
            break
        pieces += 1
        if pieces == 3:
            cancel.cancel()
    assert final is not None
    assert final.finish_reason == "cancelled"
    assert pieces <= 5
    assert final.usage is not None
    assert final.usage.completion_tokens <= 5


def test_cancel_before_start_evaluates_nothing_new(chat_model: LlamaChatModel) -> None:
    cancel = CancelToken()
    cancel.cancel()
    history = ask(note(999, 300))
    _, final, pieces = collect(chat_model.stream(history, GREEDY, cancel))
    assert final.finish_reason == "cancelled"
    assert pieces == 0


def test_multibyte_characters_split_by_the_tokenizer_stream_whole(
    chat_model: LlamaChatModel,
) -> None:
    text = "Grüße 你好世界 🙂🚀"
    tokens = chat_model._llm.tokenize(text.encode(), add_bos=False, special=False)
    pieces = [chat_model._piece(token) for token in tokens]
    broken = [p for p in pieces if not _is_utf8(p)]
    assert broken, "this vocabulary splits some characters across tokens"
    assembler = TextAssembler()
    out = [assembler.feed(piece) for piece in pieces] + [assembler.finish()]
    assert "".join(out) == text
    assert not any("\ufffd" in part for part in out)


def test_streamed_chinese_answer_has_no_broken_characters(chat_model: LlamaChatModel) -> None:
    turns = [ChatTurn("user", "Say hello in Chinese characters.")]
    for seed in range(1, 6):  # the tiny model sometimes answers in pinyin only
        sampling = SamplingSettings(seed=seed, max_tokens=30)
        pieces = [d.text for d in chat_model.stream(turns, sampling) if d.text]
        text = "".join(pieces)
        if any(ord(char) > 0x2E80 for char in text):  # CJK came through
            break
    assert any(ord(char) > 0x2E80 for char in text), text
    assert not any("\ufffd" in piece for piece in pieces)


def test_token_counts(chat_model: LlamaChatModel) -> None:
    assert chat_model.count_tokens("") == 0
    assert 1 <= chat_model.count_tokens("Hello world") <= 4
    turns = ask("Hello world")
    assert chat_model.count_prompt_tokens(turns) > sum(
        chat_model.count_tokens(t.content) for t in turns
    )
    assert chat_model.context_size == CONTEXT


def test_one_stream_at_a_time(chat_model: LlamaChatModel) -> None:
    first = chat_model.stream(ask(QUESTION), GREEDY)
    next(first)
    with pytest.raises(GenerationError, match="another answer"):
        next(chat_model.stream(ask(QUESTION), GREEDY))
    first.close()  # abandoning a stream frees the model for the next one
    assert collect(chat_model.stream(ask(QUESTION), GREEDY))[0]


def test_sharing_cores_halves_the_threads_mid_answer_and_restores_them(
    chat_model: LlamaChatModel,
) -> None:
    import llama_cpp

    ctx = chat_model._llm.ctx  # the live llama.cpp context: what llama_decode reads

    def threads() -> tuple[int, int]:
        return llama_cpp.llama_n_threads(ctx), llama_cpp.llama_n_threads_batch(ctx)

    answer = chat_model.stream(ask(QUESTION), GREEDY)
    first = next(answer).text
    fitted = chat_model.threads  # fitted to the machine's load when the answer began
    assert threads() == (fitted, fitted)
    chat_model.share_cores(True)  # indexing starts while the answer is being written
    assert threads() == (max(1, fitted // 2),) * 2
    rest = collect(answer)[0]
    chat_model.share_cores(False)
    assert threads() == (fitted, fitted)
    assert "Paris" in first + rest  # the answer went on, on one thread


def _spin(started: Event, seconds: float) -> None:
    started.set()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_reply_leaves_the_core_another_program_keeps_busy(chat_model: LlamaChatModel) -> None:
    import llama_cpp

    context = multiprocessing.get_context("spawn")
    started = context.Event()
    spinner = context.Process(target=_spin, args=(started, 30.0))
    spinner.start()
    try:
        assert started.wait(30)
        time.sleep(2 * MIN_WINDOW_S)  # the load meter needs a window to see the spinner in
        text = collect(chat_model.stream(ask(QUESTION), GREEDY))[0]
        assert chat_model.threads == 1 == llama_cpp.llama_n_threads(chat_model._llm.ctx)
        assert "Paris" in text
    finally:
        spinner.kill()
        spinner.join()


@pytest.mark.slow
def test_two_hundred_turns_never_overflow(chat_model: LlamaChatModel) -> None:
    history = [ChatTurn("system", DEFAULT_SYSTEM_PROMPT)]
    for i in range(100):
        history += [ChatTurn("user", note(i)), ChatTurn("assistant", f"Noted {i}.")]
    assert chat_model.count_prompt_tokens(history) > 3 * CONTEXT
    sampling = SamplingSettings(seed=1, max_tokens=8)
    for turn in range(2):
        history.append(ChatTurn("user", f"What did note {90 + turn} say?"))
        fitted = fit_turns(chat_model, history, sampling.max_tokens)
        assert fitted[0].role == "system"
        assert fitted[-1] == history[-1]
        text, final, _ = collect(chat_model.stream(fitted, sampling))
        assert final.usage is not None
        assert final.usage.prompt_tokens + final.usage.completion_tokens <= CONTEXT
        if turn:  # turns are dropped in blocks, so the follow-up still shares the prefix
            assert final.usage.cached_tokens > 0.9 * final.usage.prompt_tokens
        history.append(ChatTurn("assistant", text))
    # Given the whole history, stream trims it itself rather than overflowing.
    history.append(ChatTurn("user", "And the last note?"))
    _, final, _ = collect(chat_model.stream(history, sampling))
    assert final.usage is not None
    assert final.usage.prompt_tokens + final.usage.completion_tokens <= CONTEXT
    assert final.usage.cached_tokens > 0.9 * final.usage.prompt_tokens


@pytest.mark.serial
@pytest.mark.slow
def test_follow_up_reuses_the_cached_prefix(chat_model: LlamaChatModel) -> None:
    history = [ChatTurn("system", "You keep notes for the user. Session 7731.")]
    i = 0
    while chat_model.count_prompt_tokens(history) < 1500:
        history += [ChatTurn("user", note(i, 60)), ChatTurn("assistant", f"Noted {i}.")]
        i += 1
    history.append(ChatTurn("user", "Summarize note 3 in one sentence."))
    sampling = SamplingSettings(seed=1, max_tokens=16)

    first_ttft, first = _timed(chat_model, history, sampling)
    assert first.usage is not None
    assert first.usage.prompt_tokens >= 1500
    assert first.usage.cached_tokens < 50  # only what an earlier test left in the cache

    follow_up = [*history, ChatTurn("assistant", first.text), ChatTurn("user", "And note 4?")]
    second_ttft, second = _timed(chat_model, follow_up, sampling)
    assert second.usage is not None
    new_tokens = second.usage.prompt_tokens - second.usage.cached_tokens
    assert second.usage.cached_tokens >= first.usage.prompt_tokens - 5
    assert new_tokens < 0.05 * second.usage.prompt_tokens
    assert second_ttft < 0.35 * first_ttft, (first_ttft, second_ttft)


def _timed(
    model: LlamaChatModel, turns: Sequence[ChatTurn], sampling: SamplingSettings
) -> tuple[float, AnswerDelta]:
    """Time to the first delta, and the final delta carrying the whole text for convenience."""
    start = time.perf_counter()
    first_at, texts, final = None, [], None
    for delta in model.stream(turns, sampling):
        first_at = first_at or time.perf_counter() - start
        if delta.done:
            final = delta
        else:
            texts.append(delta.text)
    assert first_at is not None and final is not None
    return first_at, AnswerDelta(text="".join(texts), done=True, usage=final.usage)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
