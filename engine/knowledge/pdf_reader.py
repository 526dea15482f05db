"""Read a PDF's pages in a child process that has a time and a memory limit.

pypdf is pure Python: a hostile or broken file can loop, recurse or allocate without end, and
it holds the GIL while it does. So the parsing runs in a separate process (started with
"forkserver" or "spawn", never a bare fork: the app has threads) whose address space is capped
with `resource.setrlimit`; the parent kills it when a time limit passes or the job is
cancelled. Pages come back one by one over a pipe as JSON (never pickle: the child handles
untrusted data), so the caller can embed early pages while later ones are being read; a full
pipe pauses the child, which keeps memory flat.

Time limits count only the time the parent spends waiting for the child, not the time the
caller spends with a page (embedding it), so a slow consumer never makes a good file time out.

The child (`pdf_child`) reads with pypdf and falls back to PDFium for files and pages pypdf
gives up on. pypdf raises many unrelated exception types on damaged files, often for one page
of an otherwise readable file: a page that neither parser reads is recorded with its reason
(in plain words, see `pdf_problems`) and skipped. pypdf's decompression limits stay on;
hitting one stops the whole file, because a decompression bomb is not a file to keep reading.

This side turns the child's messages into pages: lines cleaned and running heads removed
(`cleaning`), then the page's form field values and free-text annotations appended as marked
paragraphs (`pdf_forms`), after the header filter, which must never take a typed value for
page furniture.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine import paths, privacy
from engine.cancel import CancelToken
from engine.errors import Cancelled, DocumentError, PasswordRequired
from engine.knowledge.cleaning import HeaderFooterFilter, join_lines, prepare_lines
from engine.knowledge.documents import Document, DocumentInfo, ExtractionReport, Segment
from engine.knowledge.pdf_child import child_main
from engine.knowledge.pdf_forms import marked_paragraph

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_PAGE_TIMEOUT_S = 30.0
DEFAULT_MEMORY_MB = 1024
_POLL_S = 0.05
_HINT_HOSTILE = "It was not indexed. If you trust the file, re-save it with another PDF tool."


def _context() -> Any:
    """Forkserver where it exists (fast, fork-safe with threads), spawn elsewhere."""
    privacy.use_process_folder(paths.cache_dir())
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _ReaderProcess:
    """The child process and its pipe, with time accounting and cancel checks."""

    def __init__(self, path: Path, password: str | None, memory_mb: int, timeout_s: float):
        context = _context()
        self._conn, child_conn = context.Pipe(duplex=False)
        cpu_s = int(timeout_s) + 30
        args = (child_conn, str(path), password, memory_mb, cpu_s)
        self._process = context.Process(target=child_main, args=args, daemon=True)
        self._process.start()
        child_conn.close()
        self.waited_s = 0.0

    def receive(self, cancel: CancelToken | None, limit_s: float) -> dict[str, Any] | None:
        """The next message, or None when the child died; raise on cancel or at `limit_s`."""
        started = self.waited_s
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            if self.waited_s - started >= limit_s:
                raise TimeoutError
            tick = time.monotonic()
            ready = self._conn.poll(_POLL_S)
            self.waited_s += time.monotonic() - tick
            if ready:
                try:
                    message: dict[str, Any] = json.loads(self._conn.recv_bytes())
                    return message
                except (EOFError, OSError):
                    return None

    def exit_code(self) -> int | None:
        self._process.join(1.0)
        code: int | None = self._process.exitcode
        return code

    def stop(self) -> None:
        """Kill the child if it still runs; it holds nothing worth saving."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join(2.0)
        self._conn.close()


class _Limits:
    def __init__(self, name: str, timeout_s: float, page_timeout_s: float, memory_mb: int):
        self.name = name
        self.timeout_s = timeout_s
        self.page_timeout_s = page_timeout_s
        self.memory_mb = memory_mb

    def next(self, reader: _ReaderProcess, cancel: CancelToken | None, page: int) -> dict[str, Any]:
        """Receive the next message within both time limits, as a DocumentError otherwise."""
        left = self.timeout_s - reader.waited_s
        try:
            message = reader.receive(cancel, min(left, self.page_timeout_s))
        except TimeoutError:
            if left <= self.page_timeout_s:
                raise DocumentError(
                    f"{self.name} took longer than {self.timeout_s:g} s to read; "
                    "it may be damaged or hostile.",
                    hint=_HINT_HOSTILE,
                ) from None
            where = f"Page {page} of {self.name}" if page else f"Opening {self.name}"
            raise DocumentError(
                f"{where} took longer than {self.page_timeout_s:g} s; the file may be "
                "damaged or hostile.",
                hint=_HINT_HOSTILE,
            ) from None
        if message is None:
            raise self._died(reader.exit_code())
        if message["k"] == "error":
            raise self._error(message)
        return message

    def _died(self, code: int | None) -> DocumentError:
        return DocumentError(
            f"The PDF reader stopped while reading {self.name} (exit code {code}); the file "
            f"may be damaged, or need more than {self.memory_mb} MB of memory.",
            hint=_HINT_HOSTILE,
        )

    def _error(self, message: dict[str, Any]) -> DocumentError:
        code, detail = message["code"], message.get("detail", "")
        if code == "password":
            return PasswordRequired(
                f"{self.name} is encrypted and needs a password.",
                hint="Add it again and give its password.",
            )
        if code == "wrong_password":
            return PasswordRequired(
                f"The password given for {self.name} is wrong.",
                hint="Check the password and add the file again.",
            )
        if code == "memory":
            return DocumentError(
                f"{self.name} needed more than {self.memory_mb} MB of memory to read; "
                "it may be damaged or hostile.",
                hint=_HINT_HOSTILE,
            )
        if code == "limit":
            return DocumentError(
                f"{self.name} holds compressed data that expands past the reader's safety "
                "limit; it may be damaged, or built to exhaust memory.",
                hint=_HINT_HOSTILE,
            )
        if code == "unsupported":
            return DocumentError(
                f"{self.name} cannot be read: {detail}.",
                hint="Save it again from a PDF tool that uses standard compression.",
            )
        return DocumentError(
            f"{self.name} is not a valid PDF ({detail}).",
            hint="It may be damaged or incomplete; try downloading or exporting it again.",
        )


