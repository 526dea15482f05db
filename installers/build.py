"""Builds the installed app for this OS: `python -m installers.build` (`make installer`).

The same four steps on every OS, so the three packages hold the same app:
1. the translations (`.qm`, not committed) from their `.ts` sources;
2. `prepared-models/` (installers/prepare_models.py): Whisper base joined, MiniLM in int8 ONNX;
3. PyInstaller with `lanthorn.spec`: the one-folder app `Lanthorn/` (and `Lanthorn.app`);
4. the OS's package: on Linux a tarball with `install.sh` (linux/); on Windows the Inno Setup
   installer (windows/lanthorn.iss, when `iscc` is installed); on macOS the `.dmg`
   (macos/make_dmg.sh).

`--work` keeps the prepared models and PyInstaller's work folder, so a second build only
repeats what changed (measured: a first build 2.8 min on two cores, 5.6 min when busy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLERS = ROOT / "installers"
VERSION = "0.1.0"
APP = "Lanthorn"


def main(argv: list[str] | None = None) -> int:
    """Build; prints each step and the package made."""
    parser = argparse.ArgumentParser(prog="python -m installers.build", description=__doc__)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    work, dist = args.work.resolve(), args.dist.resolve()
    started = time.monotonic()
    _step("translations", [sys.executable, "-m", "desktop.i18n_build"])
    prepared = work / "prepared-models"
    _step("prepared models", [sys.executable, "-m", "installers.prepare_models", str(prepared)])
    app_dist = work / "dist"
    _step(
        "PyInstaller",
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(app_dist), "--workpath", str(work / "pyinstaller"),
         str(INSTALLERS / "lanthorn.spec")],
        env={"LANTHORN_PREPARED": str(prepared), "LANTHORN_VERSION": VERSION},
    )
    package = _package(app_dist, dist)
    print(f"Built {package} in {time.monotonic() - started:.0f} s", flush=True)
    return 0


def _step(name: str, command: list[str], env: dict[str, str] | None = None) -> None:
    """Run one step from the project's root; a failed step ends the build with its code."""
    began = time.monotonic()
    print(f"== {name}", flush=True)
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=False)
    if done.returncode:
        raise SystemExit(f"The step '{name}' failed (exit code {done.returncode}).")
    print(f"== {name}: {time.monotonic() - began:.0f} s", flush=True)


def _package(app_dist: Path, dist: Path) -> Path:
    """The OS's package of the one-folder app, in `dist`."""
    dist.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        return _windows(app_dist, dist)
    if sys.platform == "darwin":
        return _macos(app_dist, dist)
    return linux_tarball(app_dist / APP, dist)


def linux_tarball(app: Path, dist: Path) -> Path:
    """`Lanthorn-VERSION-linux-x86_64.tar.gz`: the app folder and `install.sh` beside it."""
    name = f"{APP}-{VERSION}-linux-{os.uname().machine}"
    target = dist / f"{name}.tar.gz"
    began = time.monotonic()
    print(f"== tarball {target.name}", flush=True)
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=f"{name}/{APP}")
        for script in ("install.sh", "README.txt"):
            tar.add(INSTALLERS / "linux" / script, arcname=f"{name}/{script}")
    print(f"== tarball: {time.monotonic() - began:.0f} s", flush=True)
    return target


def _windows(app_dist: Path, dist: Path) -> Path:
    """The Inno Setup installer, when its compiler is installed; else the app folder."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print("Inno Setup's iscc is not on PATH: only the app folder was built.", flush=True)
        return app_dist / APP
    _step(
        "Inno Setup",
        [iscc, f"/DAppVersion={VERSION}", f"/DAppFolder={app_dist / APP}", f"/O{dist}",
         str(INSTALLERS / "windows" / "lanthorn.iss")],
    )
    return dist / f"{APP}-{VERSION}-windows-setup.exe"


def _macos(app_dist: Path, dist: Path) -> Path:
    """The disk image holding `Lanthorn.app` and a link to Applications."""
    target = dist / f"{APP}-{VERSION}-macos.dmg"
    _step("disk image", ["sh", str(INSTALLERS / "macos" / "make_dmg.sh"),
                         str(app_dist / f"{APP}.app"), str(target)])
    return target


if __name__ == "__main__":
    sys.exit(main())
