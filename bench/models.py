"""Model downloads and remote answers: ours vs. the plain way, same server, same run.

1. Download throughput: our verified, resumable download of the starter GGUF (98 MB) from a
   loopback server (HEAD for the advertised hash, Range-capable GET, SHA-256 while writing,
   fsync, rename) vs. a plain streaming copy of the same bytes with httpx into a file.
   Goal: ratio (ours / plain) >= 0.95.
2. Remote streaming: tokens/s of our `RemoteChatModel.stream` vs. the raw `openai` client
   streaming the same prompt from llama-cpp-python's server running the starter model
   (greedy, seeded, so both get the same tokens). Goal: ratio >= 0.97.

Sides alternate and each takes the best of `ROUNDS` runs, which damps noise from other programs
on a shared machine. Run: `python -m bench.models` (about a minute on 2 cores).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import httpx

from engine.bundled import starter_chat_model
from engine.config import SamplingSettings
from engine.llm.base import ChatTurn
from engine.llm.remote import RemoteEndpoint, connect_remote, open_client
from engine.models.download import Downloader
from engine.types import CatalogEntry, CatalogFile, CatalogKind
from tests.integration.models.llama_server import KEY, start_server
from tests.integration.models.model_server import ModelServer

ROUNDS = 3
GOAL_DOWNLOAD, GOAL_REMOTE = 0.95, 0.97
PROMPT = "Write a long story about a dragon who learns to bake bread."
SAMPLING = SamplingSettings(temperature=0.0, max_tokens=64, seed=1234)


def plain_copy(url: str, target: Path) -> float:
    started = time.perf_counter()
    with (
        httpx.Client(follow_redirects=True) as client,
        client.stream("GET", url) as response,
        target.open("wb") as out,
    ):
        for chunk in response.iter_bytes():
            out.write(chunk)
    return time.perf_counter() - started


def our_download(entry: CatalogEntry, folder: Path) -> float:
    started = time.perf_counter()
    Downloader(folder).download(entry)
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder / entry.name)
    return elapsed


def bench_download(scratch: Path) -> float:
    model = starter_chat_model()
    size = model.stat().st_size
    with ModelServer() as server:
        url = server.add("starter.gguf", model)
        entry = CatalogEntry(
            name="starter", kind=CatalogKind.CHAT, title="starter", license="Apache-2.0",
            languages=("en",), files=(CatalogFile(path="starter.gguf", url=url, size=size),),
        )
        cdn = f"{server.url}/cdn/starter.gguf"
        ours, plain = [], []
        for _ in range(ROUNDS):
            plain.append(plain_copy(cdn, scratch / "plain.gguf"))
            ours.append(our_download(entry, scratch))
    best_ours, best_plain = min(ours), min(plain)
    print(f"download {size / 1e6:.0f} MB: ours {size / best_ours / 1e6:.0f} MB/s, "
          f"plain copy {size / best_plain / 1e6:.0f} MB/s")
    return best_plain / best_ours


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
        our_stream(endpoint)  # warm-up: page the weights in on the server
        ours, raw = [], []
        for _ in range(ROUNDS):
            raw.append(raw_stream(endpoint))
            ours.append(our_stream(endpoint))
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(f"remote streaming: ours {max(ours):.1f} tokens/s, raw openai {max(raw):.1f} tokens/s")
    return max(ours) / max(raw)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lanthorn-bench-models-") as folder:
        scratch = Path(folder)
        download = bench_download(scratch)
        remote = bench_remote(scratch)
    print(f"download throughput ratio (ours / plain copy): {download:.3f} "
          f"(goal >= {GOAL_DOWNLOAD})")
    print(f"remote tokens/s ratio (ours / raw openai): {remote:.3f} (goal >= {GOAL_REMOTE})")


if __name__ == "__main__":
    main()
