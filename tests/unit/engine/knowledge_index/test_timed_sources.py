"""Timed sources through the real pipeline, store and chunker (fake embedder): subtitles, and a
link reader that fits without any change to the pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.knowledge.documents import Document
from engine.knowledge.readers import Identity, Reader, Registry
from engine.knowledge.readers.subtitles import SubtitleReader
from engine.knowledge.readers.timed import TimedDocument, TimedText
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import Progress, SourceKind, SourceStatus
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, loader

SAID = [
    "Welcome everyone to this short talk about old lighthouses on the northern coast.",
    "The keeper climbed the tower at dusk to light the great paraffin lamp.",
    "Fog signals were sounded with a horn whenever ships came close to the rocks.",
    "Supplies arrived by boat once a month and storms often delayed them for weeks.",
]

TRANSCRIPTS = {"42": [TimedText(text, 10.0 * n, 10.0 * n + 8) for n, text in enumerate(SAID)]}


class TalkLinks(Reader):
    """A link reader like the coming video plug-in: a canonical id, a title, a URL, cues."""

    kind = SourceKind(kind="talks", label="Talk videos",
                      url_patterns=(r"^https://talks\.example/v/\d+$",), timed=True)

    def identify(self, target: str) -> Identity:
        number = target.rsplit("/", 1)[-1]
        return Identity(key=f"talks:{number}", path=target, title=f"Talk {number}", url=target)

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        number = target.rsplit("/", 1)[-1]
        return TimedDocument(f"Talk {number}", TRANSCRIPTS[number], cancel=cancel)


def _srt(said: list[str], gap_s: int = 65) -> str:
    def clock(seconds: int) -> str:
        return f"00:{seconds // 60:02d}:{seconds % 60:02d},000"

    return "\n".join(
        f"{n}\n{clock(n * gap_s)} --> {clock(n * gap_s + 6)}\n{text}\n"
        for n, text in enumerate(said, start=1)
    )


@pytest.fixture
def timed_kb(db: Database, embedder: WordEmbedder) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase(db, embedder_loader=loader(embedder),
                         readers=Registry([SubtitleReader(), TalkLinks()]), chunk_tokens=14)
    yield base
    base.close()


def test_subtitles_are_found_at_the_seconds_their_words_are_said(
    timed_kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(_srt(SAID), encoding="utf-8")
    report = timed_kb.add([path])
    assert report.ok, report.failed
    source = timed_kb.list_sources()[0]
    assert (source.kind, source.title, source.url, source.status) == (
        "subtitles", "talk", None, SourceStatus.READY
    )
    hit = timed_kb.search("keeper tower dusk paraffin lamp", k=1)[0]
    at = hit.location
    assert hit.text == SAID[1] and at.page is None
    assert (at.start_s, at.end_s) == (130.0, 136.0) and at.name == "talk.srt"
    transcript = " ".join(SAID)
    for chunk in timed_kb.chunks(source.id):
        assert transcript[chunk.location.start : chunk.location.end] == chunk.text
        assert chunk.location.start_s is not None and chunk.location.end_s is not None


def test_a_crash_mid_transcript_resumes_after_the_segments_written(
    db: Database, embedder: WordEmbedder, tmp_path: Path
) -> None:
    said = [f"Sentence {n} is about topic{n} and nothing else at all." for n in range(1, 220)]
    path = tmp_path / "long.srt"
    path.write_text(_srt(said, gap_s=8), encoding="utf-8")

    def crash_at_segment_two(progress: Progress) -> None:
        if progress.done == 2:
            raise KeyboardInterrupt  # not caught by the pipeline, like a kill

    kb = KnowledgeBase(db, embedder_loader=loader(embedder), readers=Registry([SubtitleReader()]),
                       chunk_tokens=14, embed_batch=8)
    with pytest.raises(KeyboardInterrupt):
        kb.add([path], progress=crash_at_segment_two)
    source = kb.list_sources()[0]
    assert source.status is SourceStatus.INDEXING and source.pages > 2
    assert 0 < source.pages_done < source.pages
    embedded_before = embedder.embedded

    assert kb.resume_pending().ok
    rows = db.query("SELECT char_start, start_s, ord FROM chunks ORDER BY ord")
    assert [r["ord"] for r in rows] == list(range(len(rows))) and len(rows) == len(said)
    assert [r["start_s"] for r in rows] == [8.0 * n for n in range(1, 220)]
    assert embedder.embedded - embedded_before < len(rows)  # earlier segments were not redone
    hit = kb.search("topic219", k=1)[0]
    assert hit.location.start_s == 8.0 * 219
    kb.close()


def test_a_link_reader_fits_without_changing_the_pipeline(timed_kb: KnowledgeBase) -> None:
    link = "https://talks.example/v/42"
    report = timed_kb.add([link, "https://elsewhere.example/v/1"])
    assert [r.path for r in report.ok] == [link]
    assert "not a link Lanthorn can read" in report.failed[0].error
    source = timed_kb.list_sources()[0]
    assert (source.kind, source.path, source.url, source.title, source.content_hash) == (
        "talks", link, link, "Talk 42", "talks:42"
    )
    hit = timed_kb.search("fog horn ships rocks", k=1)[0]
    assert hit.location.url == link and (hit.location.start_s, hit.location.end_s) == (20.0, 28.0)
    again = timed_kb.add([link]).results[0]
    assert again.already_present and again.source_id == source.id


def test_a_broken_subtitle_file_fails_alone_and_the_others_are_indexed(
    timed_kb: KnowledgeBase, tmp_path: Path
) -> None:
    (tmp_path / "a-empty.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (tmp_path / "b-garbage.srt").write_bytes(b"\x00\x01binary\xff" * 100)
    (tmp_path / "c-talk.srt").write_text(_srt(SAID), encoding="utf-8")
    (tmp_path / "d-not-subtitles.srt").write_text("just a note, no cues\n", encoding="utf-8")
    report = timed_kb.add([tmp_path])
    assert [Path(r.path).name for r in report.ok] == ["c-talk.srt"]
    reasons = {Path(r.path).name: r.error for r in report.failed}
    assert reasons == {
        "a-empty.vtt": "a-empty.vtt holds no subtitles. It may be empty or damaged; export the "
                       "subtitles again.",
        "b-garbage.srt": "b-garbage.srt does not look like a text file (it holds binary data). "
                         "Check that it really is a text file; its name may end in the wrong "
                         "suffix.",
        "d-not-subtitles.srt": "d-not-subtitles.srt is not a valid subtitle file (invalid "
                               "format). It may be damaged, or not SubRip (.srt) or WebVTT "
                               "(.vtt) at all.",
    }
    assert all(r.source_id is not None for r in report.failed)  # shown and retryable
