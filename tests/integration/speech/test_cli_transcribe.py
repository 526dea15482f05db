"""`lanthorn transcribe` in a fresh process: text, JSON with times, silence and a bad file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.integration.knowledge.kb_helpers import run_cli
from tests.integration.speech.conftest import reference
from tests.integration.speech.scoring import wer
from tests.unit.engine.speech.media import cut

pytestmark = pytest.mark.slow


def test_json_has_the_segments_with_their_times(lanthorn_home: Path, audio: Path) -> None:
    result = run_cli(lanthorn_home, "transcribe", str(audio / "jfk.wav"), "--json",
                     "--language", "en")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["language"], out["model"], out["duration_s"]) == ("en", "tiny.en", 11.0)
    assert out["heard_speech"] is True
    assert wer(reference(audio, "jfk.wav"), out["text"]) <= 0.05
    starts = [s["start_s"] for s in out["segments"]]
    assert starts == sorted(starts) and starts[0] < 1.0
    assert 10.0 <= out["segments"][-1]["end_s"] <= 11.0
    assert "transcribing jfk.wav: 11 of 11 s" in result.stderr


def test_plain_text_on_stdout(lanthorn_home: Path, audio: Path) -> None:
    result = run_cli(lanthorn_home, "transcribe", str(audio / "LDC93S1.wav"), "--language", "en")
    assert result.returncode == 0, result.stderr
    assert wer(reference(audio, "LDC93S1.wav"), result.stdout) <= 0.3
    assert result.stdout.count("\n") == 1


def test_silence_says_so_and_exits_1(lanthorn_home: Path, audio: Path) -> None:
    result = run_cli(lanthorn_home, "transcribe", str(audio / "silence_2s.wav"), "--language",
                     "auto")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"lanthorn: no speech was heard in {audio / 'silence_2s.wav'}."
    )


def test_a_cut_off_file_is_one_line_and_exit_2(
    lanthorn_home: Path, audio: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "talk.wav"
    shutil.copy(audio / "jfk.wav", copy)
    result = run_cli(lanthorn_home, "transcribe", str(cut(copy)), "--language", "en")
    assert result.returncode == 2 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("lanthorn:")]
    assert len(errors) == 1 and errors[0].startswith("lanthorn: cut-talk.wav is cut off")
    assert result.stderr.splitlines()[-1] == errors[0] and "Traceback" not in result.stderr
