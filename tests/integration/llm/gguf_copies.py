"""Copies of the starter model with edited metadata, for the bad-file tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gguf


def copy_with_metadata(
    reader: gguf.GGUFReader, target: Path, *, arch: str | None = None, **changes: Any
) -> Path:
    """Rewrite the starter file with some header values replaced (dots in keys as '__')."""
    overrides = {key.replace("__", "."): value for key, value in changes.items()}
    original_arch = reader.get_field("general.architecture")
    assert original_arch is not None
    writer = gguf.GGUFWriter(target, arch=arch or original_arch.contents())
    for field in reader.fields.values():
        if field.name == "general.architecture" or field.name.startswith("GGUF."):
            continue
        kind = field.types[0]
        sub_type = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        value = overrides.get(field.name, field.contents())
        writer.add_key_value(field.name, value, kind, sub_type=sub_type)
    for tensor in reader.tensors:
        writer.add_tensor_info(
            tensor.name,
            tensor.data.shape,
            tensor.data.dtype,
            tensor.data.nbytes,
            tensor.tensor_type,
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in reader.tensors:
        writer.write_tensor_data(tensor.data)
    writer.close()
    return target
