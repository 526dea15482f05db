from __future__ import annotations

from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import Progress, SourceStatus
from tests.unit.engine.knowledge_index.fakes import WordEmbedder


def test_a_folder_is_searched_recursively_and_unsupported_files_fail(
    kb: KnowledgeBase, docs: Path
) -> None:
    report = kb.add([docs])
    names = sorted(Path(r.path).name for r in report.ok)
    assert names == ["rivers.txt", "stars.md"]
    assert [Path(r.path).name for r in report.failed] == []
    single = kb.add([docs / "notes.docx"])
    assert single.failed[0].error == (
        "notes.docx is not a kind of file Lanthorn can read. "
        "It reads Test documents (.txt, .md, .pdf); Subtitles (.srt, .vtt)."
    )
    assert [s.status for s in kb.list_sources()] == [SourceStatus.READY] * 2


def test_the_same_file_twice_is_one_source(kb: KnowledgeBase, docs: Path, tmp_path: Path) -> None:
    first = kb.add([docs / "rivers.txt"]).results[0]
    copy = tmp_path / "copy-of-rivers.txt"
    copy.write_bytes((docs / "rivers.txt").read_bytes())
    second = kb.add([copy]).results[0]
    assert second.already_present and second.source_id == first.source_id
    assert len(kb.list_sources()) == 1


def test_pages_are_kept_and_search_returns_the_right_page(kb: KnowledgeBase, docs: Path) -> None:
    kb.add([docs])
    hits = kb.search("barges coal grain Cologne", k=3)
    assert hits[0].location.title == "rivers" and hits[0].location.page == 2
    assert hits[0].text in (docs / "rivers.txt").read_text(encoding="utf-8")


