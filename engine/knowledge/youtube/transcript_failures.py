"""Turn what youtube-transcript-api and requests raise into a one-line `YouTubeError`.

The library's own messages are written for developers (a dozen lines, README links, code
samples, a request to open a GitHub issue), so none of their text reaches a person; only the
exception class decides, plus YouTube's own reason for an unplayable video. Every class the
recorded responses can produce is tested with them (tests/unit/engine/youtube), so a library
upgrade that renames or re-parents one fails there instead of showing a raw message. The
others cannot arise from our calls (`InvalidVideoId`: ids are checked first;
`NoTranscriptFound`: we choose among the listed tracks) and map the same way regardless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import ParseError

import requests

from engine.knowledge.youtube.errors import (
    AgeRestricted,
    CaptionsDisabled,
    ConsentRequired,
    PoTokenRequired,
    UnexpectedAnswer,
    VideoUnavailable,
    YouTubeError,
    YouTubeRefused,
    YouTubeUnreachable,
)
from engine.knowledge.youtube.metadata import VideoInfo

log = logging.getLogger(__name__)


@contextmanager
def translated(
    video_id: str, video: Callable[[], VideoInfo], timeout_s: float | None
) -> Iterator[None]:
    """Raise a `YouTubeError` for any failure of the library calls inside the block.

    `video` gives the details known so far (for `CaptionsDisabled`, which a speech fallback
    needs); `timeout_s` is the time limit the session applied, for the message.
    """
    try:
        yield
    except YouTubeError:
        raise
    except Exception as error:
        mapped = transcript_error(error, video, timeout_s)
        if mapped is None:
            raise
        log.info("YouTube captions of %s failed: %r", video_id, error)
        raise mapped from error


def transcript_error(
    error: Exception, video: Callable[[], VideoInfo], timeout_s: float | None
) -> YouTubeError | None:
    """Our error for a library or network failure; None for anything else (a bug of ours)."""
    from youtube_transcript_api import CouldNotRetrieveTranscript

    if isinstance(error, CouldNotRetrieveTranscript):
        return _library_error(error, video)
    if isinstance(error, requests.RequestException):
        return network_error(error, timeout_s)
    if isinstance(error, ParseError | ValueError | KeyError | IndexError | TypeError):
        # A caption file or player answer in a shape the pinned library cannot read.
        return UnexpectedAnswer.unreadable()
    return None


def network_error(error: requests.RequestException, timeout_s: float | None) -> YouTubeError:
    """What went wrong on the way to YouTube, as requests reports it."""
    if isinstance(error, requests.exceptions.JSONDecodeError):
        return UnexpectedAnswer.unreadable()
    if isinstance(error, requests.exceptions.ProxyError):
        return YouTubeUnreachable.through_proxy()
    if isinstance(error, requests.exceptions.SSLError):
        return YouTubeUnreachable.insecure()
    if isinstance(error, requests.Timeout):
        return YouTubeUnreachable.timed_out(timeout_s)
    if isinstance(error, requests.HTTPError):
        status = error.response.status_code if error.response is not None else None
        return YouTubeRefused() if status == 429 else UnexpectedAnswer.http_status(status)
    return YouTubeUnreachable.no_connection()


def _library_error(error: Exception, video: Callable[[], VideoInfo]) -> YouTubeError:
    import youtube_transcript_api as yta

    if isinstance(error, yta.TranscriptsDisabled | yta.NoTranscriptFound):
        return CaptionsDisabled(video())
    if isinstance(error, yta.VideoUnplayable):
        return VideoUnavailable.with_reason(error.reason)
    if isinstance(error, yta.YouTubeRequestFailed):
        cause = error.__context__
        return (
            network_error(cause, None)
            if isinstance(cause, requests.HTTPError)
            else UnexpectedAnswer.http_status(None)
        )
    simple: dict[type[Exception], Callable[[], YouTubeError]] = {
        yta.AgeRestricted: AgeRestricted,
        yta.RequestBlocked: YouTubeRefused,
        yta.IpBlocked: YouTubeRefused,
        yta.VideoUnavailable: VideoUnavailable.gone,
        yta.InvalidVideoId: VideoUnavailable.gone,
        yta.FailedToCreateConsentCookie: ConsentRequired,
        yta.PoTokenRequired: PoTokenRequired,
    }
    return simple.get(type(error), UnexpectedAnswer.unreadable)()
