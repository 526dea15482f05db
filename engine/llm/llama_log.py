"""Route llama.cpp's log into Python: errors are kept as a reason for the user, the rest dropped.

llama-cpp-python's own callback prints to stderr; with `verbose=False` it also swallows the
error lines that say *why* a load failed. This callback keeps the last error lines instead, so a
failed load can tell the user "unknown model architecture 'x'" rather than print a log.
"""

from __future__ import annotations

import collections
import ctypes
import logging
import threading
from typing import Any

_log = logging.getLogger("engine.llm.llama_cpp")
_LEVEL_WARN, _LEVEL_ERROR = 3, 4  # ggml_log_level
_errors: collections.deque[str] = collections.deque(maxlen=8)
_lock = threading.Lock()
_callback: Any = None  # the ctypes callback must outlive every call into llama.cpp


def install() -> None:
    """Point llama.cpp's log at `_on_log`; idempotent."""
    global _callback
    with _lock:
        if _callback is not None:
            return
        import llama_cpp

        _callback = llama_cpp.llama_log_callback(_on_log)
        llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))


def clear() -> None:
    """Forget earlier errors, before an operation whose failure needs a reason."""
    with _lock:
        _errors.clear()


def last_error() -> str:
    """Return the most telling recent error line, without llama.cpp's function prefixes."""
    with _lock:
        lines = list(_errors)
    for line in lines:
        if "error loading model:" in line:
            return line.split("error loading model:", 1)[1].strip()
    return _strip_prefix(lines[0]) if lines else ""


def _on_log(level: int, text: bytes, _user_data: Any) -> None:
    message = text.decode("utf-8", errors="replace").strip()
    if not message:
        return
    if level == _LEVEL_ERROR:
        with _lock:
            _errors.append(message)
    elif level == _LEVEL_WARN:
        _log.debug("%s", message)


def _strip_prefix(line: str) -> str:
    head, sep, rest = line.partition(": ")
    return rest.strip() if sep and " " not in head else line
