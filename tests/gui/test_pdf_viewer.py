"""The built-in viewer opens a cited page and lights the quoted passage (real PDFs, QtPdf)."""

from __future__ import annotations

import re

import pypdf

from desktop.viewer.passage import locate
from desktop.viewer.pdf_viewer import PdfViewer


def _pypdf_text(path, page: int) -> str:
    return re.sub(r"\s+", " ", pypdf.PdfReader(path).pages[page - 1].extract_text())


def test_locate_bridges_hyphens_line_breaks_and_ligatures() -> None:
    page = "We use the ﬁrst encod\ufffeer,\r\nthen the second one.\r\nUnrelated words here."
    start, end = locate(page, "We use the first encoder, then the second one.")
    assert page[start:end] == "We use the ﬁrst encod\ufffeer,\r\nthen the second one."
    assert locate(page, "nothing like this at all in the text") is None
    assert locate(page, "") is None


def test_viewer_opens_the_cited_page_with_the_passage_lit(qtbot, shared_data) -> None:
    pdf = str(shared_data / "pdf" / "qa" / "good.pdf")
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    quote = _pypdf_text(pdf, 3)[800:1100]
    with qtbot.waitSignal(viewer.passage_shown) as shown:
        assert viewer.show_passage(pdf, 3, quote)
    assert shown.args == [3, True]
    assert viewer.current_page == 3 and viewer.page_box.value() == 3
    lit = re.sub(r"[\s\ufffe-]+", "", viewer.highlighted_text())
    assert len(lit) > 200 and lit[:40] in re.sub(r"[\s-]+", "", quote)
    assert viewer.search_model.resultsOnPage(2)
    viewer.go_to(7)
    assert viewer.current_page == 7


def test_viewer_lights_chinese_passages(qtbot, shared_data) -> None:
    pdf = str(shared_data / "pdf" / "zh" / "zh_wiki.pdf")
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    quote = re.sub(r"\s+", "", _pypdf_text(pdf, 4))[60:180]
    assert viewer.show_passage(pdf, 4, quote)
    assert viewer.current_page == 4
    assert re.sub(r"\s+", "", viewer.highlighted_text()) in quote


def test_an_unknown_passage_still_opens_the_page(qtbot, shared_data) -> None:
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    pdf = str(shared_data / "pdf" / "qa" / "good.pdf")
    assert not viewer.show_passage(pdf, 5, "words that appear on no page of this paper xyzzy")
    assert viewer.current_page == 5 and viewer.highlighted_text() == ""


def test_a_broken_file_is_reported_not_raised(qtbot, tmp_path) -> None:
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with qtbot.waitSignal(viewer.failed) as failed:
        assert not viewer.open(str(broken))
    assert "cannot be opened" in failed.args[0]
