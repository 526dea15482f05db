"""The PDF reader's child process: open the file, read every page, send each one to the parent.

Opening tries, in order: pypdf (its text extraction is what the cleaning is tuned for); PDFium
when pypdf cannot open the file; and, for a file whose end is missing (no %%EOF: a download cut
short, or bug1250079 of pdf.js's corpus, which neither parser opens as it is), pypdf again on
the file with a new end whose cross-reference offset is 0, which makes pypdf rebuild the
cross-reference table by scanning the objects, as viewers do. Each page is read with pypdf;
when pypdf fails on it, or finds no text and no field on it, PDFium reads it. Pages PDFium
read and a repaired file end are reported, so the source's notice can say so.

A file whose page text is not encrypted but whose embedded files are (the Encrypt dictionary's
/StmF and /StrF are /Identity: the "encrypt attachments only" option of PDF writers) opens
without a password: only its attachments would need one, and they are not indexed.

Messages are JSON (never pickle: this process handles untrusted data). Reasons sent to the
parent are already in plain words (see pdf_problems). Only a decompression limit stops the
whole file; every other failure costs one page or moves on to the next parser.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import warnings
from multiprocessing.connection import Connection
from typing import Any

from engine.knowledge import pdf_problems
from engine.knowledge.pdf_forms import Mark, page_marks
from engine.knowledge.pdfium_pages import PdfiumDocument

_FILE_END = b"\nstartxref\n0\n%%EOF\n"
_TAIL_BYTES = 1024  # the spec wants %%EOF in the last 1024 bytes


class _Stop(Exception):
    """Reading this file ends here, with an error code (and reason) for the parent."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def _send(conn: Connection, **message: Any) -> None:
    conn.send_bytes(json.dumps(message).encode("utf-8"))


def _page(index: int, text: str, images: bool, marks: list[Mark], via: str) -> dict[str, Any]:
    return {"k": "page", "n": index + 1, "text": text, "images": images, "marks": marks,
            "via": via}


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


def _only_attachments_encrypted(reader: Any) -> bool:
    """Whether the Encrypt dictionary leaves strings and streams (the pages) unencrypted."""
    try:
        encrypt = reader.trailer["/Encrypt"]
        if int(encrypt.get("/V", 0)) < 4:  # crypt filters (and /Identity) arrived with V4
            return False
        return all(encrypt.get(key, "/Identity") == "/Identity" for key in ("/StmF", "/StrF"))
    except Exception:
        return False


def _unlock(reader: Any, password: str | None) -> None:
    """Make an encrypted file readable, or stop with the password the user has to give."""
    from pypdf import PasswordType
    from pypdf.errors import FileNotDecryptedError

    if not reader.is_encrypted:
        return
    try:
        len(reader.pages)  # pypdf has already tried the empty password.
        return
    except FileNotDecryptedError:
        pass
    if _only_attachments_encrypted(reader):
        # pypdf has no switch for this: it refuses every object until a password verifies,
        # though with /Identity filters no page object needs decrypting.
        reader._encryption = None
        return
    if not password:
        raise _Stop("password")
    if reader.decrypt(password) == PasswordType.NOT_DECRYPTED:
        raise _Stop("wrong_password")


def _title(read: Any) -> str:
    """The title that `read()` returns, on one line; "" when it has none or cannot be read."""
    try:
        title = read()
    except Exception:
        return ""
    return " ".join(str(title).split())[:200] if title else ""


def _pypdf_title(reader: Any) -> str | None:
    return reader.metadata.title if reader.metadata else None


