from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine import paths
from engine.errors import ModelError, ModelLoadCrashed
from engine.llm import probing
from engine.llm.failures import load_error


def test_crash_reason_is_the_telling_line_not_the_log() -> None:
    stderr = (
        "llama_model_loader: loaded meta data\n"
        "terminate called after throwing an instance of 'std::out_of_range'\n"
        "  what():  unordered_map::at\n"
        "Aborted\n"
    )
    assert probing._crash_reason(stderr) == "unordered_map::at"
    assert probing._crash_reason("x\nggml.c:12: GGML_ASSERT(n > 0) failed\n").endswith(
        "GGML_ASSERT(n > 0) failed"
    )
    assert probing._crash_reason("") == ""


def test_probe_records_survive_and_a_damaged_record_costs_only_a_probe(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    key = probing._file_key(model)
    probing._save_record(key)
    assert key in probing._load_records()
    (paths.cache_dir() / "probed_models.json").write_text("{not json", encoding="utf-8")
    assert probing._load_records() == set()


def test_a_changed_file_is_probed_again(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    before = probing._file_key(model)
    model.write_bytes(b"xy")
    assert probing._file_key(model) != before


def test_a_child_that_dies_is_reported_as_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real child process that aborts, standing in for llama.cpp's abort().
    script = tmp_path / "die.py"
    script.write_text(
        "import os, sys\nprint('GGML_ASSERT(x) failed', file=sys.stderr)\nos.abort()\n"
    )
    monkeypatch.setattr(probing, "_command", lambda path, layers: [str(_python()), str(script)])
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    with pytest.raises(ModelLoadCrashed, match=r"GGML_ASSERT\(x\) failed"):
        probing.ensure_probed(model)
    assert probing._load_records() == set()


def test_a_slow_child_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "hang.py"
    script.write_text("import time\ntime.sleep(30)\n")
    monkeypatch.setattr(probing, "_command", lambda path, layers: [str(_python()), str(script)])
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    with pytest.raises(ModelError, match="took longer than 1 seconds"):
        probing.ensure_probed(model, timeout=1)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("unknown model architecture: 'zz'", "a 'zz' model"),
        ("tensor 'x' data is not within the file bounds", "incomplete"),
        ("failed to allocate CPU buffer", "not enough memory"),
        ("", "could not be loaded (boom)"),
    ],
)
def test_load_errors_say_what_happened(reason: str, expected: str) -> None:
    error = load_error(Path("m.gguf"), ValueError("boom"), reason)
    assert expected in error.message
    assert error.hint


def _python() -> Path:
    return Path(sys.executable)
