"""Values as a person reads them: sizes, time left, model names; shared by panels and dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from engine.types import ModelInfo


def human_bytes(count: float) -> str:
    """`1.2 GB`, `350 MB`."""
    for unit in ("B", "KB", "MB"):
        if abs(count) < 1024:
            return f"{count:.0f} {unit}"
        count /= 1024
    return f"{count:.1f} GB"


def eta_text(seconds: float | None) -> str:
    """`about 3 min left`, or an empty string while unknown."""
    if seconds is None:
        return ""
    if seconds < 60:
        return QCoreApplication.translate("Formatting", "less than a minute left")
    return QCoreApplication.translate("Formatting", "about {minutes} min left").format(
        minutes=round(seconds / 60)
    )


def model_name(info: ModelInfo) -> str:
    """`SmolLM2 135M · Q4_1`: the model, its size and quantization, as a person reads them."""
    name = model_title(info)
    return f"{name} · {info.quantization}" if info.quantization else name


def model_title(info: ModelInfo) -> str:
    """`SmolLM2 135M`: the model and its size, without the training recipe.

    A GGUF's `general.name` often carries the training recipe (the starter's is "Smollm2 135M
    8k Lc100K Mix1 Ep2"); `general.basename` and `general.size_label` name the model itself.
    Converters lower-case the base name ("smollm2") while the file name keeps the authors'
    spelling ("SmolLM2-135M-Instruct.Q4_1.gguf"), so the base name is spelled as the file
    spells it. Without a base name (older files, remote models), `name` is used as it is.
    """
    meta = info.metadata
    base = meta.get("general.basename", "").strip()
    if not base:
        return info.name
    file_name = Path(info.path).name
    at = file_name.lower().find(base.lower())
    base = file_name[at : at + len(base)] if at >= 0 else base
    size = meta.get("general.size_label", "").strip()
    return f"{base} {size}" if size and size.lower() not in base.lower() else base
