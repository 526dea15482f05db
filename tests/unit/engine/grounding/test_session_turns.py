"""ChatSession turns over real SQLite, with a fake model and a knowledge base of real rows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from engine.chat.answer_texts import general_label, not_covered_text, unsupported_text
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.config import Settings
from engine.errors import UserInputError
from engine.storage.db import Database
from engine.types import AnswerDelta, Role
from tests.unit.engine.grounding.fakes import FakeKnowledge, FakeModel, FakeSlot, seed_chunks

PAGES = {
    3: "The question and passage vectors have dimension d = 768 in all experiments.",
    7: "With the FAISS index, DPR answers 995.0 questions per second on one server.",
}



@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "t.db")
    yield database  # type: ignore[misc]
    database.close()


def make(db: Database, replies: list[str], *, ready: bool = True, pages: dict[int, str] = PAGES):
    hits = seed_chunks(db, pages)
    knowledge = FakeKnowledge(hits, db, ready=ready)
    slot = FakeSlot(FakeModel(replies))
    store = ConversationStore(db)
    session = ChatSession(store, slot, Settings, db=db, knowledge=lambda: knowledge)  # type: ignore[arg-type]
    return session, store, knowledge, slot


def drain(deltas: Iterable[AnswerDelta]) -> tuple[str, AnswerDelta]:
    items = list(deltas)
    assert items[-1].done and not any(d.done for d in items[:-1])
    return "".join(d.text for d in items), items[-1]


def test_cited_answer_is_stored_with_its_citations_and_restored(db: Database) -> None:
    session, store, _, slot = make(db, ["The vectors have dimension 768 [1]. Also [5]."])
    conv = store.create()
    text, final = drain(session.stream_reply(conv.id, "What is the dimension of passage vectors?"))
    assert text == "The vectors have dimension 768 [1]. Also."
    assert final.covered is True and final.message_id is not None
    assert [(c.n, c.location.page) for c in final.citations] == [(1, 3)]
    assert "768" in final.citations[0].quote
    prompt = slot.model.prompts[0][-1].content
    assert "p. 3" in prompt

    reopened = ChatSession(store, slot, Settings, db=db, knowledge=None)  # type: ignore[arg-type]
    messages = reopened.list_messages(conv.id)
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT]
    assert messages[1].text == text and messages[1].citations == final.citations


def test_answer_without_markers_gets_attributed_citations(db: Database) -> None:
    session, *_ = make(db, ["It is 768."])
    text, final = drain(session.stream_answer("What is the dimension of passage vectors?"))
    assert text == "It is 768. [1]"
    assert [c.location.page for c in final.citations] == [3]


def test_answer_citing_nothing_is_marked_unsupported(db: Database) -> None:
    session, *_ = make(db, ["Probably 4096, like GPT models."])
    question = "What is the dimension of passage vectors?"
    text, final = drain(session.stream_answer(question))
    assert final.citations == () and final.covered is True
    assert text.endswith(unsupported_text(question))


def test_unrelated_question_is_not_covered_without_running_the_model(db: Database) -> None:
    session, store, _, slot = make(db, [])
    conv = store.create()
    question = "What is the capital of France?"
    text, final = drain(session.stream_reply(conv.id, question))
    assert text == not_covered_text(question)
    assert final.covered is False and final.message_id is not None
    assert slot.loads == 0

    text, final = drain(session.answer_from_general_knowledge(conv.id))
    assert text.startswith(general_label(question)) and final.general_knowledge
    messages = session.list_messages(conv.id)
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT]
    assert messages[1].text == text


def test_chinese_question_gets_the_notice_in_chinese(db: Database) -> None:
    session, *_ = make(db, [])
    text, final = drain(session.stream_answer("法国的首都是哪里？"))
    assert final.covered is False and "文档" in text


def test_knowledge_base_without_ready_sources_means_plain_chat(db: Database) -> None:
    session, _, knowledge, slot = make(db, ["Hello!"], ready=False)
    text, final = drain(session.stream_answer("Hi there"))
    assert text == "Hello!" and final.covered is None and knowledge.queries == []
    assert slot.model.prompts[0][-1].content == "Hi there"


def test_no_kb_skips_the_search(db: Database) -> None:
    session, _, knowledge, _ = make(db, ["Sure."])
    drain(session.stream_answer("What is the dimension of passage vectors?", use_knowledge=False))
    assert knowledge.queries == []


def test_follow_up_is_searched_with_the_previous_question(db: Database) -> None:
    session, store, knowledge, _ = make(db, ["It answers 995.0 per second [1].", "Fine [1]."])
    conv = store.create()
    drain(session.stream_reply(conv.id, "How fast can DPR answer queries with the FAISS index?"))
    drain(session.stream_reply(conv.id, "And how long to build it?"))
    assert "faiss" in knowledge.queries[-1].lower()


def test_the_model_sees_the_earlier_turn_of_a_follow_up(db: Database) -> None:
    session, store, _, slot = make(db, ["It answers 995.0 per second [1].", "On one [1]."])
    conv = store.create()
    first = "How fast can DPR answer queries with the FAISS index?"
    drain(session.stream_reply(conv.id, first))
    drain(session.stream_reply(conv.id, "And how many questions per second on one server?"))
    prompt = slot.model.prompts[-1]
    assert [t.role for t in prompt] == ["system", "user", "assistant", "user"]
    assert prompt[1].content == first and "995.0" in prompt[2].content


def test_regenerate_replaces_the_last_reply(db: Database) -> None:
    session, store, _, _ = make(db, ["First 768 [1].", "Second 768 [1]."])
    conv = store.create()
    drain(session.stream_reply(conv.id, "What is the dimension of passage vectors?"))
    text, _ = drain(session.regenerate_reply(conv.id))
    messages = session.list_messages(conv.id)
    assert [m.text for m in messages][1:] == [text] and text.startswith("Second")
    assert messages[1].citations[0].location.page == 3


def test_edit_and_resend_drops_what_followed(db: Database) -> None:
    session, store, _, _ = make(db, ["768 [1].", "995.0 [1].", "995.0 again [1]."])
    conv = store.create()
    drain(session.stream_reply(conv.id, "What is the dimension of passage vectors?"))
    drain(session.stream_reply(conv.id, "How fast is FAISS retrieval per second?"))
    first = session.list_messages(conv.id)[0]
    drain(session.edit_and_resend(conv.id, first.id, "How many questions per second with FAISS?"))
    messages = session.list_messages(conv.id)
    assert len(messages) == 2 and messages[0].text.startswith("How many questions")
    assert messages[1].citations[0].location.page == 7
    with pytest.raises(UserInputError):
        drain(session.edit_and_resend(conv.id, messages[1].id, "x"))
