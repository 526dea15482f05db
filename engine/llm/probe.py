"""Try a model file in a child process first, because llama.cpp abort()s on some broken files.

The first load of a file this app has not loaded before runs `python -m engine.llm.probe PATH`:
the child loads the model for real (small context), tokenizes a sample chat and evaluates it,
which touches every weight. A crash kills only the child. Files that pass are remembered by
(real path, size, mtime) in the cache folder, so later loads start at once.
"""

from __future__ import annotations

import argparse
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
_CLEAN_FAILURE = 3  # exit code of a load that failed without crashing
_RECORD_FILE = "probed_models.json"
_SAMPLE = "<|im_start|>user\nHello, wörld! 你好 🙂 1+1=?<|im_end|>\n<|im_start|>assistant\n"


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


def forget_probes() -> None:
    """Drop every remembered result (after a llama.cpp upgrade, say)."""
    (paths.cache_dir() / _RECORD_FILE).unlink(missing_ok=True)


def _run_probe(path: Path, gpu_layers: int, timeout: float) -> None:
    command = [sys.executable, "-m", "engine.llm.probe", str(path), "--gpu-layers", str(gpu_layers)]
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
    if done.returncode == _CLEAN_FAILURE and report:
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


# ---------------------------------------------------------------- the child process


def main(argv: list[str] | None = None) -> int:
    """Load, tokenize and evaluate; print one JSON line; exit 0, or 3 on a clean failure."""
    parser = argparse.ArgumentParser(prog="python -m engine.llm.probe")
    parser.add_argument("path")
    parser.add_argument("--gpu-layers", type=int, default=0)
    args = parser.parse_args(argv)
    from engine.llm import llama_log
    from engine.llm.failures import load_error

    llama_log.install()
    try:
        _exercise(args.path, args.gpu_layers)
    except Exception as exc:  # report any clean failure; crashes never get here
        error = load_error(Path(args.path), exc, llama_log.last_error())
        print(json.dumps({"ok": False, "message": error.message, "hint": error.hint}), flush=True)
        return _CLEAN_FAILURE
    print(json.dumps({"ok": True}), flush=True)
    return 0


def _exercise(path: str, gpu_layers: int) -> None:
    import llama_cpp

    llm = llama_cpp.Llama(
        path, n_ctx=256, n_batch=64, n_threads=1, n_gpu_layers=gpu_layers, verbose=False
    )
    try:
        llm.tokenize(_SAMPLE.encode(), add_bos=False, special=False)
        tokens = llm.tokenize(_SAMPLE.encode(), add_bos=True, special=True)
        llm.eval(tokens[:32])
        llm.detokenize(tokens)
    finally:
        llm.close()


if __name__ == "__main__":
    sys.exit(main())
