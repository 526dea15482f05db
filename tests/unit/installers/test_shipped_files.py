"""The files the installers make and the repository keeps are the ones their scripts make.

The sample PDF is written by hand (installers/sample_pdf.py) and committed; the self-test's
question depends on its words, so the two must not drift apart. pypdf reads it as a person's PDF
would be read, and finds the answer on page 2 only.
"""

from __future__ import annotations

from pypdf import PdfReader

from engine.api.self_test import ANSWER, ANSWER_PAGE, SAMPLE_PDF
from installers import sample_pdf


def test_the_committed_sample_pdf_is_what_its_script_writes() -> None:
    """Byte for byte: `python -m installers.sample_pdf` rewrites it unchanged."""
    assert sample_pdf.TARGET == SAMPLE_PDF
    assert SAMPLE_PDF.read_bytes() == sample_pdf.render()


def test_the_sample_pdf_holds_the_self_tests_answer_on_its_page_only() -> None:
    """The answer is on the page the self-test expects to be cited, and nowhere else."""
    pages = [page.extract_text() for page in PdfReader(SAMPLE_PDF).pages]
    assert [ANSWER in text for text in pages] == [
        number == ANSWER_PAGE for number in range(1, len(pages) + 1)
    ]
