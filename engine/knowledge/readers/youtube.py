"""YouTube videos and playlists as sources, cited to the second they are said.

A video is identified by its id ("youtube:<id>", whatever form of link was pasted), so the same
video is one source; its source records the canonical watch address, and each chunk's
seconds turn into `&t=SECONDS s` when a citation is opened. Its words are its captions (in the
UI language, then English, then any; a person's captions before YouTube's automatic ones),
with the title, channel and length YouTube gives with them.

A video without captions fails with a sentence naming the setting that helps, unless that
setting is on: then its sound is downloaded to the data folder's cache, transcribed by the
speech part, and deleted. Off by default, since that downloads the sound and takes minutes.

A playlist link (`list=`, also beside a video, as yt-dlp reads it) is a collection: its
videos are listed with yt-dlp's flat extraction and each becomes a source of the playlist's
group. A lost connection, or YouTube refusing this network, halts a playlist instead of
failing every remaining video the same way.

Only what the person pointed at is fetched: the link's captions, sound or playlist page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from engine import paths
from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.readers.base import Collection, Identity, Member
from engine.knowledge.readers.media import Transcribe, no_speech_part, recording_from
from engine.knowledge.readers.timed import Recording, RecordingReader, TimedText
from engine.knowledge.youtube.errors import (
    CaptionsDisabled,
    YouTubeRefused,
    YouTubeUnreachable,
)
from engine.knowledge.youtube.links import URL_PATTERNS, is_youtube_link, parse_link, watch_url
from engine.types import Progress, ProgressCallback, SourceKind

if TYPE_CHECKING:  # requests and the YouTube libraries load when a video is first read
    import requests

    from engine.knowledge.youtube.metadata import VideoInfo
    from engine.knowledge.youtube.playlists import Downloader
    from engine.knowledge.youtube.transcripts import VideoTranscript

KEY_PREFIX = "youtube:"
PLAYLIST_KEY_PREFIX = "youtube-playlist:"
CAPTIONS_STAGE = "fetching the captions"
SOUND_SETTING_HINT = (
    "To transcribe its sound instead, turn on “Transcribe videos without captions” "
    "(Settings, Knowledge; or `lanthorn add --transcribe-audio`)."
)


@dataclass(frozen=True)
class VideoOptions:
    """How videos are read: which captions, and whether the sound may stand in for them.

    Captions in `ui_language` are preferred ("" for English only); `transcribe_audio`
    transcribes the sound of a video without captions.
    """

    ui_language: str = ""
    transcribe_audio: bool = False


@dataclass(frozen=True)
class Transport:
    """How the reader reaches YouTube: the network by default (with the system's proxy).

    `session` makes the requests session captions are fetched through; `playlists` and
    `audio` build the yt-dlp that lists playlists and downloads sound. Tests give recorded
    answers or a server on 127.0.0.1 here.
    """

    session: Callable[[], requests.Session] | None = None
    playlists: Downloader | None = None
    audio: Downloader | None = None
    timeout_s: float | None = None  # None: the YouTube core's own limit (20 s a request)

    def limit(self) -> float:
        """Seconds a request may take."""
        from engine.knowledge.youtube.session import DEFAULT_TIMEOUT_S

        return self.timeout_s if self.timeout_s is not None else DEFAULT_TIMEOUT_S


def _video_id(target: str) -> str:
    """The video a link points at. Raises NotYouTubeLink, or DocumentError for a playlist."""
    video_id = parse_link(target).video_id
    if video_id is None:
        raise DocumentError(f"{target} is a playlist, not a video.", hint="Add it as a link.")
    return video_id


class YouTubeReader(RecordingReader):
    """Reads YouTube videos through their captions (or sound), and lists playlists.

    Args:
        options: the options in force (read at each video: a settings change applies to
            the next one).
        transcribe: the speech part's transcription, for the sound of videos without captions.
        transport: how YouTube is reached.
        cache: the folder a video's sound is downloaded to (the data folder's cache).
    """

    kind = SourceKind(
        kind="youtube",
        label="YouTube videos and playlists",
        url_patterns=URL_PATTERNS,
        timed=True,
    )

    def __init__(
        self,
        *,
        options: Callable[[], VideoOptions] = VideoOptions,
        transcribe: Transcribe = no_speech_part,
        transport: Transport | None = None,
        cache: Callable[[], Path] = paths.cache_dir,
    ) -> None:
        self._options = options
        self._transcribe = transcribe
        self._transport = transport or Transport()
        self._cache = cache

    def accepts(self, target: str) -> bool:
        """Links on YouTube's hosts, with or without `https://` (as a person may type them)."""
        return is_youtube_link(target) and not Path(target).exists()

    def identify(self, target: str) -> Identity:
        """The video's id; no request is made. Raises NotYouTubeLink, DocumentError."""
        video_id = _video_id(target)
        url = watch_url(video_id)
        return Identity(key=KEY_PREFIX + video_id, path=url, title=video_id, url=url)

    def collection(self, target: str) -> Collection | None:
        """A playlist's videos (None for a link to one video). Blocks on the network.

        Raises NotYouTubeLink, PlaylistUnavailable, DocumentError (an empty playlist) and the
        connection errors of `engine.knowledge.youtube.errors`.
        """
        from engine.knowledge.youtube.playlists import expand_playlist

        playlist_id = parse_link(target).playlist_id
        if playlist_id is None:
            return None
        playlist = expand_playlist(playlist_id, timeout_s=self._transport.limit(),
                                   downloader=self._transport.playlists)
        title = playlist.title or playlist_id
        if not playlist.videos:
            raise DocumentError(f"The playlist “{title}” holds no videos.",
                                hint="Check the link in a web browser.")
        return Collection(
            key=PLAYLIST_KEY_PREFIX + playlist_id,
            kind="playlist",
            title=title,
            members=tuple(Member(target=v.url, title=v.title) for v in playlist.videos),
            url=playlist.url,
            author=playlist.channel,
        )

    def halts(self, error: Exception) -> bool:
        """No connection, or YouTube refusing this network: the other videos would fail too."""
        return isinstance(error, YouTubeUnreachable | YouTubeRefused)

    def record(
        self,
        target: str,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Recording:
        """The video's captions, or (when allowed) its transcribed sound. Blocks.

        Raises the `YouTubeError`s of a video, `CaptionsDisabled` naming the setting when
        the sound may not be used, and what transcription raises.
        """
        video_id = _video_id(target)
        options = self._options()
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(Progress(done=0, total=None, stage=CAPTIONS_STAGE))
        try:
            captions = self._captions(video_id, options.ui_language)
        except CaptionsDisabled as missing:
            if not options.transcribe_audio:
                raise missing.advising(SOUND_SETTING_HINT) from missing
            return self._from_sound(video_id, missing.video, progress, cancel)
        return _from_captions(captions)

    def _captions(self, video_id: str, ui_language: str) -> VideoTranscript:
        from engine.knowledge.youtube.transcripts import fetch_transcript

        make = self._transport.session
        session = make() if make is not None else None
        try:
            return fetch_transcript(video_id, ui_language=ui_language, http_client=session)
        finally:
            if session is not None:
                session.close()

    def _from_sound(
        self,
        video_id: str,
        video: VideoInfo | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> Recording:
        """Download the sound to the cache, transcribe it, and delete it."""
        from engine.knowledge.youtube.audio import audio_folder, download_audio

        with audio_folder(self._cache()) as folder:
            sound = download_audio(
                video_id, folder, timeout_s=self._transport.limit(), progress=progress,
                cancel=cancel, downloader=self._transport.audio,
            )
            transcript = self._transcribe(sound, progress=progress, cancel=cancel)
        title = (video.title if video is not None else "") or video_id
        recording = recording_from(transcript, title, f"the video “{title}”")
        length = video.duration_s if video is not None else None
        return replace(
            recording,
            author=video.channel if video is not None else "",
            duration_s=float(length) if length else recording.duration_s,
        )


def _from_captions(captions: VideoTranscript) -> Recording:
    video = captions.video
    kind = "automatic captions" if captions.generated else "captions"
    return Recording(
        title=video.title or video.video_id,
        cues=tuple(
            TimedText(text=segment.text, start_s=segment.start_s, end_s=segment.end_s)
            for segment in captions.segments
        ),
        author=video.channel,
        duration_s=float(video.duration_s) if video.duration_s else None,
        language=captions.language_code,
        origin=f"{kind} {captions.language_code}",
    )
