"""A video without captions, its sound transcribed (the optional fallback), over 127.0.0.1 only,
then a grounded answer whose citation opens the video at the second the passage is said.

YouTube's recorded "captions disabled" answer comes from an HTTP server on 127.0.0.1; yt-dlp
downloads the "sound" for real from another one (real spoken clips after silences in one WAV,
as tests/integration/grounding/test_recording_answers.py makes it, standing in for YouTube's
stream), and the real Whisper tiny.en transcribes it into the engine's knowledge base (real
SQLite, FAISS, MiniLM); SmolLM2 answers (with a few fixed seeds). The downloaded sound is gone
afterwards.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from engine import config, paths
from engine.api import Engine
from engine.config import SpeechSettings
from engine.knowledge.embedder import Embedder
from engine.knowledge.readers import Transport, VideoOptions, registry
from engine.knowledge.service import KnowledgeBase
from engine.knowledge.youtube.links import watch_url
from engine.speech.loader import WhisperModels
from engine.speech.service import SpeechService
from engine.storage.db import Database
from engine.types import BYTES, SECONDS, ChangeListener, Progress
from tests.integration.grounding.conftest import settings
from tests.integration.grounding.test_recording_answers import (
    CLIPS,
    QUESTION,
    SEEDS,
    said_within,
)
from tests.integration.youtube.loopback import ToLoopback, loopback_youtube, serving
from tests.media import joined_talk
from tests.unit.engine.knowledge_index.videos import RecordedVideos
from tests.unit.engine.youtube.recorded import NORMAL_VIDEO

pytestmark = pytest.mark.slow
DISABLED = "youtube_transcripts_disabled.innertube.json.static"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served_sound(folder: Path) -> Iterator[Any]:
    """A yt-dlp whose every video's sound is `folder/<id>.wav`, served from 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
    port = server.server_address[1]
    from yt_dlp import YoutubeDL

    class ServedYoutubeDL(YoutubeDL):  # type: ignore[misc]
        def extract_info(self, url: str, *args: Any, **kwargs: Any) -> Any:
            video_id = url.rsplit("v=", 1)[-1]
            return super().extract_info(f"http://127.0.0.1:{port}/{video_id}.wav", *args,
                                        **kwargs)

    with serving(server):
        yield ServedYoutubeDL


@pytest.fixture(scope="module")
def whisper_models() -> Iterator[WhisperModels]:
    models = WhisperModels()
    yield models
    models.close()


def test_a_video_without_captions_is_heard_and_cited_to_the_second(
    lanthorn_home: Path, embedder: Embedder, whisper_models: WhisperModels,
    shared_data: Path, tmp_path: Path,
) -> None:
    sound = tmp_path / "sound"
    sound.mkdir()
    starts = joined_talk([shared_data / "audio" / clip for clip in CLIPS],
                         sound / f"{NORMAL_VIDEO}.wav", pause_s=20.0)
    said = dict(zip(CLIPS.values(), starts, strict=True))
    english = replace(settings(), speech=SpeechSettings(language="en"))
    config.save(english)
    speech = SpeechService(lambda: english, whisper_models)
    youtube = RecordedVideos(players={NORMAL_VIDEO: DISABLED})
    steps: list[Progress] = []
    with loopback_youtube(youtube) as port, served_sound(sound) as downloader:
        def session() -> requests.Session:
            made = requests.Session()
            made.trust_env = False
            made.mount("https://", ToLoopback(port))
            return made

        readers = registry(
            transcribe=speech.transcribe_file,
            video_options=lambda: VideoOptions(ui_language="en", transcribe_audio=True),
            transport=Transport(session=session, audio=downloader),
        )

        def knowledge(db: Database, _folder: Path | None, changed: ChangeListener) -> KnowledgeBase:
            return KnowledgeBase(db, embedder_loader=lambda _f: embedder, readers=readers,
                                 on_change=changed)

        with Engine(knowledge_factory=knowledge) as engine:
            report = engine.knowledge.add_sources([f"https://youtu.be/{NORMAL_VIDEO}"],
                                                  progress=steps.append)
            assert report.failed == [], report.failed
            (source,) = engine.knowledge.list_sources()
            for seed in SEEDS:  # whether the tiny model cites at all depends on the seed
                chosen = replace(english, sampling=replace(english.sampling, seed=seed))
                engine.update_settings(chosen)
                deltas = list(engine.chat.stream_answer(QUESTION))
                if deltas[-1].citations:
                    break
    assert (source.kind, source.url) == ("youtube", watch_url(NORMAL_VIDEO))
    units = {p.unit for p in steps}
    assert BYTES in units and SECONDS in units  # the download, then the transcription
    assert not list(paths.cache_dir().glob("youtube-audio-*"))  # the sound was deleted
    final = deltas[-1]
    text = "".join(d.text for d in deltas)
    assert final.covered is True and final.citations, text
    for cited in final.citations:
        at = cited.location
        assert f"[{cited.n}]" in text and at.url == watch_url(NORMAL_VIDEO)
        assert at.start_s is not None and at.end_s is not None
        assert said_within(cited.quote, at.start_s, at.end_s, said), cited
