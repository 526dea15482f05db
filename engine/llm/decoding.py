"""Token bytes to answer text: whole UTF-8 characters only, stop strings cut, no leading blanks.

A token may end in the middle of a multi-byte character (CJK, emoji), so pieces go through an
incremental UTF-8 decoder that holds partial characters back. Small models also write byte
sequences that are not UTF-8 at all (a lead byte, then a new character); those bytes are
dropped, as llama-cpp-python does, rather than shown as "\ufffd". Text that could be the start
of a stop string is held back until the next piece decides it.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence


class TextAssembler:
    """Feed token bytes in, get printable text out; `stopped` turns true at a stop string."""

    def __init__(self, stops: Sequence[str] = ()) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self._stops = tuple(s for s in stops if s)
        self._held = ""
        self._started = False
        self.stopped = False

    def feed(self, data: bytes) -> str:
        """Add one token's bytes; return the text that is now safe to show (may be "")."""
        if self.stopped:
            return ""
        return self._release(self._held + self._decoder.decode(data), final=False)

    def finish(self) -> str:
        """Flush what is held back once generation ends."""
        if self.stopped:
            return ""
        return self._release(self._held + self._decoder.decode(b"", final=True), final=True)

    def _release(self, text: str, *, final: bool) -> str:
        if not self._started:
            text = text.lstrip()
            self._started = bool(text)
        cut = min((i for i in (text.find(s) for s in self._stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            self._held = ""
            return text[:cut].rstrip()
        keep = 0 if final else self._partial_stop(text)
        self._held = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def _partial_stop(self, text: str) -> int:
        """Length of the longest end of `text` that begins some stop string."""
        longest = 0
        for stop in self._stops:
            for size in range(min(len(stop) - 1, len(text)), longest, -1):
                if text.endswith(stop[:size]):
                    longest = size
                    break
        return longest
