"""A subtitle file end to end through `lanthorn`: add, search and ask cite the seconds.

The talk (tests/talk.py) is a real SubRip file of about three and a half minutes of speech,
indexed by `lanthorn add` in a fresh process, searched and asked about with the real MiniLM
and SmolLM2 (fixed seed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import config
from tests.integration.grounding.conftest import run_cli, settings
from tests.talk import FACT, QUESTION, TRANSCRIPT, span, write_srt

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def talk_home(tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path) -> tuple[Path, Path]:
    """A data folder with a fixed seed where `lanthorn add talk.srt` has run."""
    folder = tmp_path_factory.mktemp("timed")
    talk = write_srt(folder / "talk.srt")
    home = folder / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / "onnx").symlink_to(onnx_cache, target_is_directory=True)
    config.save(settings(), home / "settings.toml")
    done = run_cli("add", str(talk), home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"indexed as source 1: {talk}\n"
    return home, talk


def test_sources_lists_the_talk_as_a_timed_source(talk_home: tuple[Path, Path]) -> None:
    home, talk = talk_home
    done = run_cli("sources", "--json", home=home)
    (source,) = json.loads(done.stdout)
    assert (source["kind"], source["title"], source["path"], source["status"]) == (
        "subtitles", "talk", str(talk), "ready"
    )
    assert source["pages"] == 1 and source["chunks"] > 3 and source["url"] is None


def test_search_hits_carry_the_seconds_of_their_cues(talk_home: tuple[Path, Path]) -> None:
    home, talk = talk_home
    done = run_cli("search", "--json", "-k", "3", QUESTION, home=home)
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits and all(h["page"] is None and h["path"] == str(talk) for h in hits)
    for hit in hits:
        assert TRANSCRIPT[hit["start"] : hit["end"]] == hit["text"]
        assert (hit["start_s"], hit["end_s"]) == span(hit["start"], hit["end"])
        assert hit["end_s"] - hit["start_s"] <= 30
    best = hits[0]
    assert FACT.text in best["text"]
    assert best["start_s"] <= FACT.start_s and FACT.end_s <= best["end_s"]


def test_ask_cites_the_moment_the_answer_is_said(talk_home: tuple[Path, Path]) -> None:
    home, _ = talk_home
    done = run_cli("ask", "--json", QUESTION, home=home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["covered"] is True and "Agnes Pettigrew" in result["answer"]
    assert result["citations"], result["answer"]
    for c in result["citations"]:
        assert f"[{c['n']}]" in result["answer"] and c["page"] is None
        assert TRANSCRIPT[c["start"] : c["end"]] == c["quote"]
        quote_start_s, quote_end_s = span(c["start"], c["end"])
        assert c["start_s"] <= quote_start_s and quote_end_s <= c["end_s"]
        assert c["end_s"] - c["start_s"] <= 30
    cited = next(c for c in result["citations"] if "Agnes Pettigrew" in c["quote"])
    assert cited["start_s"] <= FACT.start_s and FACT.end_s <= cited["end_s"]
