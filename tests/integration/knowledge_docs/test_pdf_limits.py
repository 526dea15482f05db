"""Hostile and slow PDFs are stopped by the reader's limits, and cancel stops it at once."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled, DocumentError
from engine.knowledge.documents import DocumentInfo
from engine.knowledge.readers.pdf import PdfReader
from tests.documents import read_document

from .hostile_pdfs import deflate, pdf_with_content, text_content, zeros_bomb

pytestmark = pytest.mark.serial  # asserts a time: runs alone (Makefile)


def _reader_processes() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.is_alive()]


@pytest.fixture
def book(shared_data: Path) -> Path:
    return shared_data / "pdf" / "big" / "freeculture.pdf"


def test_a_stream_that_inflates_to_gigabytes_is_stopped(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_content(zeros_bomb(4 << 30), pages=3))  # 4 GiB of zeros per page
    assert path.stat().st_size < 5_000_000
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.message == (
        "bomb.pdf holds compressed data that expands past the reader's safety limit; it may be "
        "damaged, or built to exhaust memory."
    )
    assert time.monotonic() - started < 10
    assert _reader_processes() == []


def test_a_number_too_long_for_pypdf_costs_it_the_page_and_pdfium_reads_it(tmp_path):
    path = tmp_path / "long.pdf"  # a 70-digit operand: past pypdf's 64-character limit
    content = b"BT /F1 12 Tf 72 720 Td (Numbers too long) Tj ET\nBT " + b"7" * 70 + b" 0 Td ET\n"
    path.write_bytes(pdf_with_content(deflate(content), pages=2))
    _, pages, report = read_document(path)
    assert [page.text for page in pages] == ["Numbers too long"] * 2
    assert report.fallback_pages == (1, 2) and not report.failed_pages
    assert report.notice == (
        "All 2 pages were read with the second PDF reader (PDFium), as the first could not "
        "read the file."
    )


def test_the_memory_limit_stops_a_file_that_needs_too_much(tmp_path):
    path = tmp_path / "heavy.pdf"  # 64 MiB of content: within pypdf's limits, not within ours.
    path.write_bytes(pdf_with_content(zeros_bomb(64 << 20)))
    with pytest.raises(DocumentError, match=r"heavy\.pdf needed more than 100 MB of memory"):
        read_document(path, reader=PdfReader(memory_mb=100))
    _, _, report = read_document(path)  # The default limit leaves room for it.
    assert report.page_count == 1


def test_the_time_limit_stops_a_slow_file(book):
    started = time.monotonic()
    with pytest.raises(DocumentError, match=r"freeculture\.pdf took longer than 0\.5 s to read"):
        read_document(book, reader=PdfReader(timeout_s=0.5))
    assert time.monotonic() - started < 5
    assert _reader_processes() == []


def test_the_page_time_limit_names_the_page(tmp_path):
    path = tmp_path / "slow.pdf"
    # Page 1 takes pypdf about 10 s; opening takes well under 2 s, on a busy machine too.
    path.write_bytes(pdf_with_content(deflate(text_content("slow text", 60_000)), pages=2))
    with pytest.raises(DocumentError, match=r"^Page 1 of slow\.pdf took longer than 2 s"):
        read_document(path, reader=PdfReader(page_timeout_s=2.0))


def test_cancel_mid_document_stops_within_a_second(book):
    token = CancelToken()
    pages_read: list[int] = []
    cancelled_at: list[float] = []

    def cancel_soon() -> None:
        while len(pages_read) < 20:
            time.sleep(0.01)
        cancelled_at.append(time.monotonic())
        token.cancel()

    canceller = threading.Thread(target=cancel_soon)
    canceller.start()
    with pytest.raises(Cancelled), PdfReader().open(str(book), cancel=token) as document:
        for segment in document.segments():
            pages_read.append(segment.number)
            time.sleep(0.02)  # A consumer that embeds each page.
    stopped_at = time.monotonic()
    canceller.join()
    assert stopped_at - cancelled_at[0] < 1.0
    assert len(pages_read) < 352
    assert _reader_processes() == []


def test_closing_the_document_early_stops_the_reader(book):
    document = PdfReader().open(str(book))
    assert document.info.page_count == 352
    assert next(iter(document.segments())).number == 1
    assert _reader_processes() != []
    document.close()
    assert _reader_processes() == []


def test_pages_stream_before_the_whole_book_is_read(book):
    started = time.monotonic()
    with PdfReader().open(str(book)) as document:
        info = document.info
        first = next(iter(document.segments()))
        elapsed = time.monotonic() - started
    assert info == DocumentInfo(page_count=352, title="Free Culture")
    assert first.number == 1
    assert elapsed < 2.5  # The whole book takes about 5 s to extract here.
