"""How many threads heavy work should use: the physical cores this process may run on.

Extra hyper-threads slow llama.cpp's token generation down rather than up. A process limited to
some cores (taskset, a container's cpuset) must not start a thread for every core of the
machine: llama.cpp's, ONNX Runtime's and CTranslate2's threads wait for each other at every
step, so one of them sharing a core with other work holds all of them up (measured: two test
processes, each with a thread per core of the machine, wrote replies 5x slower than one alone).
"""

from __future__ import annotations

import os


def usable_cores() -> int:
    """Physical cores, but no more than the CPUs this process is allowed to run on."""
    import psutil  # on first use: ~30 ms to import, which the app's start need not pay

    physical = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else physical
    return max(1, min(physical, allowed))
