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
    from yt_dlp.utils import ExtractorError

    found = causes(error)
    for cause in found:
        network = network_error(cause, timeout_s)
        if network is not None:
            return network
    for cause in found:
        reason = youtube_said(cause) if isinstance(cause, ExtractorError) else None
        if reason is None:
            continue
        if any(word in reason.lower() for word in _BOT_CHECK):
            return YouTubeRefused()
        return PlaylistUnavailable.from_youtube(reason)
    return UnexpectedAnswer.unreadable()


def youtube_said(error: Any) -> str | None:
    """YouTube's own alert inside a yt-dlp `ExtractorError` (its `orig_msg`), or None."""
    said = _YOUTUBE_SAID.search(str(error.orig_msg or ""))
    return said.group(1).strip() if said else None


def causes(error: BaseException) -> list[BaseException]:
    """The error, the exceptions yt-dlp kept in `exc_info` and `cause`, each once."""
    from yt_dlp.networking.exceptions import RequestError
    from yt_dlp.utils import DownloadError, ExtractorError

    found: list[BaseException] = []
    pending: list[object] = [error]
    while pending:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        if isinstance(current, DownloadError | ExtractorError) and current.exc_info:
            pending.append(current.exc_info[1])
        if isinstance(current, ExtractorError | RequestError):
            pending.append(current.cause)
    return found


def network_error(cause: BaseException, timeout_s: float | None) -> YouTubeError | None:
    """Our error for one of yt-dlp's networking errors; None for anything else."""
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
