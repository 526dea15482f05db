"""Vector search latency of the knowledge index at 10k, 100k and 1M chunks.

Measures `VectorIndex.search` (what `KnowledgeBase.search` calls after embedding the query):
p50 and p99 over single queries, excluding the query embedding. Goal: p50 <= 20 ms at 100k.
Vectors are synthetic but shaped like sentence embeddings (384 dimensions, L2-normalized, most
variance in a few dozen directions), and queries are perturbed copies of stored vectors. At
each size the index is what the app would use (exact below `APPROXIMATE_FROM`, HNSW above);
exact search is also timed at every size, which is how the threshold was chosen, and HNSW's
recall@10 against exact search is printed so speed is not bought with wrong answers.

Building the 1M HNSW graph is the slow part (about 2 minutes on 2 idle cores, much longer on a
busy machine), so it is kept in a cache folder and reused by later runs with the same data and
settings; the build time printed is that of the run that built it.

Run: `python -m bench.search` (under a minute with the cached graph).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from engine.knowledge import vector_index
from engine.knowledge.vector_index import APPROXIMATE_FROM, VectorIndex

DIMENSION = 384
SIZES = (10_000, 100_000, 1_000_000)
TOP_K = 50
SEED = 7
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lanthorn-bench"


def _synthetic(n: int, rng: np.random.Generator, basis: np.ndarray) -> np.ndarray:
    out = np.empty((n, DIMENSION), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        latent = rng.standard_normal((m, basis.shape[0]), dtype=np.float32)
        x = latent @ basis + 0.15 * rng.standard_normal((m, DIMENSION), dtype=np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def _queries(data: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    picks = data[rng.integers(0, len(data), count)]
    q = picks + 0.05 * rng.standard_normal(picks.shape, dtype=np.float32)
    normalized: np.ndarray = (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)
    return normalized


def _build(folder: Path, data: np.ndarray, approximate_from: int) -> tuple[VectorIndex, float]:
    index = VectorIndex(folder / f"bench-{len(data)}-{approximate_from}.faiss", DIMENSION,
                        approximate_from=approximate_from)
    started = time.perf_counter()
    for start in range(0, len(data), 100_000):
        part = data[start : start + 100_000]
        index.add(np.arange(start, start + len(part), dtype=np.int64), part)
    return index, time.perf_counter() - started


def _latency(index: VectorIndex, queries: np.ndarray) -> tuple[float, float, list[list[int]]]:
    times, results = [], []
    index.search(queries[0], TOP_K)  # warm-up
    for q in queries:
        started = time.perf_counter()
        hits = index.search(q, TOP_K)
        times.append(time.perf_counter() - started)
        results.append([i for i, _ in hits[:10]])
    p50, p99 = np.percentile(np.array(times) * 1000, [50, 99])
    return float(p50), float(p99), results


def _recall(found: list[list[int]], truth: list[list[int]]) -> float:
    return float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)]))


def _cached_approximate(data: np.ndarray) -> tuple[VectorIndex, float]:
    """Our index over `data` past the threshold, from the cache when it was built before."""
    settings = (len(data), SEED, APPROXIMATE_FROM, vector_index.HNSW_NEIGHBOURS,
                vector_index.HNSW_EF_CONSTRUCTION)
    name = "hnsw-" + "-".join(str(v) for v in settings)
    CACHE.mkdir(parents=True, exist_ok=True)
    path, meta = CACHE / f"{name}.faiss", CACHE / f"{name}.json"
    if path.exists() and meta.exists():
        index = VectorIndex(path, DIMENSION, approximate_from=APPROXIMATE_FROM)
        if not index.repaired_from_scratch and len(index) == len(data):
            return index, float(json.loads(meta.read_text())["build_s"])
    index, built = _build(CACHE, data, APPROXIMATE_FROM)
    index.path = path
    index.save()
    meta.write_text(json.dumps({"build_s": built}))
    return index, built


def main() -> None:
    rng = np.random.default_rng(SEED)
    basis = rng.standard_normal((48, DIMENSION), dtype=np.float32)
    print(f"Vector search latency, one query, top {TOP_K}, {DIMENSION} dimensions "
          f"(exact below {APPROXIMATE_FROM:,} vectors, HNSW above)")
    print(f"{'chunks':>10}  {'index':<6} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'recall@10':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            data = _synthetic(size, rng, basis)
            queries = _queries(data, 200 if size < 1_000_000 else 100, rng)
            exact, built = _build(Path(tmp), data, approximate_from=size + 1)
            p50, p99, truth = _latency(exact, queries)
            print(f"{size:>10,}  {'exact':<6} {built:>8.1f} {p50:>8.2f} {p99:>8.2f} {'1.000':>9}",
                  flush=True)
            del exact
            if size >= APPROXIMATE_FROM:
                ours, built = _cached_approximate(data)
                p50, p99, found = _latency(ours, queries)
                print(f"{size:>10,}  {'HNSW':<6} {built:>8.1f} {p50:>8.2f} {p99:>8.2f} "
                      f"{_recall(found, truth):>9.3f}", flush=True)
                del ours
            del data


if __name__ == "__main__":
    main()
