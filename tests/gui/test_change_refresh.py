"""Views follow the engine's change notices, whoever made the change, and never poll."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tests.gui.fakes import FakeEngine


def _elsewhere(work: Callable[[], object]) -> None:
    """Change the engine from another thread, as the CLI or a worker would."""
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)


def _counted(engine: FakeEngine) -> list[int]:
    """Count the knowledge panel's and the sidebar's reads of the engine."""
    reads = [0]
    list_sources, list_recent = engine.knowledge.list_sources, engine.conversations.list_recent

    def sources():
        reads[0] += 1
        return list_sources()

    def recent(limit=None):
        reads[0] += 1
        return list_recent(limit)

    engine.knowledge.list_sources = sources  # type: ignore[method-assign]
    engine.conversations.list_recent = recent  # type: ignore[method-assign]
    return reads


def test_views_follow_changes_made_elsewhere_and_never_poll(
    qtbot, make_window, fake_engine, tmp_path: Path
) -> None:
    reads = _counted(fake_engine)
    window = make_window(fake_engine)
    sidebar, panel = window.sidebar, window.knowledge
    qtbot.waitUntil(lambda: reads[0] >= 2)  # the first reads at start
    conversation = fake_engine.conversations.create("Asked from the command line")
    qtbot.waitUntil(lambda: sidebar.list.count() == 1)
    assert sidebar.list.item(0).text() == "Asked from the command line"
    _elsewhere(lambda: fake_engine.conversations.rename(conversation.id, "Renamed elsewhere"))
    qtbot.waitUntil(lambda: sidebar.list.item(0).text() == "Renamed elsewhere")
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    _elsewhere(lambda: fake_engine.knowledge.add_sources([book]))
    qtbot.waitUntil(lambda: [s.status for s in panel.states()] == ["ready"])
    assert window.activity_label.text() == "1 document ready"
    _elsewhere(lambda: fake_engine.knowledge.remove_source(panel.states()[0].source_id))
    qtbot.waitUntil(lambda: panel.states() == [] and panel.empty.isVisible())
    settled = reads[0]
    qtbot.wait(2500)  # more than the one-second poll the panel used to have
    assert reads[0] == settled


def test_a_burst_of_changes_reads_the_list_a_few_times_not_once_each(
    qtbot, make_window, fake_engine
) -> None:
    reads = _counted(fake_engine)
    window = make_window(fake_engine)
    qtbot.waitUntil(lambda: reads[0] >= 2)
    before = reads[0]
    _elsewhere(lambda: [fake_engine.conversations.create(f"chat {i}") for i in range(50)])
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 50)
    qtbot.wait(200)
    assert reads[0] - before < 10
