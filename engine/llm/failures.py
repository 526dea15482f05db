"""Turn llama.cpp's reason for a failed load into a ModelError a person can act on."""

from __future__ import annotations

import re
from pathlib import Path

from engine.errors import ModelError

_PICK_OTHER = "The file may be damaged or made for another program; pick another model."


def load_error(path: Path, exc: BaseException, reason: str) -> ModelError:
    """Build a one-line ModelError for a failed load; `reason` is llama.cpp's error line."""
    name = path.name
    text = reason or str(exc)
    if type(exc).__module__.startswith("jinja2"):
        return ModelError(f"{name} has a broken chat template ({exc}).", hint=_PICK_OTHER)
    arch = re.search(r"unknown model architecture: '([^']*)'", text)
    if arch:
        return ModelError(
            f"{name} is a '{arch.group(1)}' model, which this version of llama.cpp cannot run.",
            hint="Pick another model, or update Lanthorn for newer model types.",
        )
    if "file bounds" in text or "incomplete" in text:
        return ModelError(
            f"{name} is incomplete (an interrupted download?).", hint="Download the file again."
        )
    if "alloc" in text.lower() or isinstance(exc, MemoryError):
        return ModelError(
            f"There is not enough memory to load {name}.",
            hint="Close other programs, or choose a smaller model or context size in Settings.",
        )
    return ModelError(f"{name} could not be loaded ({text.strip()}).", hint=_PICK_OTHER)
