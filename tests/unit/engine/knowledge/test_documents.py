from engine.knowledge.documents import ExtractionReport, page_list


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
    report = ExtractionReport(16, (), ((1, "bad hex digit"), (3, "stream has ended")))
    expected = "2 of 16 pages could not be read (e.g. page 1): bad hex digit."
    assert report.summary.startswith(expected)
    assert report.searchable_pages == 14


def test_blank_pages_and_clean_documents():
    assert ExtractionReport(3, (), (), (2,)).summary == "1 of 3 pages has no text."
    assert ExtractionReport(3, (), ()).summary == "All 3 pages have searchable text."
    assert ExtractionReport(1, (), ()).summary == "The only page has searchable text."
    assert not ExtractionReport(0, (), ()).searchable


def test_pages_the_second_parser_read_are_named_in_the_notice():
    report = ExtractionReport(16, (), (), fallback_pages=(3, 10, 14))
    assert report.notice == (
        "Pages 3, 10 and 14 were read with the second PDF reader (PDFium), as the first could "
        "not read them."
    )
    assert report.searchable_pages == 16
    whole = ExtractionReport(5, (), (), fallback_pages=(1, 2, 3, 4, 5))
    assert whole.notice.startswith("All 5 pages were read with the second PDF reader")


def test_a_repaired_file_end_is_worth_a_notice():
    report = ExtractionReport(1, (), (), repaired=True)
    assert report.notice == (
        "The file's end was missing; it was repaired before reading, as PDF viewers do."
    )


def test_a_document_read_without_trouble_has_no_notice():
    assert ExtractionReport(3, (), (), (2,)).notice == ""
    assert ExtractionReport(3, (1,), ()).notice == ExtractionReport(3, (1,), ()).summary


def test_page_lists_fold_runs_into_ranges():
    assert page_list((4,)) == "4"
    assert page_list((2, 3, 4, 7, 9)) == "2–4, 7 and 9"
    assert page_list(tuple(range(1, 40, 2)), most=3) == "1, 3, 5 and 17 more"
