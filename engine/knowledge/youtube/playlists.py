"""A playlist's videos through yt-dlp's flat extraction: ids, titles, lengths, nothing downloaded.

`extract_flat` stops at the playlist's own pages (one page request, one innertube `browse`
per hundred videos, and one to reload the list with unavailable videos shown), where a full
extraction would open every video. Videos that are private or deleted stay in the list: they
fail one by one when their captions are fetched, so a person sees which failed and why.

yt-dlp writes to the terminal unless given a logger, and caches to `~/.cache/yt-dlp`; here
its messages go to our log and the cache is off, so nothing is written outside the data
folder. Proxies come from the environment and the operating system, as for the captions.
`extractor_retries` is 1 (yt-dlp's default is 3): on a network that swallows packets every
retry waits out a whole `socket_timeout`, and yt-dlp falls back from the page to the API with
retries of its own. Measured against a silent port, one listing waited 8.6 time limits with
3 retries, 4.5 with 1 and 3.3 with 0; one retry is kept for YouTube's known pages with
incomplete data. With the 20 s limit a dead network is reported after about 90 s. Blocking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.knowledge.youtube.errors import NotYouTubeLink, UnexpectedAnswer
from engine.knowledge.youtube.links import PLAYLIST_ID, VIDEO_ID, playlist_url, watch_url
from engine.knowledge.youtube.playlist_failures import playlist_error
from engine.knowledge.youtube.session import DEFAULT_TIMEOUT_S

log = logging.getLogger(__name__)

# Builds a `yt_dlp.YoutubeDL` from its options; tests pass a subclass that serves recordings.
Downloader = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class PlaylistVideo:
    """One video of a playlist, as the playlist's page lists it (length None when not shown)."""

    video_id: str
    title: str
    channel: str = ""
    duration_s: int | None = None

    @property
    def url(self) -> str:
        """The address that opens the video."""
        return watch_url(self.video_id)


@dataclass(frozen=True)
class Playlist:
    """A playlist: its title and channel, and its videos in the playlist's order."""

    playlist_id: str
    title: str
    channel: str
    videos: tuple[PlaylistVideo, ...]

    @property
    def url(self) -> str:
        """The playlist's own page."""
        return playlist_url(self.playlist_id)


class _Log:
    """yt-dlp's messages into our log, not the terminal (the CLI prints its own lines)."""

    def debug(self, message: str) -> None:
        log.debug("%s", message)

    def info(self, message: str) -> None:
        log.debug("%s", message)

    def warning(self, message: str) -> None:
        log.info("%s", message)

    def error(self, message: str) -> None:
        log.info("%s", message)


def ytdlp_options(timeout_s: float) -> dict[str, Any]:
    """The options of a listing-only, quiet, cache-less yt-dlp."""
    return {
        "extract_flat": True,
        "skip_download": True,
        "quiet": True,
        "noprogress": True,
        "logger": _Log(),
        "cachedir": False,
        "socket_timeout": timeout_s,
        "extractor_retries": 1,
    }


def expand_playlist(
    playlist_id: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    downloader: Downloader | None = None,
) -> Playlist:
    """The videos of `playlist_id`. Blocks on the network.

    Thread-safe: each call has its own yt-dlp. Raises `NotYouTubeLink` for a malformed id,
    `PlaylistUnavailable` when YouTube will not list it (missing, private, a mix), and the
    connection errors of `errors`.
    """
    if not PLAYLIST_ID.fullmatch(playlist_id):
        raise NotYouTubeLink.not_an_id(playlist_id, "playlist")
    from yt_dlp import YoutubeDL
    from yt_dlp.utils import DownloadError

    make = downloader if downloader is not None else YoutubeDL
    try:
        with make(ytdlp_options(timeout_s)) as ydl:
            info = ydl.sanitize_info(ydl.extract_info(playlist_url(playlist_id), download=False))
    except DownloadError as error:
        raise playlist_error(error, timeout_s) from error
    return playlist_from_info(info)


def playlist_from_info(info: Mapping[str, Any]) -> Playlist:
    """A playlist from yt-dlp's flat info dict (what `yt-dlp --flat-playlist -J` prints)."""
    if info.get("_type") != "playlist" or not isinstance(info.get("entries"), list):
        raise UnexpectedAnswer.unreadable()
    videos = (_video(entry) for entry in info["entries"] if isinstance(entry, Mapping))
    return Playlist(
        playlist_id=str(info.get("id") or ""),
        title=_text(info.get("title")),
        channel=_text(info.get("channel") or info.get("uploader")),
        videos=tuple(video for video in videos if video is not None),
    )


def _video(entry: Mapping[str, Any]) -> PlaylistVideo | None:
    """One entry as a video; None for an entry that is not a video (no usable id)."""
    video_id = entry.get("id")
    if not isinstance(video_id, str) or not VIDEO_ID.fullmatch(video_id):
        return None
    duration = entry.get("duration")
    return PlaylistVideo(
        video_id=video_id,
        title=_text(entry.get("title")),
        channel=_text(entry.get("channel") or entry.get("uploader")),
        duration_s=round(duration) if isinstance(duration, int | float) and duration > 0 else None,
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
