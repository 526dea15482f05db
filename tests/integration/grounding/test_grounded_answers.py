"""Grounded answers through the real parts: pypdf, MiniLM, FAISS, SQLite and SmolLM2."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from engine.chat import export
from engine.chat.answer_records import AnswerRecords
from engine.chat.answer_texts import general_label, unsupported_text
from engine.chat.retrieval import Retriever
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.config import KnowledgeSettings
from engine.knowledge.cleaning import clean_pages
from engine.knowledge.embedder import Embedder
from engine.storage.db import Database
from engine.types import AnswerDelta, Citation, Role
from tests.integration.grounding.conftest import Grounded, Slot, open_kb, run_cli, settings

GOOD_PAGES = 13
FOLLOW_UP = (
    "How many passages does the Wikipedia corpus contain after splitting?",
    "And how many words is each of them?",
    4,
)


@cache
def cleaned_pages(pdf: Path) -> dict[int, str]:
    """pypdf's text of every page after the knowledge base's own cleaning."""
    reader = PdfReader(pdf)
    raw = [(n, page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)]
    return {page.number: page.text for page in clean_pages(raw, len(raw))}


def assert_quotes_on_their_pages(citations: list[dict[str, object]], pdf: Path) -> None:
    pages = cleaned_pages(pdf)
    for c in citations:
        page, quote = c["page"], str(c["quote"])
        assert isinstance(page, int) and 1 <= page <= GOOD_PAGES
        assert quote.strip() and quote in pages[page], (page, quote)
        assert pages[page][int(c["start"]) : int(c["end"])] == quote  # type: ignore[call-overload]


def drain(deltas: object) -> tuple[str, AnswerDelta]:
    items = list(deltas)  # type: ignore[call-overload]
    return "".join(d.text for d in items), items[-1]


ASKED = (
    "How many passages does the Wikipedia corpus contain after splitting?",
    "How long does it take to build the FAISS index for 21 million vectors?",
    "In the dataset statistics table, how many test questions does TriviaQA have?",
)


@pytest.mark.slow
def test_ask_json_cites_pages_whose_text_holds_the_quotes(
    good_home: Path, shared_data: Path
) -> None:
    cited = 0
    for question in ASKED:  # the tiny model is sometimes wrong: then nothing may be cited
        done = run_cli("ask", "--json", question, home=good_home)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["covered"] is True and result["answer"]
        for c in result["citations"]:
            assert {"n", "source_id", "title", "path", "page", "quote"} <= c.keys()
            assert Path(c["path"]).name == "good.pdf" and c["source_id"] == 1
            assert f"[{c['n']}]" in result["answer"]
        pdf = shared_data / "pdf" / "qa" / "good.pdf"
        assert_quotes_on_their_pages(result["citations"], pdf)
        cited += bool(result["citations"])
        if cited:
            break
    assert cited, "no answer cited its page"


@pytest.mark.parametrize(
    ("question", "words"),
    [("What is the capital of France?", "do not cover"), ("法国的首都是哪里？", "没有涉及")],
)
def test_question_the_documents_cannot_answer_is_not_covered(
    good_home: Path, question: str, words: str
) -> None:
    done = run_cli("ask", "--json", question, home=good_home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["covered"] is False and result["citations"] == []
    assert words in result["answer"]
    assert "general knowledge" in done.stderr
    why = result["coverage"]  # the evidence of the refusal
    assert why["covered"] is False and why["reason"] and why["relevance"] < why["floor"]
    assert why["evidence"] and all(e["page"] >= 1 and e["text"] for e in why["evidence"])


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("Where can I download the DPR code and trained models?",
         "github.com/facebookresearch/DPR"),
        ("What is the title of the paper?", "Dense Passage Retrieval for Open-Domain"),
    ],
)
def test_questions_about_the_document_itself_reach_page_one(
    good_home: Path, embedder: Embedder, question: str, holds: str
) -> None:
    with open_kb(good_home, embedder) as kb:
        retrieval = Retriever(kb, KnowledgeSettings()).retrieve(question)
    assert retrieval.covered, retrieval.verdict
    assert any(p.location.page == 1 and holds in p.text for p in retrieval.passages[:3])


@pytest.mark.slow
def test_ask_without_the_knowledge_base(good_home: Path) -> None:
    done = run_cli("ask", "--no-kb", "--json", "What is the capital of France?", home=good_home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["covered"] is None and result["citations"] == []
    assert "Paris" in result["answer"]


@pytest.mark.slow
def test_an_answer_citing_nothing_says_it_is_unsupported(grounded: Grounded) -> None:
    # Four-token answers over a covered question: some seeds write a fragment that neither
    # cites a source nor says anything found in one. Those must carry the note.
    question = "What batch size was used to train the DPR model?"
    base = settings()
    seen_unsupported = False
    for seed in range(30):
        short = replace(base, sampling=replace(base.sampling, seed=seed, max_tokens=4))
        session = ChatSession(grounded.store, Slot(grounded.model), lambda s=short: s,  # type: ignore[arg-type]
                              db=grounded.db, knowledge=lambda: grounded.kb)
        text, final = drain(session.stream_answer(question))
        assert final.covered is True
        if not final.citations:
            assert text.endswith(unsupported_text(question)), text
            seen_unsupported = True
            break
        assert all(f"[{c.n}]" in text for c in final.citations)
    assert seen_unsupported, "no seed wrote an uncited answer"


@pytest.mark.slow
def test_a_reopened_conversation_and_its_exports_keep_the_citations(grounded: Grounded) -> None:
    conversation = grounded.store.create()
    question = "What batch size was used to train the main DPR model?"
    text, final = drain(grounded.session.stream_reply(conversation.id, question))
    assert final.covered is True and final.citations, "the answer should cite its page"

    reopened = ChatSession(grounded.store, None, lambda: None, db=grounded.db)  # type: ignore[arg-type]
    messages = reopened.list_messages(conversation.id)
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT]
    assert messages[1].text == text and messages[1].citations == final.citations
    for citation in messages[1].citations:
        assert isinstance(citation, Citation) and f"[{citation.n}]" in text

    header = grounded.store.get(conversation.id)
    exported = json.loads(export.to_json(header, messages))
    cited = exported["messages"][1]["citations"]
    assert [c["page"] for c in cited] == [c.location.page for c in final.citations]
    markdown = export.to_markdown(header, messages)
    assert "Sources:" in markdown
    for c in final.citations:
        assert f"{c.n}. good.pdf p. {c.location.page}: “" in markdown


@pytest.mark.slow
def test_not_covered_then_general_knowledge_clearly_marked(grounded: Grounded) -> None:
    conversation = grounded.store.create()
    question = "Who painted the Mona Lisa?"
    text, final = drain(grounded.session.stream_reply(conversation.id, question))
    assert final.covered is False and "do not cover" in text
    assert grounded.model.prompts == []  # saying so needs no model

    deltas = list(grounded.session.answer_from_general_knowledge(conversation.id))
    assert all(d.general_knowledge for d in deltas)
    answer = "".join(d.text for d in deltas)
    assert answer.startswith(general_label(question)) and len(answer) > len(general_label(question))
    messages = grounded.session.list_messages(conversation.id)
    assert [m.text for m in messages] == [question, answer]


@pytest.mark.slow
def test_chat_command_answers_follow_ups_turn_by_turn(good_home: Path) -> None:
    first, follow_up, page = FOLLOW_UP
    done = run_cli("chat", home=good_home, stdin=f"{first}\n{follow_up}\n")
    assert done.returncode == 0, done.stderr
    conversation_id = int(done.stderr.split("Conversation ", 1)[1].split(".", 1)[0])

    db = Database(good_home / "lanthorn.db")
    try:
        session = ChatSession(ConversationStore(db), None, lambda: None, db=db)  # type: ignore[arg-type]
        messages = session.list_messages(conversation_id)
        groundings = AnswerRecords(db).groundings(conversation_id)
        sources = AnswerRecords(db).sources(messages[3].id)
    finally:
        db.close()
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT] * 2
    assert messages[3].text.strip() in done.stdout  # each reply was printed as it came
    assert groundings[messages[3].id].query.startswith(follow_up)
    assert first in groundings[messages[3].id].query  # searched with what it refers to
    assert sources[0].location.page == page
    for message in messages[1::2]:
        for c in message.citations:
            assert f"[{c.n}] good.pdf p. {c.location.page}" in done.stdout
