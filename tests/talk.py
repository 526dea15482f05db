"""A talk of about three and a half minutes as a real SubRip file, for the timed-source tests.

31 cues, one sentence each, at a speaking rate of about 13 characters a second; `CUES` keeps
each cue's seconds and its characters in the transcript (the cues joined by one space), so a
test can check the seconds of any span the engine reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        cues.append(Cue(text=text, start_s=at_ms / 1000, end_s=(at_ms + length_ms) / 1000,
                        start=at_char, end=at_char + len(text)))
        at_ms += length_ms + 400
        at_char += len(text) + 1
    return cues


CUES = _cues()
TRANSCRIPT = " ".join(SAID)
FACT = next(cue for cue in CUES if "Agnes Pettigrew." in cue.text)


def _srt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def span(start: int, end: int) -> tuple[float, float]:
    """The seconds of the cues that characters [start, end) of the transcript overlap."""
    overlapped = [cue for cue in CUES if cue.start < end and cue.end > start]
    return min(c.start_s for c in overlapped), max(c.end_s for c in overlapped)


def write_srt(path: Path) -> Path:
    """Write the talk as a SubRip file at `path`."""
    path.write_text("\n".join(
        f"{n}\n{_srt_time(c.start_s)} --> {_srt_time(c.end_s)}\n{c.text}\n"
        for n, c in enumerate(CUES, start=1)
    ), encoding="utf-8")
    return path