def test_missing_files_and_broken_documents_fail_with_a_reason(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_text("BROKEN", encoding="utf-8")
    report = kb.add([tmp_path / "absent.pdf", broken])
    reasons = [r.error for r in report.failed]
    assert "cannot be read" in reasons[0]
    assert "damaged" in reasons[1]
    assert kb.list_sources()[0].status is SourceStatus.FAILED


def test_an_encrypted_file_needs_its_password(kb: KnowledgeBase, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_text("LOCKEDThe vault code is tangerine.", encoding="utf-8")
    assert "encrypted" in kb.add([locked]).failed[0].error
    assert kb.search("vault tangerine") == []
    report = kb.add([locked], password="secret")
    found = kb.search("vault tangerine")
    assert report.ok and found[0].location.source_id == report.ok[0].source_id
    assert len(kb.list_sources()) == 1


def test_scanned_pages_are_reported_and_a_fully_scanned_file_fails(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    partly = tmp_path / "partly.pdf"
    partly.write_text("Readable words about lighthouses.\f[scan]\f[scan]", encoding="utf-8")
    fully = tmp_path / "fully.pdf"
    fully.write_text("[scan]\f[scan]", encoding="utf-8")
    report = kb.add([partly, fully])
    assert "2 of 3 pages are scanned images" in report.ok[0].notice
    assert "all 2 pages are scanned images" in report.failed[0].error
    sources = {Path(s.path).name: s for s in kb.list_sources()}
    assert sources["partly.pdf"].scanned_pages == (2, 3)
    assert sources["fully.pdf"].status is SourceStatus.FAILED


def test_progress_counts_pages_of_each_file(kb: KnowledgeBase, docs: Path) -> None:
    seen: list[Progress] = []
    kb.add([docs / "rivers.txt"], progress=seen.append)
    assert [(p.done, p.total) for p in seen] == [(1, 3), (2, 3), (3, 3)]
    assert all(p.item == "rivers.txt" for p in seen)
    assert seen[-1].eta_s == 0.0


def test_a_cancelled_file_stops_alone_and_continues_on_the_next_add(
    kb: KnowledgeBase, docs: Path
) -> None:
    def cancel_rivers_at_page_two(progress: Progress) -> None:
        if progress.item == "rivers.txt" and progress.done == 2:
            (rivers,) = [s for s in kb.list_sources() if s.path.endswith("rivers.txt")]
            kb.cancel_indexing(rivers.id)

    report = kb.add([docs / "rivers.txt", docs / "sub" / "stars.md"],
                    progress=cancel_rivers_at_page_two)
    assert [(r.cancelled, r.ok) for r in report.results] == [(True, False), (False, True)]
    statuses = {Path(s.path).name: s.status for s in kb.list_sources()}
    assert statuses == {"rivers.txt": SourceStatus.CANCELLED, "stars.md": SourceStatus.READY}
    found = {Path(hit.location.path).name for hit in kb.search("Rhine pulsar")}
    assert found == {"stars.md"}  # the other file went on; the cancelled one is not searchable
    assert kb.resume_pending().results == ()  # a cancel is the person's: not resumed
    again = kb.add([docs / "rivers.txt"])
    assert again.ok
    assert kb.search("Danube Black Sea")[0].location.page == 3


def test_every_file_is_queued_before_the_first_is_indexed(kb: KnowledgeBase, docs: Path) -> None:
    seen: list[list[SourceStatus]] = []

    def look(progress: Progress) -> None:
        seen.append([s.status for s in kb.list_sources()])

    kb.add([docs], progress=look)
    assert seen[0] == [SourceStatus.INDEXING, SourceStatus.QUEUED]


def test_a_stopped_run_leaves_the_rest_queued_and_a_resume_finishes_it(
    kb: KnowledgeBase, docs: Path
) -> None:
    stop = CancelToken()

    def quit_at_page_two(progress: Progress) -> None:
        if progress.done == 2:
            stop.cancel()

    report = kb.add([docs], progress=quit_at_page_two, cancel=stop)
    assert all(r.cancelled for r in report.results if r.source_id is not None)
    assert [s.status for s in kb.list_sources()] == [SourceStatus.QUEUED] * 2
    resumed = kb.resume_pending()
    assert [r.ok for r in resumed.results] == [True, True]
    assert kb.search("Danube Black Sea")[0].location.page == 3


def test_a_queued_file_can_be_cancelled_or_removed_while_another_indexes(
    kb: KnowledgeBase, docs: Path, tmp_path: Path
) -> None:
    third = docs / "sub" / "comets.txt"
    third.write_text("A comet has a tail of gas and dust.", encoding="utf-8")
    queued = kb.queue([docs])
    ids = {Path(r.path).name: r.source_id for r in queued.results if r.source_id is not None}
    assert [s.status for s in kb.list_sources()] == [SourceStatus.QUEUED] * 3
    assert kb.cancel_indexing(ids["stars.md"]).sources
    assert kb.remove(ids["comets.txt"]).sources
    report = kb.resume_pending()
    assert [Path(r.path).name for r in report.results if r.ok] == ["rivers.txt"]
    statuses = {Path(s.path).name: s.status for s in kb.list_sources()}
    assert statuses == {"rivers.txt": SourceStatus.READY, "stars.md": SourceStatus.CANCELLED}


def test_files_queued_while_the_queue_drains_are_indexed_in_the_same_run(
    kb: KnowledgeBase, docs: Path
) -> None:
    kb.queue([docs / "rivers.txt"])
    late = docs / "sub" / "stars.md"

    def queue_more(progress: Progress) -> None:
        if progress.done == 1 and progress.item == "rivers.txt":
            kb.queue([late], password="kept in memory")

    report = kb.resume_pending(progress=queue_more)
    assert [Path(r.path).name for r in report.ok] == ["rivers.txt", "stars.md"]


def test_a_crash_mid_file_resumes_from_the_pages_written(
    db: Database, embedder: WordEmbedder, tmp_path: Path
) -> None:
    from tests.unit.engine.knowledge_index.fakes import chunk_pages, fake_readers, loader

    book = tmp_path / "book.txt"
    book.write_text("\f".join(f"page {n} talks about topic{n} " * 8 for n in range(1, 9)),
                    encoding="utf-8")

    def crash_at_page_six(progress: Progress) -> None:
        if progress.done == 6:
            raise KeyboardInterrupt  # not caught by the pipeline, like a kill

    kb = KnowledgeBase(db, embedder_loader=loader(embedder), readers=fake_readers(),
                       chunker=chunk_pages, chunk_tokens=12, embed_batch=4)
    with pytest.raises(KeyboardInterrupt):
        kb.add([book], progress=crash_at_page_six)
    source = kb.list_sources()[0]
    assert source.status is SourceStatus.INDEXING
    assert 0 < source.pages_done < 8
    early = set(db.query("SELECT id FROM chunks").__iter__())
    embedded_before = embedder.embedded

    report = kb.resume_pending()
    assert report.ok
    rows = db.query("SELECT page, char_start, char_end, ord FROM chunks ORDER BY ord")
    assert [r["ord"] for r in rows] == list(range(len(rows)))
    assert len({(r["page"], r["char_start"], r["char_end"]) for r in rows}) == len(rows)
    assert {r["page"] for r in rows} == set(range(1, 9))
    assert early <= set(db.query("SELECT id FROM chunks").__iter__())
    assert embedder.embedded - embedded_before < len(rows)  # earlier pages were not redone
    assert kb.search("topic8")[0].location.page == 8
