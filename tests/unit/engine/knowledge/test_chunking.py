import itertools
import math
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.knowledge.chunking import chunk_segments
from engine.knowledge.documents import Segment
from engine.knowledge.readers.timed import TimedText, segment_cues

SPECIAL = 2


def word_count(text: str) -> int:
    """Additive like a word-piece tokenizer: words, punctuation and CJK characters."""
    return SPECIAL + len(re.findall(r"[\u4e00-\u9fff]|[^\W\u4e00-\u9fff]+|[^\w\s]", text))


def char_count(text: str) -> int:
    """Not additive at all: the chunker's prediction is wrong and its check must catch it."""
    return SPECIAL + math.ceil(len(text) / 4)


def assert_chunks_are_exact(pages, chunks, count, max_tokens):
    texts = {page.number: page.text for page in pages}
    for chunk in chunks:
        page_text = texts[chunk.page]
        assert chunk.text == page_text[chunk.start : chunk.end]
        assert chunk.text == chunk.text.strip() and chunk.text
        assert chunk.token_count == count(chunk.text) <= max_tokens
    for page in pages:
        covered = [False] * len(page.text)
        for chunk in chunks:
            if chunk.page == page.number:
                covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
        missing = [i for i, char in enumerate(page.text) if not char.isspace() and not covered[i]]
        assert missing == []


def test_paragraphs_that_fit_stay_whole_and_chunks_keep_to_their_page():
    pages = [
        Segment(number=1, text="First paragraph here.\n\nSecond paragraph there."),
        Segment(number=2, text="Page two text."),
        Segment(number=3, text=""),
    ]
    chunks = list(chunk_segments(pages, word_count, max_tokens=8, overlap_tokens=0))
    assert [(c.page, c.text) for c in chunks] == [
        (1, "First paragraph here."),
        (1, "Second paragraph there."),
        (2, "Page two text."),
    ]


def test_chunks_prefer_to_end_at_a_paragraph_break():
    para_one = " ".join(f"One{i}." for i in range(30))
    para_two = " ".join(f"Two{i}." for i in range(30))
    pages = [Segment(number=1, text=f"{para_one}\n\n{para_two}")]
    chunks = list(chunk_segments(pages, word_count, max_tokens=100, overlap_tokens=0))
    assert chunks[0].text == para_one
    assert chunks[1].text == para_two


def test_overlap_repeats_whole_sentences():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    pages = [Segment(number=1, text=text)]
    chunks = list(chunk_segments(pages, word_count, max_tokens=40, overlap_tokens=8))
    assert len(chunks) > 3
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # overlapping
        assert after.start > before.start  # and always moving on
        assert after.text.startswith("Sentence number")


def test_a_sentence_too_long_is_cut_between_words_and_a_word_between_characters():
    text = "word " * 50 + "x" * 200
    pages = [Segment(number=1, text=text.strip())]
    chunks = list(chunk_segments(pages, char_count, max_tokens=20, overlap_tokens=0))
    assert_chunks_are_exact(pages, chunks, char_count, 20)
    assert any(set(chunk.text) == {"x"} for chunk in chunks)


def test_chinese_without_spaces_is_cut_at_sentence_ends():
    text = "崇陵位于中国河北易县的清西陵。是清德宗光绪帝的陵墓！在清泰陵东北五公里的金龙峪。"
    pages = [Segment(number=1, text=text)]
    chunks = list(chunk_segments(pages, word_count, max_tokens=20, overlap_tokens=0))
    assert [c.text for c in chunks] == [
        "崇陵位于中国河北易县的清西陵。",
        "是清德宗光绪帝的陵墓！",
        "在清泰陵东北五公里的金龙峪。",
    ]


def test_budget_must_leave_room_for_text():
    with pytest.raises(ValueError):
        list(chunk_segments([Segment(number=1, text="x")], word_count, max_tokens=2))


