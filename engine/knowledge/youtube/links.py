"""YouTube links: every form a person pastes, reduced to a video id, a playlist id, a start.

The forms are the ones the share menus, the address bar and embed codes produce: `watch?v=`,
`youtu.be/`, `shorts/`, `embed/` (and the privacy-enhanced `youtube-nocookie.com/embed/`),
`live/`, the old `v/`, `playlist?list=` and `embed/videoseries?list=`, on the bare, `www.`,
`m.` and `music.` hosts, with or without `http(s)://`, with any extra parameters (`si=`,
`feature=`, `index=`, `pp=` ...). `t=`/`start=` give the second to start at (`90`, `90s`,
`1h2m3s`); an unreadable one is dropped rather than failing an otherwise good link.

A watch link that also carries a list the player made for this viewer (a mix `RD…`, Watch
later `WL`, Liked `LL`/`LM`) means the video: those lists are endless or private, and a person
who copies a song from a mix wants the song, not fifty others.

`URL_PATTERNS` is what a reader declares (searched, as `SourceKind.url_patterns` are): it
claims every link on a YouTube host, so `parse_link` can say precisely why a channel or
search link is not something Lanthorn reads, instead of a generic "unsupported".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from engine.knowledge.youtube.errors import NotYouTubeLink

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
PLAYLIST_ID = re.compile(r"[A-Za-z0-9_-]{2,64}")

_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
_SHORT_HOSTS = frozenset({"youtu.be"})
_PREFIX = r"(?i)^\s*(?:https?://)?"
URL_PATTERNS: tuple[str, ...] = (
    _PREFIX + r"(?:(?:www|m|music)\.)?youtube\.com(?::\d+)?(?:[/?#]|\s*$)",
    _PREFIX + r"(?:www\.)?youtube-nocookie\.com(?::\d+)?(?:[/?#]|\s*$)",
    _PREFIX + r"youtu\.be(?::\d+)?(?:[/?#]|\s*$)",
)
# Paths whose next segment is the video id.
_ID_PATHS = frozenset({"shorts", "embed", "live", "v"})
# Lists the player makes for one viewer; with a video beside them, the link means the video.
_VIEWER_LISTS = re.compile(r"RD|WL$|LL$|LM$")
_SCHEME = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://")
# Host and port only: a link with a user name (`evil@youtube.com`) is not one a person shares.
_NETLOC = re.compile(r"(?i)([a-z0-9.-]+)(?::\d+)?")
_START = re.compile(r"(?i)(?:(\d{1,4})h)?(?:(\d{1,6})m)?(?:(\d{1,9})s?)?")


@dataclass(frozen=True)
class YouTubeLink:
    """What a YouTube link points at: a video, a playlist, or a video within a playlist.

    `start_s` is the second the link asked to start at (None when it did not say).
    """

    video_id: str | None = None
    playlist_id: str | None = None
    start_s: int | None = None

    @property
    def url(self) -> str:
        """The canonical address: one form per video and playlist, whatever was pasted."""
        query = {"v": self.video_id, "list": self.playlist_id}
        page = "playlist" if self.video_id is None else "watch"
        return f"https://www.youtube.com/{page}?" + urlencode(
            {key: value for key, value in query.items() if value is not None}
        )


def watch_url(video_id: str, start_s: float | None = None) -> str:
    """The address that opens a video, at a whole second when `start_s` is given."""
    url = "https://www.youtube.com/watch?" + urlencode({"v": video_id})
    return url if start_s is None else f"{url}&t={max(0, int(start_s))}s"


def playlist_url(playlist_id: str) -> str:
    """The address of a playlist's own page."""
    return "https://www.youtube.com/playlist?" + urlencode({"list": playlist_id})


def is_youtube_link(text: str) -> bool:
    """Whether `text` is on a YouTube host (what a reader's URL patterns claim)."""
    return any(re.search(pattern, text) for pattern in URL_PATTERNS)


def parse_link(text: str) -> YouTubeLink:
    """Read a pasted link. Raises `NotYouTubeLink` (a `UserInputError`) with the reason."""
    url = text.strip()
    if not _SCHEME.match(url):
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        raise NotYouTubeLink.foreign(text) from None
    netloc = _NETLOC.fullmatch(parts.netloc)
    host = netloc.group(1).lower() if netloc else ""
    if parts.scheme not in ("http", "https") or not _is_youtube_host(host):
        raise NotYouTubeLink.foreign(text)
    query = parse_qs(parts.query)
    video_id, playlist_id = _ids(host, [p for p in parts.path.split("/") if p], query)
    if video_id is None and playlist_id is None:
        raise NotYouTubeLink.elsewhere_on_youtube(text)
    if video_id is not None and playlist_id is not None and _VIEWER_LISTS.match(playlist_id):
        playlist_id = None
    fragment = parse_qs(parts.fragment)
    start = _first(query, "t") or _first(query, "start") or _first(fragment, "t")
    return YouTubeLink(video_id=video_id, playlist_id=playlist_id, start_s=_seconds(start))


def _is_youtube_host(host: str) -> bool:
    return host in _YOUTUBE_HOSTS or host in _NOCOOKIE_HOSTS or host in _SHORT_HOSTS


def _ids(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str | None, str | None]:
    """The video and playlist ids a link's path and query name (None where absent or bad)."""
    playlist_id = _valid(PLAYLIST_ID, _first(query, "list"))
    head = segments[0] if segments else ""
    if host in _SHORT_HOSTS:
        return (_valid(VIDEO_ID, head) if len(segments) == 1 else None), playlist_id
    if head == "watch" and len(segments) == 1:
        return _valid(VIDEO_ID, _first(query, "v")), playlist_id
    if head == "playlist" and len(segments) == 1:
        return None, playlist_id
    if head == "embed" and segments[1:] == ["videoseries"]:
        return None, playlist_id
    if head in _ID_PATHS and len(segments) == 2:
        return _valid(VIDEO_ID, segments[1]), playlist_id
    return None, None


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


def _valid(pattern: re.Pattern[str], value: str | None) -> str | None:
    return value if value is not None and pattern.fullmatch(value) else None


def _seconds(value: str | None) -> int | None:
    """`90`, `90s`, `1m30s`, `1h2m3s` as whole seconds; None for anything else."""
    match = _START.fullmatch(value.strip()) if value else None
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds
