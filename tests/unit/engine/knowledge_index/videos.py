"""YouTube for the knowledge base tests: the recorded answers, per video, and recorded playlists.

`RecordedVideos` is the recorded YouTube of tests/unit/engine/youtube/recorded.py where chosen
videos get another recording (age-restricted, unavailable, no captions ...), so one playlist
can hold a failing video. Playlists are the recorded 49-video playlist's page, cut to its
first videos (yt-dlp reads it for real). `video_kb` is a knowledge base with the real YouTube
reader over those answers, a fake embedder, and (optionally) a transcriber.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from engine.knowledge.readers import Registry, Transcribe, Transport, VideoOptions, registry
from engine.knowledge.readers.media import no_speech_part
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, loader
from tests.unit.engine.youtube.recorded import (
    JSON,
    LEARNING_PLAYLIST,
    RecordedPlaylists,
    RecordedYouTube,
    Seen,
    asset,
    learning_playlist_page_data,
    recorded_session,
)

PLAYER_PATH = "/youtubei/v1/player"


@dataclass
class RecordedVideos(RecordedYouTube):
    """The recorded YouTube, with `players` answering chosen video ids with other recordings."""

    players: dict[str, str] = field(default_factory=dict)

    def answer(self, seen: Seen) -> tuple[int, bytes, str]:
        parts = urlsplit(seen.url)
        if seen.method == "POST" and parts.path == PLAYER_PATH:
            player = self.players.get(json.loads(seen.body)["videoId"])
            if player is not None:
                self.seen.append(seen)
                return 200, asset(player), JSON
        return super().answer(seen)

    def videos_asked(self) -> list[str]:
        """The video ids whose player answer was asked for, in order."""
        return [json.loads(s.body)["videoId"] for s in self.seen
                if urlsplit(s.url).path == PLAYER_PATH]

    def watched(self) -> list[str]:
        """The video ids whose watch page was asked for, in order."""
        return [parse_qs(urlsplit(s.url).query)["v"][0] for s in self.seen
                if urlsplit(s.url).path == "/watch"]


def playlist_page(count: int) -> dict[str, Any]:
    """The recorded playlist page holding only its first `count` videos."""
    data = copy.deepcopy(learning_playlist_page_data())
    tab = data["contents"]["twoColumnBrowseResultsRenderer"]["tabs"][0]["tabRenderer"]
    section = tab["content"]["sectionListRenderer"]["contents"][0]["itemSectionRenderer"]
    videos = section["contents"][0]["playlistVideoListRenderer"]
    videos["contents"] = [i for i in videos["contents"] if "playlistVideoRenderer" in i][:count]
    return data


def playlist_video_ids(count: int) -> list[str]:
    """The ids of the first `count` videos of the recorded playlist, in order."""
    tab = playlist_page(count)["contents"]["twoColumnBrowseResultsRenderer"]["tabs"][0]
    items = (tab["tabRenderer"]["content"]["sectionListRenderer"]["contents"][0]
             ["itemSectionRenderer"]["contents"][0]["playlistVideoListRenderer"]["contents"])
    return [item["playlistVideoRenderer"]["videoId"] for item in items]


def playlists(count: int) -> RecordedPlaylists:
    """The recorded playlist (its first `count` videos), served to yt-dlp."""
    return RecordedPlaylists(pages={LEARNING_PLAYLIST: playlist_page(count)})


def video_readers(
    youtube: RecordedYouTube,
    listed: RecordedPlaylists | None = None,
    *,
    options: VideoOptions | None = None,
    transcribe: Transcribe = no_speech_part,
    audio: Any = None,
) -> Registry:
    """The app's readers, YouTube answered from recordings."""
    transport = Transport(
        session=lambda: recorded_session(youtube),
        playlists=listed.downloader() if listed is not None else None,
        audio=audio,
    )
    chosen = options or VideoOptions()
    return registry(transcribe=transcribe, video_options=lambda: chosen, transport=transport)


def video_kb(db: Database, embedder: WordEmbedder, readers: Registry) -> KnowledgeBase:
    """A knowledge base with these readers and the fake embedder (small chunks)."""
    return KnowledgeBase(db, embedder_loader=loader(embedder), readers=readers,
                         chunker=chunk_pages, chunk_tokens=24)
