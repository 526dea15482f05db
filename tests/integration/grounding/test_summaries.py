"""Whole-source summaries through the real parts (SmolLM2, MiniLM vectors, SQLite, pypdf)."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.llm.base import ChatModel
from engine.storage.db import Database
from engine.types import AnswerDelta, Progress, Role
from tests.integration.grounding.conftest import Slot, build_home, run_cli, settings
from tests.integration.grounding.test_grounded_answers import cleaned_pages

FREECULTURE_PAGES = 352


@pytest.fixture(scope="module")
def free_home(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, onnx_cache: Path,
    shared_data: Path,
) -> Path:
    """A data folder whose knowledge base holds the 352-page book (source id 1)."""
    home = tmp_path_factory.mktemp("grounding-free") / "home"
    book = shared_data / "pdf" / "big" / "freeculture.pdf"
    return build_home(home, [book], embedder, onnx_cache)


def bullet_lines(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("- ")]


@pytest.mark.slow
def test_summary_of_good_pdf_cites_its_beginning_middle_and_end(
    good_home: Path, shared_data: Path
) -> None:
    done = run_cli("summarize", "1", "--json", home=good_home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    pages = sorted({c["page"] for c in result["citations"]})
    assert pages[0] <= 3 and pages[-1] >= 11 and any(5 <= p <= 9 for p in pages), pages
    bullets = bullet_lines(result["summary"])
    assert len(bullets) >= 3
    assert all(re.search(r"\[\d+\]\s*$", line) for line in bullets), bullets
    text = cleaned_pages(shared_data / "pdf" / "qa" / "good.pdf")
    for c in result["citations"]:
        assert c["quote"] and text[c["page"]][c["start"] : c["end"]] == c["quote"]
    assert "step" in done.stderr and "left" in done.stderr


@pytest.mark.slow
def test_summary_of_a_352_page_book_is_bounded_and_shows_an_eta(free_home: Path) -> None:
    started = time.monotonic()
    done = run_cli("summarize", "1", home=free_home)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert elapsed < 300, f"took {elapsed:.0f} s"
    progress = [line for line in done.stderr.splitlines() if "summarizing: step" in line]
    assert len(progress) >= 4 and all("left" in line for line in progress[:-1]), progress
    assert "representative selection" in done.stdout
    cited = [int(p) for p in re.findall(r"^\[\d+\] freeculture\.pdf p\. (\d+)$", done.stdout, re.M)]
    assert min(cited) < FREECULTURE_PAGES // 4 and max(cited) > 3 * FREECULTURE_PAGES // 4
    assert all(1 <= p <= FREECULTURE_PAGES for p in cited)


@pytest.mark.serial
@pytest.mark.slow
def test_cancelled_summary_stops_within_a_second_and_keeps_what_it_wrote(
    good_home: Path, chat_model: ChatModel
) -> None:
    db = Database(good_home / "lanthorn.db")
    store = ConversationStore(db)
    kb = KnowledgeBase(db, index_folder=good_home / "index")  # chunks only: no embedder loads
    session = ChatSession(
        store, Slot(chat_model), settings, db=db, knowledge=lambda: kb  # type: ignore[arg-type]
    )
    conversation = store.create()
    cancel = CancelToken()
    second_step = threading.Event()
    deltas: list[AnswerDelta] = []

    def progress(p: Progress) -> None:
        if p.done >= 1:
            second_step.set()

    def consume() -> None:
        summary = session.stream_summary(
            1, cancel, progress, conversation_id=conversation.id, request="Summarize the paper"
        )
        deltas.extend(summary)

    worker = threading.Thread(target=consume)
    worker.start()
    try:
        assert second_step.wait(240), "the first map step never finished"
        time.sleep(1.5)  # well inside the next step
        cancelled_at = time.monotonic()
        cancel.cancel()
        worker.join(10)
        stopped_after = time.monotonic() - cancelled_at
        messages = session.list_messages(conversation.id)
    finally:
        cancel.cancel()
        worker.join()
        db.close()
    assert stopped_after < 1.0, f"stopped {stopped_after:.2f} s after the cancel"
    final = deltas[-1]
    assert final.done and final.finish_reason == "cancelled"
    # Stored like a question and its answer: the part written so far, with its citations.
    assert [(m.role, m.text) for m in messages] == [
        (Role.USER, "Summarize the paper"),
        (Role.ASSISTANT, "".join(d.text for d in deltas)),
    ]
    assert messages[1].id == final.message_id and messages[1].citations == final.citations
    assert final.citations, "the first note cites the pages it read"
