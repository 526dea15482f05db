"""The subtitle reader: SubRip and WebVTT through webvtt-py, cleaned, merged and segmented."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cancel import CancelToken
from engine.errors import Cancelled, DocumentError
from engine.knowledge.documents import Segment
from engine.knowledge.readers.subtitles import SubtitleReader, parse_captions, spoken
from engine.knowledge.readers.timed import TimedText, segment_cues

TALK_SRT = """1
00:00:01,000 --> 00:00:04,200
<i>Welcome</i> to the lighthouse &amp; harbour tour.

2
00:01:05,500 --> 00:01:09,000
{\\an8}The lamp was lit every night
at <b>dusk</b>.

3
00:01:09,000 --> 00:01:09,500


4
00:02:00,000 --> 00:02:03,250
- Who kept it?
- The keeper's family.
"""


def _read(path: Path, **options: object) -> tuple[str, list[Segment]]:
    with SubtitleReader().open(str(path), **options) as document:  # type: ignore[arg-type]
        segments = list(document.segments())
        assert document.report().page_count == len(segments) == document.info.page_count
        return document.info.title, segments


def _cues(segment: Segment) -> list[tuple[str, float, float]]:
    return [(segment.text[c.start : c.end], c.start_s, c.end_s) for c in segment.cues]


def test_srt_cues_are_cleaned_and_keep_their_times(tmp_path: Path) -> None:
    path = tmp_path / "tour.srt"
    path.write_text(TALK_SRT, encoding="utf-8")
    title, segments = _read(path)
    assert title == "tour"
    assert [s.number for s in segments] == [1] and segments[0].timed
    assert _cues(segments[0]) == [
        ("Welcome to the lighthouse & harbour tour.", 1.0, 4.2),
        ("The lamp was lit every night at dusk.", 65.5, 69.0),
        ("- Who kept it? - The keeper's family.", 120.0, 123.25),
    ]
    assert segments[0].text == " ".join(text for text, _, _ in _cues(segments[0]))


def test_youtube_auto_captions_lose_tags_and_rolling_repeats(shared_data: Path) -> None:
    _, segments = _read(shared_data / "youtube" / "youtube_dl.vtt")
    assert [segment.text for segment in segments] == ["yeah what this will happen is I'm telling"]
    assert _cues(segments[0]) == [
        ("yeah", 286.07, 286.47),
        ("what", 286.47, 304.08),
        ("this will happen is I'm telling", 304.08, 305.4),  # the repeat extends its end
    ]


def test_a_file_in_the_other_format_than_its_suffix_is_still_read(tmp_path: Path) -> None:
    vtt_inside = tmp_path / "talk.srt"
    vtt_inside.write_text("WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nHello there.\n")
    assert _cues(_read(vtt_inside)[1][0]) == [("Hello there.", 2.0, 3.0)]
    srt_inside = tmp_path / "talk.vtt"
    srt_inside.write_text("1\n00:00:02,000 --> 00:00:03,000\nHello there.\n")
    assert _cues(_read(srt_inside)[1][0]) == [("Hello there.", 2.0, 3.0)]


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "zh.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\n灯塔守护者的故事\n".encode("gb18030"))
    assert _read(path)[1][0].text == "灯塔守护者的故事"
    bom = tmp_path / "bom.vtt"
    bom.write_bytes(codecs.BOM_UTF8 + b"WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\xc3\xa9\n")
    assert _read(bom)[1][0].text == "café"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"empty\.srt holds no subtitles"),
        (b"\n \n", r"empty\.srt holds no subtitles"),
        (b"WEBVTT\n\nNOTE nothing said\n", r"empty\.srt holds no subtitles"),
        (b"1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n", r"empty\.srt holds no subtitles"),
        (b"just some words\nand more words\n", r"empty\.srt is not a valid subtitle file"),
        (b"1\n00:00:01,000 --> 00:00:0x,000\nbad\n", r"empty\.srt holds no subtitles"),
        (bytes(range(256)) * 8, r"empty\.srt does not look like a text file"),
    ],
)
def test_broken_and_empty_files_give_a_clear_document_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "empty.srt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        SubtitleReader().open(str(path))


def test_a_missing_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"gone\.vtt cannot be read"):
        SubtitleReader().open(str(tmp_path / "gone.vtt"))


def test_long_talks_are_cut_at_cues_into_sections_of_about_3000_characters(tmp_path: Path) -> None:
    lines = [f"{n}\n00:{n // 60:02d}:{n % 60:02d},000 --> 00:{n // 60:02d}:{n % 60:02d},900\n"
             f"Sentence number {n} of a long talk about harbours and their lights.\n"
             for n in range(1, 400)]
    path = tmp_path / "long.srt"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, segments = _read(path)
    assert len(segments) > 3 and all(len(s.text) <= 3000 for s in segments)
    assert sum(len(s.cues) for s in segments) == 399
    assert segments[1].cues[0].start_s == segments[0].cues[-1].start_s + 1


def test_cancel_stops_between_segments(tmp_path: Path) -> None:
    path = tmp_path / "long.srt"
    path.write_text("\n".join(
        f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},500\n{f'word{n} ' * 200}\n" for n in range(1, 40)
    ), encoding="utf-8")
    token = CancelToken()
    segments = SubtitleReader().open(str(path), cancel=token).segments()
    next(segments)
    token.cancel()
    with pytest.raises(Cancelled):
        next(segments)


# ------------------------------------------------------------------ properties
def assert_segments_hold(segments: list[Segment], cues: list[TimedText], page_chars: int) -> None:
    transcript = " ".join(cue.text for cue in cues)
    assert " ".join(segment.text for segment in segments) == transcript
    assert [segment.number for segment in segments] == list(range(1, len(segments) + 1))
    said = []
    for segment in segments:
        assert transcript[segment.offset : segment.offset + len(segment.text)] == segment.text
        assert len(segment.text) <= page_chars or len(segment.cues) == 1
        for cue in segment.cues:
            said.append(TimedText(segment.text[cue.start : cue.end], cue.start_s, cue.end_s))
    assert said == cues


WORDS = st.text(alphabet=st.sampled_from([*"abcxyz .,!?'", "é", "中", "文"]), min_size=1,
                max_size=60).map(lambda t: " ".join(t.split())).filter(bool)
CUES = st.lists(st.tuples(WORDS, st.integers(0, 10**7), st.integers(0, 5000)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(raw=CUES, page_chars=st.integers(20, 400))
def test_segments_keep_every_cue_span_and_time(raw, page_chars) -> None:
    cues = [TimedText(text, start / 1000, (start + length) / 1000) for text, start, length in raw]
    assert_segments_hold(segment_cues(cues, page_chars), cues, page_chars)


def _srt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


@settings(max_examples=150, deadline=None)
@given(raw=CUES.filter(bool), tagged=st.booleans())
def test_written_srt_reads_back_as_its_words_and_times(raw, tagged) -> None:
    blocks = []
    for n, (text, start, length) in enumerate(raw, start=1):
        shown = f"<i>{text}</i>" if tagged else text
        blocks.append(f"{n}\n{_srt_time(start)} --> {_srt_time(start + length)}\n{shown}\n")
    captions = parse_captions("\n".join(blocks), "t.srt", ("srt",))
    expected = sorted(
        ((text, start / 1000, (start + length) / 1000) for text, start, length in raw),
        key=lambda cue: cue[1],
    )
    assert [(" ".join(c.lines), c.start_s, c.end_s) for c in captions] == expected


JUNK_PIECES = ["WEBVTT", "\n", "\n\n", "1", "00:00:01,000", "00:00:01.000", " --> ", "-->",
               "<i>", "</i>", "<c.red>", "{\\an8}", "&amp;", "NOTE", "STYLE", "::cue", "\ufeff",
               "\r\n", "中文", "hello", " ", "99:99:99,999", ":", ",", "."]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(JUNK_PIECES), max_size=60),
       fmt=st.sampled_from([("srt", "vtt"), ("vtt", "srt")]))
def test_any_input_gives_segments_or_a_document_error(pieces, fmt) -> None:
    try:
        cues = spoken(parse_captions("".join(pieces), "junk.srt", fmt))
    except DocumentError as exc:
        assert "junk.srt" in str(exc)
        return
    assert cues and all(cue.text and cue.start_s <= cue.end_s for cue in cues)
    assert_segments_hold(segment_cues(cues, 100), cues, 100)
