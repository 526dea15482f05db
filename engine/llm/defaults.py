"""Machine-fit runtime values: threads, context size and GPU layers, and the memory check.

Settings of 0 / -1 mean "fit this machine" and are resolved here at load time, from the model's
header and the memory free right now, so a settings file moved to another computer still fits.

`fit` is the engine's one memory estimate: weights (the file's size) + the f16 KV cache for the
context (layers x KV heads x key/value lengths, from the header) + a fixed overhead, against
the memory free now. The loader refuses what it calls "won't fit", and the settings dialog
shows its verdict, so the two never disagree. With GPU layers set, the offloaded share of
weights and KV cache is counted against the GPU's memory instead (`vram_needed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.config import ModelSettings
from engine.cores import usable_cores
from engine.errors import ModelError
from engine.types import FitVerdict, ModelFit, ModelInfo

MIN_AUTO_CONTEXT = 2048
# Beyond this an automatic context costs RAM up front (llama.cpp allocates the whole KV cache)
# for prompts that would take minutes to evaluate on a CPU; a user can still ask for more.
MAX_AUTO_CONTEXT = 32768
FALLBACK_TRAINED_CONTEXT = 4096
FALLBACK_KV_BYTES_PER_TOKEN = 256 * 1024  # unknown layout: assume a 7B-class model
KV_SHARE_OF_FREE_MEMORY = 0.5  # leave the rest to embeddings, PDFs and other programs
RUNTIME_OVERHEAD_BYTES = 256 * 1024 * 1024  # compute buffers, logits, the Python side
VRAM_OVERHEAD_BYTES = 512 * 1024 * 1024  # a GPU backend's own compute buffers and context
# Past this share of free memory a model still loads, but the machine starts to swap as soon as
# another program (or a long PDF's embeddings) wants memory: "tight".
TIGHT_SHARE = 0.8
_GIB = 1024**3


@dataclass(frozen=True)
class Runtime:
    """Resolved load parameters for one model on this machine."""

    context_size: int
    threads: int
    gpu_layers: int
    memory_needed: int
    flash_attention: bool = False


def flash_attention(gpu_layers: int) -> bool:
    """Whether llama.cpp should use its fused attention for a load with `gpu_layers` offloaded.

    On the CPU it reads prompts faster at the same generation speed (starter model, 1,800-token
    prompt: 88 against 115 tokens/s on one core, 163 against 225 on two). llama.cpp's own tools
    turn it on where the backend supports it; llama-cpp-python leaves it off. GPU backends were
    not measured here, so an offloaded model keeps the previous behaviour.
    """
    return gpu_layers == 0


def available_memory() -> int:
    """Bytes of memory free for new allocations right now."""
    import psutil

    return int(psutil.virtual_memory().available)


def gpu_offload_supported() -> bool:
    """Whether this llama.cpp build can put layers on a GPU."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def kv_bytes_per_token(info: ModelInfo) -> int | None:
    """KV-cache bytes per context token (f16 K and V), from the header; None when unknown."""
    meta, arch = info.metadata, info.architecture
    n_layer = _int(meta.get(f"{arch}.block_count"))
    n_embd = _int(meta.get(f"{arch}.embedding_length"))
    heads = _per_layer(meta.get(f"{arch}.attention.head_count"), n_layer)
    kv_heads = _per_layer(meta.get(f"{arch}.attention.head_count_kv"), n_layer) or heads
    if not n_layer or not heads or not kv_heads or not max(heads):
        return None
    default_dim = (n_embd or 0) // max(heads)
    key_dim = _int(meta.get(f"{arch}.attention.key_length")) or default_dim
    value_dim = _int(meta.get(f"{arch}.attention.value_length")) or default_dim
    if not key_dim or not value_dim:
        return None
    return sum(kv_heads) * (key_dim + value_dim) * 2


def memory_needed(info: ModelInfo, context_size: int) -> int:
    """Weights + KV cache for `context_size` tokens + a fixed overhead, in bytes."""
    per_token = kv_bytes_per_token(info) or FALLBACK_KV_BYTES_PER_TOKEN
    return info.file_size + per_token * context_size + RUNTIME_OVERHEAD_BYTES