class _Pypdf:
    """Pages read with pypdf, each handed to PDFium when pypdf fails on it or finds nothing."""

    def __init__(self, reader: Any, path: str, password: str | None, repaired: bool) -> None:
        self.page_count = len(reader.pages)
        self.title = _title(lambda: _pypdf_title(reader))
        self.repaired = repaired
        self._reader = reader
        self._second: PdfiumDocument | None = None
        # PDFium is not asked about a repaired file: it already failed to open it.
        self._second_args = None if repaired else (path, password)

    def read(self, index: int) -> dict[str, Any]:
        try:
            page = self._reader.pages[index]
            text = page.extract_text() or ""
        except MemoryError:
            raise
        except Exception as exc:
            if pdf_problems.is_expansion_limit(exc):
                raise _Stop("limit", pdf_problems.reason(exc)) from exc
            return self._from_second(index) or {
                "k": "fail", "n": index + 1, "why": pdf_problems.reason(exc)
            }
        marks = _marks(page)
        if not text.strip() and not marks:
            found = self._from_second(index)
            if found is not None:
                return found
        return _page(index, text, not text.strip() and _has_images(page), marks, "pypdf")

    def _from_second(self, index: int) -> dict[str, Any] | None:
        """The page as PDFium reads it, when that has text or a field; otherwise None."""
        if self._second_args is not None:
            self._second = _open_pdfium(*self._second_args, pages=self.page_count)
            self._second_args = None
        if self._second is None:
            return None
        try:
            text, _images, marks = self._second.page(index)
        except MemoryError:
            raise
        except Exception:
            return None
        if not text.strip() and not marks:
            return None
        return _page(index, text, False, marks, "pdfium")


class _Pdfium:
    """Pages read with PDFium, for a file pypdf cannot open."""

    repaired = False

    def __init__(self, document: PdfiumDocument) -> None:
        self.page_count = document.page_count
        self.title = _title(document.title)
        self._document = document

    def read(self, index: int) -> dict[str, Any]:
        try:
            text, images, marks = self._document.page(index)
        except MemoryError:
            raise
        except Exception as exc:
            return {"k": "fail", "n": index + 1, "why": pdf_problems.reason(exc)}
        return _page(index, text, images, marks, "pdfium")


def _marks(page: Any) -> list[Mark]:
    """The page's form values and free-text annotations; damage there never costs the page."""
    try:
        return page_marks(page)
    except MemoryError:
        raise
    except Exception as exc:
        if pdf_problems.is_expansion_limit(exc):
            raise _Stop("limit", pdf_problems.reason(exc)) from exc
        return []


def _open_pdfium(
    path: str, password: str | None, pages: int | None = None
) -> PdfiumDocument | None:
    """PDFium's view of the file; None when it cannot open it or counts other pages."""
    try:
        document = PdfiumDocument(path, password)
    except MemoryError:
        raise
    except Exception:
        return None
    if pages is not None and document.page_count != pages:
        document.close()  # Pages would not line up with pypdf's numbering.
        return None
    return document


def _open_pypdf(stream: Any, password: str | None) -> Any:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    _unlock(reader, password)
    return reader


def _with_new_end(path: str, password: str | None) -> _Pypdf | None:
    """The file read by pypdf with a new end, if it has none; None if that does not open."""
    with open(path, "rb") as file:
        data = file.read()
    if b"%%EOF" in data[-_TAIL_BYTES:]:
        return None
    try:
        reader = _open_pypdf(io.BytesIO(data + _FILE_END), password)
        return _Pypdf(reader, path, password, repaired=True)
    except (_Stop, MemoryError):
        raise
    except Exception:
        return None


def _open(path: str, password: str | None) -> _Pypdf | _Pdfium:
    """The first parser that opens the file; stop with pypdf's reason when none does."""
    try:
        return _Pypdf(_open_pypdf(path, password), path, password, repaired=False)
    except (_Stop, MemoryError):
        raise
    except Exception as exc:
        if pdf_problems.is_expansion_limit(exc):
            raise _Stop("limit", pdf_problems.reason(exc)) from exc
        first = exc
    second = _open_pdfium(path, password)
    if second is not None:
        return _Pdfium(second)
    repaired = _with_new_end(path, password)
    if repaired is not None:
        return repaired
    code = "unsupported" if pdf_problems.needs_decoder(first) else "invalid"
    raise _Stop(code, pdf_problems.reason(first))


def _extract(conn: Connection, path: str, password: str | None) -> None:
    try:
        document = _open(path, password)
        _send(conn, k="info", pages=document.page_count, title=document.title,
              repaired=document.repaired)
        for index in range(document.page_count):
            _send(conn, **document.read(index))
    except _Stop as stop:
        _send(conn, k="error", code=stop.code, detail=stop.detail)
        return
    _send(conn, k="done")


def child_main(
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