def check_pdf_header(path: Path) -> None:
    """Fail fast, without a child process, on files that are not PDFs at all."""
    try:
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError as exc:
        raise DocumentError(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    if b"%PDF-" not in head:
        raise DocumentError(
            f"{path.name} is not a valid PDF (it does not start with a PDF header).",
            hint="Check that the file really is a PDF; it may be damaged or misnamed.",
        )


class _Tally:
    """Per-page outcomes, turned into the ExtractionReport at the end."""

    def __init__(self, name: str, repaired: bool) -> None:
        self.name = name
        self.repaired = repaired
        self.failed: dict[int, str] = {}
        self.empty: dict[int, bool] = {}
        self.marked: dict[int, list[str]] = {}
        self.fallback: list[int] = []
        self.scanned: list[int] = []
        self.blank: list[int] = []

    def take(self, number: int, message: dict[str, Any]) -> list[str]:
        """Record one page message from the child; return the page's lines for the filter."""
        if message["k"] == "fail":
            self.failed[number] = message["why"]
            logger.info("%s, page %d skipped: %s", self.name, number, message["why"])
            return []
        self.empty[number] = bool(message["images"])
        if message["marks"]:
            self.marked[number] = [marked_paragraph(*mark) for mark in message["marks"]]
        if message["via"] != "pypdf":
            self.fallback.append(number)
        return prepare_lines(message["text"])

    def page(self, number: int, text: str) -> Segment:
        """The page's final text: its cleaned lines, then its marked field values."""
        if number in self.failed:
            return Segment(number=number, text="")
        text = "\n\n".join(part for part in (text, *self.marked.pop(number, ())) if part)
        if not text:
            (self.scanned if self.empty.get(number) else self.blank).append(number)
        return Segment(number=number, text=text)

    def report(self, page_count: int) -> ExtractionReport:
        return ExtractionReport(
            page_count=page_count,
            scanned_pages=tuple(self.scanned),
            failed_pages=tuple(sorted(self.failed.items())),
            blank_pages=tuple(self.blank),
            fallback_pages=tuple(self.fallback),
            repaired=self.repaired,
        )


class PdfDocument(Document):
    """An open PDF: the child process reads its pages while `segments()` hands them out.

    Opening blocks until the child has opened the file (so `info` is known); `close()` (or
    leaving the `with` block) kills the child at once.
    """

    def __init__(
        self,
        path: Path,
        *,
        password: str | None = None,
        cancel: CancelToken | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_mb: int = DEFAULT_MEMORY_MB,
        page_timeout_s: float = DEFAULT_PAGE_TIMEOUT_S,
    ) -> None:
        check_pdf_header(path)
        self._cancel = cancel
        self._limits = _Limits(path.name, timeout_s, page_timeout_s, memory_mb)
        self._process = _ReaderProcess(path, password, memory_mb, timeout_s)
        try:
            opened = self._limits.next(self._process, cancel, 0)
        except BaseException:
            self._process.stop()
            raise
        title = opened["title"] or path.stem
        self.info = DocumentInfo(page_count=int(opened["pages"]), title=title)
        self._tally = _Tally(path.name, bool(opened["repaired"]))

    def segments(self) -> Iterator[Segment]:
        """Every page's cleaned text in order (headers and footers removed)."""
        headers = HeaderFooterFilter(self.info.page_count)
        for number in range(1, self.info.page_count + 1):
            message = self._limits.next(self._process, self._cancel, number)
            lines = self._tally.take(number, message)
            for page in headers.push(number, lines):
                yield self._tally.page(page.number, join_lines(page.lines, page.nearby))
        for page in headers.flush():
            yield self._tally.page(page.number, join_lines(page.lines, page.nearby))

    def report(self) -> ExtractionReport:
        """Scanned, blank and failed pages."""
        return self._tally.report(self.info.page_count)

    def close(self) -> None:
        """Kill the reader process if it still runs."""
        self._process.stop()
