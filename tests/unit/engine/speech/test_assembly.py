"""Joining a split model: the hash is checked, the write is atomic, a bad part is refused.

Small parts stand in for the 145 MB halves (the real join is in tests/integration/speech).
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from engine.errors import ModelError, StorageError
from engine.speech import assembly
from engine.speech.assembly import Blueprint


@pytest.fixture
def blueprint(tmp_path: Path) -> Blueprint:
    source = tmp_path / "packages"
    source.mkdir()
    first, second = source / "model.bin.part1", source / "model.bin.part2"
    first.write_bytes(b"A" * 5000 + b"middle")
    second.write_bytes(b"B" * 3000)
    for name in assembly.SIDE_FILES:
        (source / name).write_text(f"{name} contents")
    whole = first.read_bytes() + second.read_bytes()
    return Blueprint(
        parts=(first, second),
        side_files=tuple(source / name for name in assembly.SIDE_FILES),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_parts_are_joined_beside_the_side_files(blueprint: Blueprint, tmp_path: Path) -> None:
    target = tmp_path / "whisper-base"
    assembly.assemble(blueprint, target)
    assert (target / "model.bin").read_bytes() == b"A" * 5000 + b"middle" + b"B" * 3000
    assert (target / "tokenizer.json").read_text() == "tokenizer.json contents"
    assert assembly.is_assembled(target, blueprint.size)
    assert _leftovers(target) == []


def test_a_corrupt_part_is_refused_and_leaves_no_model(
    blueprint: Blueprint, tmp_path: Path
) -> None:
    damaged = bytearray(blueprint.parts[1].read_bytes())
    damaged[100] ^= 0xFF  # same size, one byte flipped
    blueprint.parts[1].write_bytes(bytes(damaged))
    target = tmp_path / "whisper-base"
    with pytest.raises(ModelError, match="damaged") as caught:
        assembly.assemble(blueprint, target)
    assert "checksum" in str(caught.value) and "Reinstall" in caught.value.hint
    assert not (target / "model.bin").exists() and _leftovers(target) == []
    assert not assembly.is_assembled(target, blueprint.size)


def test_a_short_part_is_refused_with_the_sizes(blueprint: Blueprint, tmp_path: Path) -> None:
    blueprint.parts[1].write_bytes(b"B" * 2000)
    with pytest.raises(ModelError, match="7,006 bytes instead of 8,006"):
        assembly.assemble(blueprint, tmp_path / "whisper-base")


def test_a_missing_part_is_refused(blueprint: Blueprint, tmp_path: Path) -> None:
    blueprint.parts[0].unlink()
    with pytest.raises(ModelError, match=r"model\.bin\.part1 cannot be read"):
        assembly.assemble(blueprint, tmp_path / "whisper-base")


def test_a_crash_before_the_rename_leaves_the_old_state(
    blueprint: Blueprint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "whisper-base"
    real_replace = os.replace

    def die_on_the_model(src: str, dst: Path) -> None:
        if Path(dst).name == "model.bin":
            raise KeyboardInterrupt  # the person quits mid-join
        real_replace(src, dst)

    monkeypatch.setattr(assembly.os, "replace", die_on_the_model)
    with pytest.raises(KeyboardInterrupt):
        assembly.assemble(blueprint, target)
    assert not (target / "model.bin").exists() and _leftovers(target) == []


def test_a_full_disk_is_a_storage_error(
    blueprint: Blueprint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(assembly.os, "fsync", full)
    target = tmp_path / "whisper-base"
    with pytest.raises(StorageError, match="No space left on device"):
        assembly.assemble(blueprint, target)
    assert _leftovers(target) == []


def test_leftovers_of_a_killed_join_are_removed_but_a_running_one_is_not(
    tmp_path: Path,
) -> None:
    old, fresh = tmp_path / ".part-old", tmp_path / ".part-fresh"
    old.write_bytes(b"half")
    fresh.write_bytes(b"growing")
    stale = time.time() - assembly.STALE_AFTER_S - 5
    os.utime(old, (stale, stale))
    assert assembly.remove_stale_parts(tmp_path) == [old]
    assert fresh.exists()


def test_the_bundled_model_is_joined_once(
    blueprint: Blueprint, lanthorn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assembly, "BASE_SIZE", blueprint.size)
    monkeypatch.setattr(assembly, "base_blueprint", lambda: blueprint)
    folder = assembly.ensure_base()
    assert folder == lanthorn_home / "models" / assembly.FOLDER_NAME
    first = (folder / "model.bin").stat()
    assert assembly.ensure_base() == folder
    again = (folder / "model.bin").stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


def test_a_joined_model_found_damaged_is_joined_again(
    blueprint: Blueprint, lanthorn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assembly, "BASE_SIZE", blueprint.size)
    monkeypatch.setattr(assembly, "base_blueprint", lambda: blueprint)
    folder = assembly.ensure_base()
    assembly.discard(folder)
    assert not assembly.is_assembled(folder, blueprint.size)
    assembly.ensure_base()
    assert hashlib.sha256((folder / "model.bin").read_bytes()).hexdigest() == blueprint.sha256
