"""`make run`'s check of the system libraries Qt's xcb plugin needs (tools/check_system_libs.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools.check_system_libs import install_line, missing, package_manager, qt_xcb_files

SCRIPT = Path(__file__).resolve().parents[3] / "tools" / "check_system_libs.py"
LDD = """\
/x/libqxcb.so:
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)
\tlibxcb-keysyms.so.1 => not found
/x/libQt6XcbQpa.so.6:
\tlibxcb-icccm.so.4 => not found
"""


def test_what_ldd_cannot_find_becomes_one_install_line_per_distribution() -> None:
    lacking = missing(LDD)
    assert lacking == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert install_line(lacking, "apt") == "sudo apt install libxcb-icccm4 libxcb-keysyms1"
    assert install_line(lacking, "dnf") == "sudo dnf install xcb-util-wm xcb-util-keysyms"
    assert install_line(lacking, "pacman") == "sudo pacman -S xcb-util-wm xcb-util-keysyms"
    assert package_manager('ID=linuxmint\nID_LIKE="ubuntu debian"\n') == "apt"
    assert package_manager('ID="fedora"\n') == "dnf"
    assert package_manager("ID=arch\n") == "pacman"


def test_the_check_reports_what_this_machine_lacks() -> None:
    files = qt_xcb_files()
    assert files  # the PySide6 wheel's xcb plugin
    ldd = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, check=True)
    done = subprocess.run(
        [sys.executable, str(SCRIPT)],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        check=False,
    )
    lacking = missing(ldd.stdout)
    assert done.returncode == (1 if lacking else 0)
    for soname in lacking:
        assert soname in done.stdout
    assert ("sudo " in done.stdout) == bool(lacking)
