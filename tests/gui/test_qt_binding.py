"""The Qt binding must not leak or lose references on signal emission.

PySide6 6.12.0 dropped one reference to `True` on every signal emitted from Python: the app
aborted with "Fatal Python error: bool_dealloc" after a few streamed answers (each token batch
is a queued signal), and once at quit with "none_dealloc". The pin in pyproject keeps it out;
this test fails loudly if a binding with that bug comes back. It runs in a child process,
because the failure is an abort.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    fired = Signal(object)

app = QCoreApplication([])
emitter = Emitter()
emitter.fired.connect(lambda value: None)
for value in (True, False, None):
    before = sys.getrefcount(value)
    for _ in range(20_000):
        emitter.fired.emit(1)
    print(sys.getrefcount(value) - before)
"""


def test_emitting_signals_keeps_the_reference_counts_of_true_false_and_none() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    assert [abs(int(n)) < 100 for n in done.stdout.split()] == [True, True, True]
