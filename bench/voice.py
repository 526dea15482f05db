"""Voice: our transcription vs. a plain faster-whisper call on the same model, in the same run.

1. Overhead: `engine.speech` transcribing jfk.wav (11 s, English, tiny.en) against
   `WhisperModel.transcribe(path, language="en", beam_size=5, vad_filter=True)` with every
   segment consumed, on the very same loaded model. Ours decodes the file itself (to check it
   is complete and to cancel), runs Whisper on a helper thread and builds frozen values.
   Goal: ours/theirs <= 1.05.
2. Real-time factor (seconds of work per second of audio) of ours: tiny.en on jfk.wav, and the
   multilingual base with language detection on jfk.wav and on the AISHELL Mandarin clip.
3. End of speech to text: a 5-second spoken question, as the microphone hands it over (float32
   samples), until its text is back. Goal with tiny.en: <= 1 s on 2 cores. Also shown for the
   default settings (language detected, so the base model).

Models are loaded (and base joined into a scratch data folder) before any timing, and each
side transcribes once to warm up; then ROUNDS interleaved runs per side, the fastest counting,
which damps noise from other programs on a shared machine. CPU seconds (this process, all
threads) are printed beside the wall clock: on a busy machine they show what the work costs.

Run: `python -m bench.voice` (2-4 minutes on 2 cores shared with other work).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.config import Settings
from engine.speech import assembly
from engine.speech.audio import SAMPLE_RATE, decode_file
from engine.speech.loader import WhisperModels
from engine.speech.service import SpeechService

AUDIO = Path(__file__).resolve().parents[2] / "shared" / "data" / "audio"
ENGLISH, MANDARIN = AUDIO / "jfk.wav", AUDIO / "aishell-BAC009S0724W0121.wav"
QUESTION_S = 5.0
ROUNDS = 5
GOAL_OVERHEAD, GOAL_LATENCY_S = 1.05, 1.0


def fastest(run: Callable[[], Any], rounds: int = ROUNDS) -> float:
    """The shortest of `rounds` timed runs, in wall-clock seconds."""
    return min(timed(run)[0] for _ in range(rounds))


def timed(run: Callable[[], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process, all threads) of one run."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - cpu


def interleaved(
    ours: Callable[[], Any], theirs: Callable[[], Any]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Both sides in turn, ROUNDS times: (fastest wall, least CPU) of each."""
    mine, plain = [], []
    for _ in range(ROUNDS):
        mine.append(timed(ours))
        plain.append(timed(theirs))
    return (
        (min(w for w, _ in mine), min(c for _, c in mine)),
        (min(w for w, _ in plain), min(c for _, c in plain)),
    )


def plain_call(whisper: Any, path: Path, language: str | None) -> str:
    """faster-whisper as its README shows it, every segment consumed."""
    segments, _ = whisper.transcribe(str(path), language=language, beam_size=5, vad_filter=True)
    return " ".join(segment.text.strip() for segment in segments)


def timed_load(models: WhisperModels, speech: SpeechService, language: str) -> float:
    start = time.perf_counter()
    models.get(speech.model_for(language))
    return time.perf_counter() - start


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "MISSED"


def overhead(models: WhisperModels, speech: SpeechService) -> list[tuple[str, ...]]:
    """Part 1: ours vs. the plain call on the same tiny.en, same file."""
    whisper = models.get(speech.model_for("en"))
    ours_text = speech.transcribe_file(ENGLISH, language="en").text
    plain_text = plain_call(whisper, ENGLISH, "en")
    (mine, mine_cpu), (theirs, theirs_cpu) = interleaved(
        lambda: speech.transcribe_file(ENGLISH, language="en"),
        lambda: plain_call(whisper, ENGLISH, "en"),
    )
    same = "same text" if ours_text == plain_text else "texts differ"
    return [
        ("jfk.wav, tiny.en", "ours", "faster-whisper", "ours/theirs", "goal"),
        ("seconds", f"{mine:.3f}", f"{theirs:.3f}", f"{mine / theirs:.3f}",
         f"<= {GOAL_OVERHEAD} {verdict(mine / theirs, GOAL_OVERHEAD)}"),
        ("CPU seconds", f"{mine_cpu:.3f}", f"{theirs_cpu:.3f}", f"{mine_cpu / theirs_cpu:.3f}",
         ""),
        ("real-time factor", f"{mine / 11.0:.3f}", f"{theirs / 11.0:.3f}", same, ""),
    ]


def real_time(speech: SpeechService) -> list[tuple[str, ...]]:
    """Part 2: seconds of work per second of audio."""
    rows: list[tuple[str, ...]] = [("real-time factor (ours)", "audio s", "seconds", "RTF")]
    for label, path, language in (
        ("tiny.en, English", ENGLISH, "en"),
        ("base, detect, English", ENGLISH, ""),
        ("base, detect, Mandarin", MANDARIN, ""),
    ):
        length = len(decode_file(path)) / SAMPLE_RATE
        seconds = fastest(lambda p=path, lang=language: speech.transcribe_file(p, language=lang), 2)
        rows.append((label, f"{length:.2f}", f"{seconds:.3f}", f"{seconds / length:.3f}"))
    return rows


def latency(speech: SpeechService) -> list[tuple[str, ...]]:
    """Part 3: a 5-second question handed over as samples, until its text is back."""
    question = decode_file(ENGLISH)[: int(QUESTION_S * SAMPLE_RATE)]
    rows: list[tuple[str, ...]] = [
        ("5 s question to text", "median s", "fastest s", "CPU s", "goal")
    ]
    for label, language, goal in (("tiny.en (English)", "en", True), ("base (detect)", "", False)):
        speech.transcribe_pcm(question, language=language)  # warm-up
        runs = [
            timed(lambda lang=language: speech.transcribe_pcm(question, language=lang))
            for _ in range(ROUNDS)
        ]
        times, cpu = [w for w, _ in runs], [c for _, c in runs]
        median = statistics.median(times)
        target = f"<= {GOAL_LATENCY_S} {verdict(median, GOAL_LATENCY_S)}" if goal else ""
        cells = (f"{median:.3f}", f"{min(times):.3f}", f"{statistics.median(cpu):.3f}")
        rows.append((label, *cells, target))
    return rows


def main() -> None:
    """Run the three parts in a scratch data folder (the joined base model is 145 MB)."""
    if os.environ.get("LANTHORN_HOME"):
        run()
        return
    with tempfile.TemporaryDirectory(prefix="lanthorn-bench-") as home:
        os.environ["LANTHORN_HOME"] = home
        try:
            run()
        finally:
            del os.environ["LANTHORN_HOME"]


def run() -> None:
    models = WhisperModels()
    settings = Settings()
    speech = SpeechService(lambda: settings, models)
    start = time.perf_counter()
    assembly.ensure_base()
    joined = time.perf_counter() - start
    loads = [timed_load(models, speech, language) for language in ("en", "")]
    busy = os.getloadavg()[0]
    print(f"cores: {os.cpu_count()}, load average {busy:.1f}; base joined in {joined:.2f} s; "
          f"loaded tiny.en in {loads[0]:.2f} s, base in {loads[1]:.2f} s\n")
    for part in (overhead(models, speech), real_time(speech), latency(speech)):
        print(table(part) + "\n", flush=True)
    models.close()


if __name__ == "__main__":
    main()
