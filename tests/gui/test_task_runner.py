"""The task runner: results and errors reach the GUI thread, streams coalesce, nothing drops."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from desktop.task_runner import INDEX, IO, MODEL, TaskRunner
from engine.errors import Cancelled
from engine.types import Progress


def test_results_and_errors_come_back_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    main = threading.current_thread()
    seen: list[tuple[str, object, bool]] = []
    with qtbot.waitSignal(runner.busy_changed, timeout=5_000, check_params_cb=lambda b: not b):
        runner.run(
            lambda _c: 41 + 1,
            lambda r: seen.append(("ok", r, threading.current_thread() is main)),
            seen.append,
            lane=IO,
        )
        runner.run(
            lambda _c: 1 / 0,
            lambda r: None,
            lambda e: seen.append(("err", type(e).__name__, threading.current_thread() is main)),
            lane=MODEL,
        )
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert ("ok", 42, True) in seen and ("err", "ZeroDivisionError", True) in seen
    assert not runner.busy


def test_stream_delivers_every_item_in_order_in_few_batches(qtbot, runner: TaskRunner) -> None:
    batches: list[list[int]] = []
    ended = []

    def items(_c):
        for i in range(2000):
            if i % 100 == 0:
                time.sleep(0.01)
            yield i

    with qtbot.waitSignal(runner.busy_changed, timeout=10_000, check_params_cb=lambda b: not b):
        runner.stream(items, batches.append, lambda: ended.append(True), ended.append)
    qtbot.waitUntil(lambda: ended == [True])
    flat = [i for batch in batches for i in batch]
    assert flat == list(range(2000))
    assert len(batches) < 100


def test_stream_error_arrives_after_the_items_before_it(qtbot, runner: TaskRunner) -> None:
    got: list[object] = []

    def items(_c):
        yield 1
        yield 2
        raise ValueError("broken")

    runner.stream(items, got.extend, lambda: got.append("done"), lambda e: got.append(str(e)))
    qtbot.waitUntil(lambda: len(got) == 3)
    assert got == [1, 2, "broken"]


def test_a_paused_producer_does_not_hold_items_back(qtbot, runner: TaskRunner) -> None:
    got: list[int] = []
    release = threading.Event()

    def items(_c):
        yield 1
        release.wait(5)
        yield 2

    runner.stream(items, got.extend, lambda: None, lambda e: None)
    qtbot.waitUntil(lambda: got == [1], timeout=2_000)  # shown while the producer waits
    release.set()
    qtbot.waitUntil(lambda: got == [1, 2])


def test_cancel_reaches_the_work_and_deleted_receivers_are_skipped(
    qtbot, runner: TaskRunner
) -> None:
    widget = QWidget()
    called: list[str] = []
    started = threading.Event()

    def work(cancel):
        started.set()
        while not cancel.wait(0.01):
            pass
        return "stopped"

    task = runner.run(work, lambda r: called.append(r), called.append, lane=INDEX, context=widget)
    assert started.wait(5)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not widget.isVisible())
    qtbot.wait(50)
    task.cancel()
    qtbot.waitUntil(lambda: task.done and not runner.busy)
    qtbot.wait(50)
    assert called == []  # the receiver is gone: no callback into a deleted widget


def test_progress_relay_keeps_only_the_latest(qtbot, runner: TaskRunner) -> None:
    seen: list[int] = []

    def work(_c):
        relay = runner.progress_relay(lambda p: seen.append(p.done))
        for i in range(1000):
            relay(Progress(done=i, total=999))
        return None

    runner.run(work, lambda _r: None, lambda e: None, lane=INDEX)
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] == 999)
    assert len(seen) < 50 and seen == sorted(seen)


def test_work_cancelled_while_queued_reports_cancelled(qtbot, runner: TaskRunner) -> None:
    gate = threading.Event()
    outcomes: list[object] = []
    runner.run(lambda _c: gate.wait(5), outcomes.append, outcomes.append, lane=INDEX)
    queued = runner.run(lambda _c: "ran", outcomes.append, outcomes.append, lane=INDEX)
    streamed = runner.stream(
        lambda _c: iter([1]), outcomes.append, lambda: None, outcomes.append, lane=INDEX
    )
    queued.cancel()
    streamed.cancel()
    qtbot.waitUntil(lambda: len(outcomes) == 2)
    assert all(isinstance(o, Cancelled) for o in outcomes)  # a "waiting" view hears of it
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert outcomes[2:] == [True]


def test_shutdown_cancels_queued_work(qtbot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    ran: list[int] = []
    runner.run(lambda c: gate.wait(5) and c.cancelled, lambda r: None, lambda e: None, lane=MODEL)
    runner.run(lambda _c: ran.append(1), lambda r: None, lambda e: None, lane=MODEL)
    runner.cancel_all()
    gate.set()
    runner.shutdown(wait=True)
    assert ran == []
