"""Cleaned page text from real PDFs: searchable words, Chinese without gaps, no page furniture."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from engine.knowledge.cleaning import normalize_for_search
from tests.documents import read_document

# Whitespace between two Chinese characters, other than a paragraph break.
CJK_GAP = re.compile(r"[\u4e00-\u9fff](?:[ \t]+|(?<!\n)\n(?!\n))[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def pdf(shared_data: Path) -> Path:
    return shared_data / "pdf"


@pytest.fixture(scope="module")
def paper(pdf: Path) -> list[str]:
    return [page.text for page in read_document(pdf / "qa" / "good.pdf")[1]]


def test_ligatures_are_gone_and_words_are_whole(paper):
    text = "\n".join(paper)
    assert "ﬁ" not in text and "ﬂ" not in text
    assert "relies on efficient passage retrieval" in paper[0]
    assert "ef- ficient" not in text and "ef-ficient" not in text
    assert "fine-tuned" in text
    assert "Dense Passage Retrieval for Open-Domain Question Answering" in paper[0]


def test_chinese_text_has_no_gaps_and_no_page_footer(pdf):
    info, pages, report = read_document(pdf / "zh" / "zh_wiki.pdf")
    assert info.page_count == 16 and report.searchable_pages == 16
    for page in pages:
        assert not CJK_GAP.search(page.text), page.number
        assert not re.search(r"第\s*\d+\s*页", page.text), page.number
    assert "崇陵（）位于中国河北易县的清西陵，是清德宗光绪帝的陵墓" in pages[0].text


@pytest.mark.slow
def test_running_heads_and_print_slugs_of_the_book_are_removed(pdf):
    _, pages, report = read_document(pdf / "big" / "freeculture.pdf")
    body = pages[19:340]
    assert all("4TH PASS PAGES" not in page.text for page in body)
    assert all(".qxd" not in page.text for page in body)
    assert all("FREE CULTURE" not in page.text for page in body)
    assert pages[19].text.startswith("On the day after Christmas, 1933, four patents")
    assert report.scanned_pages == (1,)  # the cover is an image


def _norm(text: str) -> str:
    return " ".join(normalize_for_search(text).casefold().split())


def _questions(tsv: Path, pdf_name: str | None) -> list[tuple[Path, int, str]]:
    with tsv.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    if pdf_name:
        return [(tsv.parent / pdf_name, int(page), answer) for _, page, answer in rows]
    return [(tsv.parent / name, int(page), answer) for name, _, page, answer in rows]


@pytest.mark.parametrize(
    ("tsv", "pdf_name"),
    [
        ("qa/good.questions.tsv", "good.pdf"),
        ("zh/zh_wiki.questions.tsv", "zh_wiki.pdf"),
        ("wiki_en/questions.tsv", None),
        ("wiki_zh/questions.tsv", None),
    ],
)
def test_every_answer_survives_cleaning_on_its_page(pdf, tsv, pdf_name):
    pages: dict[Path, dict[int, str]] = {}
    missing = []
    for path, page, answer in _questions(pdf / tsv, pdf_name):
        if path not in pages:
            pages[path] = {p.number: _norm(p.text) for p in read_document(path)[1]}
        if _norm(answer) not in pages[path][page]:
            missing.append((path.name, page, answer))
    assert missing == []
