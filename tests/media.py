"""Recordings for the media tests, made from the shared speech clips (never copied).

`spoken_video` muxes a real spoken clip's sound with a few frames of picture into an MP4 (PyAV,
which faster-whisper already brings): the shared data holds sound only, and the player and the
reader must also take a video file. `joined_talk` puts silence before clips, so a passage's
second is not simply zero.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

FPS = 4
RATE = 16000


def spoken_video(clip: Path, out: Path, *, seconds: float = 11.0) -> Path:
    """An MP4 (MPEG-4 picture at 4 fps, AAC sound) whose sound is `clip`."""
    import av

    with av.open(str(clip)) as source, av.open(str(out), "w") as video:
        picture = video.add_stream("mpeg4", rate=FPS)
        picture.width, picture.height, picture.pix_fmt = 160, 120, "yuv420p"
        sound = video.add_stream("aac", rate=16000)
        for index in range(int(seconds * FPS)):
            image = np.full((120, 160, 3), (index * 5) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = index
            for packet in picture.encode(frame):
                video.mux(packet)
        for packet in picture.encode():
            video.mux(packet)
        for heard in source.decode(audio=0):
            heard.pts = None
            for packet in sound.encode(heard):
                video.mux(packet)
        for packet in sound.encode():
            video.mux(packet)
    return out


def joined_talk(clips: list[Path], out: Path, *, pause_s: float) -> list[float]:
    """Write each clip (16 kHz mono 16-bit WAVs) after `pause_s` of silence into one WAV.

    Returns the second at which each clip starts.
    """
    pause = bytes(2 * int(pause_s * RATE))
    joined, starts = b"", []
    for clip in clips:
        with wave.open(str(clip), "rb") as heard:
            assert (heard.getframerate(), heard.getnchannels(), heard.getsampwidth()) == (
                RATE, 1, 2
            )
            joined += pause
            starts.append(len(joined) / 2 / RATE)
            joined += heard.readframes(heard.getnframes())
    with wave.open(str(out), "wb") as written:
        written.setnchannels(1)
        written.setsampwidth(2)
        written.setframerate(RATE)
        written.writeframes(joined)
    return starts
