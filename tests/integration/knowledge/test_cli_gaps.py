"""The last bad-input gaps of the command line (issue 11, item 4), in fresh processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.knowledge.kb_helpers import make_home, run_cli

pytestmark = pytest.mark.slow


def test_an_empty_folder_or_one_without_known_files_says_so_and_exits_1(
    tmp_path: Path, onnx_cache: Path
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    empty = tmp_path / "empty"
    empty.mkdir()
    unknown = tmp_path / "unknown"
    unknown.mkdir()
    (unknown / "letter.docx").write_bytes(b"PK\x03\x04 not read")
    for folder in (empty, unknown):
        done = run_cli(home, "add", str(folder))
        assert done.returncode == 1, done.stderr
        assert "nothing to add" in done.stderr and str(folder) in done.stderr
        assert ".pdf" in done.stderr and ".md" in done.stderr  # which kinds it reads
        assert "Traceback" not in done.stderr


def test_empty_files_are_refused_by_their_own_names(tmp_path: Path, onnx_cache: Path) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    for name in ("x.pdf", "zero.txt"):
        (tmp_path / name).write_bytes(b"")
    done = run_cli(home, "add", str(tmp_path / "x.pdf"), str(tmp_path / "zero.txt"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"{tmp_path / 'x.pdf'}: x.pdf is empty (0 bytes). There is nothing to index.",
        f"{tmp_path / 'zero.txt'}: zero.txt is empty (0 bytes). There is nothing to index.",
    ]
    assert run_cli(home, "sources", "--json").stdout.strip() == "[]"  # no shared record


def test_a_model_that_is_a_folder_is_refused_before_answering(
    tmp_path: Path, onnx_cache: Path
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    note = tmp_path / "tides.md"
    note.write_text("# Tides\n\nThe Moon's gravity raises two tides a day.\n", encoding="utf-8")
    assert run_cli(home, "add", str(note)).returncode == 0
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    done = run_cli(home, "ask", "--model", str(folder), "hello")  # "not covered" needs no model
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("lanthorn: ") and str(folder.name) in done.stderr
    assert "do not cover" not in done.stdout
