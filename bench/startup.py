"""Start-up: `lanthorn-desktop --snapshot` against a minimal PySide6 window, to the first paint.

Both run as whole processes, interleaved, several times each, in one fresh data folder that
holds a conversation (so ours has a list and a last chat to show). Both note the monotonic time
of their first painted frame through the same `desktop.startup_clock.watch`
(`LANTHORN_STARTUP_TIMES`); ours also notes when it is fully ready (the model known, which
`--snapshot` waits for). Printed: the medians of time to first paint, time to ready and peak
resident memory (from `wait4`), and the ratios against the minimal window's first paint.
Goal (issue 14): first paint <= 2x the minimal window's.

Both run from compiled bytecode, as an installed app does (kept in the temporary folder, written
by the dropped first round): with PYTHONDONTWRITEBYTECODE set, as on the build machines, every
start compiled Lanthorn's ~100 modules from source first (~0.25 s of a quiet start).

Measured before this (whole process, to the model known): 0.94 s and 415 MiB against 0.15 s
and 55 MiB (6.2x) on a quiet 2-core machine; 8.5x under load. After painting first, in one
interleaved run against the previous code (5 runs each, load 15-18, no quiet machine to be
had): first paint 2.08 s (before: 3.31 s) against the minimal window's 0.48 s, i.e. 4.3x (6.9x);
ready 2.94 s (3.79 s), 6.1x (7.9x); peak memory 454 MiB, unchanged (the model is loaded).
Second step (a screenful of the last chat built before the paint, as plain text; markdown-it,
the chat session and the application-wide Ctrl+Space filter after it), interleaved with the
first step's code (8 runs each, load 10): first paint 0.95 s (before: 1.10 s) against the
minimal window's 0.25 s, 3.8x (4.4x); ready unchanged within noise (1.72 s, 1.56 s). The rest
is Python and PySide6 work on the GUI thread: ~0.45 s of imports (~220 modules; engine.types'
33 dataclasses ~50 ms, the `Qt` namespace's enums ~50 ms), ~0.3 s building the widgets, ~0.25 s
for the first paint itself.

On a quiet machine (load < 1), two runs of 7 each, alternating with the code before the second
step: first paint 0.45-0.47 s against the minimal window's 0.12 s, 3.8-3.9x (before: 4.6-5.1x).
Per step: the interpreter and PySide6 0.09 s (as in the minimal window), Lanthorn's imports
0.16 s, building the window 0.10 s, reading the list and last chat 0.03 s, showing and painting
0.10 s. The goal of 2x is below what a window showing the list and the chat costs here: a
stripped window holding only the real conversation list and chat view (no composer, log,
translations or menus; the last chat read in line) painted at 0.26 s against 0.12 s (2.2x), and
with the real composer, log and translations at 0.32 s (2.6x).

    python -m bench.startup [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.startup_clock import ENV

MINIMAL = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from desktop.startup_clock import watch
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Minimal")
window.setCentralWidget(QLabel("Hello"))
window.resize(1100, 720)

def done():
    window.grab().save(sys.argv[1])
    window.close()
    app.quit()

watch(window, done)
window.show()
app.exec()
"""

SEED = """
import json
from PySide6.QtCore import QSettings
from engine.api import Engine, data_dir
with Engine() as engine:
    empty = engine.conversations.create("Start-up benchmark")
    document = json.loads(engine.conversations.export(empty.id, "json"))
    engine.conversations.delete(empty.id)
    turns = [("user", "What does the lanthorn keep?"), ("assistant", "A light, behind horn.")]
    document["messages"] = [
        {"role": role, "text": text * 20, "created_at": empty.created_at, "model": "",
         "prompt_tokens": 0, "completion_tokens": 0, "citations": []}
        for role, text in turns * 5
    ]
    chat = engine.conversations.import_json(json.dumps(document))
state = QSettings(str(data_dir() / "window-state.ini"), QSettings.Format.IniFormat)
state.setValue("window/conversation", str(chat.id))
state.sync()
"""


@dataclass(frozen=True)
class Run:
    """One process: seconds to its first paint, to ready, to its end; peak memory in MiB."""

    first_paint: float
    ready: float
    total: float
    peak_mib: float


def measure(command: list[str], env: dict[str, str], times: Path) -> Run:
    """Run `command` to its end; when it painted first and was ready, and its peak memory."""
    times.unlink(missing_ok=True)
    started = time.monotonic()
    process = subprocess.Popen(command, env={**env, ENV: str(times)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    total = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"{command[0]} exited with {process.returncode}: {error[-400:]}")
    marks = dict(line.split() for line in times.read_text(encoding="utf-8").splitlines())
    first_paint = float(marks["first_paint"]) - started
    ready = float(marks.get("ready", marks["first_paint"])) - started
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Run(first_paint, ready, total, usage.ru_maxrss * scale / 2**20)


def median(runs: list[Run]) -> Run:
    """The median of each figure."""
    return Run(*(statistics.median(getattr(r, f) for r in runs)
                 for f in ("first_paint", "ready", "total", "peak_mib")))


def main() -> None:
    """Print both series and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="lanthorn-startup-") as folder:
        root = Path(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "LANTHORN_HOME": str(root / "home"), "PYTHONPYCACHEPREFIX": str(root / "pyc")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode
        subprocess.run([sys.executable, "-c", SEED], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        commands = {
            "ours": [sys.executable, "-m", "desktop.app", "--snapshot", str(root / "ours.png")],
            "minimal": [sys.executable, "-c", MINIMAL, str(root / "minimal.png")],
        }
        results: dict[str, list[Run]] = {name: [] for name in commands}
        for run in range(runs + 1):  # the first round warms the file cache and is dropped
            for name, command in commands.items():
                result = measure(command, env, root / "times.txt")
                if run:
                    results[name].append(result)
    ours, minimal = median(results["ours"]), median(results["minimal"])
    print(f"lanthorn-desktop: first paint {ours.first_paint:.2f} s, ready (model known) "
          f"{ours.ready:.2f} s, whole process {ours.total:.2f} s, peak {ours.peak_mib:.0f} MiB")
    print(f"minimal window:   first paint {minimal.first_paint:.2f} s, whole process "
          f"{minimal.total:.2f} s, peak {minimal.peak_mib:.0f} MiB")
    print(f"start-up ratio (first paint): {ours.first_paint / minimal.first_paint:.1f}x "
          f"(goal <= 2x); ready: {ours.ready / minimal.first_paint:.1f}x; memory "
          f"{ours.peak_mib / minimal.peak_mib:.1f}x   (median of {runs}, load "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
