"""The Linux package, built from a clean tree, installed, and its app's `--self-test` passing.

This is what a person gets: the tracked files only (no built translations, no caches, no
earlier build) go through `python -m installers.build`; the tarball is unpacked and installed
with its `install.sh` into a temporary prefix; the installed `lanthorn-desktop --self-test`
then runs offscreen with no Python on PATH and no PYTHONPATH, so the model probe and the PDF
reader can only run as the frozen app's own child processes. Then the main window opens, as a
double-click opens it, with the starter model loaded. Minutes of CPU (measured on two cores
at a load average of 5: 2.8 min to build, 1.9 to install, self-test and open the window; 10.5
to 13.7 min in all at a load of 15): its own CI step (`make installer-test`), not `make test`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BUILD_TIMEOUT_S = 2400
SELF_TEST_TIMEOUT_S = 600

pytestmark = [
    pytest.mark.installer,
    pytest.mark.timeout(BUILD_TIMEOUT_S + SELF_TEST_TIMEOUT_S),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux package"),
]


def _clean_tree(target: Path) -> Path:
    """The tracked files of this checkout (as they are now), and nothing else."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _window_opens_with_the_starter_model(app: Path, env: dict[str, str], tmp_path: Path) -> None:
    """What a double-click does: the main window, its model loaded (--snapshot closes it)."""
    shot = tmp_path / "window.png"
    started = subprocess.run(
        [str(app), "--snapshot", str(shot)],
        env={**env, "LANTHORN_HOME": str(tmp_path / "data")},
        capture_output=True, text=True, timeout=SELF_TEST_TIMEOUT_S, check=False,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    texts = json.loads(shot.with_suffix(".json").read_text(encoding="utf-8"))
    assert "smollm2" in texts["model"].lower(), texts
    assert shot.stat().st_size > 10_000, "the window's picture is blank"


def _app_environment(home: Path) -> dict[str, str]:
    """No Python of ours on PATH, no PYTHONPATH, a throwaway HOME: only the app can run."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "LANTHORN_", "XDG_DATA", "XDG_CONFIG"))
    }
    return {**env, "PATH": path, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`Lanthorn-VERSION-linux-ARCH.tar.gz`, built from a clean copy of the tree."""
    base = tmp_path_factory.mktemp("installer")
    tree = _clean_tree(base / "tree")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run(
        [sys.executable, "-m", "installers.build", "--work", str(base / "work"),
         "--dist", str(base / "dist")],
        cwd=tree, env=env, check=True, timeout=BUILD_TIMEOUT_S,
    )
    (built,) = (base / "dist").glob("Lanthorn-*-linux-*.tar.gz")
    return built


def test_installed_package_passes_its_self_test(tarball: Path, tmp_path: Path) -> None:
    """Unpack, install.sh; the installed app's --self-test exits 0 having checked it all."""
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (folder,) = (tmp_path / "unpacked").iterdir()
    prefix, home = tmp_path / "prefix", tmp_path / "home"
    home.mkdir()
    env = _app_environment(home)
    subprocess.run(["sh", str(folder / "install.sh"), "--prefix", str(prefix)], env=env, check=True)

    app = prefix / "lib" / "lanthorn"
    assert not (app / "_internal" / "torch").exists(), "PyTorch must stay out of the app"
    entry = (prefix / "share" / "applications" / "lanthorn.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app / "Lanthorn"}"' in entry
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / "lanthorn.png").is_file()

    done = subprocess.run(
        [str(prefix / "bin" / "lanthorn-desktop"), "--self-test"],
        env=env, capture_output=True, text=True, timeout=SELF_TEST_TIMEOUT_S, check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    for check in ("PDF view", "media", "chat model", "document", "answer", "speech"):
        assert f"ok    {check}" in report, report
    assert "1843" in report and "Self-test passed" in report, report
    written = [path for path in home.rglob("*") if "lanthorn" in path.name.lower()]
    assert not written, f"the self-test wrote into the person's data folder: {written}"

    _window_opens_with_the_starter_model(prefix / "bin" / "lanthorn-desktop", env, tmp_path)

    subprocess.run(["sh", str(folder / "install.sh"), "--prefix", str(prefix), "--uninstall"],
                   env=env, check=True)
    assert not app.exists() and not (prefix / "bin" / "lanthorn-desktop").exists()