ALPHABET = st.sampled_from([*"abcdefgh ijk.!?,;-\n", "\n\n", "ﬁ", "中", "文", "。", "  "])
PAGE_TEXT = st.lists(ALPHABET, max_size=400).map("".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(PAGE_TEXT, min_size=1, max_size=3),
    max_tokens=st.integers(min_value=3, max_value=60),
    overlap=st.integers(min_value=0, max_value=20),
    additive=st.booleans(),
)
def test_spans_are_exact_budgets_hold_and_all_text_is_covered(texts, max_tokens, overlap, additive):
    count = word_count if additive else char_count
    pages = [Segment(number=number, text=text) for number, text in enumerate(texts, start=1)]
    chunks = list(chunk_segments(pages, count, max_tokens=max_tokens, overlap_tokens=overlap))
    assert_chunks_are_exact(pages, chunks, count, max_tokens)
    assert [c.page for c in chunks] == sorted(c.page for c in chunks)


# ------------------------------------------------------------------ timed segments
def test_a_timed_chunk_spans_the_cues_its_characters_overlap():
    cues = [
        TimedText("The keeper lit the lamp at dusk.", 60.0, 63.5),
        TimedText("It burned all night.", 63.5, 66.0),
        TimedText("At dawn he trimmed the wick.", 70.25, 74.0),
    ]
    (segment,) = segment_cues(cues)
    moved = replace(segment, offset=1000)  # as the third segment of a long transcript might be
    chunks = list(chunk_segments([moved], word_count, max_tokens=16, overlap_tokens=0))
    assert [(c.page, c.text, c.start_s, c.end_s) for c in chunks] == [
        (None, "The keeper lit the lamp at dusk. It burned all night.", 60.0, 66.0),
        (None, "At dawn he trimmed the wick.", 70.25, 74.0),
    ]
    assert [(c.start, c.end) for c in chunks] == [(1000, 1053), (1054, 1082)]


def test_a_chunk_cut_inside_a_long_cue_keeps_that_cue_s_times():
    cues = [TimedText("short.", 1.0, 2.0), TimedText("word " * 30 + "end.", 2.0, 9.0)]
    (segment,) = segment_cues(cues)
    chunks = list(chunk_segments([segment], word_count, max_tokens=12, overlap_tokens=0))
    assert len(chunks) > 2
    assert (chunks[0].start_s, chunks[0].end_s) == (1.0, 9.0)
    assert all((c.start_s, c.end_s) == (2.0, 9.0) for c in chunks[1:])


TIMED_WORDS = st.lists(st.sampled_from([*"abcd .!?", "中", "。"]), min_size=1, max_size=50).map(
    lambda pieces: " ".join("".join(pieces).split())
).filter(bool)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.lists(st.tuples(TIMED_WORDS, st.integers(0, 10**6), st.integers(0, 9000)),
                 min_size=1, max_size=30),
    max_tokens=st.integers(min_value=3, max_value=40),
    page_chars=st.integers(min_value=10, max_value=300),
)
def test_timed_chunks_quote_the_transcript_and_span_exactly_their_cues(raw, max_tokens, page_chars):
    cues = [TimedText(text, start / 1000, (start + length) / 1000) for text, start, length in raw]
    transcript = " ".join(cue.text for cue in cues)
    segments = segment_cues(cues, page_chars)
    spans = [
        (segment.offset + cue.start, segment.offset + cue.end, cue.start_s, cue.end_s)
        for segment in segments for cue in segment.cues
    ]
    chunks = list(chunk_segments(segments, word_count, max_tokens=max_tokens, overlap_tokens=4))
    assert chunks
    for chunk in chunks:
        assert chunk.page is None and chunk.text == transcript[chunk.start : chunk.end]
        overlapped = [s for s in spans if s[0] < chunk.end and s[1] > chunk.start]
        assert (chunk.start_s, chunk.end_s) == (
            min(s[2] for s in overlapped), max(s[3] for s in overlapped)
        )
