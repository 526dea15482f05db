"""Landmark chunks: the head of the first page, sentences with links, footnotes."""

from __future__ import annotations

from engine.knowledge.documents import Cue, Segment
from engine.knowledge.structure import HEAD_TOKENS, label_words, landmarks

PAGE_ONE = (
    "Dense Passage Retrieval for Open-Domain Question Answering Vladimir Karpukhin, Barlas "
    "Oguz. Abstract Open-domain question answering relies on efficient passage retrieval.\n\n"
    "We show that retrieval works with dense representations alone. 2Compared with the "
    "exact match score of the reader. ∗Equal contribution 1The code and trained models have "
    "been released at https://github.com/facebookresearch/DPR. Write to sewon@cs.example.edu "
    "for the data."
)


def words(text: str) -> int:
    return len(text.split()) + 2  # like a tokenizer's count with its two special tokens


def test_page_one_yields_its_head_links_and_footnotes_as_exact_spans() -> None:
    marks = list(landmarks(Segment(1, PAGE_ONE), words, 256))
    by_label: dict[str, list[str]] = {m.label: [] for m in marks}
    for mark in marks:
        assert PAGE_ONE[mark.start : mark.end] == mark.text and mark.page == 1
        by_label[mark.label].append(mark.text)
    assert by_label["title"] == [
        "Dense Passage Retrieval for Open-Domain Question Answering Vladimir Karpukhin, Barlas "
        "Oguz."
    ]
    assert any("github.com/facebookresearch/DPR" in t for t in by_label["link"])
    assert any("sewon@cs.example.edu" in t for t in by_label["link"])
    assert by_label["footnote"] == ["2Compared with the exact match score of the reader."]
    assert "title" in label_words("title") and label_words("") == ""


def test_head_fits_its_budget_and_other_pages_have_no_head() -> None:
    long_title = " ".join(f"word{i}" for i in range(200)) + "."
    head = next(landmarks(Segment(1, long_title), words, 256))
    assert head.label == "title" and words(head.text) <= HEAD_TOKENS
    assert [m.label for m in landmarks(Segment(2, long_title), words, 256)] == []


def test_section_numbers_timed_segments_and_long_sentences_are_left_alone() -> None:
    text = "2 Background The model reads passages. See https://example.org/" + " x" * 300 + "."
    assert list(landmarks(Segment(3, text), words, 64)) == []
    timed = Segment(1, "Visit https://example.org now.", cues=(Cue(0, 30, 0.0, 2.0),))
    assert list(landmarks(timed, words, 256)) == []
