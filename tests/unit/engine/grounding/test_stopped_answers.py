"""A stored answer knows it was stopped part-way, so a reopened conversation shows it so."""

from __future__ import annotations

from engine.cancel import CancelToken
from engine.chat.session import ChatSession
from engine.config import Settings
from engine.storage.db import Database
from tests.unit.engine.grounding.test_session_turns import db, make

__all__ = ["db"]


def test_a_stopped_answer_is_stored_as_stopped_and_a_whole_one_is_not(db: Database) -> None:
    session, store, _, slot = make(db, ["The vectors have dimension 768 [1].", "one two three"])
    conv = store.create()
    list(session.stream_reply(conv.id, "What is the dimension of passage vectors?"))
    cancel = CancelToken()
    for delta in session.stream_reply(conv.id, "And the speed?", cancel):
        if delta.text:
            cancel.cancel()  # Esc after the first word
    reopened = ChatSession(store, slot, Settings, db=db, knowledge=None)  # type: ignore[arg-type]
    whole, stopped = reopened.list_messages(conv.id)[1::2]
    assert not whole.stopped
    assert stopped.stopped and stopped.text == "one"
