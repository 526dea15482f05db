"""A model's facts and fit as short texts, shared by the Models page and the chat header.

The verdict is always the engine's one estimate (`LibraryModel.fit`, `CatalogEntry.fit`): these
functions only word it, so the page, the header and the loader never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.formatting import human_bytes, model_title
from engine.types import CatalogKind, FitVerdict, LibraryModel, ModelFit, ModelKind


def display_name(model: LibraryModel) -> str:
    """A library model's name as lists show it: the starter marked as the demo it is.

    A model whose file was read is named as the status bar names it (`model_title`: "SmolLM2
    135M", not its GGUF name "Smollm2 135M 8k Lc100K Mix1 Ep2"); lists show the quantization
    in a column of their own, or not at all.
    """
    name = model_title(model.info) if model.info is not None else model.name
    if model.kind is ModelKind.STARTER:
        return QCoreApplication.translate("ModelFacts", "{name} (demo)").format(name=name)
    return name


def verdict_text(verdict: FitVerdict) -> str:
    """"fits", "tight" or "won't fit", in the interface's language."""
    if verdict is FitVerdict.FITS:
        return QCoreApplication.translate("ModelFacts", "fits")
    if verdict is FitVerdict.TIGHT:
        return QCoreApplication.translate("ModelFacts", "tight")
    return QCoreApplication.translate("ModelFacts", "won't fit")


def verdict_key(fit: ModelFit | None) -> str:
    """The style sheet's name for a verdict (`fits`, `tight`, `wont_fit`; "" unknown)."""
    return fit.verdict.name.lower() if fit is not None else ""


def fit_text(fit: ModelFit | None) -> str:
    """`fits · needs 1.2 GB of 6.0 GB free`, with the GPU's share when layers are offloaded."""
    if fit is None:
        return ""
    text = QCoreApplication.translate(
        "ModelFacts", "{verdict} · needs {needed} of {available} free"
    )
    text = text.format(
        verdict=verdict_text(fit.verdict),
        needed=human_bytes(fit.needed),
        available=human_bytes(fit.available),
    )
    if fit.gpu_layers:
        vram = human_bytes(fit.vram_available) if fit.vram_available is not None else "?"
        gpu = QCoreApplication.translate(
            "ModelFacts", "GPU ({layers} layers): {needed} of {available}"
        )
        text += " · " + gpu.format(
            layers=fit.gpu_layers, needed=human_bytes(fit.vram_needed), available=vram
        )
    return text


def parameters_text(count: int | None) -> str:
    """`135 M`, `1.5 B`, or `?` when the file does not say."""
    if not count:
        return "?"
    if count < 1e9:
        return f"{count / 1e6:.0f} M"
    return f"{count / 1e9:.1f} B"


def context_text(tokens: int | None) -> str:
    """The trained context length: `8192 tokens`, or `?`."""
    if not tokens:
        return "?"
    return QCoreApplication.translate("ModelFacts", "{tokens} tokens").format(tokens=tokens)


def kind_text(kind: CatalogKind) -> str:
    """What a catalog entry is for, as a person says it."""
    if kind is CatalogKind.CHAT:
        return QCoreApplication.translate("ModelFacts", "Chat model")
    if kind is CatalogKind.EMBEDDING:
        return QCoreApplication.translate("ModelFacts", "Search (embedding) model")
    return QCoreApplication.translate("ModelFacts", "Speech (Whisper) model")
