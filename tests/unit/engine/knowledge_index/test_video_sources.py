"""YouTube videos and playlists, and recordings, through the real pipeline, store and chunker.

YouTube answers from its real recorded responses (tests/unit/engine/youtube/recorded.py, no
socket); yt-dlp lists the recorded playlist page for real. The embedder is the fake one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter

from engine.cancel import CancelToken
from engine.knowledge.readers import Transport, registry
from engine.knowledge.service import KnowledgeBase
from engine.knowledge.transcript_store import TranscriptStore
from engine.knowledge.youtube.links import watch_url
from engine.storage.db import Database
from engine.types import Progress, SourceStatus, Transcript, TranscriptSegment
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, loader
from tests.unit.engine.knowledge_index.videos import (
    RecordedVideos,
    playlist_video_ids,
    playlists,
    video_kb,
    video_readers,
)
from tests.unit.engine.youtube.recorded import LEARNING_PLAYLIST, NORMAL_VIDEO

AGE = "youtube_age_restricted.innertube.json.static"
UNAVAILABLE = "youtube_video_unavailable.innertube.json.static"
DISABLED = "youtube_transcripts_disabled.innertube.json.static"
PLAYLIST_LINK = f"https://www.youtube.com/playlist?list={LEARNING_PLAYLIST}"
LINK_FORMS = [
    f"https://www.youtube.com/watch?v={NORMAL_VIDEO}",
    f"https://youtu.be/{NORMAL_VIDEO}?si=share",
    f"https://www.youtube.com/shorts/{NORMAL_VIDEO}",
    f"https://www.youtube.com/embed/{NORMAL_VIDEO}?start=3",
    f"https://www.youtube.com/live/{NORMAL_VIDEO}",
    f"https://m.youtube.com/watch?v={NORMAL_VIDEO}&feature=share",
    f"https://music.youtube.com/watch?v={NORMAL_VIDEO}",
    f"www.youtube.com/watch?app=desktop&v={NORMAL_VIDEO}&t=42s",
]


@pytest.fixture
def youtube() -> RecordedVideos:
    return RecordedVideos()


@pytest.fixture
def open_kb(db: Database, embedder: WordEmbedder) -> Iterator:  # type: ignore[type-arg]
    made: list[KnowledgeBase] = []

    def make(youtube: RecordedVideos, count: int = 3, **options: object) -> KnowledgeBase:
        made.append(video_kb(db, embedder, video_readers(youtube, playlists(count), **options)))
        return made[-1]

    yield make
    for base in made:
        base.close()


def test_every_link_form_is_the_same_timed_video(
    open_kb, youtube: RecordedVideos, db: Database
) -> None:
    kb = open_kb(youtube)
    first, *again = kb.add(LINK_FORMS).results
    assert first.ok and not first.already_present, first.error
    assert all(r.ok and r.already_present and r.source_id == first.source_id for r in again)
    assert youtube.videos_asked() == [NORMAL_VIDEO]  # fetched once, whatever the form
    (source,) = kb.list_sources()
    assert (source.kind, source.url, source.path) == ("youtube", watch_url(NORMAL_VIDEO),
                                                      watch_url(NORMAL_VIDEO))
    assert (source.title, source.author, source.duration_s) == (
        "Surface Go Review - It’s Awesome", "Dave2D", 316.0)
    (hit, *_) = kb.search("something shorter made up for testing", k=3)
    at = hit.location
    assert at.url == watch_url(NORMAL_VIDEO) and at.page is None
    assert at.start_s is not None and at.end_s is not None
    assert at.start_s <= 5.7 and at.end_s + 0.01 >= 8.9 and at.end_s - at.start_s <= 30
    kept = TranscriptStore(db).get(source.id)
    assert kept is not None and kept.origin.startswith("captions")
    assert [c.start_s for c in kept.cues] == [0.0, 1.54, 5.7]


def test_a_playlist_is_a_group_where_one_failing_video_spares_the_others(
    open_kb, youtube: RecordedVideos
) -> None:
    ids = playlist_video_ids(4)
    youtube.players[ids[1]] = AGE
    steps: list[Progress] = []
    results = open_kb(youtube, 3).add([PLAYLIST_LINK], progress=steps.append).results
    assert [r.ok for r in results] == [True, False, True]
    assert "\n" not in results[1].error and "age" in results[1].error.lower()
    assert [(p.done, p.total) for p in steps if p.stage == "adding the videos"] == [
        (0, 3), (1, 3), (2, 3)]
    kb = open_kb(youtube, 4)  # the playlist grew by one video since
    (group,) = kb.list_groups()
    assert group.kind == "playlist" and group.title
    sources = kb.list_sources()
    assert {s.group_id for s in sources} == {group.id}
    assert [s.status for s in sources] == [SourceStatus.READY, SourceStatus.FAILED,
                                           SourceStatus.READY]
    asked = len(youtube.videos_asked())
    again = kb.add([PLAYLIST_LINK]).results
    assert [r.already_present for r in again] == [True, False, True, False]
    assert youtube.videos_asked()[asked:] == [ids[1], ids[3]]  # only what failed or is new
    assert {r.group_id for r in again} == {group.id} and len(kb.list_sources()) == 4
    kb.remove_group(group.id)
    assert kb.list_sources() == [] and kb.list_groups() == []
    assert kb.search("something shorter made up for testing") == []


def test_a_queued_playlist_waits_in_its_group_and_the_drain_indexes_it(
    open_kb, youtube: RecordedVideos
) -> None:
    ids = playlist_video_ids(3)
    youtube.players[ids[1]] = AGE
    kb = open_kb(youtube, 3)
    queued = kb.queue([PLAYLIST_LINK]).results  # the window's add: stored at once, no captions
    assert youtube.videos_asked() == [] and all(r.source_id is not None for r in queued)
    (group,) = kb.list_groups()
    sources = kb.list_sources()
    assert [s.status for s in sources] == [SourceStatus.QUEUED] * 3
    assert {s.group_id for s in sources} == {group.id}
    drained = kb.resume_pending().results
    assert [r.source_id for r in drained] == [r.source_id for r in queued]  # in its order
    assert [s.status for s in kb.list_sources()] == [SourceStatus.READY, SourceStatus.FAILED,
                                                     SourceStatus.READY]
    again = kb.queue([PLAYLIST_LINK]).results  # what failed waits again; the rest is present
    assert [r.already_present for r in again] == [True, False, True]
    assert kb.get_source(again[1].source_id).status is SourceStatus.QUEUED


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"players": {NORMAL_VIDEO: UNAVAILABLE}}, "not available"),
        ({"players": {NORMAL_VIDEO: AGE}}, "age"),
        ({"players": {NORMAL_VIDEO: DISABLED}}, "Transcribe videos without captions"),
        ({"status": {"/api/timedtext": 429}}, "proxy"),
        ({"watch": "youtube_too_many_requests.html.static"}, "proxy"),
    ],
    ids=["removed", "age-restricted", "captions-off", "http-429", "captcha"],
)
def test_each_video_error_is_one_line(open_kb, answers: dict, words: str) -> None:
    kb = open_kb(RecordedVideos(**answers))
    (result,) = kb.add([LINK_FORMS[0]]).results
    assert not result.ok and "\n" not in result.error
    assert words.lower() in result.error.lower(), result.error
    assert "Traceback" not in result.error and "youtube_transcript_api" not in result.error


def test_a_link_that_is_not_youtube_is_refused_in_one_line(open_kb, youtube) -> None:
    kb = open_kb(youtube)
    foreign, broken = kb.add(["https://vimeo.com/76979871",
                              "https://www.youtube.com/watch?v=short"]).results
    for result in (foreign, broken):
        assert not result.ok and result.source_id is None and "\n" not in result.error
    assert youtube.seen == []


class _Offline(BaseAdapter):
    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        raise requests.exceptions.ConnectionError("Network is unreachable")

    def close(self) -> None:
        pass


def test_a_lost_connection_halts_a_playlist_with_one_line_each(
    db: Database, embedder: WordEmbedder
) -> None:
    def offline() -> requests.Session:
        session = requests.Session()
        session.mount("https://", _Offline())
        return session

    readers = registry(transport=Transport(session=offline, playlists=playlists(3).downloader()))
    with video_kb(db, embedder, readers) as kb:
        results = kb.add([PLAYLIST_LINK]).results
        assert len(results) == 3 and not any(r.ok for r in results)
        assert "connection" in results[0].error.lower() and "\n" not in results[0].error
        assert all(r.error.startswith("Not tried: ") for r in results[1:])
        assert [s.status for s in kb.list_sources()] == [SourceStatus.FAILED] * 3


def test_a_recording_is_transcribed_once_even_when_its_indexing_was_cancelled(
    db: Database, embedder: WordEmbedder, tmp_path: Path
) -> None:
    heard: list[Path] = []
    said = ["the keeper lit the lamp at dusk", "fog horns sounded near the rocks",
            "supplies came by boat every month", "storms kept the boat away for weeks"]

    def transcribe(path: Path, *, progress=None, cancel=None) -> Transcript:  # type: ignore[no-untyped-def]
        heard.append(path)
        if cancel is not None:  # stopped right after hearing it, before any chunk is indexed
            cancel.cancel()
        return Transcript(language="en", model="tiny.en", duration_s=80.0, segments=tuple(
            TranscriptSegment(start_s=20.0 * n, end_s=20.0 * n + 15, text=text)
            for n, text in enumerate(said)))

    talk = tmp_path / "talk.mp3"
    talk.write_bytes(b"never decoded: the transcriber is the speech part's stand-in")
    kb = KnowledgeBase(db, embedder_loader=loader(embedder), chunker=chunk_pages,
                       readers=registry(transcribe=transcribe), chunk_tokens=8)
    with kb:
        (stopped,) = kb.add([talk], cancel=CancelToken()).results
        assert stopped.cancelled and kb.list_sources()[0].status is SourceStatus.CANCELLED
        (done,) = kb.add([talk]).results
        assert done.ok and heard == [talk]
        (source,) = kb.list_sources()
        assert (source.kind, source.duration_s) == ("recording", 80.0)
        (hit, *_) = kb.search("fog horns rocks")
        assert (hit.location.start_s, hit.location.end_s) == (20.0, 35.0)
