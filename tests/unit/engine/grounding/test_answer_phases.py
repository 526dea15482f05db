"""Answer phases, writing speed, stops in retrieval and "not covered" while indexing (fakes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.chat.answer_texts import not_covered_text, unsupported_text
from engine.chat.grounded import Speedometer
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.config import Settings
from engine.storage.db import Database
from engine.types import AnswerDelta, AnswerPhase, Hit, Role, Source, SourceStatus
from tests.unit.engine.grounding.fakes import FakeKnowledge, FakeModel, FakeSlot, seed_chunks
from tests.unit.engine.grounding.test_session_turns import PAGES

QUESTION = "What is the dimension of passage vectors?"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "t.db")
    yield database
    database.close()


BOOK = Source(id=2, title="Free Culture", path="/docs/freeculture.pdf", kind="pdf",
              status=SourceStatus.INDEXING, pages=352, chunks=0, added_at=0.0,
              content_hash="b", pages_done=97)


class IndexingKnowledge(FakeKnowledge):
    """The ready doc.pdf plus `book`; the tokens in `on_search` are cancelled inside search."""

    def __init__(self, hits: list[Hit], db: Database, book: Source) -> None:
        super().__init__(hits, db)
        self.book = book
        self.on_search: list[CancelToken] = []

    def list_sources(self) -> list[Source]:
        return [*super().list_sources(), self.book]

    def search(self, query: str, k: int = 5) -> list[Hit]:
        for token in self.on_search:
            token.cancel()  # Esc pressed while the query is embedded and searched
        return super().search(query, k)


def make(
    db: Database, replies: list[str], book: Source = BOOK
) -> tuple[ChatSession, ConversationStore, IndexingKnowledge, FakeSlot]:
    knowledge = IndexingKnowledge(seed_chunks(db, PAGES), db, book)
    slot = FakeSlot(FakeModel(replies))
    store = ConversationStore(db)
    session = ChatSession(store, slot, Settings, db=db, knowledge=lambda: knowledge)  # type: ignore[arg-type]
    return session, store, knowledge, slot


def test_phases_come_in_order_before_the_text(db: Database) -> None:
    session, *_ = make(db, ["The vectors have dimension 768 [1].", "Again 768 [1]."])
    deltas = list(session.stream_answer(QUESTION))
    phases = [d.phase for d in deltas if d.phase is not None]
    assert phases == [AnswerPhase.SEARCHING, AnswerPhase.LOADING_MODEL, AnswerPhase.READING,
                      AnswerPhase.WRITING]
    reading = next(d for d in deltas if d.phase is AnswerPhase.READING)
    assert reading.passages == len(deltas[-1].citations) == 1
    first_text = next(i for i, d in enumerate(deltas) if d.text)
    assert deltas[first_text - 1].phase is AnswerPhase.WRITING
    assert all(not d.text for d in deltas if d.phase is not None)

    again = [d.phase for d in session.stream_answer(QUESTION) if d.phase is not None]
    assert AnswerPhase.LOADING_MODEL not in again  # the model is in memory now


def test_speed_is_measured_from_the_first_token() -> None:
    times = iter([100.0, 100.5, 101.0, 102.0])  # reading the prompt took 100 s: not counted
    speed = Speedometer(clock=lambda: next(times))
    assert speed.tick() is None
    assert speed.tick() == pytest.approx(2.0)
    assert speed.tick() == pytest.approx(2.0)
    assert speed.tick() == pytest.approx(1.5)


def test_a_stop_during_the_search_ends_the_turn_without_loading_the_model(db: Database) -> None:
    session, store, knowledge, slot = make(db, ["never written"])
    conversation = store.create()
    cancel = CancelToken()
    knowledge.on_search.append(cancel)
    deltas = list(session.stream_reply(conversation.id, QUESTION, cancel))
    assert deltas[-1].done and deltas[-1].finish_reason == "cancelled"
    assert [d.phase for d in deltas[:-1]] == [AnswerPhase.SEARCHING]
    assert slot.loads == 0 and slot.model.prompts == []
    assert [m.role for m in store.messages(conversation.id)] == [Role.USER]


def test_not_covered_names_the_sources_still_being_indexed(db: Database) -> None:
    session, store, _, _ = make(db, [])
    conversation = store.create()
    question = "What is the capital of France?"
    deltas = list(session.stream_reply(conversation.id, question))
    text, final = "".join(d.text for d in deltas), deltas[-1]
    assert final.covered is False and final.indexing == (BOOK,)
    assert text.startswith(not_covered_text(question))
    assert "freeculture.pdf (page 97 of 352)" in text
    stored = session.list_messages(conversation.id)[-1]
    assert stored.text == text and stored.covered is False  # shown again after a restart


def test_a_queued_source_is_named_as_waiting_in_the_question_language(db: Database) -> None:
    queued = dataclasses.replace(BOOK, status=SourceStatus.QUEUED, pages=0, pages_done=0)
    session, *_ = make(db, [], queued)
    chinese = "".join(d.text for d in session.stream_answer("法国的首都是哪里？"))
    assert "freeculture.pdf（排队等候中）" in chinese


def test_nothing_indexing_means_the_plain_notice(db: Database) -> None:
    session, *_ = make(db, [], dataclasses.replace(BOOK, status=SourceStatus.READY))
    deltas: list[AnswerDelta] = list(session.stream_answer("What is the capital of France?"))
    assert "".join(d.text for d in deltas) == not_covered_text("x") and not deltas[-1].indexing


def test_notes_never_reach_the_prompt_and_are_never_cited(db: Database) -> None:
    copied = f"{unsupported_text(QUESTION)} The vectors have dimension 768."
    session, store, _, slot = make(db, ["Probably 4096, like GPT models.", copied])
    conversation = store.create()
    first = "".join(d.text for d in session.stream_reply(conversation.id, QUESTION))
    assert first.endswith(unsupported_text(QUESTION))
    deltas = list(session.stream_reply(conversation.id, "And what is the dimension in GPT?"))
    earlier = [turn.content for turn in slot.model.prompts[-1] if turn.role == "assistant"]
    assert earlier == ["Probably 4096, like GPT models."]
    stored = session.list_messages(conversation.id)[-1]
    assert unsupported_text(QUESTION) not in stored.text
    assert stored.text == "The vectors have dimension 768. [1]" and deltas[-1].citations


def test_a_summary_announces_the_model_load_then_summarizing(db: Database) -> None:
    session, store, _, _ = make(db, ["The vectors have dimension 768.", "It is about vectors."])
    conversation = store.create()
    deltas = list(session.stream_summary(1, conversation_id=conversation.id))
    phases = [d.phase for d in deltas if d.phase is not None]
    assert phases == [AnswerPhase.LOADING_MODEL, AnswerPhase.SUMMARIZING]
    assert deltas[-1].done and deltas[-1].message_id is not None


def test_a_stop_before_the_summary_starts_keeps_only_the_request(db: Database) -> None:
    session, store, _, slot = make(db, ["never written"])
    conversation = store.create()
    cancel = CancelToken()
    cancel.cancel()
    deltas = list(session.stream_summary(1, cancel, conversation_id=conversation.id))
    assert deltas[-1].done and deltas[-1].finish_reason == "cancelled"
    assert slot.model.prompts == []
    assert [m.role for m in store.messages(conversation.id)] == [Role.USER]
