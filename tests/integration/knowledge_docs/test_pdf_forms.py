"""Form field values and free-text annotations are indexed with their page, marked as such."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.knowledge.pdfium_pages import PdfiumDocument
from tests.documents import read_document

from .hostile_pdfs import filled_form


@pytest.fixture
def form(tmp_path: Path) -> Path:
    path = tmp_path / "form.pdf"
    path.write_bytes(filled_form())
    return path


def test_values_and_comments_follow_the_printed_text_with_their_origin(form):
    _, pages, report = read_document(form)
    assert pages[0].text == (
        "Printed text\n\n"
        '[Form field "Your name"] Ada Lovelace\n\n'
        "[Free-text annotation] Check the totals.\n\n"
        '[Form field "address"] 12 Main Street 2nd floor\n\n'
        '[Form field "colours"] Red; Blue'
    )  # not the hidden field, the check box, the empty field, nor the same value twice
    assert report.searchable and not report.notice


def test_pdfium_reads_the_same_marks(form):
    document = PdfiumDocument(str(form), None)
    try:
        text, images, marks = document.page(0)
    finally:
        document.close()
    assert text.strip() == "Printed text" and not images
    assert marks == [
        ("field", "Your name", "Ada Lovelace"),
        ("note", "", "Check the totals."),
        ("field", "address", "12 Main Street\r2nd floor"),
        ("field", "colours", "Red"),  # PDFium gives a list box's first selected value
    ]


def test_a_page_with_only_a_field_value_is_searchable_not_blank(shared_data: Path):
    _, pages, report = read_document(shared_data / "pdf" / "viewer_opens" / "bug1844583.pdf")
    assert pages[0].text == '[Form field "Texte2"] Hello World'
    assert report.searchable_pages == 1 and report.blank_pages == ()
