from __future__ import annotations

from dataclasses import replace

from engine.chat.citations import MAX_QUOTE_CHARS, attribute, from_markers, markers_text, quote
from engine.chat.retrieval import merge_adjacent
from engine.types import Hit, Location
from tests.unit.engine.grounding.fakes import hit

PAGE = (
    "We use BERT as our encoder. The question and passage vectors have dimension d = 768. "
    "Training uses in-batch negatives with a batch size of 128. "
    "Retrieval runs at 995.0 questions per second with FAISS."
)
OTHER = "The Rhine flows through Switzerland, Germany and the Netherlands into the North Sea."


def sources():  # type: ignore[no-untyped-def]
    return merge_adjacent([hit(1, PAGE, page=3, start=40), hit(2, OTHER, page=9, source_id=2)])


def test_marker_quote_is_the_matching_sentence_with_page_offsets() -> None:
    answer = "The vectors have 768 dimensions [1]."
    cites = from_markers(answer, [(1, answer.index("[1]"))], sources(), "What dimension?")
    assert len(cites) == 1
    c = cites[0]
    assert c.n == 1 and c.location.page == 3 and "768" in c.quote
    at = c.location
    assert PAGE[at.start - 40 : at.end - 40] == c.quote  # offsets are within the page


def test_answer_without_markers_is_attributed_by_its_new_words() -> None:
    question = "What is the dimension of the question and passage vectors?"
    cites = attribute("The dimension is 768.", sources(), question)
    assert [c.n for c in cites] == [1]
    assert markers_text(cites) == " [1]"


def test_answer_matching_no_source_gets_no_citation() -> None:
    question = "What is the dimension of the vectors?"
    assert attribute("It is about 4096 according to the GPT paper.", sources(), question) == []


def test_echoing_the_question_is_not_evidence() -> None:
    question = "What is the batch size of in-batch negatives training?"
    assert attribute("The batch size of in-batch negatives training.", sources(), question) == []


def test_chinese_attribution() -> None:
    page = "清崇陵位于中国河北易县，是光绪皇帝的陵墓。"
    passages = merge_adjacent([hit(5, page, page=1)])
    found = attribute("它位于中国河北易县。", passages, "清崇陵在什么地方？")
    assert [c.location.page for c in found] == [1]
    assert found[0].quote in page


def test_long_sentence_quote_is_cut_to_a_window_inside_the_chunk() -> None:
    long_sentence = " ".join(f"word{i}" for i in range(200)) + " key768 " + "tail " * 50 + "."
    passage = merge_adjacent([hit(1, long_sentence, start=10)])[0]
    text, start, end = quote(passage, {"key768": 2.0})
    assert len(text) <= MAX_QUOTE_CHARS and "key768" in text
    assert long_sentence[start - 10 : end - 10] == text


def test_a_timed_citation_takes_the_seconds_of_the_chunks_that_hold_its_quote() -> None:
    said = [
        ("The keeper lit the lamp at dusk.", 40.0, 44.0),
        ("The first keeper was Agnes Pettigrew.", 52.0, 57.5),
        ("She kept the light for thirty-one years.", 58.0, 63.0),
        ("The tower has a hundred steps.", 90.0, 93.0),
    ]
    transcript = " ".join(text for text, _, _ in said)
    talk = Location(source_id=4, title="talk", path="/talks/talk.srt")

    def chunk(chunk_id: int, first: int, last: int) -> Hit:  # cues first..last, overlapping
        text = " ".join(t for t, _, _ in said[first : last + 1])
        start = transcript.index(text)
        where = replace(talk, start=start, end=start + len(text), start_s=said[first][1],
                        end_s=said[last][2])
        return Hit(location=where, text=text, score=1.0, chunk_id=chunk_id)

    (passage,) = merge_adjacent([chunk(1, 0, 1), chunk(2, 1, 2), chunk(3, 2, 3)])
    assert (passage.location.start_s, passage.location.end_s) == (40.0, 93.0)
    answer = "Agnes Pettigrew was the first keeper [1]."
    (cited,) = from_markers(answer, [(1, answer.index("[1]"))], [passage], "Who kept it first?")
    assert cited.quote == "The first keeper was Agnes Pettigrew."
    assert transcript[cited.location.start : cited.location.end] == cited.quote
    # Chunks 1 (40-57.5 s) and 2 (52-63 s) both hold the quote: it is said within 52-57.5 s.
    assert (cited.location.start_s, cited.location.end_s) == (52.0, 57.5)
    assert cited.location.page is None
