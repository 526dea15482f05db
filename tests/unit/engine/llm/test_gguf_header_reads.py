"""The GGUF header is read from the file's first bytes, more when the header is longer."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.bundled import starter_chat_model
from engine.llm import gguf_header


def test_a_header_longer_than_the_first_read_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = gguf_header.read_header(starter_chat_model())
    monkeypatch.setattr(gguf_header, "FIRST_READ", 4096)  # the starter's header is 1.7 MiB
    assert gguf_header.read_header(starter_chat_model()) == whole


def test_a_file_cut_inside_its_header_is_truncated(tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(starter_chat_model().read_bytes()[:100_000])
    with pytest.raises(gguf_header.HeaderError) as error:
        gguf_header.read_header(cut)
    assert error.value.kind == "truncated"
