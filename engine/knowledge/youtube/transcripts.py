"""A video's captions through youtube-transcript-api, in the language the person reads.

Which track: the UI language, then English, then any; within each, captions a person wrote
before YouTube's automatic ones (`kind=asr`), which have no punctuation and mishear names.
Language tags are compared by their base language (`en-GB` serves `en`), and Chinese
regions by script (`zh_CN` wants `zh-Hans`, `zh_TW` wants `zh-Hant`), because caption tracks
and UI locales spell the same language differently. Translated tracks (`&tlang=`) are never
asked for: they are YouTube's machine translation, and citing a translation as what was said
would put words in the speaker's mouth.

The pinned library (1.2.5, the release the recorded responses in ../shared/data/youtube
match) makes three requests: GET the watch page for the innertube key, POST the innertube
`player` endpoint as the ANDROID client for the caption tracks, GET the chosen track's
timedtext XML. A test asserts exactly these, so an upgrade that changes them fails loudly.

Blocking; not thread-safe per session (one session per worker thread).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import requests

from engine.knowledge.youtube.errors import CaptionsDisabled, NotYouTubeLink
from engine.knowledge.youtube.links import VIDEO_ID
from engine.knowledge.youtube.metadata import PlayerAnswers, VideoInfo
from engine.knowledge.youtube.session import TimedSession
from engine.knowledge.youtube.transcript_failures import translated

# UI locales name Chinese by region; caption tracks by script.
_SCRIPT_OF_REGION = {
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
}
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class TranscriptSegment:
    """One caption: its text and when it is on screen (captions may overlap)."""

    text: str
    start_s: float
    duration_s: float

    @property
    def end_s(self) -> float:
        """When the caption leaves the screen."""
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class VideoTranscript:
    """A video's captions in one language, with what the video is."""

    video: VideoInfo
    language_code: str
    language: str
    generated: bool
    segments: tuple[TranscriptSegment, ...]


class CaptionTrack(Protocol):
    """What choosing needs from a caption track (the library's `Transcript` has these)."""

    language_code: str
    is_generated: bool


Track = TypeVar("Track", bound=CaptionTrack)


def language_code(tag: str) -> str:
    """A language tag or POSIX locale (`zh_CN.UTF-8`) in the form caption tracks compare."""
    code = tag.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    return _SCRIPT_OF_REGION.get(code, code)


def language_preference(ui_language: str) -> tuple[str, ...]:
    """The languages to look for, best first: the UI language, then English."""
    wanted = (language_code(ui_language), FALLBACK_LANGUAGE)
    return tuple(dict.fromkeys(code for code in wanted if code))


def choose_track(tracks: Iterable[Track], ui_language: str) -> Track | None:
    """The best track for a person reading `ui_language`; None when there is none at all."""
    wanted = language_preference(ui_language)
    # min() keeps the first of equals: YouTube's own order breaks ties.
    return min(tracks, key=lambda track: _rank(track, wanted), default=None)


def _rank(track: CaptionTrack, wanted: Sequence[str]) -> tuple[int, bool, bool]:
    """(preference index, auto-generated, only the base language matched): lower is better."""
    code = language_code(track.language_code)
    for index, want in enumerate(wanted):
        if code == want or code.split("-")[0] == want.split("-")[0]:
            return index, track.is_generated, code != want
    return len(wanted), track.is_generated, False


def fetch_transcript(
    video_id: str, *, ui_language: str = "", http_client: requests.Session | None = None
) -> VideoTranscript:
    """The captions of `video_id` and what the video is. Blocks on the network.

    Thread-safe as long as each thread has its own session. `http_client` is the session to talk
    through (tests pass one that serves recorded answers; a playlist passes one to reuse its
    connections); by default a `TimedSession`. Raises `NotYouTubeLink` for a malformed id and a
    `YouTubeError` subclass for every failure on YouTube's side (`CaptionsDisabled` carries the
    video's details).
    """
    if not VIDEO_ID.fullmatch(video_id):
        raise NotYouTubeLink.not_an_id(video_id, "video")
    session = http_client if http_client is not None else TimedSession()
    player = PlayerAnswers()
    session.hooks["response"].append(player)
    try:
        return _fetch(video_id, ui_language, session, player)
    finally:
        session.hooks["response"].remove(player)
        if http_client is None:
            session.close()


def _fetch(
    video_id: str, ui_language: str, session: requests.Session, player: PlayerAnswers
) -> VideoTranscript:
    from youtube_transcript_api import YouTubeTranscriptApi

    timeout_s = session.timeout_s if isinstance(session, TimedSession) else None
    with translated(video_id, lambda: player.video(video_id), timeout_s):
        tracks = list(YouTubeTranscriptApi(http_client=session).list(video_id))
    video = player.video(video_id)
    track = choose_track(tracks, ui_language)
    if track is None:
        raise CaptionsDisabled(video)
    with translated(video_id, lambda: video, timeout_s):
        snippets = track.fetch()
    segments = tuple(
        TranscriptSegment(text=text, start_s=snippet.start, duration_s=snippet.duration)
        for snippet in snippets
        if (text := " ".join(snippet.text.split()))
    )
    if not segments:
        raise CaptionsDisabled(video, empty=True)
    return VideoTranscript(
        video=video,
        language_code=track.language_code,
        language=track.language,
        generated=track.is_generated,
        segments=segments,
    )
