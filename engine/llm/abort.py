"""A stop flag llama.cpp reads between graph nodes, so a stop aborts a decode mid-token.

llama.cpp calls a context's abort callback after every node of the compute graph (about 600
per token for SmolLM2-135M); when it returns true, `llama_decode` returns 2 and leaves in the
KV cache only the micro-batches it finished (llama-cpp-python's `Llama.eval` raises
`RuntimeError` and does not count the batch). Before this, a stop was checked between tokens,
and on a loaded 2-core machine one token took 2.6 s (issue 14).

Decision: the callback is the C library's `strlen` reading a two-byte buffer (empty = go on,
one byte 1 = stop), not a Python function. A Python callback needs the GIL at every node: with
another Python thread busy (indexing while the model writes), SmolLM2 wrote 1.9 tokens/s
instead of 3.7; `strlen` costs nothing measurable (3.5 vs 3.7, same run, load 11). A size_t of
0 or 1 reads as the same bool on x86-64 and arm64 (the result's low byte).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any

from engine.cancel import CancelToken

WATCH_SECONDS = 0.05  # how often a watcher looks whether its answer has ended


class AbortFlag:
    """One llama.cpp context's abort flag, set when the running answer's cancel token is."""

    def __init__(self) -> None:
        import llama_cpp

        self._buffer = ctypes.create_string_buffer(2)
        # Kept on self: llama.cpp holds only the raw pointers, for the context's lifetime.
        self._callback = llama_cpp.ggml_abort_callback(_strlen_address())
        self._lock = threading.Lock()
        self._owner: CancelToken | None = None

    def install(self, ctx: Any) -> None:
        """Make llama.cpp read this flag during every decode on `ctx`."""
        import llama_cpp

        data = ctypes.cast(self._buffer, ctypes.c_void_p)
        llama_cpp.llama_set_abort_callback(ctx, self._callback, data)

    @property
    def raised(self) -> bool:
        """Whether the flag is set (a decode running now or next stops)."""
        return self._buffer.raw[0] != 0

    def watch(self, cancel: CancelToken) -> None:
        """Clear the flag, then raise it as soon as `cancel` is set, until `unwatch`."""
        with self._lock:
            self._owner = cancel
            self._buffer[0] = b"\x00"
        threading.Thread(
            target=self._wait_for, args=(cancel,), name="llama-abort-watch", daemon=True
        ).start()

    def unwatch(self) -> None:
        """The answer ended: a later cancel of its token must not stop the next one."""
        with self._lock:
            self._owner = None

    def _wait_for(self, cancel: CancelToken) -> None:
        while self._owner is cancel:
            if cancel.wait(WATCH_SECONDS):
                with self._lock:
                    if self._owner is cancel:
                        self._buffer[0] = b"\x01"
                return


def _strlen_address() -> int:
    libc = ctypes.cdll.msvcrt if sys.platform == "win32" else ctypes.CDLL(None)
    return ctypes.cast(libc.strlen, ctypes.c_void_p).value or 0  # 0: never aborts
