"""How many threads llama.cpp should use for the next reply, from how busy the cores are.

llama.cpp's worker threads spin-wait for each other at every step, so one thread on a core that
another program keeps busy stalls all of them: measured on 2 cores, 36.6 tokens/s with 2
threads while another process used the second core, 117.6 once it was idle, 83-125 with 1
thread either way. A desktop app always shares its cores, so the count is chosen when a reply
starts: the cores other programs kept busy since the last look are left to them.

"Other programs" is the whole machine's busy time minus this process's own (which includes the
model's previous reply, and in-process indexing, which the model slot halves for separately).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import psutil

MIN_WINDOW_S = 0.2  # a shorter look says too little: keep the previous choice
BUSY_SHARE = 0.5  # a core busy more than half the time counts as taken
# Idle time, and guest time (already counted in user time on Linux), as psutil counts them.
_NOT_BUSY = frozenset({"idle", "iowait", "guest", "guest_nice"})


def threads_for(configured: int, others_busy: float, cores: int) -> int:
    """Threads for `configured` when other programs keep `others_busy` cores busy (of `cores`).

    Never more than the free cores (a core counts as taken when it is busy more than
    `BUSY_SHARE` of the time), never fewer than one.
    """
    taken = int(others_busy + (1.0 - BUSY_SHARE))
    return max(1, min(configured, cores - taken))


@dataclass(frozen=True)
class Look:
    """The clock and the CPU seconds spent so far, machine-wide and by this process."""

    wall: float
    busy: float  # busy CPU seconds of the whole machine
    own: float  # CPU seconds of this process


def look() -> Look:
    """Look at the clock and the CPU counters now."""
    fields = psutil.cpu_times()._asdict()
    own = psutil.Process().cpu_times()
    busy = sum(value for name, value in fields.items() if name not in _NOT_BUSY)
    return Look(wall=time.monotonic(), busy=busy, own=own.user + own.system)


class LoadMeter:
    """Cores other programs kept busy since the previous look. Not thread-safe (one caller)."""

    def __init__(self, looker: Callable[[], Look] = look) -> None:
        self._look = looker
        self._last = looker()
        self._others = 0.0
        self.cores = psutil.cpu_count(logical=True) or 1

    def others_busy(self) -> float:
        """Cores' worth of CPU used by other processes since the previous look (>= 0)."""
        now = self._look()
        span = now.wall - self._last.wall
        if span >= MIN_WINDOW_S:
            others = (now.busy - self._last.busy) - (now.own - self._last.own)
            self._others = max(0.0, others / span)
            self._last = now
        return self._others
