"""Table chunks are indexed with their caption: finding captions, telling rows from prose."""

from __future__ import annotations

from engine.knowledge.documents import ChunkDraft
from engine.knowledge.structure import captions, is_table, table_context

ROWS = ("Training Model NQ TriviaQA WQ Single BM25+BERT (Lee et al., 2019) 26.5 47.1 17.7 "
        "Single ORQA (Lee et al., 2019) 33.3 45.0 36.4 Single HardEM 28.1 50.9 - -")
PAGE = (f"{ROWS} DPR 41.5 56.8 34.6 Table 4: End-to-end QA (Exact Match) Accuracy. The first "
        "block of results are copied from their cited papers.\n\nFigure 2: Retrieval time per "
        "question\n\nIn this section we compare the reader with the retriever.")


def draft(start: int, end: int) -> ChunkDraft:
    return ChunkDraft(page=8, start=start, end=end, text=PAGE[start:end], token_count=10)


def test_captions_are_found_even_when_glued_to_the_rows_before_them() -> None:
    found = captions(PAGE)
    assert [text for _, text in found] == [
        "Table 4: End-to-end QA (Exact Match) Accuracy.",
        "Figure 2: Retrieval time per question",
    ]
    assert all(PAGE[start:].startswith(text) for start, text in found)


def test_a_sentence_that_mentions_a_table_is_not_a_caption() -> None:
    assert captions("As Table 4 shows, the reader is better. See Figure 2 for the times.") == []


def test_rows_of_numbers_are_a_table_and_sentences_are_not() -> None:
    assert is_table(ROWS)
    assert not is_table("The retriever was trained for 40 epochs with a batch size of 128.")
    assert not is_table("")


def test_a_table_chunk_gets_the_nearest_caption_and_prose_gets_none() -> None:
    rows = draft(0, len(ROWS))
    prose = draft(PAGE.index("In this section"), len(PAGE))
    assert table_context(rows, captions(PAGE)) == "Table 4: End-to-end QA (Exact Match) Accuracy."
    assert table_context(prose, captions(PAGE)) == ""
    assert table_context(rows, []) == ""
