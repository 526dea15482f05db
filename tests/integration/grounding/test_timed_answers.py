"""A subtitle file end to end through `lanthorn`: add, search and ask cite the seconds.

The talk is a real SubRip file of about three and a half minutes of speech (31 cues at a
speaking rate of about 13 characters a second), indexed by `lanthorn add` in a fresh process,
searched and asked about with the real MiniLM and SmolLM2 (fixed seed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine import config
from tests.integration.grounding.conftest import run_cli, settings

pytestmark = pytest.mark.slow

SAID = [
    "Good evening, and thank you all for coming out on such a windy night.",
    "Tonight I want to tell you the story of the Marram Point lighthouse,",
    "which stands on the headland just north of our harbour.",
    "Most of you have seen its white tower from the ferry,",
    "but very few people know how it came to be built.",
    "In the winter of 1868, three fishing boats were lost on the reef below the point.",
    "After that disaster the harbour board asked the engineer Thomas Quayle to design a light.",
    "Building began in the spring of 1869 and took almost two years.",
    "Every stone was carried up the cliff path by horse and cart.",
    "The first keeper of the Marram Point lighthouse was Agnes Pettigrew.",
    "She was the widow of one of the fishermen lost on the reef,",
    "and she kept the light burning for thirty-one years.",
    "Agnes climbed the one hundred and twelve steps to the lamp room twice every night.",
    "She trimmed the wicks, polished the brass and wound the clockwork that turned the lens.",
    "Her logbooks survive in the town museum, and they are wonderful to read.",
    "On the night of the great storm of 1881 she wrote that the waves reached the gallery rail.",
    "She did not leave the lamp room until the morning, and no ship was lost that night.",
    "The original lamp burned colza oil, which is pressed from rapeseed.",
    "In 1904 the oil lamp was replaced by a paraffin vapour burner,",
    "which was much brighter and could be seen from twenty miles out at sea.",
    "The lens itself is a first order Fresnel lens made in Paris.",
    "It weighs nearly three tonnes and it floats on a bath of mercury,",
    "so that a single keeper could turn it by hand if the clockwork failed.",
    "Electricity only reached the point in 1952.",
    "After that the keepers had far less to do, and the station was slowly run down.",
    "The light was finally automated in 1987, and the last keeper moved to the village.",
    "Today the tower is looked after by volunteers from the heritage society.",
    "On summer Sundays you can climb the steps yourself and see the lens up close.",
    "I would like to end with a line from the very last page of Agnes Pettigrew's logbook.",
    "She wrote: the sea takes what it wants, but it shall not take it in the dark.",
    "Thank you very much for listening, and I am happy to take a few questions.",
]
QUESTION = "Who was the first keeper of the Marram Point lighthouse?"


@dataclass(frozen=True)
class Cue:
    text: str
    start_s: float
    end_s: float
    start: int  # offsets in the transcript (the cues joined by one space)
    end: int


def _cues() -> list[Cue]:
    cues, at_ms, at_char = [], 2_000, 0
    for text in SAID:
        length_ms = 900 + 75 * len(text)  # about 13 characters a second, as people speak
        cues.append(Cue(text, at_ms / 1000, (at_ms + length_ms) / 1000, at_char,
                        at_char + len(text)))
        at_ms += length_ms + 400
        at_char += len(text) + 1
    return cues


CUES = _cues()
TRANSCRIPT = " ".join(SAID)
FACT = next(cue for cue in CUES if "Agnes Pettigrew." in cue.text)


def _srt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _span(start: int, end: int) -> tuple[float, float]:
    """The seconds of the cues that characters [start, end) of the transcript overlap."""
    overlapped = [cue for cue in CUES if cue.start < end and cue.end > start]
    return min(c.start_s for c in overlapped), max(c.end_s for c in overlapped)


@pytest.fixture(scope="module")
def talk_home(tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path) -> tuple[Path, Path]:
    """A data folder with a fixed seed where `lanthorn add talk.srt` has run."""
    folder = tmp_path_factory.mktemp("timed")
    talk = folder / "talk.srt"
    talk.write_text("\n".join(
        f"{n}\n{_srt_time(c.start_s)} --> {_srt_time(c.end_s)}\n{c.text}\n"
        for n, c in enumerate(CUES, start=1)
    ), encoding="utf-8")
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
        assert (hit["start_s"], hit["end_s"]) == _span(hit["start"], hit["end"])
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
        quote_start_s, quote_end_s = _span(c["start"], c["end"])
        assert c["start_s"] <= quote_start_s and quote_end_s <= c["end_s"]
        assert c["end_s"] - c["start_s"] <= 30
    cited = next(c for c in result["citations"] if "Agnes Pettigrew" in c["quote"])
    assert cited["start_s"] <= FACT.start_s and FACT.end_s <= cited["end_s"]
