"""The YouTube libraries are pinned to the releases the recorded answers were checked with."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize("package", ["youtube-transcript-api", "yt-dlp"])
def test_pinned_alike_everywhere_and_installed_as_pinned(package):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [
        line.split("==", 1)[1]
        for line in project["project"]["dependencies"]
        if re.fullmatch(rf"{re.escape(package)}==[\w.]+", line)
    ]
    constraints = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    pinned = re.findall(rf"(?m)^{re.escape(package)}==([\w.]+)$", constraints)
    assert len(pins) == 1, f"{package} must be pinned exactly in pyproject.toml"
    assert pinned == pins, f"{package}: pyproject and constraints disagree"
    assert version(package) == pins[0], (
        f"{package} {version(package)} is installed but {pins[0]} is pinned: the recorded "
        "YouTube answers in ../shared/data/youtube were checked against the pinned release."
    )


def test_the_transcript_library_is_the_release_the_recordings_match():
    assert version("youtube-transcript-api") == "1.2.5"
