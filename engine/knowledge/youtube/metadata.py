"""A video's title, channel and length, read from the answer the captions came with.

youtube-transcript-api reads the caption tracks out of YouTube's innertube `player` answer and
drops the rest, but that same answer carries `videoDetails` (title, author, lengthSeconds).
A requests response hook on the session keeps that answer, so the details cost no request of
their own. The alternatives were worse: yt-dlp's video extraction asks for the watch page,
several innertube clients and the player JavaScript; the oEmbed endpoint gives no length;
calling the library's private `_fetch_innertube_data` would break silently on an upgrade,
where the hook depends only on the endpoint's path (asserted by the request-format test).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from engine.knowledge.youtube.links import watch_url

PLAYER_PATH = "/youtubei/v1/player"


@dataclass(frozen=True)
class VideoInfo:
    """What a video is: its id, title, channel and length (None for a live stream or unknown).

    `title` and `channel` are empty when YouTube did not say (an unplayable video).
    """

    video_id: str
    title: str = ""
    channel: str = ""
    duration_s: int | None = None

    @property
    def url(self) -> str:
        """The address that opens the video."""
        return watch_url(self.video_id)


def video_info(video_id: str, player: Mapping[str, Any] | None) -> VideoInfo:
    """The details of a video from its innertube `player` answer (empty ones without it)."""
    details = (player or {}).get("videoDetails")
    if not isinstance(details, Mapping):
        return VideoInfo(video_id=video_id)
    length = str(details.get("lengthSeconds") or "")
    return VideoInfo(
        video_id=video_id,
        title=str(details.get("title") or "").strip(),
        channel=str(details.get("author") or "").strip(),
        duration_s=int(length) if length.isdigit() and int(length) > 0 else None,
    )


class PlayerAnswers:
    """A requests response hook that keeps the last innertube `player` answer of a session."""

    def __init__(self) -> None:
        self._answer: requests.Response | None = None

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Keep `response` when it is a successful player answer (a requests hook)."""
        if response.ok and urlsplit(response.url).path == PLAYER_PATH:
            self._answer = response

    def video(self, video_id: str) -> VideoInfo:
        """The details of `video_id` from the kept answer (empty when none was kept)."""
        try:
            player = self._answer.json() if self._answer is not None else None
        except ValueError:
            player = None
        return video_info(video_id, player if isinstance(player, Mapping) else None)
