"""The real bundled MiniLM: int8 ONNX backend, its torch fallback, and token counting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.knowledge.embedder import Embedder, load_embedder
from tests.documents import read_document

SENTENCES = [
    "Dense passage retrieval uses a dual encoder to map questions and passages to vectors.",
    "The cat sat on the mat.",
    "Armstrong demonstrated FM radio at the Empire State Building in 1935.",
    "Copyright law grants authors exclusive rights for a limited time.",
    "崇陵位于中国河北易县的清西陵。",
    "Short.",
]


def test_the_bundled_model_runs_on_int8_onnx(embedder: Embedder):
    assert embedder.backend == "onnx-int8"
    assert embedder.model_id.startswith("all-MiniLM-L6-v2-")
    assert (embedder.dimension, embedder.max_tokens) == (384, 256)
    assert embedder.languages == {"en"}


def test_embeddings_are_normalized_float32(embedder: Embedder):
    vectors = embedder.embed(SENTENCES, batch_size=4)
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("Who showed off FM radio in New York?")
    assert query.shape == (384,) and abs(float(np.linalg.norm(query)) - 1.0) < 1e-5
    assert int(np.argmax(vectors @ query)) == 2
    assert embedder.embed([]).shape == (0, 384)


def test_input_order_does_not_change_vectors(embedder: Embedder):
    forward = embedder.embed(SENTENCES, batch_size=3)
    backward = embedder.embed(list(reversed(SENTENCES)), batch_size=3)[::-1]
    assert np.allclose(forward, backward, atol=1e-5)


def test_batching_changes_vectors_only_by_quantization_noise(embedder: Embedder):
    # int8 activations are scaled per batch, so batch mates move a vector very slightly.
    one_by_one = np.stack([embedder.embed([s])[0] for s in SENTENCES])
    batched = embedder.embed(SENTENCES, batch_size=32)
    assert np.sum(one_by_one * batched, axis=1).min() > 0.97


def test_count_tokens_includes_special_tokens(embedder: Embedder):
    assert embedder.count_tokens("") == 2
    assert embedder.count_tokens("hello world") == 4
    assert embedder.count_tokens("word " * 600) == 602  # counted, never truncated


def test_the_export_is_cached_and_needs_no_torch_at_run_time(embedder: Embedder, onnx_cache: Path):
    folders = [p.name for p in onnx_cache.iterdir()]
    assert f"{embedder.model_id}-int8" in folders
    assert not [name for name in folders if name.startswith(".export-")]
    script = (
        "import sys, time; from pathlib import Path; t = time.monotonic()\n"
        "from engine.knowledge.embedder import load_embedder\n"
        f"e = load_embedder(cache_dir=Path({str(onnx_cache)!r}))\n"
        "e.embed(['hello'])\n"
        "print(e.backend, 'torch' in sys.modules, 'sentence_transformers' in sys.modules,"
        " round(time.monotonic() - t, 1))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out[:3] == ["onnx-int8", "False", "False"]
    assert float(out[3]) < 10


@pytest.mark.slow
def test_torch_fallback_and_int8_stays_close_to_fp32(embedder: Embedder, tmp_path, shared_data):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should go")
    fp32 = load_embedder(cache_dir=blocked)  # The export fails: torch takes over.
    assert fp32.backend == "torch" and fp32.model_id == embedder.model_id
    _, pages, _ = read_document(shared_data / "pdf" / "qa" / "good.pdf")
    passages = [page.text[:600] for page in pages] + SENTENCES
    cosines = np.sum(embedder.embed(passages) * fp32.embed(passages), axis=1)
    assert cosines.min() > 0.98, cosines
    assert np.allclose(np.linalg.norm(fp32.embed(passages), axis=1), 1.0, atol=1e-5)
    assert float(embedder.embed_query("dual encoder") @ fp32.embed_query("dual encoder")) > 0.98
