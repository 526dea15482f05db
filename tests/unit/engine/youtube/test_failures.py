"""Network failures as requests raises them become one-line errors that say what to do.
(The real exceptions, from real sockets, are in tests/integration/youtube.)"""

from __future__ import annotations

import pytest
import requests
import youtube_transcript_api as yta
from youtube_transcript_api._transcripts import TranscriptList

from engine.knowledge.youtube.errors import (
    CaptionsDisabled,
    NotYouTubeLink,
    PlaylistUnavailable,
    UnexpectedAnswer,
    VideoUnavailable,
    YouTubeRefused,
    YouTubeUnreachable,
)
from engine.knowledge.youtube.metadata import VideoInfo
from engine.knowledge.youtube.transcript_failures import network_error, transcript_error


def http_error(status: int) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError(response=response)


@pytest.mark.parametrize(
    ("error", "expected", "words"),
    [
        (requests.exceptions.ProxyError("x"), YouTubeUnreachable, "the proxy"),
        (requests.exceptions.SSLError("x"), YouTubeUnreachable, "secure connection"),
        (requests.exceptions.ConnectTimeout("x"), YouTubeUnreachable, "no answer within 12 s"),
        (requests.exceptions.ReadTimeout("x"), YouTubeUnreachable, "no answer within 12 s"),
        (requests.exceptions.ConnectionError("x"), YouTubeUnreachable, "no connection"),
        (http_error(429), YouTubeRefused, "refusing requests"),
        (http_error(500), UnexpectedAnswer, "HTTP 500"),
        (requests.exceptions.JSONDecodeError("x", "doc", 0), UnexpectedAnswer, "understand"),
    ],
)
def test_network_failures(error, expected, words):
    mapped = network_error(error, 12.0)
    assert isinstance(mapped, expected)
    assert words in str(mapped)
    assert "\n" not in str(mapped)


def test_the_refusal_says_that_waiting_or_a_proxy_helps():
    text = str(YouTubeRefused())
    assert "Retrying later" in text
    assert "proxy" in text


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("The playlist does not exist.", "does not exist"),
        ("This playlist type is unviewable.", "this kind of playlist"),
        ("This playlist is private.", "private"),
        ("Something new.", "(Something new.)"),
    ],
)
def test_youtube_playlist_alerts_become_advice(said, words):
    assert words in str(PlaylistUnavailable.from_youtube(said))


def test_private_videos_are_named_as_such():
    assert str(VideoUnavailable.with_reason("This video is private")).startswith(
        "This video is private."
    )
    assert "no reason given" in str(VideoUnavailable.with_reason(None))


def test_pasted_junk_is_quoted_on_one_short_line():
    text = str(NotYouTubeLink.foreign("line one\nline two " + "x" * 200))
    assert "\n" not in text
    assert "“line one line two" in text
    assert len(text) < 200


def test_library_failures_our_calls_never_cause_still_map_to_user_errors():
    video = VideoInfo(video_id="GJLlxj_dtq8", title="t")
    empty = TranscriptList("GJLlxj_dtq8", {}, {}, [])
    cases = [
        (yta.InvalidVideoId("https://youtu.be/x"), VideoUnavailable),
        (yta.NoTranscriptFound("GJLlxj_dtq8", ["en"], empty), CaptionsDisabled),
        (yta.NotTranslatable("GJLlxj_dtq8"), UnexpectedAnswer),
    ]
    for error, expected in cases:
        mapped = transcript_error(error, lambda: video, None)
        assert isinstance(mapped, expected), error
    assert transcript_error(RuntimeError("a bug of ours"), lambda: video, None) is None
