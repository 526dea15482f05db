"""Audio in, 16 kHz mono float32 out: what Whisper listens to.

Files go through PyAV (the FFmpeg build that faster-whisper already uses), so every container
FFmpeg reads works: wav, mp3, m4a, ogg, flac and the sound of mp4, webm and mkv videos. The
loop follows `faster_whisper.audio.decode_audio` (frames grouped before resampling, frames FFmpeg
calls invalid skipped), with a cancel check per frame and a check that the file is complete.

FFmpeg decodes a cut-off file without complaint, so completeness is checked against the length
the file declares: its container's duration, and for WAV the data size in its header (FFmpeg
measures a WAV by what is on disk). Measured on jfk.wav cut in half: FFmpeg read 5.3-5.5 of
11 s from flac, mp3, mkv, webm and wav while their headers still said 11 s; m4a and mp4 do not
open at all. Formats that declare no length (ogg) cannot be told from a shorter recording.
Estimated lengths (a VBR mp3 without a Xing header) can be off, hence the slack.

Microphone audio arrives as samples (a numpy array, or raw float32 bytes) at any sample rate.
"""

from __future__ import annotations

import gc
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.cancel import CancelToken
from engine.errors import AudioError, NotFoundError, UserInputError
from engine.types import MEDIA_SUFFIXES

SAMPLE_RATE = 16_000
Samples = npt.NDArray[np.float32]
Pcm = bytes | npt.NDArray[Any]  # what a recorder hands over: an array, or raw float32 bytes
# A file is truncated when it holds less than its header declares by more than this much.
TRUNCATION_SLACK_S = 1.0
TRUNCATION_SLACK_SHARE = 0.05
_GROUP_SAMPLES = 500_000  # as faster-whisper: one resampler call per half a million samples
_WAV_UNKNOWN_SIZES = (0, 0xFFFFFFFF)  # streaming writers leave these when they cannot seek back
_REWRITE_HINT = "Copy, download or export the file again, then retry."


def decode_file(path: Path, cancel: CancelToken | None = None) -> Samples:
    """The sound of an audio or video file as 16 kHz mono float32 samples.

    Raises:
        NotFoundError: there is no such file.
        AudioError: the file is empty, not audio, has no sound track, or is truncated.
        Cancelled: `cancel` was set.
    """
    _check_file(path)
    import av

    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(
                    f"{path.name} has no sound track.", hint="Choose a file with sound."
                )
            stream = container.streams.audio[0]
            declared = _declared_seconds(container, stream)
            samples = _decode(container, stream, cancel)
    except av.error.FFmpegError as exc:
        raise AudioError(
            f"{path.name} cannot be read as audio or video: it is damaged or not a media file.",
            hint=f"Choose a sound or video file ({', '.join(MEDIA_SUFFIXES)}).",
        ) from exc
    finally:
        gc.collect()  # frees FFmpeg's resampler buffers (faster-whisper issue 390)
    declared = max(declared or 0.0, _wav_declared_seconds(path) or 0.0) or None
    _check_complete(path, len(samples) / SAMPLE_RATE, declared)
    return samples


