"""Start-up order over the real engine (issue 14): the first paint already shows the conversation
list and the last chat, read from SQLite, while the model information is still on its way (held
here until the picture is taken); the model label and the documents panel fill in afterwards.
A long last chat paints its newest screenful as plain text and is complete, as Markdown, right
after the first paint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from desktop.app import show_when_loaded
from desktop.formatting import model_name
from desktop.locations import window_state
from desktop.startup_clock import watch
from engine.api import Engine
from engine.types import ModelInfo

QUESTION = "Who keeps the lighthouse?"
ANSWER = "The keeper, who trims the wick every night."


@pytest.fixture
def held_model_info(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """`engine.models.current()` waits until the returned event is set (a slow model file)."""
    gate = threading.Event()
    current = engine.models.current

    def after_the_gate() -> ModelInfo:
        gate.wait(60)
        return current()

    monkeypatch.setattr(engine.models, "current", after_the_gate)
    yield gate
    gate.set()


def _last_chat(engine: Engine, turns: tuple[tuple[str, str], ...] = ((QUESTION, ANSWER),)) -> int:
    """A stored conversation of `turns` (question, answer), left open at the last quit."""
    empty = engine.conversations.create("x")
    document = json.loads(engine.conversations.export(empty.id, "json"))
    engine.conversations.delete(empty.id)
    document["conversation"]["title"] = "Lighthouse"
    document["messages"] = [
        {"role": role, "text": text, "created_at": empty.created_at, "model": "",
         "prompt_tokens": 0, "completion_tokens": 0, "citations": []}
        for question, answer in turns
        for role, text in (("user", question), ("assistant", answer))
    ]
    cid = engine.conversations.import_json(json.dumps(document)).id
    state = window_state()
    state.setValue("window/conversation", str(cid))
    state.sync()
    return cid


def test_the_first_paint_shows_the_last_chat_before_the_model_is_known(
    qtbot, make_window, engine: Engine, held_model_info: threading.Event
) -> None:
    cid = _last_chat(engine)
    window = make_window(engine, show=False)
    painted: dict[str, object] = {}

    def first_paint() -> None:
        painted["titles"] = [window.sidebar.list.item(i).text()
                             for i in range(window.sidebar.list.count())]
        painted["messages"] = [m.entry.text for m in window.chat.view.messages()
                               if m.isVisible()]
        painted["model"] = window.model_label.text()
        painted["documents"] = window.knowledge.empty.text()

    watch(window, first_paint)  # called before the window's own start of the slow reads
    show_when_loaded(window)
    qtbot.waitUntil(lambda: bool(painted), timeout=10_000)
    assert painted == {
        "titles": ["Lighthouse"],
        "messages": [QUESTION, ANSWER],
        "model": "Model: loading…",
        "documents": "Loading documents…",
    }
    assert window.chat.conversation_id == cid
    assert not window.model_known

    with qtbot.waitSignal(window.model_shown, timeout=30_000):
        held_model_info.set()
    expected = model_name(engine.models.current())
    assert window.model_label.text() == f"Model: {expected}"
    qtbot.waitUntil(lambda: window.knowledge.empty.text().startswith("Drop PDFs"))


def test_a_long_last_chat_paints_its_newest_screenful_then_is_complete_as_markdown(
    qtbot, make_window, engine: Engine
) -> None:
    turns = tuple((f"Question {n}? " + "Why. " * 60, f"Answer {n} is **bold**.") for n in range(8))
    _last_chat(engine, turns)
    window = make_window(engine, show=False)
    painted: list[tuple[str, str]] = []
    watch(window, lambda: painted.extend(
        (m.entry.text, m.body.toPlainText()) for m in window.chat.view.messages()
    ))
    show_when_loaded(window)
    qtbot.waitUntil(lambda: bool(painted), timeout=10_000)
    assert 2 <= len(painted) < 2 * len(turns)
    assert painted[-1] == ("Answer 7 is **bold**.", "Answer 7 is **bold**.")  # plain at first

    stored = [text for turn in turns for text in turn]
    qtbot.waitUntil(lambda: len(window.chat.view.messages()) == len(stored), timeout=10_000)
    shown = window.chat.view.messages()
    assert [m.entry.text for m in shown] == stored
    assert shown[-1].body.toPlainText().strip() == "Answer 7 is bold."
    assert "font-weight" in shown[-1].body.toHtml()
