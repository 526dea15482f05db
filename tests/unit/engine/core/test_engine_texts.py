"""The engine's notices and errors in the interface language: every sentence, every language."""

from __future__ import annotations

import string

import pytest

from engine.knowledge.documents import ExtractionReport
from engine.knowledge.ingest import _nothing_searchable
from engine.knowledge.pdf_reader import _Limits
from engine.texts import CATALOG, LANGUAGES, localize
from tests.unit.engine.core.test_error_texts import english_left


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _english_left(text: str) -> list[str]:
    """Latin words left in a Chinese text, but names, file names and `commands`."""
    return [w for w in english_left(text) if w not in ("PDFium", "page")]


def test_every_sentence_has_every_language_with_the_same_placeholders() -> None:
    for english, translations in CATALOG.items():
        assert set(translations) == set(LANGUAGES), english
        for language, text in translations.items():
            assert _placeholders(text) == _placeholders(english), (language, english)
            assert not _english_left(text.format(**dict.fromkeys(_placeholders(text), "1"))), (
                text
            )


REPORTS = [
    ExtractionReport(page_count=1, scanned_pages=(1,), failed_pages=()),
    ExtractionReport(page_count=40, scanned_pages=(3,), failed_pages=(), blank_pages=(9,)),
    ExtractionReport(page_count=40, scanned_pages=(1, 2, 3), failed_pages=((7, "bad xref"),),
                     blank_pages=(8, 9), repaired=True),
    ExtractionReport(page_count=2, scanned_pages=(1, 2), failed_pages=()),
    ExtractionReport(page_count=1, scanned_pages=(), failed_pages=((1, "bad xref"),)),
    ExtractionReport(page_count=30, scanned_pages=(), failed_pages=(), fallback_pages=(2, 3, 4)),
    ExtractionReport(page_count=30, scanned_pages=(), failed_pages=(), fallback_pages=(2,)),
    ExtractionReport(page_count=3, scanned_pages=(), failed_pages=(), fallback_pages=(1, 2, 3)),
    ExtractionReport(page_count=1, scanned_pages=(), failed_pages=(), fallback_pages=(1,)),
    ExtractionReport(page_count=0, scanned_pages=(), failed_pages=()),
    ExtractionReport(page_count=5, scanned_pages=(), failed_pages=()),
]


@pytest.mark.parametrize("report", REPORTS)
def test_page_notices_the_indexer_writes_read_in_chinese(report: ExtractionReport) -> None:
    for english in (report.summary, _nothing_searchable(report)):
        chinese = localize(english, "zh_CN")
        assert not _english_left(chinese.replace("bad xref", "")), (english, chinese)
        assert localize(english, "en_US") == english


def test_password_and_cancel_texts_read_in_chinese() -> None:
    limits = _Limits("secret.pdf", timeout_s=1, page_timeout_s=1, memory_mb=1)
    for code in ("password", "wrong_password"):
        chinese = localize(str(limits._error({"code": code})), "zh_CN")
        assert "secret.pdf" in chinese and not _english_left(chinese), chinese
    assert localize("Cancelled.", "zh_CN") == "已取消。"
    cancelled = localize("Indexing was cancelled; add the file again to continue.", "zh_CN")
    assert not _english_left(cancelled)
