from __future__ import annotations

import os
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest

from engine.errors import ModelError
from engine.llm import inspect_model

TEMPLATE = "{% for m in messages %}{{ m['content'] }}{% endfor %}"


def write_gguf(path: Path, *, arch: str = "llama", extra: bool = True) -> Path:
    writer = gguf.GGUFWriter(path, arch=arch)
    writer.add_name("Tiny Test Model")
    writer.add_context_length(4096)
    writer.add_block_count(2)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    if extra:
        writer.add_chat_template(TEMPLATE)
        writer.add_token_list([f"tok{i}" for i in range(5000)])  # skipped, not parsed
        writer.add_array("general.tags", ["a", "b"])
    writer.add_tensor("token_embd.weight", np.zeros((16, 8), dtype=np.float32))
    writer.add_tensor("output.weight", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_reads_the_header(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf")
    info = inspect_model(path)
    assert info.name == "Tiny Test Model"
    assert info.architecture == "llama"
    assert info.parameter_count == 16 * 8 + 4 * 8
    assert info.quantization == "F32"
    assert info.context_length == 4096
    assert info.chat_template == TEMPLATE
    assert info.file_size == path.stat().st_size
    assert info.path == str(path.resolve())
    assert info.metadata["llama.block_count"] == "2"
    assert info.metadata["general.tags"] == "a,b"
    assert info.metadata["tokenizer.ggml.tokens"] == "[5000 items]"
    assert "tokenizer.chat_template" not in info.metadata


def test_falls_back_to_the_file_name_and_tensor_types(tmp_path: Path) -> None:
    path = tmp_path / "bare-model.gguf"
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_tensor("w", np.zeros((4, 4), dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    info = inspect_model(path)
    assert info.name == "bare-model"
    assert info.quantization == "F16"
    assert info.context_length is None
    assert info.chat_template is None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        inspect_model(tmp_path / "nope.gguf")


def test_folder_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="is a folder"):
        inspect_model(tmp_path)


@pytest.mark.parametrize("content", [b"", b"GGUF", os.urandom(4096), b"PK\x03\x04" + bytes(100)])
def test_not_gguf(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="not a GGUF model file"):
        inspect_model(path)


def test_truncated_anywhere_is_incomplete(tmp_path: Path) -> None:
    data = write_gguf(tmp_path / "full.gguf").read_bytes()
    for size in (30, 200, len(data) // 2, len(data) - 1):
        cut = tmp_path / f"cut{size}.gguf"
        cut.write_bytes(data[:size])
        with pytest.raises(ModelError, match="incomplete") as caught:
            inspect_model(cut)
        assert "Download the file again" in str(caught.value)


def test_absurd_counts_are_refused_without_allocating(tmp_path: Path) -> None:
    data = bytearray(write_gguf(tmp_path / "full.gguf").read_bytes())
    struct.pack_into("<Q", data, 16, 2**62)  # key/value count
    path = tmp_path / "absurd.gguf"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="incomplete"):
        inspect_model(path)


def test_unknown_value_type_is_damage(tmp_path: Path) -> None:
    data = bytearray(write_gguf(tmp_path / "full.gguf", extra=False).read_bytes())
    key = b"general.architecture"
    type_at = data.index(key) + len(key)
    struct.pack_into("<I", data, type_at, 99)
    path = tmp_path / "odd.gguf"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="damaged"):
        inspect_model(path)


def test_unsupported_version(tmp_path: Path) -> None:
    data = bytearray(write_gguf(tmp_path / "full.gguf").read_bytes())
    struct.pack_into("<I", data, 4, 7)
    path = tmp_path / "v7.gguf"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="GGUF version"):
        inspect_model(path)
