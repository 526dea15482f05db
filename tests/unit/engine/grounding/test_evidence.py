"""Evidence first: sentence scoring, trimming and the early delta (fakes for the model only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.chat import evidence
from engine.chat.citations import sentences
from engine.chat.retrieval import Passage, Span
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.cli.chat_cmds import stream_to_terminal
from engine.config import Settings
from engine.storage.db import Database
from engine.types import AnswerDelta, AnswerPhase, Citation, Location
from tests.unit.engine.grounding.fakes import FakeKnowledge, FakeModel, FakeSlot, seed_chunks

PAGE_4 = (
    "We use the English Wikipedia dump from Dec. 20, 2018 as the source documents for answering "
    "questions. Following (Wang et al., 2019), we remove semi-structured data such as tables "
    "and lists. We then split each article into multiple, disjoint text blocks of 100 words as "
    "passages, which results in 21,015,324 passages in the end. Each passage is also prepended "
    "with the title of the Wikipedia article where the passage is from."
)
PAGE_2 = (
    "Our dense retriever outperforms a strong Lucene-BM25 system greatly (65.2% vs. 42.9% in "
    "Top-5 accuracy) on the open Natural Questions setting. The passages are split as in "
    "earlier work (Lee et al., 2019)."
)
PAGE_ZH = (
    "香港电台第六台\n\n香港电台第六台是香港电台旗下的一个广播频道，于1989年12月3日启播。"
    "该台频率为AM 675 kHz。该台以普通话及粤语广播，全日二十四小时转播。"
)


def passage(text: str, page: int, offset: int = 0, chunk_id: int | None = None) -> Passage:
    """One chunk of `page` whose text sits at `offset` in the page's text."""
    where = Location(source_id=1, title="paper", path="/docs/paper.pdf", page=page,
                     start=offset, end=offset + len(text))
    span = Span(chunk_id=chunk_id or page, start=offset, end=offset + len(text), text=text)
    return Passage(location=where, text=text, spans=(span,))


def page_text(offset: int, text: str) -> str:
    return "x" * offset + text


def test_a_how_many_question_gets_the_sentence_with_the_count_at_its_exact_offsets() -> None:
    shown = evidence.pick(
        "How many passages does the Wikipedia corpus contain after splitting?",
        [passage(PAGE_2, 2), passage(PAGE_4, 4, offset=120)],
    )
    assert shown and "21,015,324 passages" in shown[0].quote
    best = shown[0]
    assert best.n == 1 and best.location.page == 4
    assert page_text(120, PAGE_4)[best.location.start : best.location.end] == best.quote


def test_a_comparison_is_one_sentence_though_it_says_vs() -> None:
    shown = evidence.pick(
        "How does DPR compare with BM25 on top-5 accuracy in the open Natural Questions setting?",
        [passage(PAGE_2, 2)],
    )
    assert "65.2% vs. 42.9%" in shown[0].quote


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "DPR beats BM25 (65.2% vs. 42.9%), as Lee et al. (2019) and e.g. ORQA show. Next one."
    assert [text[a:b] for a, b in sentences(text)] == [
        "DPR beats BM25 (65.2% vs. 42.9%), as Lee et al. (2019) and e.g. ORQA show.",
        "Next one.",
    ]


def test_a_reference_year_is_not_taken_for_the_asked_number() -> None:
    query = evidence.Query.of("How many passages are there after splitting?")
    cited = query.score("Splitting passages was also proposed (Wang et al., 2019).")
    counted = query.score("Splitting gives 21,015,324 passages.")
    assert counted > cited


def test_chinese_question_gets_the_sentence_that_answers() -> None:
    shown = evidence.pick("香港电台第六台的频率是什么？", [passage(PAGE_ZH, 13)])
    assert "AM 675 kHz" in shown[0].quote and shown[0].location.page == 13


def test_no_evidence_when_no_sentence_holds_a_question_word() -> None:
    assert evidence.pick("Who painted the Mona Lisa?", [passage(PAGE_4, 4)]) == ()


def test_a_second_sentence_only_when_nearly_as_good_and_elsewhere() -> None:
    shown = evidence.pick(
        "How many passages after splitting Wikipedia?",
        [passage(PAGE_4, 4), passage(PAGE_4, 4, chunk_id=9)],  # the same text twice
    )
    assert len({(c.location.start, c.location.end) for c in shown}) == len(shown)
    assert all(c.n == n for n, c in enumerate(shown, start=1))


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "t.db")
    yield database  # type: ignore[misc]
    database.close()



def test_evidence_comes_before_the_model_reads_and_is_stored_with_the_answer(db: Database) -> None:
    knowledge = FakeKnowledge(seed_chunks(db, {4: PAGE_4, 2: PAGE_2}), db)
    model = FakeModel(["It has 21,015,324 passages [1]."])
    store = ConversationStore(db)
    session = ChatSession(store, FakeSlot(model), Settings, db=db,  # type: ignore[arg-type]
                          knowledge=lambda: knowledge)  # type: ignore[arg-type,return-value]
    conversation = store.create()
    question = "How many passages result from splitting each Wikipedia article into text blocks?"
    deltas = list(session.stream_reply(conversation.id, question))
    first = next(i for i, d in enumerate(deltas) if d.evidence)
    reading = next(i for i, d in enumerate(deltas) if d.phase is AnswerPhase.READING)
    assert first < reading
    shown = deltas[first].evidence
    assert "21,015,324" in shown[0].quote and deltas[-1].evidence == shown
    prompt = model.prompts[0][-1].content
    assert "21,015,324" in prompt
    [_, answer] = session.list_messages(conversation.id)
    assert answer.evidence == shown


def test_plain_ask_prints_the_evidence_before_the_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = passage(PAGE_4, 4).location
    shown = Citation(n=1, location=where, quote="It has\n21,015,324 passages.")
    deltas = [AnswerDelta(evidence=(shown,)), AnswerDelta(text="About 21 million."),
              AnswerDelta(done=True, evidence=(shown,))]
    text, final = stream_to_terminal(deltas, echo=True)
    assert text == "About 21 million." and final.evidence == (shown,)
    assert capsys.readouterr().out == (
        'Evidence:\n  "It has 21,015,324 passages." (paper.pdf p. 4)\n\nAbout 21 million.\n'
    )
