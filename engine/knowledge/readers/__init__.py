"""The reader registry: every kind of source Lanthorn can read, and which reader takes a target.

Each reader is one module (`pdf`, `text`, `subtitles`, `media`, `youtube`) declaring its
`SourceKind` (kind, label, suffixes, URL patterns, timed) and opening a target as a `Document`
of located segments. The registry lists them in the order a file dialog shows them; the
pipeline, the CLI and (through `engine.knowledge.kinds()`) the desktop's file dialog and drop
filter all read it.

Recordings and videos need the engine's speech part (Whisper) and its settings, which the
knowledge layer does not know: `registry()` takes them as plain functions, and the engine
builds its registry with them. `default_registry()` is the same list without them (what a
knowledge base opened on its own uses; it says so when asked to transcribe).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from engine.knowledge.readers.base import (
    Collection,
    Identity,
    Member,
    Reader,
    display_name,
    is_link,
)
from engine.knowledge.readers.media import MediaReader, Transcribe, no_speech_part
from engine.knowledge.readers.pdf import PdfReader
from engine.knowledge.readers.registry import Registry
from engine.knowledge.readers.subtitles import SubtitleReader
from engine.knowledge.readers.text import TextReader
from engine.knowledge.readers.timed import Recording, RecordingReader
from engine.knowledge.readers.youtube import Transport, VideoOptions, YouTubeReader
from engine.types import SourceKind

__all__ = [
    "Collection",
    "Identity",
    "Member",
    "Reader",
    "Recording",
    "RecordingReader",
    "Registry",
    "Transcribe",
    "Transport",
    "VideoOptions",
    "default_registry",
    "display_name",
    "is_link",
    "kinds",
    "registry",
]


def registry(
    *,
    transcribe: Transcribe = no_speech_part,
    video_options: Callable[[], VideoOptions] = VideoOptions,
    transport: Transport | None = None,
) -> Registry:
    """The readers of the app: documents, text, subtitles, recordings, YouTube.

    Args:
        transcribe: the speech part's transcription of a file (recordings, and the sound of
            videos without captions).
        video_options: the options in force for videos (read at each video).
        transport: how YouTube is reached (tests give recorded answers).
    """
    return Registry([
        PdfReader(),
        TextReader(),
        SubtitleReader(),
        MediaReader(transcribe),
        YouTubeReader(options=video_options, transcribe=transcribe, transport=transport),
    ])


@cache
def default_registry() -> Registry:
    """The app's readers without the speech part (a knowledge base opened on its own)."""
    return registry()


def kinds() -> tuple[SourceKind, ...]:
    """Every kind of source that can be added, in the order a file dialog lists them."""
    return default_registry().kinds()
