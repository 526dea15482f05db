"""Why a recording ended: apart from `recorder`, which imports numpy (start-up cost)."""

from __future__ import annotations

from enum import StrEnum


class StopReason(StrEnum):
    """Why a recording ended."""

    RELEASED = "released"  # the person let go of the button or key, or clicked again
    SILENCE = "silence"  # the speaker fell silent (or never spoke)
    LIMIT = "limit"  # the longest recording the settings allow
    ENDED = "ended"  # the source had nothing more
    LOST = "lost"  # the source broke (`Recorder.error` says how)
    CANCELLED = "cancelled"  # the window is closing: nothing is transcribed
