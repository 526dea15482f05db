from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from engine.cancel import CancelToken
from engine.chat import summarize
from engine.chat.summarize import Summarizer, central, representative
from engine.config import Settings, SummarySettings
from engine.knowledge.chunk_reader import StoredChunk
from engine.storage.db import Database
from engine.types import Location, Progress
from tests.unit.engine.grounding.fakes import FakeKnowledge, FakeModel, seed_chunks


def chunks(count: int) -> list[StoredChunk]:
    return [
        StoredChunk(i, Location(1, "doc", "/doc.pdf", i + 1, 0, 10), f"text {i}", 100)
        for i in range(count)
    ]


def test_selection_spreads_over_the_whole_source() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(400, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    picked = representative(chunks(400), vectors, wanted=40, stretches=8)
    positions = [c.id for c in picked]
    assert 30 <= len(picked) <= 48
    assert positions == sorted(positions)
    assert min(positions) < 50 and max(positions) >= 350
    assert any(180 <= p < 220 for p in positions)


def test_selection_without_vectors_is_evenly_spaced() -> None:
    picked = representative(chunks(100), None, wanted=10, stretches=2)
    assert len(picked) == 10 and picked[0].id == 0 and picked[-1].id == 99


def test_central_picks_one_row_near_each_cluster() -> None:
    a = np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (5, 1))
    b = np.tile(np.array([[0.0, 1.0]], dtype=np.float32), (5, 1))
    picks = central(np.vstack([a, b]), 2)
    assert len(picks) == 2 and picks[0] < 5 <= picks[1]


def test_central_finds_each_topic_and_picks_the_same_rows_every_time() -> None:
    rng = np.random.default_rng(3)
    topics = np.eye(3, 24, dtype=np.float32)
    rows = np.repeat(topics, 40, axis=0) + rng.normal(scale=0.15, size=(120, 24))
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    order = rng.permutation(120)
    shuffled = rows[order]
    picks = central(shuffled, 3)
    assert sorted(int(order[p]) // 40 for p in picks) == [0, 1, 2]  # one row of each topic
    assert central(shuffled, 3) == picks


@pytest.fixture
def reader(tmp_path: Path) -> FakeKnowledge:
    db = Database(tmp_path / "s.db")
    pages = {p: f"Page {p} explains topic{p} in detail with fact{p} and more words." for p in
             range(1, 31)}
    return FakeKnowledge(seed_chunks(db, pages), db)


def run(  # type: ignore[no-untyped-def]
    reader: FakeKnowledge, model: FakeModel, settings: Settings | None = None,
):
    seen: list[Progress] = []
    summarizer = Summarizer(reader, lambda: model, settings or Settings())
    deltas = list(summarizer.stream(1, None, seen.append))
    return deltas, seen


def test_summary_cites_every_part_and_reports_progress(
    reader: FakeKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summarize, "GROUP_TOKENS", 15)
    replies = [f"It explains topic{p} with fact{p}." for p in range(1, 31)]
    model = FakeModel([*replies, "Overview of topic1 and topic30."])
    deltas, seen = run(reader, model)
    final = deltas[-1]
    text = "".join(d.text for d in deltas)
    assert final.done and final.finish_reason == "stop"
    pages = {c.location.page for c in final.citations}
    assert {1, 15, 30} <= pages
    assert text.count("- It explains") == len(seen) - 2
    assert seen[0].done == 0 and seen[0].eta_s is not None and seen[-1].done == seen[-1].total
    for c in final.citations:
        assert f"topic{c.location.page}" in c.quote


def test_over_the_budget_the_summary_says_it_read_a_selection(
    reader: FakeKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summarize, "GROUP_TOKENS", 60)
    deltas, _ = run(reader, FakeModel(), Settings(summary=SummarySettings(read_tokens=200)))
    text = "".join(d.text for d in deltas)
    assert "representative selection" in text and "of 30 passages" in text


def test_a_small_budget_still_reads_the_beginning_middle_and_end_in_separate_steps(
    reader: FakeKnowledge,
) -> None:
    model = FakeModel()
    deltas, seen = run(reader, model, Settings(summary=SummarySettings(read_tokens=60)))
    assert len(model.prompts) == seen[0].total == 4  # three map steps and the overview
    pages = sorted(c.location.page for c in deltas[-1].citations)
    assert pages[0] <= 10 and any(11 <= p <= 20 for p in pages) and pages[-1] > 20
    assert summarize.group_tokens(100_000) == summarize.GROUP_TOKENS


def test_cancel_between_steps_stops_the_summary(
    reader: FakeKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summarize, "GROUP_TOKENS", 15)
    cancel = CancelToken()
    model = FakeModel()
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.done == 2:
            cancel.cancel()

    deltas = list(Summarizer(reader, lambda: model, Settings()).stream(1, cancel, progress))
    assert deltas[-1].finish_reason == "cancelled"
    assert len(model.prompts) == 2


class SlowModel(FakeModel):
    """Takes a fixed time per answer, like a busy machine."""

    def stream(self, turns, sampling, cancel=None):  # type: ignore[no-untyped-def]
        time.sleep(0.05)
        yield from super().stream(turns, sampling, cancel)


@pytest.mark.serial
def test_a_slow_machine_thins_out_the_rest_to_keep_the_deadline(
    reader: FakeKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summarize, "GROUP_TOKENS", 15)  # one page per step: 30 steps
    model = SlowModel([f"It explains topic{p} with fact{p}." for p in range(1, 31)])
    started = time.monotonic()
    deltas, seen = run(reader, model, Settings(summary=SummarySettings(time_limit_s=0.5)))
    assert time.monotonic() - started < 1.5
    text = "".join(d.text for d in deltas)
    assert "left out" in text and seen[-1].done == seen[-1].total < 31
    assert max(c.location.page for c in deltas[-1].citations) == 30  # the end is still read
