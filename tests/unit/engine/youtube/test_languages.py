"""Which caption track a person gets: UI language, then English, then any; human first."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from engine.knowledge.youtube.transcripts import choose_track, language_code, language_preference


@dataclass(frozen=True)
class Track:
    language_code: str
    is_generated: bool = False


def pick(ui_language: str, *tracks: Track) -> Track | None:
    return choose_track(tracks, ui_language)


def test_the_ui_language_then_english():
    assert language_preference("de_DE.UTF-8") == ("de-de", "en")
    assert language_preference("en") == ("en",)
    assert language_preference("") == ("en",)
    fr, en, de = Track("fr"), Track("en"), Track("de")
    assert pick("de", fr, en, de) is de
    assert pick("it", fr, de, en) is en


def test_any_language_when_neither_is_there_human_first_then_the_listed_order():
    auto_fr, human_it, human_pt = Track("fr", True), Track("it"), Track("pt")
    assert pick("de", auto_fr, human_it, human_pt) is human_it
    assert pick("de", auto_fr) is auto_fr


def test_human_captions_beat_automatic_ones_in_the_same_language():
    auto, human = Track("en", True), Track("en")
    assert pick("en", auto, human) is human


def test_the_ui_language_even_automatic_beats_english_written_by_a_person():
    """What was said, in the person's language, comes before a subtitle in another one."""
    auto_ja, human_en = Track("ja", True), Track("en")
    assert pick("ja_JP", human_en, auto_ja) is auto_ja


def test_regions_match_their_base_language_and_an_exact_tag_wins():
    en, en_gb = Track("en"), Track("en-GB")
    assert pick("en_GB", en, en_gb) is en_gb
    assert pick("en_US", en_gb) is en_gb
    assert pick("pt_BR", Track("en"), Track("pt-PT")).language_code == "pt-PT"


@pytest.mark.parametrize(
    ("ui_language", "expected"),
    [("zh_CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh_TW", "zh-Hant"), ("zh_HK.UTF-8", "zh-Hant")],
)
def test_chinese_regions_pick_their_script(ui_language, expected):
    hans, hant = Track("zh-Hans"), Track("zh-Hant")
    assert pick(ui_language, hans, hant).language_code == expected
    assert pick(ui_language, hant, hans).language_code == expected


def test_a_plain_chinese_track_serves_any_chinese_ui():
    zh = Track("zh")
    assert pick("zh_TW", Track("en"), zh) is zh
    assert language_code("zh_CN.UTF-8") == "zh-hans"


def test_no_tracks_no_choice():
    assert pick("en") is None
