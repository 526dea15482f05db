"""Try a model file in a child process first, because llama.cpp abort()s on some broken files.

The first load of a file this app has not loaded before runs `python -m engine.llm.probe PATH`
(see that module). A crash kills only the child. Files that pass are remembered by (real path,
size, mtime) in the cache folder, so later loads start at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import ModelError, ModelLoadCrashed

PROBE_TIMEOUT_S = 180.0
CLEAN_FAILURE = 3  # exit code of a load that failed without crashing
_RECORD_FILE = "probed_models.json"


def ensure_probed(path: Path, gpu_layers: int = 0, timeout: float = PROBE_TIMEOUT_S) -> None:
    """Probe `path` in a child process unless this exact file passed before.

    Blocks for about a second for small models (the child imports llama.cpp and loads the file).

    Raises:
        ModelLoadCrashed: llama.cpp crashed on the file.
        ModelError: the file fails to load cleanly, or the probe timed out.
    """
    key = _file_key(path)
    if key in _load_records():
        return
    _run_probe(path, gpu_layers, timeout)
    _save_record(key)


def _command(path: Path, gpu_layers: int) -> list[str]:
    return [sys.executable, "-m", "engine.llm.probe", str(path), "--gpu-layers", str(gpu_layers)]


def _run_probe(path: Path, gpu_layers: int, timeout: float) -> None:
    command = _command(path, gpu_layers)
    root = str(Path(__file__).resolve().parents[2])  # the folder holding `engine`
    python_path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    # GGML_NO_BACKTRACE: no gdb attach on abort, so a crash is fast and quiet.
    env = {**os.environ, "GGML_NO_BACKTRACE": "1", "PYTHONPATH": python_path}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, errors="replace", timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ModelError(
            f"Loading {path.name} took longer than {timeout:.0f} seconds.",
            hint="The file may be damaged or too large for this computer; pick another model.",
        ) from exc
    if done.returncode == 0:
        return
    report = _last_json(done.stdout)
    if done.returncode == CLEAN_FAILURE and report:
        raise ModelError(str(report.get("message")), hint=str(report.get("hint", "")))
    reason = _crash_reason(done.stderr) or f"exit code {done.returncode}"
    raise ModelLoadCrashed(
        f"llama.cpp crashed while loading {path.name} ({reason}).",
        hint="The file is probably damaged or made for another program; pick another model.",
    )


def _crash_reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "GGML_ASSERT" in line or line.startswith(("what():", "terminate called")):
            return line.removeprefix("what():").strip()
    return lines[-1][:200] if lines else ""


def _last_json(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _file_key(path: Path) -> str:
    stat = path.stat()
    return f"{os.path.realpath(path)}|{stat.st_size}|{stat.st_mtime_ns}"


def _load_records() -> set[str]:
    try:
        data = json.loads((paths.cache_dir() / _RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()  # a missing or damaged cache only costs one more probe
    entries = data.get("passed", []) if isinstance(data, dict) else []
    return {entry for entry in entries if isinstance(entry, str)}


def _save_record(key: str) -> None:
    target = paths.cache_dir() / _RECORD_FILE
    text = json.dumps({"passed": sorted(_load_records() | {key})}, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".probed-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # not remembering only costs a probe next time
