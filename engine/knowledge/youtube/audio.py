"""A video's sound, downloaded with yt-dlp for Whisper when the video has no captions.

Only when the person turned that on (it downloads tens of megabytes an hour of video): the
format asked for is sound alone at up to 96 kbit/s ("ba[abr<=96]"), which Whisper hears as
well as the best one (it resamples everything to 16 kHz mono) for a fraction of the bytes,
else the smallest sound-only format, else the smallest file. Nothing is converted: PyAV decodes
what YouTube serves (m4a, webm), so FFmpeg's command-line tool is not needed.

The file goes to a folder of its own in the data folder's cache, named after this process
(`youtube-audio-<pid>-…`), and the caller removes it once transcribed; a folder left by a
killed process is swept at the next download. Progress counts bytes; a cancel lands at the
next block yt-dlp writes (yt-dlp's `DownloadCancelled` from its progress hook).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine import privacy
from engine.cancel import CancelToken
from engine.errors import Cancelled
from engine.knowledge.youtube.errors import (
    AgeRestricted,
    UnexpectedAnswer,
    VideoUnavailable,
    YouTubeError,
    YouTubeRefused,
)
from engine.knowledge.youtube.links import watch_url
from engine.knowledge.youtube.playlist_failures import causes, network_error
from engine.knowledge.youtube.playlists import Downloader, ytdlp_options
from engine.knowledge.youtube.session import DEFAULT_TIMEOUT_S
from engine.types import BYTES, Progress, ProgressCallback

log = logging.getLogger(__name__)

AUDIO_FORMAT = "ba[abr<=96]/wa/w"
FOLDER_PREFIX = "youtube-audio-"
STAGE = "downloading the sound"


@contextmanager
def audio_folder(cache: Path) -> Iterator[Path]:
    """A folder of this process's own in `cache` for one download, removed afterwards."""
    privacy.sweep_stale_process_folders(cache, FOLDER_PREFIX)
    folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=cache))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def download_audio(
    video_id: str,
    folder: Path,
    *,
    item: str = "",
    timeout_s: float = DEFAULT_TIMEOUT_S,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    downloader: Downloader | None = None,
) -> Path:
    """Download the sound of `video_id` into `folder`; returns the file. Blocks on the network.

    Raises the `YouTubeError`s of a video (private, age-restricted, removed, refused, no
    connection) and `Cancelled`.
    """
    from yt_dlp import YoutubeDL
    from yt_dlp.utils import DownloadCancelled, DownloadError

    options = {
        **ytdlp_options(timeout_s),
        "extract_flat": False,
        "skip_download": False,
        "noplaylist": True,
        "format": AUDIO_FORMAT,
        "outtmpl": {"default": "%(id)s.%(ext)s"},
        "paths": {"home": str(folder), "temp": str(folder)},
        "progress_hooks": [_Hook(item, progress, cancel)],
    }
    make = downloader if downloader is not None else YoutubeDL
    try:
        with make(options) as ydl:
            info = ydl.extract_info(watch_url(video_id), download=True)
    except DownloadCancelled:
        raise Cancelled() from None
    except DownloadError as error:
        raise download_error(error, timeout_s) from error
    return _downloaded(info, folder)


def _downloaded(info: Any, folder: Path) -> Path:
    """The file yt-dlp wrote, from its info dict."""
    downloads = info.get("requested_downloads") if isinstance(info, dict) else None
    path = Path(str(downloads[0].get("filepath") or "")) if downloads else None
    if path is None or not path.is_file() or folder not in path.parents:
        raise UnexpectedAnswer.unreadable()
    return path


class _Hook:
    """yt-dlp's progress hook: bytes to `Progress`, and the cancel token checked per block."""

    def __init__(
        self, item: str, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> None:
        self._item = item
        self._progress = progress
        self._cancel = cancel

    def __call__(self, status: dict[str, Any]) -> None:
        from yt_dlp.utils import DownloadCancelled

        if self._cancel is not None and self._cancel.cancelled:
            raise DownloadCancelled()
        if self._progress is None:
            return
        done = int(status.get("downloaded_bytes") or 0)
        total = status.get("total_bytes") or status.get("total_bytes_estimate")
        eta = status.get("eta")
        speed = status.get("speed")
        self._progress(Progress(
            done=done, total=int(total) if total else None, stage=STAGE, item=self._item,
            eta_s=float(eta) if eta is not None else None,
            rate=float(speed) if speed else None, unit=BYTES,
        ))


# YouTube's refusals as yt-dlp's YouTube extractor words them, most specific first.
_REFUSALS: tuple[tuple[str, Callable[[], YouTubeError]], ...] = (
    ("not a bot", YouTubeRefused),
    ("confirm your age", AgeRestricted),
    ("private video", lambda: VideoUnavailable.with_reason("private")),
    ("unavailable", VideoUnavailable.gone),
)


def download_error(error: Exception, timeout_s: float | None) -> YouTubeError:
    """Our error for a yt-dlp `DownloadError` raised while fetching a video's sound."""
    from yt_dlp.utils import ExtractorError

    found = causes(error)
    for cause in found:
        network = network_error(cause, timeout_s)
        if network is not None:
            return network
    for cause in found:
        said = str(cause.orig_msg or "").lower() if isinstance(cause, ExtractorError) else ""
        for words, make in _REFUSALS:
            if words in said:
                return make()
    log.info("Downloading a video's sound failed: %r", error)
    return UnexpectedAnswer.unreadable()
