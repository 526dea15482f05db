"""Chat generation: our `ChatModel.stream` vs. raw llama-cpp-python, same model, same run.

1. Same model, prompt, context, threads, attention kernel (flash attention on the CPU) and
   sampling (seeded, so both write the same tokens):
   ours vs. `Llama.create_chat_completion(stream=True)`. Goal: tokens/s ratio >= 0.97.
2. A ~1,500-token history, then a follow-up turn: the follow-up's time to first token as a
   fraction of the first turn's (KV-cache reuse of the shared prefix). Goal: <= 0.05.
3. Out of the box: ours with machine-fit defaults vs. the library with its own defaults
   (n_ctx 512, n_threads = logical cores / 2, repeat penalty 1.0).
4. A busy core: another process spins on one core the whole time. Ours (threads = all cores,
   fitted to the load when the reply starts) vs. raw llama-cpp-python at its best thread count
   for that load (each count tried). Goal: tokens/s ratio >= 0.9. On a machine other programs
   already keep busy, the figures are those of that load plus one spinning core.

Every prompt starts with a fresh nonce, so no run profits from an earlier run's cache. Each
side gets one warm-up generation first (page the weights in); part 1 takes the faster of two
interleaved runs per side, which damps noise from other programs. Two copies of the model are
in memory at once.

Run: `python -m bench.chat [--model PATH] [--threads N] [--busy-only]` (about two minutes on 2
cores).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.bundled import starter_chat_model
from engine.config import ModelSettings, SamplingSettings
from engine.llm import load_chat_model
from engine.llm.base import ChatModel, ChatTurn
from engine.llm.defaults import flash_attention
from engine.llm.local import LlamaChatModel

PROMPT = "Write a long story about a dragon who learns to bake bread."
SAMPLING = SamplingSettings(seed=1234, max_tokens=256)
CONTEXT = 2048
HISTORY_TOKENS = 1500
GOAL_SPEED, GOAL_FOLLOW_UP, GOAL_BUSY = 0.97, 0.05, 0.9
ROUNDS = 2  # the machine is shared: the faster of two interleaved runs per side counts
_WORDS = "the quick brown fox jumps over a lazy dog while the cat sleeps by the fire".split()  # noqa: SIM905


@dataclass(frozen=True)
class Run:
    """One timed generation."""

    ttft: float
    tokens: int
    decode_s: float
    text: str

    @property
    def tokens_per_s(self) -> float:
        """Generation speed after the first token."""
        return (self.tokens - 1) / self.decode_s if self.tokens > 1 and self.decode_s else 0.0


def timed(pieces: Iterable[str], count: int | None = None) -> Run:
    """Time a stream of text pieces: first piece, last piece, and how many came."""
    start = time.perf_counter()
    first = last = start
    texts: list[str] = []
    for piece in pieces:
        last = time.perf_counter()
        if not texts:
            first = last
        texts.append(piece)
    return Run(first - start, count or len(texts), last - first, "".join(texts))


def run_ours(model: ChatModel, turns: list[ChatTurn], sampling: SamplingSettings) -> Run:
    usage: list[int] = []

    def pieces() -> Iterator[str]:
        for delta in model.stream(turns, sampling):
            if delta.done and delta.usage:
                usage.append(delta.usage.completion_tokens)
            elif delta.text:
                yield delta.text

    run = timed(pieces())
    return Run(run.ttft, usage[0] if usage else run.tokens, run.decode_s, run.text)


def run_raw(llm: Any, turns: list[ChatTurn], **options: Any) -> Run:
    messages = [{"role": t.role, "content": t.content} for t in turns]

    def pieces() -> Iterator[str]:
        for chunk in llm.create_chat_completion(messages, stream=True, **options):
            text = chunk["choices"][0]["delta"].get("content")
            if text:
                yield text

    run = timed(pieces())
    # One chunk per token except where the library holds bytes back; count tokens instead.
    tokens = len(llm.tokenize(run.text.encode(), add_bos=False, special=False))
    return Run(run.ttft, tokens, run.decode_s, run.text)


def raw_options(sampling: SamplingSettings) -> dict[str, Any]:
    return {
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "top_k": sampling.top_k,
        "repeat_penalty": sampling.repeat_penalty,
        "max_tokens": sampling.max_tokens,
        "seed": sampling.seed,
    }


def chat(question: str) -> list[ChatTurn]:
    """A fresh conversation: the nonce keeps earlier runs' KV cache out of the timing."""
    return [
        ChatTurn("system", f"Session {uuid.uuid4().hex[:8]}. You are a helpful assistant."),
        ChatTurn("user", question),
    ]


