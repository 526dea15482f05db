"""The reply's thread count leaves the cores other programs keep busy to them."""

from __future__ import annotations

import pytest

from engine.llm.threads import LoadMeter, Look, threads_for


@pytest.mark.parametrize(
    ("configured", "others", "cores", "expected"),
    [
        (2, 0.0, 2, 2),  # idle machine: every configured thread
        (2, 0.3, 2, 2),  # a little background work does not cost a thread
        (2, 1.0, 2, 1),  # one busy core: one thread (spin-waiting would stall both)
        (2, 2.0, 2, 1),  # everything busy: still one thread
        (4, 1.2, 8, 4),  # plenty of free cores: the configured count
        (8, 5.0, 8, 3),
    ],
)
def test_threads_for_load(configured: int, others: float, cores: int, expected: int) -> None:
    assert threads_for(configured, others, cores) == expected


def test_meter_counts_other_programs_not_this_process() -> None:
    looks = iter([
        Look(wall=0.0, busy=0.0, own=0.0),
        Look(wall=1.0, busy=1.9, own=0.9),  # 1.9 busy core-seconds, 0.9 of them ours
        Look(wall=1.1, busy=2.1, own=1.0),  # too short a window: the last figure stands
        Look(wall=3.0, busy=2.1, own=1.0),  # measured from the last used look: 0.1 others
    ])
    meter = LoadMeter(lambda: next(looks))
    assert meter.others_busy() == pytest.approx(1.0)
    assert meter.others_busy() == pytest.approx(1.0)
    assert meter.others_busy() == pytest.approx(0.05)


def test_meter_reads_the_real_counters() -> None:
    meter = LoadMeter()
    busy = meter.others_busy()
    assert 0.0 <= busy <= meter.cores + 0.5
