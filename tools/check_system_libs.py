"""Check the system libraries Qt's window-system plugin needs, before `make run` starts the app.

On a Linux machine without `libxcb-icccm4` and `libxcb-keysyms1`, Qt aborted naming a different
library ("could not load the Qt platform plugin xcb"), which sends a person hunting. This asks
`ldd` which libraries the xcb plugin (and Qt's xcb library) cannot find, and prints the one
install line for this distribution (apt, dnf or pacman). macOS and Windows need nothing: the
PySide6 wheel carries what Qt needs there. Standard library only: it runs before the app does.

Exit code: 0 when nothing is missing (or there is nothing to check: not Linux, or
QT_QPA_PLATFORM names another plugin), 1 otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

# soname -> package, per distribution family: what Qt 6's xcb plugin links against.
PACKAGES: dict[str, dict[str, str]] = {
    "libxcb-icccm.so.4": {"apt": "libxcb-icccm4", "dnf": "xcb-util-wm", "pacman": "xcb-util-wm"},
    "libxcb-keysyms.so.1": {
        "apt": "libxcb-keysyms1", "dnf": "xcb-util-keysyms", "pacman": "xcb-util-keysyms",
    },
    "libxcb-cursor.so.0": {
        "apt": "libxcb-cursor0", "dnf": "xcb-util-cursor", "pacman": "xcb-util-cursor",
    },
    "libxcb-image.so.0": {
        "apt": "libxcb-image0", "dnf": "xcb-util-image", "pacman": "xcb-util-image",
    },
    "libxcb-render-util.so.0": {
        "apt": "libxcb-render-util0",
        "dnf": "xcb-util-renderutil",
        "pacman": "xcb-util-renderutil",
    },
    "libxcb-util.so.1": {"apt": "libxcb-util1", "dnf": "xcb-util", "pacman": "xcb-util"},
    "libxkbcommon-x11.so.0": {
        "apt": "libxkbcommon-x11-0", "dnf": "libxkbcommon-x11", "pacman": "libxkbcommon-x11",
    },
    "libxkbcommon.so.0": {"apt": "libxkbcommon0", "dnf": "libxkbcommon", "pacman": "libxkbcommon"},
    "libxcb-randr.so.0": {"apt": "libxcb-randr0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-shape.so.0": {"apt": "libxcb-shape0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-shm.so.0": {"apt": "libxcb-shm0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-sync.so.1": {"apt": "libxcb-sync1", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-xfixes.so.0": {"apt": "libxcb-xfixes0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-render.so.0": {"apt": "libxcb-render0", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb-xkb.so.1": {"apt": "libxcb-xkb1", "dnf": "libxcb", "pacman": "libxcb"},
    "libxcb.so.1": {"apt": "libxcb1", "dnf": "libxcb", "pacman": "libxcb"},
    "libX11-xcb.so.1": {"apt": "libx11-xcb1", "dnf": "libX11-xcb", "pacman": "libx11"},
    "libX11.so.6": {"apt": "libx11-6", "dnf": "libX11", "pacman": "libx11"},
    "libGL.so.1": {"apt": "libgl1", "dnf": "libglvnd-glx", "pacman": "libglvnd"},
    "libEGL.so.1": {"apt": "libegl1", "dnf": "libglvnd-egl", "pacman": "libglvnd"},
    "libfontconfig.so.1": {"apt": "libfontconfig1", "dnf": "fontconfig", "pacman": "fontconfig"},
    "libfreetype.so.6": {"apt": "libfreetype6", "dnf": "freetype", "pacman": "freetype2"},
    "libdbus-1.so.3": {"apt": "libdbus-1-3", "dnf": "dbus-libs", "pacman": "dbus"},
    "libglib-2.0.so.0": {"apt": "libglib2.0-0", "dnf": "glib2", "pacman": "glib2"},
}
INSTALL = {"apt": "sudo apt install", "dnf": "sudo dnf install", "pacman": "sudo pacman -S"}
FAMILIES = {"debian": "apt", "ubuntu": "apt", "fedora": "dnf", "rhel": "dnf", "arch": "pacman"}
NOT_FOUND = re.compile(r"^\s*(\S+) => not found", re.MULTILINE)


def missing(ldd_output: str) -> list[str]:
    """The libraries `ldd` could not find, each once, in its order."""
    return list(dict.fromkeys(NOT_FOUND.findall(ldd_output)))


def package_manager(os_release: str) -> str:
    """apt, dnf or pacman, from /etc/os-release's ID and ID_LIKE (apt when unknown)."""
    ids = re.findall(r"^ID(?:_LIKE)?=\"?([^\"\n]+)", os_release, re.MULTILINE)
    for name in " ".join(ids).split():
        if name in FAMILIES:
            return FAMILIES[name]
    return "apt"


def install_line(sonames: list[str], manager: str) -> str:
    """The one command that installs the packages holding `sonames`."""
    packages = [PACKAGES.get(s, {}).get(manager, s) for s in sonames]
    return f"{INSTALL[manager]} {' '.join(dict.fromkeys(packages))}"


def qt_xcb_files() -> list[Path]:
    """Qt's xcb platform plugin and xcb library in the installed PySide6 (none: nothing to do)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    qt = Path(spec.origin).parent / "Qt"
    files = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    return [f for f in files if f.exists()]


def main() -> int:
    """Print what is missing and how to install it; 1 when something is."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "xcb")
    if platform.system() != "Linux" or not chosen.startswith("xcb"):
        return 0  # another platform plugin (offscreen, wayland) was asked for
    files = qt_xcb_files()
    if not files:
        return 0
    done = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, check=False)
    lacking = missing(done.stdout)
    if not lacking:
        return 0
    release = Path("/etc/os-release")
    manager = package_manager(release.read_text(encoding="utf-8") if release.exists() else "")
    print("Lanthorn's window needs system libraries this machine lacks:", ", ".join(lacking))
    print("Install them with:")
    print(f"    {install_line(lacking, manager)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
