"""Model downloads and remote answers: ours vs. the plain way, same server, same run.

1. Download throughput: our verified, resumable download (HEAD for the advertised hash, a
   Range-capable GET, SHA-256 while writing, fsync, rename) of a 320 MB file of random bytes
   vs. a plain streaming copy of the same bytes with httpx into a file (the goal's baseline),
   all from one loopback file server running in a process of its own, as a real server would.
   Goal: ratio (ours / plain httpx copy) >= 0.95. Also shown: a plain copy with `requests`,
   the transport ours uses, so the cost of our checks on the same transport is in view too.
2. Remote streaming: tokens/s of our `RemoteChatModel.stream` vs. the raw `openai` client
   streaming the same prompt from llama-cpp-python's server running the starter model
   (greedy, seeded, so both get the same tokens). Goal: ratio >= 0.97.

Each part starts with a warm-up round that is not counted (pages the file or the weights in),
then `ROUNDS` rounds in which every side runs once, in an order that rotates from round to
round. Figures are medians, with the spread of the per-round ratios, so a burst of load from
other programs on a shared machine moves one round, not the result. Run: `python -m
bench.models [download|remote]` (about two minutes on 2 idle cores).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import requests

from engine.bundled import starter_chat_model
from engine.config import SamplingSettings
from engine.llm.base import ChatTurn
from engine.llm.remote import RemoteEndpoint, connect_remote, open_client
from engine.models.download import Downloader
from engine.types import CatalogEntry, CatalogFile, CatalogKind
from tests.integration.models.llama_server import KEY, start_server

ROUNDS = 7
GOAL_DOWNLOAD, GOAL_REMOTE = 0.95, 0.97
DOWNLOAD_BYTES = 320 * 1024 * 1024
PROMPT = "Write a long story about a dragon who learns to bake bread."
SAMPLING = SamplingSettings(temperature=0.0, max_tokens=128, seed=1234)
ROOT = Path(__file__).resolve().parents[1]


def rounds(sides: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """One uncounted warm-up run of every side, then `ROUNDS` rotating rounds."""
    names = list(sides)
    for name in names:
        sides[name]()
    results: dict[str, list[float]] = {name: [] for name in names}
    for index in range(ROUNDS):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(sides[name]())
    return results


def ratio_line(label: str, ours: list[float], other: list[float], goal: float | None) -> float:
    """Print median(ours) / median(other) with the spread of the per-round ratios."""
    ratio = statistics.median(ours) / statistics.median(other)
    each = [a / b for a, b in zip(ours, other, strict=True)]
    target = f" (goal >= {goal})" if goal is not None else ""
    print(f"{label}: {ratio:.3f}{target}; per round {min(each):.3f}-{max(each):.3f}",
          flush=True)
    return ratio


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} (range {min(values):.1f}-{max(values):.1f})"


# ------------------------------------------------------------ downloads


def random_file(path: Path, size: int) -> str:
    """Write `size` random bytes to `path`; returns their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for _ in range(size // (16 << 20)):
            block = os.urandom(16 << 20)
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


@contextmanager
def file_server(path: Path) -> Iterator[str]:
    """The loopback model server in its own process, serving `path`; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.models.model_server", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=20)


def plain_httpx(url: str, target: Path) -> float:
    started = time.perf_counter()
    with (
        httpx.Client(follow_redirects=True) as client,
        client.stream("GET", url) as response,
        target.open("wb") as out,
    ):
        for chunk in response.iter_bytes():
            out.write(chunk)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def plain_requests(url: str, target: Path) -> float:
    started = time.perf_counter()
    with (
        requests.Session() as session,
        session.get(url, stream=True) as response,
        target.open("wb") as out,
    ):
        for chunk in response.iter_content(1 << 20):
            out.write(chunk)
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def our_download(entry: CatalogEntry, folder: Path, sha256: str) -> float:
    started = time.perf_counter()
    done = Downloader(folder).download(entry)
    elapsed = time.perf_counter() - started
    assert done.sha256 == (sha256,), "the bench's download came out wrong"
    shutil.rmtree(folder / entry.name)
    return elapsed


def bench_download(scratch: Path) -> float:
    served = scratch / "served" / "random.gguf"
    served.parent.mkdir()
    sha256 = random_file(served, DOWNLOAD_BYTES)
    with file_server(served) as base:
        url = f"{base}/resolve/{served.name}"
        entry = CatalogEntry(
            name="random", kind=CatalogKind.CHAT, title="random", license="none",
            languages=("en",),
            files=(CatalogFile(path=served.name, url=url, size=DOWNLOAD_BYTES),),
        )
        cdn = f"{base}/cdn/{served.name}"
        seconds = rounds({
            "ours": lambda: our_download(entry, scratch, sha256),
            "httpx": lambda: plain_httpx(cdn, scratch / "plain.bin"),
            "requests": lambda: plain_requests(cdn, scratch / "plain.bin"),
        })
    rate = {name: [DOWNLOAD_BYTES / 1e6 / s for s in values] for name, values in seconds.items()}
    print(f"download {DOWNLOAD_BYTES / 1e6:.0f} MB, MB/s: ours {spread(rate['ours'])}, "
          f"plain httpx copy {spread(rate['httpx'])}, "
          f"plain requests copy {spread(rate['requests'])}")
    ratio_line("download ratio (ours / plain requests copy, same transport)", rate["ours"],
               rate["requests"], None)
    return ratio_line("download throughput ratio (ours / plain httpx copy)", rate["ours"],
                      rate["httpx"], GOAL_DOWNLOAD)


# ------------------------------------------------------------ remote


def our_stream(endpoint: RemoteEndpoint) -> float:
    model = connect_remote(endpoint)
    try:
        started = time.perf_counter()
        pieces = sum(1 for d in model.stream([ChatTurn("user", PROMPT)], SAMPLING) if d.text)
        return pieces / (time.perf_counter() - started)
    finally:
        model.close()


def raw_stream(endpoint: RemoteEndpoint) -> float:
    client = open_client(endpoint)
    try:
        started = time.perf_counter()
        stream = client.chat.completions.create(
            model=endpoint.model, messages=[{"role": "user", "content": PROMPT}], stream=True,
            temperature=SAMPLING.temperature, top_p=SAMPLING.top_p,
            max_tokens=SAMPLING.max_tokens, seed=SAMPLING.seed,
        )
        pieces = sum(1 for c in stream if c.choices and c.choices[0].delta.content)
        return pieces / (time.perf_counter() - started)
    finally:
        client.close()


def bench_remote(scratch: Path) -> float:
    process, url = start_server(starter_chat_model(), scratch / "server.log")
    try:
        endpoint = RemoteEndpoint(base_url=url, model="smollm2", api_key=KEY)
        speeds = rounds({"ours": lambda: our_stream(endpoint),
                         "raw": lambda: raw_stream(endpoint)})
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(f"remote streaming, tokens/s: ours {spread(speeds['ours'])}, "
          f"raw openai {spread(speeds['raw'])}")
    return ratio_line("remote tokens/s ratio (ours / raw openai)", speeds["ours"],
                      speeds["raw"], GOAL_REMOTE)


def main() -> None:
    parts = sys.argv[1:] or ["download", "remote"]
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="lanthorn-bench-models-") as folder:
        scratch = Path(folder)
        if "download" in parts:
            bench_download(scratch)
        if "remote" in parts:
            bench_remote(scratch)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
