import codecs

import pytest

from engine.cancel import CancelToken
from engine.errors import Cancelled, DocumentError
from engine.knowledge.documents import DocumentInfo, Segment
from engine.knowledge.readers.text import TextReader
from engine.knowledge.text_reader import TextDocument, decode_text, split_sections
from tests.documents import read_document


def test_utf8_with_and_without_bom():
    assert decode_text("naïve 中文".encode(), "a.txt") == "naïve 中文"
    assert decode_text(codecs.BOM_UTF8 + "naïve".encode(), "a.txt") == "naïve"


def test_utf16_with_bom():
    assert decode_text("héllo 中文".encode("utf-16"), "a.txt") == "héllo 中文"


def test_chinese_legacy_encoding_falls_back_to_gb18030():
    assert decode_text("中文维基百科条目选读".encode("gb18030"), "a.txt") == "中文维基百科条目选读"


def test_other_legacy_text_falls_back_to_windows_1252():
    assert decode_text("café – naïve".encode("cp1252"), "a.txt") == "café – naïve"


def test_binary_data_is_refused():
    with pytest.raises(DocumentError, match="does not look like a text file"):
        decode_text(bytes(range(256)) * 20, "blob.txt")


def test_sections_are_cut_at_paragraphs_and_stay_near_the_size():
    paragraphs = [f"Paragraph {i} " + "word " * 40 for i in range(30)]
    sections = split_sections("\n\n".join(p.strip() for p in paragraphs), 1000)
    assert all(len(section) <= 1000 for section in sections)
    assert all(section.startswith("Paragraph") for section in sections)
    assert sum(section.count("Paragraph") for section in sections) == 30


def test_a_huge_paragraph_is_cut_at_sentences():
    text = "This is one sentence of some length. " * 200
    sections = split_sections(text.strip(), 500)
    assert all(len(section) <= 500 for section in sections)
    assert all(section.endswith(".") for section in sections)


def test_markdown_prefers_to_start_a_section_at_a_heading():
    text = "# Title\n\n" + "intro " * 80 + "\n\n## Part two\n\n" + "body " * 50
    sections = split_sections(text, 800)
    assert sections[1].startswith("## Part two")


def test_markdown_file_reads_with_its_heading_as_title(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# My Notes\n\nSome ﬁrst text.\n\n\n\nMore text.\n", encoding="utf-8")
    info, pages, report = read_document(path)
    assert info == DocumentInfo(page_count=1, title="My Notes")
    assert pages == [Segment(number=1, text="# My Notes\n\nSome first text.\n\nMore text.")]
    assert report.searchable and report.summary == "The only page has searchable text."


def test_empty_text_file_is_not_searchable(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    info, _pages, report = read_document(path)
    assert info.title == "empty"
    assert not report.searchable


def test_too_large_and_missing_files_give_document_errors(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DocumentError, match=r"missing\.txt cannot be read"):
        TextReader().open(str(tmp_path / "missing.txt"))
    with pytest.raises(DocumentError, match="too large"):
        TextDocument(path, max_bytes=1024)
    assert TextReader().open(str(path)).info.page_count == 1


def test_cancel_stops_between_sections(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join("para " * 100 for _ in range(40)), encoding="utf-8")
    token = CancelToken()
    segments = TextReader().open(str(path), cancel=token).segments()
    next(segments)
    token.cancel()
    with pytest.raises(Cancelled):
        next(segments)
