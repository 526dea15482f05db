"""A playlist summarized: each indexed video cites its seconds, the failed video is named with
its reason (recorded YouTube, real pipeline and store, a chat model with queued replies)."""

from __future__ import annotations

import re

from engine.chat import playlist_summary
from engine.chat.summarize import Summarizer
from engine.cli.summarize_cmds import timed_marks
from engine.config import Settings
from engine.storage.db import Database
from tests.unit.engine.grounding.fakes import FakeModel
from tests.unit.engine.knowledge_index.fakes import WordEmbedder
from tests.unit.engine.knowledge_index.test_video_sources import AGE, PLAYLIST_LINK
from tests.unit.engine.knowledge_index.videos import (
    RecordedVideos,
    playlist_video_ids,
    playlists,
    video_kb,
    video_readers,
)

NOTE = "Hey this is just a test, something shorter made up for testing."


def test_a_playlist_summary_cites_seconds_and_names_the_failed_video(
    db: Database, embedder: WordEmbedder
) -> None:
    youtube = RecordedVideos(players={playlist_video_ids(3)[1]: AGE})
    with video_kb(db, embedder, video_readers(youtube, playlists(3))) as kb:
        kb.add([PLAYLIST_LINK])
        (group,) = kb.list_groups()
        _group, videos = kb.get_group(group.id)
        model = FakeModel([NOTE] * 5)  # a note and an overview per video, then the playlist's
        summarizer = Summarizer(kb, lambda: model, Settings())
        deltas = list(playlist_summary.stream(summarizer, group, videos))
    text = "".join(d.text for d in deltas)
    citations = deltas[-1].citations
    assert text.startswith(f"**Summary of the playlist {group.title}**")
    assert "**The whole playlist:**" in text and len(model.prompts) == 5
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    assert {c.location.source_id for c in citations} == {videos[0].id, videos[2].id}
    for citation in citations:
        at = citation.location
        assert at.url is not None and at.url.startswith("https://www.youtube.com/watch?v=")
        assert at.start_s is not None and at.end_s is not None and at.page is None
        assert f"[{citation.n}]" in text
    failed = text[text.index("Not summarized (1 of 3 videos):"):]
    assert videos[1].title in failed and "age" in failed.lower()
    shown = timed_marks(text, citations)  # what `lanthorn summarize --playlist` prints
    assert not re.search(r"\[\d+\]", shown)
    assert re.search(r"\[\d+:\d\d(, \d+:\d\d)*\]", shown)
