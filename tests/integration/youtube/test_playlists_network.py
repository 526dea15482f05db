"""yt-dlp's own networking (no injected transport) meets a proxy from the environment, a dead
proxy and a silent one, all on 127.0.0.1."""

from __future__ import annotations

import pytest

from engine.knowledge.youtube.errors import YouTubeUnreachable
from engine.knowledge.youtube.playlists import expand_playlist
from tests.integration.youtube.loopback import closed_port, refusing_proxy, silent_port
from tests.unit.engine.youtube.recorded import LEARNING_PLAYLIST


def test_ytdlp_goes_through_the_system_proxy(monkeypatch):
    with refusing_proxy() as (port, asked):
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
        with pytest.raises(YouTubeUnreachable, match="the proxy") as caught:
            expand_playlist(LEARNING_PLAYLIST, timeout_s=5)
    assert asked
    assert set(asked) == {"CONNECT www.youtube.com:443 HTTP/1.0"}
    assert "\n" not in str(caught.value)


def test_a_dead_proxy_is_named(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(YouTubeUnreachable, match="the proxy refused or failed"):
        expand_playlist(LEARNING_PLAYLIST, timeout_s=5)


def test_a_silent_network_times_out(monkeypatch):
    with silent_port() as port:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
        with pytest.raises(YouTubeUnreachable, match=r"no answer within 0\.5 s"):
            expand_playlist(LEARNING_PLAYLIST, timeout_s=0.5)
