"""Captions through the real youtube-transcript-api and a real requests session, answered
from the library's own recorded YouTube responses (no sockets)."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

from engine.errors import UserInputError
from engine.knowledge.youtube.errors import (
    AgeRestricted,
    CaptionsDisabled,
    ConsentRequired,
    NotYouTubeLink,
    PoTokenRequired,
    UnexpectedAnswer,
    VideoUnavailable,
    YouTubeError,
    YouTubeRefused,
)
from engine.knowledge.youtube.metadata import VideoInfo
from engine.knowledge.youtube.session import TimedSession
from engine.knowledge.youtube.transcript_failures import translated
from engine.knowledge.youtube.transcripts import fetch_transcript
from tests.unit.engine.youtube.recorded import (
    NORMAL_VIDEO,
    RecordedAdapter,
    RecordedYouTube,
    UnrecordedRequest,
    asset,
    caption_track_url,
    recorded_details,
    recorded_session,
)

WW1_VIDEO = "F1xioXWb8CY"
NORMAL_PLAYER = "youtube.innertube.json.static"
WW1_PLAYER = "youtube_ww1_nl_en.innertube.json.static"


def fetch(youtube: RecordedYouTube, video_id: str = NORMAL_VIDEO, ui_language: str = ""):
    return fetch_transcript(
        video_id, ui_language=ui_language, http_client=recorded_session(youtube)
    )


def recorded_cues() -> list[tuple[float, float]]:
    """(start, duration) of every non-empty cue of the recorded caption file."""
    root = ElementTree.fromstring(asset("transcript.xml.static"))
    return [(float(cue.attrib["start"]), float(cue.attrib["dur"])) for cue in root if cue.text]


def expected_video(player: str, video_id: str) -> VideoInfo:
    details = recorded_details(player)
    return VideoInfo(
        video_id=video_id,
        title=details["title"],
        channel=details["author"],
        duration_s=int(details["lengthSeconds"]),
    )


# ----------------------------------------------------------------------------- found captions


def test_a_video_gives_its_english_captions_with_times_and_details():
    transcript = fetch(RecordedYouTube())
    assert [(s.start_s, s.duration_s) for s in transcript.segments] == recorded_cues()
    assert [s.text for s in transcript.segments] == [
        "Hey, this is just a test",
        "this is not the original transcript",  # the escaped <i> tag is gone
        "just something shorter, I made up for testing",
    ]
    assert transcript.segments[1].end_s == pytest.approx(1.54 + 4.16)
    assert (transcript.language_code, transcript.language) == ("en", "English")
    assert transcript.generated is False  # the human track beats the auto-generated one
    assert transcript.video == expected_video(NORMAL_PLAYER, NORMAL_VIDEO)
    assert transcript.video.url == f"https://www.youtube.com/watch?v={NORMAL_VIDEO}"


def test_the_altered_user_agent_answer_gives_the_same_captions():
    normal = fetch(RecordedYouTube())
    altered = fetch(RecordedYouTube(player="youtube_altered_user_agent.innertube.json.static"))
    assert altered == normal


def test_a_chinese_ui_gets_the_chinese_track():
    youtube = RecordedYouTube()
    transcript = fetch(youtube, ui_language="zh_CN")
    assert (transcript.language_code, transcript.language) == ("zh", "Chinese")
    assert transcript.generated is False
    assert youtube.requests()[-1] == ("GET", caption_track_url(NORMAL_PLAYER, "zh"))


@pytest.mark.parametrize(
    ("ui_language", "expected"),
    [("ja", "ja"), ("ko-KR", "ko"), ("es_ES.UTF-8", "es"), ("cs", "cs"), ("", "en")],
)
def test_the_ui_language_comes_first(ui_language, expected):
    youtube = RecordedYouTube()
    assert fetch(youtube, ui_language=ui_language).language_code == expected
    assert youtube.requests()[-1] == ("GET", caption_track_url(NORMAL_PLAYER, expected))


def test_english_is_the_fallback_when_the_ui_language_has_no_track():
    youtube = RecordedYouTube(player=WW1_PLAYER)
    transcript = fetch(youtube, WW1_VIDEO, ui_language="de")
    assert (transcript.language_code, transcript.generated) == ("en", False)
    assert youtube.requests()[-1] == ("GET", caption_track_url(WW1_PLAYER, "en"))
    assert transcript.video == expected_video(WW1_PLAYER, WW1_VIDEO)


def test_captions_that_are_all_empty_count_as_no_captions():
    empty = b'<?xml version="1.0" encoding="utf-8" ?><transcript><text start="1" dur="2">'
    empty += b"  \n </text><text start='3' dur='1'></text></transcript>"
    with pytest.raises(CaptionsDisabled, match="captions are empty") as caught:
        fetch(RecordedYouTube(bodies={"/api/timedtext": empty}))
    assert caught.value.video == expected_video(NORMAL_PLAYER, NORMAL_VIDEO)


def test_cue_line_breaks_become_spaces():
    cue = b'<transcript><text start="0.5" dur="2">two\nlines  here</text></transcript>'
    transcript = fetch(RecordedYouTube(bodies={"/api/timedtext": cue}))
    assert [s.text for s in transcript.segments] == ["two lines here"]


# ------------------------------------------------------------------------------------ consent


def test_a_consent_page_is_passed_with_a_consent_cookie():
    youtube = RecordedYouTube(consent_page="youtube_consent_page.html.static")
    transcript = fetch(youtube)
    assert len(transcript.segments) == len(recorded_cues())
    watches = [seen for seen in youtube.seen if "/watch" in seen.url]
    assert len(watches) == 2
    assert "CONSENT" not in watches[0].headers.get("Cookie", "")
    page = asset("youtube_consent_page.html.static").decode()
    consent = re.search(r'name="v" value="(.*?)"', page)
    assert consent is not None
    assert f"CONSENT=YES+{consent.group(1)}" in watches[1].headers["Cookie"]


# ------------------------------------------------------------------------------------- errors


def failure(name, recording, video_id, error, library_error, words):
    """One recorded failure: what we raise, from which library exception, saying what."""
    return pytest.param(recording, video_id, error, library_error, words, id=name)


AGE = {"player": "youtube_age_restricted.innertube.json.static"}
CONSENT_STUCK = {"consent_page": "youtube_consent_page.html.static", "consent_passes": False}
CONSENT_INVALID = {"consent_page": "youtube_consent_page_invalid.html.static"}
CAPTCHA = {"watch": "youtube_too_many_requests.html.static"}
BOT_CHECK = {"player": "youtube_request_blocked.innertube.json.static"}
DISABLED = {"player": "youtube_transcripts_disabled.innertube.json.static"}
DISABLED_LIVE = {"player": "youtube_transcripts_disabled2.innertube.json.static"}
UNPLAYABLE = {"player": "youtube_unplayable.innertube.json.static"}
UNAVAILABLE = {"player": "youtube_video_unavailable.innertube.json.static"}
PO_TOKEN = {"player": "youtube_po_token_required.innertube.json.static"}
NO_KEY = {"watch": "transcript.xml.static"}  # a page without the innertube key

FAILURES = [
    failure("age", AGE, "Njp5uhTorCo", AgeRestricted, "AgeRestricted", "age-restricted"),
    failure("consent-stuck", CONSENT_STUCK, NORMAL_VIDEO, ConsentRequired,
            "FailedToCreateConsentCookie", "cookie-consent"),
    failure("consent-invalid", CONSENT_INVALID, NORMAL_VIDEO, ConsentRequired,
            "FailedToCreateConsentCookie", "cookie-consent"),
    failure("captcha", CAPTCHA, NORMAL_VIDEO, YouTubeRefused, "IpBlocked", "refusing requests"),
    failure("429", {"status": {"/api/timedtext": 429}}, NORMAL_VIDEO, YouTubeRefused,
            "IpBlocked", "too many requests"),
    failure("bot-check", BOT_CHECK, NORMAL_VIDEO, YouTubeRefused, "RequestBlocked",
            "refusing requests"),
    failure("disabled", DISABLED, "dsMFmonKDD4", CaptionsDisabled, "TranscriptsDisabled",
            "no captions"),
    failure("disabled-live", DISABLED_LIVE, "Fjg5lYqvzUs", CaptionsDisabled,
            "TranscriptsDisabled", "no captions"),
    failure("unplayable", UNPLAYABLE, NORMAL_VIDEO, VideoUnavailable, "VideoUnplayable",
            "(Custom Reason)"),
    failure("unavailable", UNAVAILABLE, NORMAL_VIDEO, VideoUnavailable, "VideoUnavailable",
            "not available on YouTube"),
    failure("po-token", PO_TOKEN, NORMAL_VIDEO, PoTokenRequired, "PoTokenRequired",
            "proof-of-origin token"),
    failure("http-503", {"status": {"/watch": 503}}, NORMAL_VIDEO, UnexpectedAnswer,
            "YouTubeRequestFailed", "error (HTTP 503)"),
    failure("no-key", NO_KEY, NORMAL_VIDEO, UnexpectedAnswer, "YouTubeDataUnparsable",
            "does not understand"),
]  # fmt: skip


@pytest.mark.parametrize(("recording", "video_id", "error", "library_error", "words"), FAILURES)
def test_each_recorded_failure_is_one_clear_line(recording, video_id, error, library_error, words):
    with pytest.raises(error) as caught:
        fetch(RecordedYouTube(**recording), video_id)
    assert isinstance(caught.value, YouTubeError)
    assert type(caught.value.__cause__).__name__ == library_error
    text = str(caught.value)
    assert words in text
    assert "\n" not in text
    assert library_error not in text
    for leak in ("youtube_transcript_api", "github", "traceback", "https://"):
        assert leak not in text.lower()


def test_a_video_without_captions_still_says_what_it_is():
    for recording, video_id in [(DISABLED, "dsMFmonKDD4"), (DISABLED_LIVE, "Fjg5lYqvzUs")]:
        with pytest.raises(CaptionsDisabled) as caught:
            fetch(RecordedYouTube(**recording), video_id)
        assert caught.value.video == expected_video(recording["player"], video_id)


def test_a_po_token_track_is_refused_before_it_is_requested():
    youtube = RecordedYouTube(**PO_TOKEN)
    with pytest.raises(PoTokenRequired):
        fetch(youtube)
    assert [path for _, path in youtube.requests() if "/api/timedtext" in path] == []


def test_a_link_in_place_of_an_id_is_refused_before_any_request():
    youtube = RecordedYouTube(**UNAVAILABLE)
    with pytest.raises(NotYouTubeLink, match="is not a YouTube video id") as caught:
        fetch(youtube, f"https://www.youtube.com/watch?v={NORMAL_VIDEO}")
    assert isinstance(caught.value, UserInputError)
    assert youtube.seen == []


# ------------------------------------------------------------------------------------ session


def test_one_session_serves_several_videos_and_keeps_no_hooks():
    youtube = RecordedYouTube(player=WW1_PLAYER)
    session = recorded_session(youtube)
    hooks_before = list(session.hooks["response"])
    first = fetch_transcript(WW1_VIDEO, http_client=session)
    youtube.player = NORMAL_PLAYER
    second = fetch_transcript(NORMAL_VIDEO, http_client=session)
    assert first.video == expected_video(WW1_PLAYER, WW1_VIDEO)
    assert second.video == expected_video(NORMAL_PLAYER, NORMAL_VIDEO)
    assert session.hooks["response"] == hooks_before


def test_a_timed_session_gives_every_request_its_time_limit():
    youtube = RecordedYouTube()
    session = TimedSession(timeout_s=7.5)
    session.mount("https://", RecordedAdapter(youtube))
    fetch_transcript(NORMAL_VIDEO, http_client=session)
    assert [seen.timeout for seen in youtube.seen] == [7.5, 7.5, 7.5]


# ----------------------------------------------------------------- the pinned request format


def test_the_pinned_library_makes_exactly_the_recorded_requests():
    """Fails when an upgrade of youtube-transcript-api changes what it asks YouTube for: the
    recordings (and the `player` hook the details come from) then need to be redone."""
    youtube = RecordedYouTube()
    fetch(youtube)
    key = re.search(rb'"INNERTUBE_API_KEY":\s*"([\w-]+)"', asset("youtube.html.static"))
    assert key is not None
    assert youtube.requests() == [
        ("GET", f"https://www.youtube.com/watch?v={NORMAL_VIDEO}"),
        ("POST", f"https://www.youtube.com/youtubei/v1/player?key={key.group(1).decode()}"),
        ("GET", caption_track_url(NORMAL_PLAYER, "en")),
    ]
    watch, player, captions = youtube.seen
    assert json.loads(player.body) == {
        "context": {"client": {"clientName": "ANDROID", "clientVersion": "20.10.38"}},
        "videoId": NORMAL_VIDEO,
    }
    assert player.headers["Content-Type"] == "application/json"
    assert {seen.headers["Accept-Language"] for seen in youtube.seen} == {"en-US"}
    assert watch.body == captions.body == b""


def test_a_failure_that_is_not_youtube_s_is_not_dressed_up():
    """An unrecorded request (a changed request format) stays a loud test failure."""
    video = VideoInfo(video_id=NORMAL_VIDEO)
    with pytest.raises(UnrecordedRequest), translated(NORMAL_VIDEO, lambda: video, None):
        raise UnrecordedRequest("no recording for GET https://www.youtube.com/new")
