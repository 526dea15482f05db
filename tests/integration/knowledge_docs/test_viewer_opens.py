"""PDFs a standard viewer reads (shared/data/pdf/viewer_opens) are indexed with poppler's words.

Each file goes through the real reader (pypdf, then PDFium, in the child process with its
limits) and the real knowledge base (SQLite, FAISS, FTS5 and the bundled embedder). What
poppler reads is in that folder's README.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.types import AddResult
from tests.documents import read_document
from tests.integration.knowledge.kb_helpers import make_home, open_kb

pytestmark = pytest.mark.slow  # one knowledge base of all seven files: about a minute

CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b")


@pytest.fixture(scope="module")
def folder(shared_data: Path) -> Path:
    return shared_data / "pdf" / "viewer_opens"


@pytest.fixture(scope="module")
def kb(
    folder: Path, tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path, embedder: Embedder
) -> Iterator[tuple[KnowledgeBase, dict[str, AddResult]]]:
    """One knowledge base holding every file of the folder, added in one call."""
    home = make_home(tmp_path_factory.mktemp("viewer-opens"), onnx_cache)
    with open_kb(home, embedder) as base:
        report = base.add(sorted(folder.glob("*.pdf")))
        yield base, {Path(result.path).name: result for result in report.results}


def _indexed(kb: tuple[KnowledgeBase, dict[str, AddResult]], name: str) -> dict[int, str]:
    """The stored chunks of one file, joined per page; the file must be searchable."""
    base, results = kb
    result = results[name]
    assert result.ok, result.error
    assert result.source_id is not None
    assert base.get_source(result.source_id).status.value == "ready"
    pages: dict[int, list[str]] = {}
    for chunk in base.chunks(result.source_id):
        assert chunk.location.page is not None
        pages.setdefault(chunk.location.page, []).append(chunk.text)
    return {page: " ".join(texts) for page, texts in pages.items()}


def _found(kb: tuple[KnowledgeBase, dict[str, AddResult]], name: str, query: str) -> str:
    """The text of the best hit for `query` that comes from `name`."""
    base, results = kb
    source_id = results[name].source_id
    hits = [hit for hit in base.search(query, k=10) if hit.location.source_id == source_id]
    assert hits, f"{query!r} finds nothing in {name}"
    return hits[0].text


def test_alike_pages_keep_their_only_line(folder, kb):
    _, pages, report = read_document(folder / "hello_world_rotated.pdf")
    assert [page.text for page in pages] == ["Hello world"] * 5
    assert report.searchable_pages == 5 and not report.notice
    indexed = _indexed(kb, "hello_world_rotated.pdf")
    assert sorted(indexed) == [1, 2, 3, 4, 5]
    assert all(text == "Hello world" for text in indexed.values())
    assert _found(kb, "hello_world_rotated.pdf", "hello world") == "Hello world"


def test_pages_sharing_most_lines_keep_them_all(folder, kb):
    _, pages, report = read_document(folder / "calrgb.pdf")
    assert len(pages) == 17 and report.searchable_pages == 17
    assert sum(len(page.text) for page in pages) > 30_000
    for page in pages:
        for words in ("WhitePoint [", "BlackPoint [", "Gamma [", "Matrix [", "A, B, C = 0.00"):
            assert words in page.text, (page.number, words)
    indexed = _indexed(kb, "calrgb.pdf")
    assert sorted(indexed) == list(range(1, 18))
    assert all("WhitePoint" in text and "Matrix" in text for text in indexed.values())
    assert "Gamma" in _found(kb, "calrgb.pdf", "WhitePoint BlackPoint Gamma")


def test_a_file_without_its_end_is_repaired_and_read(folder, kb):
    _, pages, report = read_document(folder / "bug1250079.pdf")
    assert [page.text for page in pages] == ["Bug 1250079"]
    assert report.repaired and not report.fallback_pages
    assert _indexed(kb, "bug1250079.pdf") == {1: "Bug 1250079"}
    assert kb[1]["bug1250079.pdf"].notice == (
        "The file's end was missing; it was repaired before reading, as PDF viewers do."
    )
    assert _found(kb, "bug1250079.pdf", "Bug 1250079") == "Bug 1250079"


def test_an_encrypted_attachment_needs_no_password_for_the_pages(folder, kb):
    _, pages, report = read_document(folder / "auth-event-ef-open.pdf")
    assert [page.text for page in pages] == ["Example"]
    assert not report.notice
    result = kb[1]["auth-event-ef-open.pdf"]
    assert not result.needs_password
    assert _indexed(kb, "auth-event-ef-open.pdf") == {1: "Example"}


def test_a_form_field_value_is_indexed_and_marked(folder, kb):
    _, pages, _ = read_document(folder / "bug1844583.pdf")
    assert [page.text for page in pages] == ['[Form field "Texte2"] Hello World']
    assert _indexed(kb, "bug1844583.pdf") == {1: '[Form field "Texte2"] Hello World'}
    quote = _found(kb, "bug1844583.pdf", "Hello World")
    assert quote.startswith("[Form field") and "Hello World" in quote  # a quote says its origin


def test_a_multi_line_text_field_is_indexed_and_marked(folder, kb):
    _, pages, _ = read_document(folder / "annotation-tx3.pdf")
    assert [page.text for page in pages] == ['[Form field "Text2"] tx annotation Line2 Line3 Line4']
    indexed = _indexed(kb, "annotation-tx3.pdf")
    assert indexed == {1: '[Form field "Text2"] tx annotation Line2 Line3 Line4'}
    assert "Line3" in _found(kb, "annotation-tx3.pdf", "tx annotation Line2")


def test_brotli_compressed_streams_are_decoded(kb):
    # Through the knowledge base only: pypdf takes about 2 s a page on these drawings.
    base, results = kb
    result = results["Brotli-Prototype-FileA.pdf"]
    indexed = _indexed(kb, "Brotli-Prototype-FileA.pdf")
    assert result.source_id is not None and not result.notice
    source = base.get_source(result.source_id)
    assert source.pages == 25 and not source.failed_pages and not source.scanned_pages
    assert sorted(indexed) == list(range(1, 26))
    assert indexed[1].startswith("SHEET INDEX")
    query = "project description single-family house"
    assert "NEW SINGLE-FAMILY HOUSE" in _found(kb, "Brotli-Prototype-FileA.pdf", query)


def test_no_result_shows_a_command_or_a_class_name(kb):
    _, results = kb
    assert len(results) == 7
    for result in results.values():
        said = f"{result.error} {result.notice}"
        assert "pip" not in said and "bomb" not in said and not CLASS_NAME.search(said)
