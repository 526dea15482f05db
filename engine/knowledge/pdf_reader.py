"""Read a PDF's pages with pypdf in a child process that has a time and a memory limit.

pypdf is pure Python: a hostile or broken file can loop, recurse or allocate without end, and
it holds the GIL while it does. So the parsing runs in a separate process (started with
"forkserver" or "spawn", never a bare fork: the app has threads) whose address space is capped
with `resource.setrlimit`; the parent kills it when a time limit passes or the job is
cancelled. Pages come back one by one over a pipe as JSON (never pickle: the child handles
untrusted data), so the caller can embed early pages while later ones are being read; a full
pipe pauses the child, which keeps memory flat.

Time limits count only the time the parent spends waiting for the child, not the time the
caller spends with a page (embedding it), so a slow consumer never makes a good file time out.

pypdf raises many unrelated exception types on damaged files (`PdfReadError`,
`PdfStreamError`, `ValueError`, `DeprecationError` which is not a `PyPdfError` ...), often for
one page of an otherwise readable file: a failing page is recorded with its reason and skipped.
pypdf's decompression limits stay on; hitting one (`LimitReachedError`) stops the whole file,
because a decompression bomb is not a file to keep reading.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import sys
import time
import warnings
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from engine.cancel import CancelToken
from engine.errors import Cancelled, DocumentError, PasswordRequired
from engine.knowledge.cleaning import HeaderFooterFilter, join_lines, prepare_lines
from engine.knowledge.documents import Document, DocumentInfo, ExtractionReport, Segment

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_PAGE_TIMEOUT_S = 30.0
DEFAULT_MEMORY_MB = 1024
_POLL_S = 0.05
_REASON_CHARS = 160
_HINT_HOSTILE = "It was not indexed. If you trust the file, re-save it with another PDF tool."


# ------------------------------------------------------------------------------ child side


def _reason(exc: BaseException) -> str:
    """One line naming the error, short enough for a list of failures."""
    text = " ".join(str(exc).split()) or "no details"
    if len(text) > _REASON_CHARS:
        text = text[: _REASON_CHARS - 1] + "…"
    return f"{type(exc).__name__}: {text}"


def _send(conn: Connection, **message: Any) -> None:
    conn.send_bytes(json.dumps(message).encode("utf-8"))


def _limit_resources(memory_mb: int, cpu_s: int) -> None:
    """Cap the child's address space and CPU time (the CPU cap is a backstop for orphans)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's time limit still applies.
        return
    limits = [(resource.RLIMIT_AS, memory_mb * 1024 * 1024), (resource.RLIMIT_CPU, cpu_s)]
    limits.append((resource.RLIMIT_CORE, 0))
    for kind, value in limits:
        try:
            _soft, hard = resource.getrlimit(kind)
            capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (capped, hard))
        except (ValueError, OSError):
            pass