def from_pcm(samples: Pcm, sample_rate: int) -> Samples:
    """Microphone samples as 16 kHz mono float32.

    `samples` is a 1-D array (float in [-1, 1], or int16) or raw little-endian float32 bytes.

    Raises:
        UserInputError: not mono, an odd byte count, or a sample rate below 1.
    """
    if sample_rate < 1:
        raise UserInputError(f"A sample rate of {sample_rate} Hz is not possible.")
    if isinstance(samples, bytes | bytearray | memoryview):
        if len(samples) % 4:
            raise UserInputError("Raw audio must be whole 32-bit float samples.")
        array = np.frombuffer(samples, dtype="<f4").astype(np.float32)
    elif samples.ndim != 1:
        raise UserInputError("Recorded audio must be one channel (mono).")
    elif samples.dtype == np.int16:
        array = samples.astype(np.float32) / 32768.0
    else:
        array = samples.astype(np.float32, copy=False)
    return array if sample_rate == SAMPLE_RATE else _resample(array, sample_rate)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise NotFoundError(f"There is no file {path}.", hint="Check the name and the folder.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioError(f"{path.name} cannot be opened ({exc.strerror}).") from exc
    if size == 0:
        raise AudioError(f"{path.name} is empty (0 bytes).", hint=_REWRITE_HINT)


def _decode(container: Any, stream: Any, cancel: CancelToken | None) -> Samples:
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    frames = _grouped(_valid_frames(container.decode(stream), cancel))
    return _joined((out for group in frames for out in resampler.resample(group)), resampler)


def _joined(frames: Iterator[Any], resampler: Any) -> Samples:
    """The resampled frames, then what the resampler still holds, as one array."""
    pieces = [frame.to_ndarray().reshape(-1) for frame in frames]
    pieces += [frame.to_ndarray().reshape(-1) for frame in resampler.resample(None)]
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(pieces).astype(np.float32, copy=False)


def _valid_frames(frames: Iterator[Any], cancel: CancelToken | None) -> Iterator[Any]:
    """Decoded frames, skipping those FFmpeg calls invalid (as faster-whisper does)."""
    import av

    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def _grouped(frames: Iterator[Any]) -> Iterator[Any]:
    import av

    fifo = av.AudioFifo()
    for frame in frames:
        frame.pts = None  # FFmpeg checks timestamps are contiguous; damaged files break that
        fifo.write(frame)
        if fifo.samples >= _GROUP_SAMPLES:
            yield fifo.read()
    if fifo.samples:
        yield fifo.read()


def _resample(array: Samples, sample_rate: int) -> Samples:
    import av

    if array.size == 0:
        return array
    frame = av.AudioFrame.from_ndarray(array.reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = sample_rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    return _joined(iter(resampler.resample(frame)), resampler)


def _declared_seconds(container: Any, stream: Any) -> float | None:
    """The length the sound track says it has (None when it does not say).

    Matroska (mkv, webm) keeps it in the track's DURATION tag: FFmpeg gives its tracks the
    whole file's length, which for a video may exceed the sound's. Others have it per stream,
    or, when the file holds nothing but sound, for the container.
    """
    tag = _clock_seconds(stream.metadata.get("DURATION", ""))
    if tag is not None or "matroska" in container.format.name:
        return tag
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    only_sound = len(container.streams) == len(container.streams.audio)
    if only_sound and container.duration is not None:
        return float(container.duration) / 1_000_000
    return None


def _clock_seconds(text: str) -> float | None:
    """`HH:MM:SS.fraction` as seconds (None for anything else)."""
    parts = text.split(":")
    if len(parts) != 3:
        return None
    try:
        hours, minutes, seconds = (float(part) for part in parts)
    except ValueError:
        return None
    return hours * 3600 + minutes * 60 + seconds


def _wav_declared_seconds(path: Path) -> float | None:
    """The length a RIFF/WAVE header promises (data bytes / bytes per second), if it is one."""
    try:
        with path.open("rb") as file:
            if file.read(12)[8:12] != b"WAVE":
                return None
            byte_rate = 0
            while header := file.read(8):
                if len(header) < 8:
                    return None
                chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
                if chunk_id == b"fmt " and size >= 16:
                    byte_rate = struct.unpack("<I", file.read(16)[8:12])[0]
                    file.seek(size - 16 + (size & 1), 1)
                elif chunk_id == b"data":
                    known = byte_rate and size not in _WAV_UNKNOWN_SIZES
                    return size / byte_rate if known else None
                else:
                    file.seek(size + (size & 1), 1)
    except (OSError, struct.error):
        return None
    return None


def _check_complete(path: Path, decoded_s: float, declared_s: float | None) -> None:
    if decoded_s == 0:
        raise AudioError(f"{path.name} holds no sound that can be played.", hint=_REWRITE_HINT)
    if declared_s is None:
        return
    missing = declared_s - decoded_s
    if missing > max(TRUNCATION_SLACK_S, TRUNCATION_SLACK_SHARE * declared_s):
        raise AudioError(
            f"{path.name} is cut off: it should last {declared_s:.1f} s, "
            f"but only {decoded_s:.1f} s could be read.",
            hint=_REWRITE_HINT,
        )
