"""Whether a chat model fits this machine's memory: weights plus the context's KV cache.

An estimate from the GGUF header only (nothing is loaded): the file's size for the weights, and
for the KV cache 2 (keys and values) × layers × context × KV width × 2 bytes (f16), the way
llama.cpp allocates it. A fixed margin covers compute buffers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psutil

MARGIN_BYTES = 256 * 1024 * 1024
AUTO_CONTEXT_CAP = 8192


@dataclass(frozen=True)
class Fit:
    """Bytes the model needs at a context size, bytes available now, and the verdict."""

    needed: int
    available: int
    context: int

    @property
    def fits(self) -> bool:
        """Whether the model and its cache fit in the memory available now."""
        return self.needed <= self.available


def _int(metadata: dict[str, str], key: str) -> int | None:
    try:
        return int(metadata[key])
    except (KeyError, ValueError):
        return None


def kv_cache_bytes(info: Any, context: int) -> int:
    """The f16 KV cache for `context` tokens, from the header's layer and head counts."""
    meta: dict[str, str] = dict(getattr(info, "metadata", {}) or {})
    arch = info.architecture
    layers = _int(meta, f"{arch}.block_count")
    width = _int(meta, f"{arch}.embedding_length")
    heads = _int(meta, f"{arch}.attention.head_count")
    kv_heads = _int(meta, f"{arch}.attention.head_count_kv") or heads
    if not layers or not width:
        return int(info.file_size * 0.1)  # unknown layout: a tenth of the weights
    kv_width = width * kv_heads // heads if heads and kv_heads else width
    return 2 * layers * context * kv_width * 2


def estimate(info: Any, context_size: int = 0) -> Fit:
    """How much memory `info`'s model needs at `context_size` (0: the automatic choice)."""
    trained = info.context_length or AUTO_CONTEXT_CAP
    context = context_size or min(trained, AUTO_CONTEXT_CAP)
    needed = info.file_size + kv_cache_bytes(info, context) + MARGIN_BYTES
    return Fit(needed=needed, available=int(psutil.virtual_memory().available), context=context)


def human_bytes(count: float) -> str:
    """`1.2 GB`, `350 MB`."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(count) < 1024 or unit == "GB":
            return f"{count:.1f} {unit}" if unit == "GB" else f"{count:.0f} {unit}"
        count /= 1024
    return f"{count:.1f} TB"
