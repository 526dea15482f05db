"""Real media files made from a real clip with PyAV: every container Lanthorn promises to read.

Encoded here rather than kept in the repository: the shared clips are WAV (and one FLAC), and a
few kilobytes of code make the other containers, with and without a picture track.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt

# suffix: (audio codec, sample rate, with a picture track)
FORMATS = {
    ".mp3": ("libmp3lame", 44_100, False),
    ".m4a": ("aac", 44_100, False),
    ".ogg": ("libopus", 48_000, False),
    ".flac": ("flac", 16_000, False),
    ".mp4": ("aac", 44_100, True),
    ".webm": ("libopus", 48_000, True),
    ".mkv": ("libopus", 48_000, True),
}


def encode(
    samples: npt.NDArray[np.float32], path: Path, picture_s: float | None = None
) -> Path:
    """Write 16 kHz mono `samples` to `path` in the container its suffix names.

    Video containers get `picture_s` seconds of pictures (default: as long as the sound).
    """
    codec, rate, picture = FORMATS[path.suffix]
    with av.open(str(path), "w") as out:
        pictures = _picture_stream(out, webm=path.suffix == ".webm") if picture else None
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if pictures is not None:
            _write_pictures(out, pictures, seconds=picture_s or len(samples) / 16_000)
        fmt = stream.codec_context.format.name if stream.codec_context.format else "fltp"
        resampler = av.AudioResampler(format=fmt, layout="mono", rate=rate)
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = 16_000
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            piece.pts = None
            for packet in stream.encode(piece):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def video_only(path: Path, seconds: float = 2.0) -> Path:
    """A video file with pictures and no sound track."""
    with av.open(str(path), "w") as out:
        _write_pictures(out, _picture_stream(out, webm=False), seconds)
    return path


def _picture_stream(out: Any, *, webm: bool) -> Any:
    stream = out.add_stream("libvpx" if webm else "libx264", rate=2)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    return stream


def _write_pictures(out: Any, stream: Any, seconds: float) -> None:
    black = np.zeros((48, 64, 3), np.uint8)
    for _ in range(max(1, int(seconds * 2))):
        for packet in stream.encode(av.VideoFrame.from_ndarray(black, format="rgb24")):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)


def cut(path: Path, share: float = 0.5) -> Path:
    """A copy of `path` with only its first `share` of bytes, as an interrupted copy leaves it."""
    data = path.read_bytes()
    target = path.with_name(f"cut-{path.name}")
    target.write_bytes(data[: int(len(data) * share)])
    return target
