"""The self-test's verdict: it passes only when every check did, and a failure is kept to read.

The checks themselves (models, the sample PDF, the answer, speech) run for real in the
installed app (tests/integration/installers); here a real Engine runs short checks, so what
the report says about passes and failures is tested in a second.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from engine.api.self_test import CheckFailed, SelfTestCheck, run_self_test


@pytest.fixture(autouse=True)
def _temporary_folders_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _broken_library() -> str:
    raise RuntimeError("libpdfium.so: cannot open shared object file")


def _wrong_answer() -> str:
    raise CheckFailed("The answer does not say 1843.")


def test_one_failed_check_fails_the_run_and_keeps_its_data_folder(lanthorn_home: Path) -> None:
    """Every check still runs; the failures are named, a crash is logged, the folder stays."""
    lines: list[str] = []
    report = run_self_test(
        extra=[
            SelfTestCheck("window", lambda: "drawn"),
            SelfTestCheck("PDF view", _broken_library),
        ],
        out=lines.append,
        checks_of=lambda engine: [SelfTestCheck("answer", _wrong_answer)],
    )

    assert not report.passed
    assert [(result.name, result.ok) for result in report.results] == [
        ("window", True), ("PDF view", False), ("answer", False)
    ]
    assert any(line.startswith("FAIL  answer: The answer does not say 1843.") for line in lines)
    assert lines[-1].startswith("Self-test FAILED: 1 of 3 checks passed")
    log = (report.folder / "logs" / "self-test.log").read_text(encoding="utf-8")
    assert "libpdfium.so" in log and "RuntimeError" in log
    assert os.environ["LANTHORN_HOME"] == str(lanthorn_home), "the person's folder is restored"


def test_a_run_whose_checks_all_pass_removes_its_data_folder() -> None:
    """The engine's checks get the Engine made in the temporary folder; nothing is left."""
    report = run_self_test(
        checks_of=lambda engine: [
            SelfTestCheck("model catalog", lambda: f"{len(engine.models.catalog())} models")
        ]
    )

    assert report.passed
    assert report.results[0].detail.endswith(" models")
    assert not report.folder.exists()
