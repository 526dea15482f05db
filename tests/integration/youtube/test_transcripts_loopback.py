"""Captions over real sockets: the recorded YouTube behind an HTTP server on 127.0.0.1, and
the network failures a person meets (refused, silent, a proxy in the way)."""

from __future__ import annotations

import pytest
import requests

from engine.knowledge.youtube.errors import YouTubeUnreachable
from engine.knowledge.youtube.session import TimedSession
from engine.knowledge.youtube.transcripts import fetch_transcript
from tests.integration.youtube.loopback import (
    ToLoopback,
    closed_port,
    loopback_youtube,
    refusing_proxy,
    silent_port,
)
from tests.unit.engine.youtube.recorded import (
    NORMAL_VIDEO,
    RecordedYouTube,
    recorded_session,
)


def session_to(port: int, timeout_s: float = 5.0) -> requests.Session:
    session = TimedSession(timeout_s=timeout_s)
    session.mount("https://www.youtube.com", ToLoopback(port))
    return session


def test_captions_over_http_match_the_in_process_answer():
    youtube = RecordedYouTube(consent_page="youtube_consent_page.html.static")
    with loopback_youtube(youtube) as port:
        transcript = fetch_transcript(
            NORMAL_VIDEO, ui_language="zh_CN", http_client=session_to(port)
        )
    expected = fetch_transcript(
        NORMAL_VIDEO, ui_language="zh_CN", http_client=recorded_session(RecordedYouTube())
    )
    assert transcript == expected
    assert transcript.language_code == "zh"
    watches = [seen for seen in youtube.seen if "/watch" in seen.url]
    assert len(watches) == 2  # the consent page, then the video with the consent cookie
    assert "CONSENT=YES+" in watches[1].headers["Cookie"]


def test_a_refused_connection_is_no_connection():
    with pytest.raises(YouTubeUnreachable, match="no connection") as caught:
        fetch_transcript(NORMAL_VIDEO, http_client=session_to(closed_port()))
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_a_silent_server_times_out_with_the_session_s_limit():
    with silent_port() as port, pytest.raises(YouTubeUnreachable, match=r"no answer within 0\.5 s"):
        fetch_transcript(NORMAL_VIDEO, http_client=session_to(port, timeout_s=0.5))


def test_the_default_session_goes_through_the_system_proxy(monkeypatch):
    with refusing_proxy() as (port, asked):
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
        with pytest.raises(YouTubeUnreachable, match="the proxy"):
            fetch_transcript(NORMAL_VIDEO)
    assert asked == ["CONNECT www.youtube.com:443 HTTP/1.0"]


def test_a_proxy_that_is_down_is_named(monkeypatch):
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(YouTubeUnreachable, match="the proxy refused or failed"):
        fetch_transcript(NORMAL_VIDEO)