def auto_context_size(info: ModelInfo, free_bytes: int) -> int:
    """Pick the trained length, capped by free memory; at least 2048 when trained so."""
    trained = info.context_length or FALLBACK_TRAINED_CONTEXT
    per_token = kv_bytes_per_token(info) or FALLBACK_KV_BYTES_PER_TOKEN
    spare = free_bytes - info.file_size - RUNTIME_OVERHEAD_BYTES
    by_memory = int(max(0, spare) * KV_SHARE_OF_FREE_MEMORY) // per_token
    size = min(trained, MAX_AUTO_CONTEXT, by_memory // 256 * 256)
    return max(size, min(MIN_AUTO_CONTEXT, trained))


def context_for(info: ModelInfo, context_size: int, free_bytes: int) -> int:
    """The context a load would use: the setting (capped at the trained length), or automatic."""
    if context_size > 0:
        return min(context_size, info.context_length or context_size)
    return auto_context_size(info, free_bytes)


def fit(
    info: ModelInfo,
    context_size: int = 0,
    free_bytes: int | None = None,
    *,
    gpu_layers: int = 0,
    free_vram: int | None = None,
) -> ModelFit:
    """Whether `info`'s model fits in the memory free now at `context_size` (0: automatic).

    With `gpu_layers` > 0 that share of the layers (weights and KV cache alike; the output
    layer counts as one) sits in VRAM, plus `VRAM_OVERHEAD_BYTES` of compute buffers, and the
    rest in main memory. `free_vram` None means it cannot be measured: only main memory then
    decides the verdict.
    """
    free = available_memory() if free_bytes is None else free_bytes
    context = context_for(info, context_size, free)
    total = memory_needed(info, context)
    share = _gpu_share(info, gpu_layers)
    on_gpu = int((total - RUNTIME_OVERHEAD_BYTES) * share)
    vram = on_gpu + VRAM_OVERHEAD_BYTES if share else 0
    needed = total - on_gpu
    verdict = _verdict(needed, free)
    if vram and free_vram is not None:
        verdict = max(verdict, _verdict(vram, free_vram), key=_SEVERITY.index)
    return ModelFit(
        needed=needed,
        available=free,
        context_size=context,
        verdict=verdict,
        gpu_layers=gpu_layers if share else 0,
        vram_needed=vram,
        vram_available=free_vram if share else None,
    )


_SEVERITY = [FitVerdict.FITS, FitVerdict.TIGHT, FitVerdict.WONT_FIT]


def _verdict(needed: int, free: int) -> FitVerdict:
    if needed > free:
        return FitVerdict.WONT_FIT
    if needed > free * TIGHT_SHARE:
        return FitVerdict.TIGHT
    return FitVerdict.FITS


def _gpu_share(info: ModelInfo, gpu_layers: int) -> float:
    """The share of the model's layers (output layer included) put on the GPU."""
    if gpu_layers <= 0:
        return 0.0
    n_layer = _int(info.metadata.get(f"{info.architecture}.block_count"))
    if not n_layer:
        return 1.0
    return min(gpu_layers, n_layer + 1) / (n_layer + 1)


def resolve(settings: ModelSettings, info: ModelInfo, free_bytes: int | None = None) -> Runtime:
    """Turn "auto" settings into concrete numbers and check the model fits in memory.

    Raises:
        ModelError: `fit` says the model won't fit (weights plus KV cache exceed free memory).
    """
    gpu_layers = gpu_layers_for(settings.gpu_layers, info)
    estimate = fit(info, settings.context_size, free_bytes, gpu_layers=gpu_layers)
    if not estimate.fits:
        raise ModelError(
            f"{info.name} needs about {estimate.needed / _GIB:.1f} GB of memory "
            f"but only {estimate.available / _GIB:.1f} GB is free.",
            hint="Close other programs, or choose a smaller model or context size in Settings.",
        )
    return Runtime(
        context_size=estimate.context_size,
        threads=settings.threads or usable_cores(),
        gpu_layers=gpu_layers,
        memory_needed=estimate.needed,
        flash_attention=flash_attention(gpu_layers),
    )


def gpu_layers_for(requested: int, info: ModelInfo) -> int:
    """The layers a load would put on the GPU for the `gpu_layers` setting (0 without one)."""
    if requested == 0 or not gpu_offload_supported():
        return 0
    if requested > 0:
        return requested
    n_layer = _int(info.metadata.get(f"{info.architecture}.block_count"))
    return n_layer + 1 if n_layer else 999  # +1: the output layer


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _per_layer(text: str | None, n_layer: int | None) -> list[int]:
    """Read a head count given once for all layers or once per layer (some hybrids)."""
    if not text:
        return []
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        return []
    return values * (n_layer or 1) if len(values) == 1 else values