def _has_images(page: Any) -> bool:
    """Whether a page without text draws an image (a scan) rather than nothing at all."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") in ("/Image", "/Form"):
                return True
        return False
    except Exception:
        return True  # Unreadable resources on a page with no text: most likely a scan.


def _unlock(reader: Any, password: str | None) -> str | None:
    """Open an encrypted file; return an error code when it needs (another) password."""
    from pypdf import PasswordType
    from pypdf.errors import FileNotDecryptedError

    if not reader.is_encrypted:
        return None
    try:
        len(reader.pages)  # pypdf has already tried the empty password.
        return None
    except FileNotDecryptedError:
        pass
    if not password:
        return "password"
    return "wrong_password" if reader.decrypt(password) == PasswordType.NOT_DECRYPTED else None


def _title(reader: Any) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        return ""
    return " ".join(str(title).split())[:200] if title else ""


def _open(conn: Connection, path: str, password: str | None) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(path)
        code = _unlock(reader, password)
        if code:
            _send(conn, k="error", code=code)
            return None
        _send(conn, k="info", pages=len(reader.pages), title=_title(reader))
        return reader
    except LimitReachedError as exc:
        _send(conn, k="error", code="limit", detail=_reason(exc))
    except MemoryError:
        raise
    except Exception as exc:
        _send(conn, k="error", code="invalid", detail=str(exc) or type(exc).__name__)
    return None


def _extract(conn: Connection, path: str, password: str | None) -> None:
    from pypdf.errors import LimitReachedError

    reader = _open(conn, path, password)
    if reader is None:
        return
    for index in range(len(reader.pages)):
        try:
            page = reader.pages[index]
            text = page.extract_text() or ""
            images = not text.strip() and _has_images(page)
        except LimitReachedError as exc:
            _send(conn, k="error", code="limit", detail=_reason(exc))
            return
        except MemoryError:
            raise
        except Exception as exc:
            _send(conn, k="fail", n=index + 1, why=_reason(exc))
            continue
        _send(conn, k="page", n=index + 1, text=text, images=images)
    _send(conn, k="done")


def _child_main(
    conn: Connection, path: str, password: str | None, memory_mb: int, cpu_s: int
) -> None:
    """Entry point of the reader process: extract every page and send it to the parent."""
    _limit_resources(memory_mb, cpu_s)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(5000)
    try:
        _extract(conn, path, password)
    except MemoryError:
        _send(conn, k="error", code="memory")
    except (BrokenPipeError, ConnectionResetError):
        pass  # The parent stopped listening (cancelled); nothing to report to.
    finally:
        conn.close()


# ----------------------------------------------------------------------------- parent side


def _context() -> Any:
    """Forkserver where it exists (fast, fork-safe with threads), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _ReaderProcess:
    """The child process and its pipe, with time accounting and cancel checks."""

    def __init__(self, path: Path, password: str | None, memory_mb: int, timeout_s: float):
        context = _context()
        self._conn, child_conn = context.Pipe(duplex=False)
        cpu_s = int(timeout_s) + 30
        args = (child_conn, str(path), password, memory_mb, cpu_s)
        self._process = context.Process(target=_child_main, args=args, daemon=True)
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
                f"{self.name} holds data that expands past pypdf's safety limits ({detail}); "
                "it may be a decompression bomb.",
                hint=_HINT_HOSTILE,
            )
        detail = " ".join(detail.split())[:_REASON_CHARS].rstrip(".")
        reason = detail[:1].lower() + detail[1:]
        return DocumentError(
            f"{self.name} is not a valid PDF ({reason}).",
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

    def __init__(self) -> None:
        self.failed: dict[int, str] = {}
        self.empty: dict[int, bool] = {}
        self.scanned: list[int] = []
        self.blank: list[int] = []

    def page(self, number: int, text: str) -> Segment:
        if number in self.failed:
            return Segment(number=number, text="")
        if not text:
            (self.scanned if self.empty.get(number) else self.blank).append(number)
        return Segment(number=number, text=text)

    def report(self, page_count: int) -> ExtractionReport:
        return ExtractionReport(
            page_count=page_count,
            scanned_pages=tuple(self.scanned),
            failed_pages=tuple(sorted(self.failed.items())),
            blank_pages=tuple(self.blank),
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
        self._name = path.name
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
        self._tally = _Tally()

    def segments(self) -> Iterator[Segment]:
        """Every page's cleaned text in order (headers and footers removed)."""
        headers = HeaderFooterFilter(self.info.page_count)
        for number in range(1, self.info.page_count + 1):
            message = self._limits.next(self._process, self._cancel, number)
            if message["k"] == "fail":
                self._tally.failed[number] = message["why"]
                logger.info("%s, page %d skipped: %s", self._name, number, message["why"])
                lines: list[str] = []
            else:
                lines = prepare_lines(message["text"])
                self._tally.empty[number] = bool(message["images"])
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
