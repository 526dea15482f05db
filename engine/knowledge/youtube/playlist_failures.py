"""Turn what yt-dlp raises while listing a playlist into a one-line `YouTubeError`.

yt-dlp reports every failure as a `DownloadError` whose text is a log line (`ERROR:
[youtube:tab] PL…: YouTube said: The playlist does not exist.`, with Python reprs for network
errors). The original exception travels in `exc_info`: a networking error (`HTTPError`,
`ProxyError`, `TransportError`), or an `ExtractorError` whose `orig_msg` holds YouTube's own
alert. The networking errors decide by class; YouTube's alerts by their words, the only
thing that tells a missing playlist from a private one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from engine.knowledge.youtube.errors import (
    PlaylistUnavailable,
    UnexpectedAnswer,
    YouTubeError,
    YouTubeRefused,
    YouTubeUnreachable,
)

_YOUTUBE_SAID = re.compile(r"YouTube said: (.+)", re.DOTALL)
_BOT_CHECK = ("not a bot", "captcha")


def playlist_error(error: Exception, timeout_s: float | None) -> YouTubeError:
    """Our error for a yt-dlp `DownloadError` (or anything it wraps)."""
    for cause in _causes(error):
        network = _network_error(cause, timeout_s)
        if network is not None:
            return network
    for cause in _causes(error):
        said = _YOUTUBE_SAID.search(str(getattr(cause, "orig_msg", "") or ""))
        if said is None:
            continue
        reason = said.group(1).strip()
        if any(word in reason.lower() for word in _BOT_CHECK):
            return YouTubeRefused()
        return PlaylistUnavailable.from_youtube(reason)
    return UnexpectedAnswer.unreadable()


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, the exception yt-dlp kept in `exc_info`, and their `cause`s, once each."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        exc_info = getattr(current, "exc_info", None)
        if isinstance(exc_info, tuple) and len(exc_info) == 3:
            pending.append(exc_info[1])
        pending.append(getattr(current, "cause", None))


def _network_error(cause: BaseException, timeout_s: float | None) -> YouTubeError | None:
    from yt_dlp.networking.exceptions import HTTPError, ProxyError, SSLError, TransportError

    if isinstance(cause, HTTPError):
        return (
            YouTubeRefused() if cause.status == 429 else UnexpectedAnswer.http_status(cause.status)
        )
    if isinstance(cause, ProxyError):
        return YouTubeUnreachable.through_proxy()
    if isinstance(cause, SSLError):
        return YouTubeUnreachable.insecure()
    if isinstance(cause, TransportError):
        if "timed out" in str(cause).lower():
            return YouTubeUnreachable.timed_out(timeout_s)
        return YouTubeUnreachable.no_connection()
    return None