def history(model: ChatModel, tokens: int) -> list[ChatTurn]:
    turns = chat("Keep these notes.")[:1]
    i = 0
    while model.count_prompt_tokens(turns) < tokens:
        words = " ".join(_WORDS[(i + j) % len(_WORDS)] for j in range(60))
        turns += [ChatTurn("user", f"Note {i}: {words}"), ChatTurn("assistant", f"Noted {i}.")]
        i += 1
    return [*turns, ChatTurn("user", "Summarize note 3 in one sentence.")]


def follow_up(turns: list[ChatTurn], answer: str) -> list[ChatTurn]:
    return [*turns, ChatTurn("assistant", answer), ChatTurn("user", "And note 4?")]


def open_raw(path: Path, **options: Any) -> Any:
    import llama_cpp

    return llama_cpp.Llama(str(path), verbose=False, **options)


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs else "n/a"


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def best_of(rounds: int, ours: ChatModel, raw: Any) -> tuple[Run, Run, bool]:
    """Interleaved rounds, each on a fresh prompt; the fastest of each side counts.

    Returns the two runs and whether both sides wrote the same text in every round.
    """
    mine: list[Run] = []
    theirs: list[Run] = []
    for _ in range(rounds):
        turns = chat(PROMPT)
        mine.append(run_ours(ours, turns, SAMPLING))
        theirs.append(run_raw(raw, turns, **raw_options(SAMPLING)))
    same = all(a.text == b.text for a, b in zip(mine, theirs, strict=True))
    fastest = max(mine, key=lambda r: r.tokens_per_s), max(theirs, key=lambda r: r.tokens_per_s)
    return *fastest, same


def warm_up(ours: ChatModel, raw: Any) -> None:
    run_ours(ours, chat("Hello!"), SamplingSettings(max_tokens=8))
    run_raw(raw, chat("Hello!"), max_tokens=8)


def same_settings(path: Path, threads: int) -> list[tuple[str, ...]]:
    """Parts 1 and 2: identical settings on both sides."""
    ours = load_chat_model(ModelSettings(path=str(path), context_size=CONTEXT, threads=threads))
    raw = open_raw(path, n_ctx=CONTEXT, n_threads=threads, n_threads_batch=threads,
                   flash_attn=flash_attention(0))
    try:
        warm_up(ours, raw)
        mine, theirs, identical = best_of(ROUNDS, ours, raw)
        long_turns = history(ours, HISTORY_TOKENS)
        size = ours.count_prompt_tokens(long_turns)
        short = SamplingSettings(seed=1, max_tokens=16)
        first = run_ours(ours, long_turns, short)
        again = run_ours(ours, follow_up(long_turns, first.text), short)
        first_raw = run_raw(raw, long_turns, **raw_options(short))
        again_raw = run_raw(raw, follow_up(long_turns, first_raw.text), **raw_options(short))
    finally:
        ours.close()
        raw.close()
    same = "same text" if identical else "texts differ"
    return [
        ("same settings", "ours", "llama-cpp-python", "ours/theirs", "goal"),
        (
            "tokens/s",
            f"{mine.tokens_per_s:.1f}",
            f"{theirs.tokens_per_s:.1f}",
            ratio(mine.tokens_per_s, theirs.tokens_per_s),
            f">= {GOAL_SPEED}",
        ),
        ("tokens generated", str(mine.tokens), str(theirs.tokens), same, ""),
        ("TTFT, short prompt (s)", *seconds(mine.ttft, theirs.ttft)),
        (f"TTFT, {size}-token history (s)", *seconds(first.ttft, first_raw.ttft)),
        ("TTFT, follow-up turn (s)", *seconds(again.ttft, again_raw.ttft)),
        (
            "follow-up / first TTFT",
            f"{again.ttft / first.ttft:.3f}",
            f"{again_raw.ttft / first_raw.ttft:.3f}",
            "",
            f"<= {GOAL_FOLLOW_UP}",
        ),
    ]


def out_of_the_box(path: Path) -> list[tuple[str, ...]]:
    """Part 3: each side as a user gets it without tuning anything."""
    ours = load_chat_model(ModelSettings(path=str(path)))
    raw = open_raw(path)
    try:
        warm_up(ours, raw)
        turns = chat(PROMPT)
        mine = run_ours(ours, turns, SAMPLING)
        theirs = run_raw(raw, turns, max_tokens=SAMPLING.max_tokens, seed=SAMPLING.seed)
        setup = (
            f"ctx {ours.context_size}, {defaults_threads()} threads",
            f"ctx {raw.n_ctx()}, {raw.n_threads} threads",
        )
    finally:
        ours.close()
        raw.close()
    return [
        ("defaults", "ours", "llama-cpp-python", "ours/theirs", ""),
        ("settings", *setup, "", ""),
        (
            "tokens/s",
            f"{mine.tokens_per_s:.1f}",
            f"{theirs.tokens_per_s:.1f}",
            ratio(mine.tokens_per_s, theirs.tokens_per_s),
            "",
        ),
        ("TTFT, short prompt (s)", *seconds(mine.ttft, theirs.ttft)),
    ]


def spin(seconds: float) -> None:
    """Keep one core busy for `seconds` (the other program of part 4)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def busy_core(path: Path) -> list[tuple[str, ...]]:
    """Part 4: one core kept busy by another process; raw at each thread count, best counts."""
    from engine.cores import usable_cores

    cores = usable_cores()
    ours = load_chat_model(ModelSettings(path=str(path), context_size=CONTEXT, threads=cores))
    raws = {n: open_raw(path, n_ctx=CONTEXT, n_threads=n, n_threads_batch=n,
                        flash_attn=flash_attention(0))
            for n in range(1, cores + 1)}
    spinner = multiprocessing.get_context("spawn").Process(target=spin, args=(600.0,))
    try:
        for raw in raws.values():
            warm_up(ours, raw)
        spinner.start()
        time.sleep(1.0)  # the spinner is running before any reply starts
        mine: list[Run] = []
        theirs: dict[int, list[Run]] = {n: [] for n in raws}
        for _ in range(ROUNDS):
            turns = chat(PROMPT)
            mine.append(run_ours(ours, turns, SAMPLING))
            for n, raw in raws.items():
                theirs[n].append(run_raw(raw, turns, **raw_options(SAMPLING)))
        chosen = ours.threads if isinstance(ours, LlamaChatModel) else cores
    finally:
        spinner.kill()
        ours.close()
        for raw in raws.values():
            raw.close()
    best_mine = max(r.tokens_per_s for r in mine)
    speeds = {n: max(r.tokens_per_s for r in runs) for n, runs in theirs.items()}
    best_n = max(speeds, key=lambda n: speeds[n])
    by_count = ", ".join(f"{n}: {speed:.1f}" for n, speed in speeds.items())
    return [
        ("one busy core", "ours", "llama-cpp-python (best)", "ours/theirs", "goal"),
        ("threads", f"{chosen} of {cores} (from the load)", f"{best_n} (tok/s by threads: "
         f"{by_count})", "", ""),
        ("tokens/s", f"{best_mine:.1f}", f"{speeds[best_n]:.1f}",
         ratio(best_mine, speeds[best_n]), f">= {GOAL_BUSY}"),
    ]


def seconds(ours: float, theirs: float) -> tuple[str, str, str, str]:
    return f"{ours:.3f}", f"{theirs:.3f}", ratio(ours, theirs), ""


def defaults_threads() -> int:
    from engine.cores import usable_cores

    return usable_cores()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.chat", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--model", type=Path, default=None, help="GGUF file (default: starter)")
    parser.add_argument("--threads", type=int, default=2, help="threads for parts 1 and 2")
    parser.add_argument("--busy-only", action="store_true", help="only part 4 (a busy core)")
    args = parser.parse_args(argv)
    path = args.model or starter_chat_model()
    if args.busy_only:
        print(table(busy_core(path)))
        return
    print(f"Chat bench: {path.name}, {args.threads} threads, {SAMPLING}")
    print(table(same_settings(path, args.threads)))
    print()
    print(table(out_of_the_box(path)))
    print()
    print(table(busy_core(path)))


if __name__ == "__main__":
    main()
