"""Every file in shared/data/pdf/bad/ gives its documented behaviour (see that README)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.errors import DocumentError, PasswordRequired
from tests.documents import read_document
from tests.integration.knowledge.kb_helpers import make_home, open_kb


@pytest.fixture(scope="module")
def bad(shared_data: Path) -> Path:
    return shared_data / "pdf" / "bad"


def test_broken_xref_is_repaired_and_indexed(bad):
    info, pages, report = read_document(bad / "helloworld-bad.pdf")
    assert info.page_count == 1
    assert pages[0].text == "Hello, world!"
    assert report.searchable and not report.failed_pages


def test_fully_scanned_page_is_reported_as_such(bad):
    _, pages, report = read_document(bad / "linn.pdf")
    assert pages[0].text == ""
    assert report.scanned_pages == (1,)
    assert not report.searchable
    assert "scanned image" in report.summary and "OCR" in report.summary


def test_opens_but_empty_is_not_searchable(bad):
    _, _, report = read_document(bad / "GHOSTSCRIPT-698804-1-fuzzed.pdf")
    assert report.page_count == 1 and not report.searchable


# An exception class name (PdfStreamError, DeprecationError ...) or a pypdf type name.
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Object)\b")


def test_partial_extraction_counts_failed_pages_and_pages_the_second_parser_read(bad):
    info, pages, report = read_document(bad / "poppler-90-0-fuzzed.pdf")
    assert info.page_count == 16 and [p.number for p in pages] == list(range(1, 17))
    # pypdf fails on 14 pages; PDFium reads text on three of them.
    assert report.fallback_pages == (3, 10, 14)
    assert "Review of" in pages[2].text and "Applications and Practical Issues" in pages[9].text
    failed = {number for number, _ in report.failed_pages}
    assert failed == set(range(1, 17)) - {3, 10, 12, 14, 16}
    assert all(reason and not CLASS_NAME.search(reason) for _, reason in report.failed_pages)
    assert all(reason.isprintable() for _, reason in report.failed_pages)
    assert "11 of 16 pages could not be read" in report.summary
    assert "Pages 3, 10 and 14 were read with the second PDF reader (PDFium)" in report.notice


def test_the_source_notice_says_which_pages_pdfium_read(bad, tmp_path, onnx_cache, embedder):
    with open_kb(make_home(tmp_path, onnx_cache), embedder) as kb:
        result = kb.add([bad / "poppler-90-0-fuzzed.pdf"]).results[0]
        assert result.ok and result.source_id is not None
        source = kb.get_source(result.source_id)
        chunk_pages = {chunk.location.page for chunk in kb.chunks(result.source_id)}
    assert chunk_pages == {3, 10, 14}
    assert source.notice == result.notice
    assert source.notice.startswith("11 of 16 pages could not be read (e.g. page 1): invalid")
    assert source.notice.endswith(
        "Pages 3, 10 and 14 were read with the second PDF reader (PDFium), as the first could "
        "not read them."
    )
    assert not CLASS_NAME.search(source.notice)


def test_a_page_pypdf_cannot_handle_gets_a_plain_reason(bad):
    _, _, report = read_document(bad / "poppler-395-0-fuzzed.pdf")  # pypdf's DeprecationError
    assert report.failed_pages == (
        (1, "it uses a construct the PDF reader cannot handle (the file may be damaged)"),
    )
    assert not report.searchable


def test_a_file_pypdf_cannot_open_is_read_by_pdfium(bad):
    info, pages, report = read_document(bad / "PDFBOX-3148-2-fuzzed.pdf")  # unreadable trailer
    assert info.page_count == 1 and report.fallback_pages == (1,)
    assert pages[0].text == '[Form field "multiline"] 1 2 3 4'
    assert report.notice == (
        "The only page was read with the second PDF reader (PDFium), as the first could not "
        "read it."
    )


def test_a_file_no_parser_opens_gives_a_one_line_reason(bad):
    name = "poppler-742-0-fuzzed.pdf"
    with pytest.raises(DocumentError) as caught:
        read_document(bad / name)
    assert not isinstance(caught.value, PasswordRequired)
    assert caught.value.message == (
        f"{name} is not a valid PDF (expected /Kids to be an array, got dictionary)."
    )
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["r3-user-password.pdf", "r6-both-passwords.pdf"])
def test_encrypted_files_ask_for_their_password(bad, name):
    with pytest.raises(PasswordRequired, match="needs a password"):
        read_document(bad / name)


@pytest.mark.parametrize(
    ("name", "password"), [("r3-user-password.pdf", "asdfzxcv"), ("r6-both-passwords.pdf", "foo")]
)
def test_encrypted_files_open_with_their_password(bad, name, password):
    _, pages, report = read_document(bad / name, password=password)
    assert "pdf encryption test" in pages[0].text and report.searchable


def test_a_wrong_password_says_so(bad):
    expected = r"password given for r3-user-password\.pdf is wrong"
    with pytest.raises(PasswordRequired, match=expected):
        read_document(bad / "r3-user-password.pdf", password="nope")


@pytest.mark.parametrize("name", ["r6-empty-password.pdf", "r6-user-password.pdf"])
def test_files_the_empty_password_opens_need_no_prompt(bad, name):
    _, pages, _ = read_document(bad / name)
    assert pages[0].text.startswith("pdf encryption test")


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DocumentError, match=r"random\.pdf is not a valid PDF"):
        read_document(path)


def test_random_bytes_after_a_pdf_header(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(reversed(range(256))) * 64)
    with pytest.raises(DocumentError, match=r"noise\.pdf is not a valid PDF"):
        read_document(path)


def test_truncated_pdf(shared_data, tmp_path):
    data = (shared_data / "pdf" / "qa" / "good.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    expected = r"^truncated\.pdf is not a valid PDF \(stream has ended"
    with pytest.raises(DocumentError, match=expected):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="cannot be read"):
        read_document(tmp_path / "gone.pdf")
