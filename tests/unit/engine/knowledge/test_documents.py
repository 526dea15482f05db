from engine.knowledge.documents import ExtractionReport


def test_scanned_pages_are_counted_in_the_summary():
    report = ExtractionReport(40, tuple(range(1, 13)), ())
    assert report.summary == (
        "12 of 40 pages are scanned images; their text is not searchable (it needs OCR)."
    )
    assert report.searchable_pages == 28
    assert report.searchable


def test_a_fully_scanned_document_is_not_searchable():
    report = ExtractionReport(1, (1,), ())
    assert not report.searchable
    assert report.searchable_pages == 0
    assert "scanned image" in report.summary
    assert "Nothing in this document is searchable." in report.summary


def test_failed_pages_name_the_first_reason():
    report = ExtractionReport(16, (), ((1, "PdfStreamError: bad hex"), (3, "ValueError: x")))
    expected = "2 of 16 pages could not be read (e.g. page 1): PdfStreamError"
    assert report.summary.startswith(expected)
    assert report.searchable_pages == 14


def test_blank_pages_and_clean_documents():
    assert ExtractionReport(3, (), (), (2,)).summary == "1 of 3 pages has no text."
    assert ExtractionReport(3, (), ()).summary == "All 3 pages have searchable text."
    assert ExtractionReport(1, (), ()).summary == "The only page has searchable text."
    assert not ExtractionReport(0, (), ()).searchable
