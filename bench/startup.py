"""Start-up: `lanthorn-desktop --snapshot` against a minimal PySide6 window doing the same.

Both run as whole processes (interpreter start, imports, show the window, grab a picture of it,
quit), several times each, in a fresh data folder; the median wall time and the peak resident
memory (from `wait4`) are printed, then the ratio. Goal (issue 14): ours <= 2x the minimal
window. Measured before the engine facade was made cheap to import: 0.94 s and 415 MiB against
0.15 s and 55 MiB (6.2x) on a quiet 2-core machine.

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

MINIMAL = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Minimal")
window.setCentralWidget(QLabel("Hello"))
window.resize(1100, 720)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
window.close()
app.quit()
"""


@dataclass(frozen=True)
class Run:
    """One process: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def measure(command: list[str], env: dict[str, str]) -> Run:
    """Run `command` to its end; its wall time and peak memory (Linux and macOS)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"{command[0]} exited with {process.returncode}: {error[-400:]}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Run(seconds, usage.ru_maxrss * scale / 2**20)


def series(command: list[str], env: dict[str, str], runs: int) -> Run:
    """The median time and the median peak memory of `runs` runs (after one warm-up)."""
    measure(command, env)  # warm the file cache, as a second launch would be
    results = [measure(command, env) for _ in range(runs)]
    return Run(statistics.median(r.seconds for r in results),
               statistics.median(r.peak_mib for r in results))


def main() -> None:
    """Print both series and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="lanthorn-startup-") as folder:
        root = Path(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "LANTHORN_HOME": str(root / "home")}
        ours = series([sys.executable, "-m", "desktop.app", "--snapshot",
                       str(root / "ours.png")], env, runs)
        minimal = series([sys.executable, "-c", MINIMAL, str(root / "minimal.png")], env, runs)
    print(f"lanthorn-desktop --snapshot: {ours.seconds:.2f} s, peak {ours.peak_mib:.0f} MiB")
    print(f"minimal PySide6 window:      {minimal.seconds:.2f} s, peak {minimal.peak_mib:.0f} MiB")
    ratio = ours.seconds / minimal.seconds
    print(f"start-up ratio: {ratio:.1f}x (goal <= 2x); memory ratio "
          f"{ours.peak_mib / minimal.peak_mib:.1f}x")


if __name__ == "__main__":
    main()
