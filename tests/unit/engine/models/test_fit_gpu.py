"""The one fit estimate with GPU layers: the offloaded share moves to VRAM (injected numbers)."""

from __future__ import annotations

from engine.llm import defaults
from engine.types import FitVerdict, ModelInfo

GIB = 1024**3


def info(file_size: int = 4 * GIB, layers: int = 31) -> ModelInfo:
    meta = {
        "llama.block_count": str(layers),
        "llama.attention.head_count": "32",
        "llama.attention.head_count_kv": "8",
        "llama.embedding_length": "4096",
    }
    return ModelInfo("/m.gguf", "M", "llama", 7_000_000_000, "Q4_K_M", 8192, None, file_size, meta)


def test_without_gpu_layers_everything_counts_against_main_memory() -> None:
    fit = defaults.fit(info(), 4096, free_bytes=16 * GIB)
    assert fit.vram_needed == 0 and fit.gpu_layers == 0 and fit.vram_available is None
    kv = 31 * 8 * 256 * 2 * 4096
    assert fit.needed == 4 * GIB + kv + defaults.RUNTIME_OVERHEAD_BYTES


def test_half_the_layers_on_the_gpu_split_weights_and_cache() -> None:
    model = info()
    cpu_only = defaults.fit(model, 4096, free_bytes=16 * GIB)
    split = defaults.fit(model, 4096, free_bytes=16 * GIB, gpu_layers=16, free_vram=8 * GIB)
    moved = cpu_only.needed - split.needed
    assert moved == int((cpu_only.needed - defaults.RUNTIME_OVERHEAD_BYTES) * 16 / 32)
    assert split.vram_needed == moved + defaults.VRAM_OVERHEAD_BYTES
    assert split.verdict is FitVerdict.FITS and split.gpu_layers == 16


def test_too_little_vram_is_the_verdict_even_when_memory_is_plenty() -> None:
    fit = defaults.fit(info(), 4096, free_bytes=64 * GIB, gpu_layers=99, free_vram=2 * GIB)
    assert fit.verdict is FitVerdict.WONT_FIT
    assert fit.needed == defaults.RUNTIME_OVERHEAD_BYTES  # all layers offloaded
    tight = defaults.fit(info(), 4096, free_bytes=64 * GIB, gpu_layers=99,
                         free_vram=fit.vram_needed + fit.vram_needed // 10)
    assert tight.verdict is FitVerdict.TIGHT


def test_unmeasured_vram_leaves_the_verdict_to_main_memory() -> None:
    fit = defaults.fit(info(), 4096, free_bytes=3 * GIB, gpu_layers=32, free_vram=None)
    assert fit.vram_needed > 0 and fit.vram_available is None
    assert fit.verdict is FitVerdict.FITS
