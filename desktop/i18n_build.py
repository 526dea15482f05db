"""Compiles the translation sources (resources/translations/*.ts) into .qm files.

Run by the set-up (`make run`/`make test`); a .qm newer than its .ts is left alone, so a second
run costs nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"


def _lrelease() -> str:
    local = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(local) if local.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: install PySide6 in this environment.")
    return found


def main() -> int:
    """Build every stale .qm; returns 0, or the failing lrelease exit code."""
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        done = subprocess.run([_lrelease(), "-silent", str(source), "-qm", str(target)], check=False)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
