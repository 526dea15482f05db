"""What a GGUF model file says about itself, read from its header without loading weights."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import gguf

from engine.errors import ModelError
from engine.llm.gguf_header import ArrayValue, GGUFHeader, HeaderError, read_header
from engine.types import ModelInfo

_PICK_OTHER = "Pick another model file in Settings."
_HEADER_PROBLEMS = {
    "not_gguf": (
        "{name} is not a GGUF model file.",
        "Lanthorn runs GGUF models (the format of llama.cpp); download the .gguf version.",
    ),
    "truncated": (
        "{name} is incomplete: the file ends before its data does (an interrupted download?).",
        "Download the file again.",
    ),
    "version": (
        "{name} uses a GGUF version this Lanthorn cannot read ({detail}).",
        "Update Lanthorn, or download a newer conversion of the model.",
    ),
    "big_endian": (
        "{name} is a big-endian GGUF file, which this computer cannot run.",
        "Download the standard (little-endian) .gguf version of the model.",
    ),
    "invalid": ("{name} is a damaged GGUF file ({detail}).", _PICK_OTHER),
}


def inspect_model(path: str | Path) -> ModelInfo:
    """Read a GGUF file's name, architecture, size and template without loading its weights.

    Blocks for a few milliseconds (only the header is read). Thread-safe.

    Raises:
        ModelError: the file is missing, unreadable, not GGUF, damaged or incomplete.
    """
    file = Path(path).expanduser()
    header = _read(file)
    meta = header.metadata
    arch = str(meta.get("general.architecture", "")) or "unknown"
    trained = meta.get(f"{arch}.context_length")
    template = meta.get("tokenizer.chat_template")
    return ModelInfo(
        path=str(file.resolve()),
        name=_name(meta, file),
        architecture=arch,
        parameter_count=_parameter_count(header),
        quantization=_quantization(header),
        context_length=int(trained) if isinstance(trained, int) and trained > 0 else None,
        chat_template=template if isinstance(template, str) and template.strip() else None,
        file_size=header.file_size,
        metadata=_flatten(meta),
    )


def _read(file: Path) -> GGUFHeader:
    if not file.exists():
        raise ModelError(
            f"The model file {file} does not exist.",
            hint="Check the path, or pick another model in Settings.",
        )
    if not file.is_file():
        raise ModelError(f"{file} is a folder, not a GGUF model file.", hint=_PICK_OTHER)
    try:
        return read_header(file)
    except HeaderError as exc:
        message, hint = _HEADER_PROBLEMS.get(exc.kind, _HEADER_PROBLEMS["invalid"])
        raise ModelError(message.format(name=file.name, detail=exc), hint=hint) from exc
    except (OSError, ValueError) as exc:  # ValueError: mmap of an empty or special file
        raise ModelError(
            f"The model file {file} cannot be read ({exc}).",
            hint="Check that the file is readable, or pick another model in Settings.",
        ) from exc


def _name(meta: dict[str, Any], file: Path) -> str:
    for key in ("general.name", "general.basename"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return file.stem


def _parameter_count(header: GGUFHeader) -> int | None:
    """Exact count from the tensor shapes; a size label ("8x7B") would only be a rounded guess."""
    total = sum(tensor.n_elements for tensor in header.tensors)
    return total or _parse_size_label(header.metadata.get("general.size_label"))


def _parse_size_label(label: Any) -> int | None:
    if not isinstance(label, str) or not label:
        return None
    scale = {"K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}.get(label[-1].upper())
    experts, _, size = label[:-1].rpartition("x")
    try:
        count = float(size) * (int(experts) if experts else 1)
    except ValueError:
        return None
    return int(count * scale) if scale else None


def _quantization(header: GGUFHeader) -> str:
    file_type = header.metadata.get("general.file_type")
    if isinstance(file_type, int):
        try:
            name = gguf.LlamaFileType(file_type).name
        except ValueError:
            name = f"type {file_type}"
        return name.removeprefix("MOSTLY_").removeprefix("ALL_")
    # No file type: name the quantization most of the 2-D weights use.
    kinds = Counter(t.type_id for t in header.tensors if len(t.shape) >= 2)
    if not kinds:
        return "unknown"
    type_id = kinds.most_common(1)[0][0]
    try:
        return gguf.GGMLQuantizationType(type_id).name
    except ValueError:
        return f"type {type_id}"


def _flatten(meta: dict[str, Any]) -> dict[str, str]:
    """Metadata as display strings; the vocabulary and the chat template stay out."""
    flat: dict[str, str] = {}
    for key, value in meta.items():
        if key == "tokenizer.chat_template":
            continue
        if isinstance(value, ArrayValue):
            flat[key] = (
                ",".join(_text(item) for item in value.items)
                if value.items is not None
                else f"[{value.count} items]"
            )
        else:
            flat[key] = _text(value)
    return flat


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
