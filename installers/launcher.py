"""The installed app's one executable: the window, and the child processes the app starts.

A frozen app has no `python` to run what the engine starts as child processes, so the app's own
executable (`sys.executable`) is started for them, and this dispatch sends each to its code:

- multiprocessing's helpers (the PDF reader's forkserver and its resource tracker, or a spawned
  worker on Windows): `multiprocessing.freeze_support()`, which PyInstaller's runtime hook
  makes recognise their command lines on every OS, runs them and exits;
- `-m MODULE ARGS` for the modules the engine starts as `sys.executable -m ...` (the model
  probe), and the command line (`-m engine.cli`, so the installed app has one too): run as
  `python -m` would (runpy), exit code included;
- anything else: the desktop app (`--self-test` included).

Only multiprocessing is imported before the dispatch, so a child starts without Qt. On Windows
the app is a windowed .exe, which has no stdout: started from a console (`start /wait
Lanthorn.exe --self-test`), it writes to that console.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys

CHILD_MODULES = ("engine.llm.probe", "engine.cli")


def main() -> None:
    """Run what the command line asks for; exits with its code."""
    multiprocessing.freeze_support()
    _console_on_windows()
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2] in CHILD_MODULES:
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        sys.exit(0)
    from desktop.app import main as run_app

    sys.exit(run_app())


def _console_on_windows() -> None:
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115


if __name__ == "__main__":
    main()
