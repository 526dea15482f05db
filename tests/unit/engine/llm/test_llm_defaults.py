from __future__ import annotations

import psutil
import pytest

from engine import cores
from engine.config import ModelSettings
from engine.cores import usable_cores
from engine.errors import ModelError
from engine.llm import defaults
from engine.types import ModelInfo

MB = 1024**2
GB = 1024**3


def info(
    *,
    trained: int | None = 8192,
    file_size: int = 100 * MB,
    meta: dict[str, str] | None = None,
) -> ModelInfo:
    metadata = {
        "llama.block_count": "30",
        "llama.embedding_length": "576",
        "llama.attention.head_count": "9",
        "llama.attention.head_count_kv": "3",
    }
    if meta is not None:
        metadata = meta
    return ModelInfo("m.gguf", "Tiny", "llama", 1, "Q4_1", trained, None, file_size, metadata)


def test_kv_bytes_per_token_from_grouped_query_attention() -> None:
    # 30 layers x 3 KV heads x (64 + 64) dims x 2 bytes (f16)
    assert defaults.kv_bytes_per_token(info()) == 30 * 3 * 128 * 2


def test_kv_bytes_prefers_explicit_key_and_value_lengths() -> None:
    meta = {
        "llama.block_count": "2",
        "llama.embedding_length": "1000",
        "llama.attention.head_count": "8",
        "llama.attention.key_length": "192",
        "llama.attention.value_length": "128",
    }
    # No head_count_kv: every head has its own K and V.
    assert defaults.kv_bytes_per_token(info(meta=meta)) == 2 * 8 * (192 + 128) * 2


def test_kv_bytes_with_per_layer_head_counts() -> None:
    meta = {
        "llama.block_count": "3",
        "llama.embedding_length": "512",
        "llama.attention.head_count": "8,8,8",
        "llama.attention.head_count_kv": "2,0,4",  # a hybrid: layer 2 has no attention
    }
    assert defaults.kv_bytes_per_token(info(meta=meta)) == (2 + 0 + 4) * (64 + 64) * 2


def test_kv_bytes_unknown_without_layout() -> None:
    assert defaults.kv_bytes_per_token(info(meta={})) is None


def test_auto_context_is_the_trained_length_when_memory_allows() -> None:
    assert defaults.auto_context_size(info(trained=8192), 16 * GB) == 8192


def test_auto_context_is_capped_by_free_memory() -> None:
    big = info(trained=131072)
    size = defaults.auto_context_size(big, 2 * GB)
    per_token = defaults.kv_bytes_per_token(big)
    assert per_token is not None
    assert 2048 <= size < 131072
    assert size % 256 == 0
    assert size * per_token <= 2 * GB * defaults.KV_SHARE_OF_FREE_MEMORY
    assert defaults.auto_context_size(big, 64 * GB) == defaults.MAX_AUTO_CONTEXT


def test_auto_context_never_below_2048_nor_above_trained() -> None:
    assert defaults.auto_context_size(info(trained=8192), 200 * MB) == 2048
    assert defaults.auto_context_size(info(trained=1024), 16 * GB) == 1024
    assert defaults.auto_context_size(info(trained=None), 16 * GB) == 4096


def test_resolve_auto_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(defaults, "gpu_offload_supported", lambda: False)
    runtime = defaults.resolve(ModelSettings(), info(), free_bytes=8 * GB)
    assert runtime.context_size == 8192
    assert runtime.threads == usable_cores() >= 1
    assert runtime.gpu_layers == 0
    assert runtime.memory_needed > 100 * MB


def test_resolve_keeps_explicit_values_but_not_beyond_training(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(defaults, "gpu_offload_supported", lambda: False)
    runtime = defaults.resolve(
        ModelSettings(context_size=100_000, threads=3), info(), free_bytes=8 * GB
    )
    assert runtime.context_size == 8192
    assert runtime.threads == 3


def test_all_layers_go_to_the_gpu_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(defaults, "gpu_offload_supported", lambda: True)
    assert defaults.resolve(ModelSettings(), info(), 8 * GB).gpu_layers == 31
    assert defaults.resolve(ModelSettings(gpu_layers=7), info(), 8 * GB).gpu_layers == 7
    assert defaults.resolve(ModelSettings(gpu_layers=0), info(), 8 * GB).gpu_layers == 0


def test_gpu_support_reported_by_llama_cpp() -> None:
    assert isinstance(defaults.gpu_offload_supported(), bool)


def test_too_large_for_free_memory_says_what_to_do() -> None:
    with pytest.raises(ModelError) as caught:
        defaults.resolve(ModelSettings(), info(file_size=4 * GB), free_bytes=3 * GB)
    text = str(caught.value)
    assert "Tiny needs about" in text
    assert "3.0 GB is free" in text
    assert "smaller model" in text
    assert "\n" not in text


def test_explicit_context_that_does_not_fit_is_refused() -> None:
    with pytest.raises(ModelError, match="context size"):
        defaults.resolve(ModelSettings(context_size=8192), info(), free_bytes=300 * MB)


def test_usable_cores_falls_back_to_logical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(psutil, "cpu_count", lambda logical=True: None)  # imported on first use
    monkeypatch.setattr(cores.os, "cpu_count", lambda: 6)
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert cores.usable_cores() == 6


def test_usable_cores_are_those_this_process_may_run_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(psutil, "cpu_count", lambda logical=True: 8)
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert cores.usable_cores() == 1
