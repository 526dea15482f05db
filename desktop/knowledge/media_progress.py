"""What a row says while a recording or video is heard: seconds of sound, or bytes downloaded.

Before a recording has pages to index it is transcribed (Whisper reports seconds of sound done,
`Progress.unit` SECONDS), and a video without captions first has its sound downloaded (BYTES);
a video's captions come in one request, with nothing to count. Page counts would mislead there.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.formatting import human_bytes
from engine.types import BYTES, SECONDS, Progress, clock


def media_text(progress: Progress | None) -> str | None:
    """`Transcribing · 0:40 of 3:25`, `Downloading the sound · 3 MB of 12 MB`, `Reading…`.

    None when the progress counts pages (the row says pages then).
    """
    if progress is None:
        return None
    if progress.unit == SECONDS:
        return QCoreApplication.translate(
            "MediaProgress", "Transcribing · {done} of {total}"
        ).format(done=clock(progress.done), total=clock(progress.total or 0))
    if progress.unit == BYTES:
        total = human_bytes(progress.total) if progress.total else "?"
        return QCoreApplication.translate(
            "MediaProgress", "Downloading the sound · {done} of {total}"
        ).format(done=human_bytes(progress.done), total=total)
    if progress.total is None and not progress.done:
        return QCoreApplication.translate("MediaProgress", "Reading…")
    return None
