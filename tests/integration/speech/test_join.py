"""The real join of the bundled multilingual model: the published file, written once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from engine.bundled import whisper_base_parts
from engine.speech import assembly

pytestmark = pytest.mark.slow


def test_the_halves_join_into_the_published_file(joined_base: Path) -> None:
    digest = hashlib.sha256()
    with (joined_base / "model.bin").open("rb") as model:
        while chunk := model.read(1 << 22):
            digest.update(chunk)
    assert digest.hexdigest() == assembly.BASE_SHA256
    assert (joined_base / "model.bin").stat().st_size == assembly.BASE_SIZE
    package = whisper_base_parts()[0].parent
    for name in assembly.SIDE_FILES:
        assert (joined_base / name).read_bytes() == (package / name).read_bytes()
    assert [p.name for p in joined_base.iterdir() if p.name.startswith(".")] == []


def test_a_joined_model_is_not_joined_again(bundled_base: Path) -> None:
    before = (bundled_base / "model.bin").stat()
    assert assembly.ensure_base() == bundled_base
    after = (bundled_base / "model.bin").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
