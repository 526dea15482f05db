from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from engine.api import Engine
from engine.cli import knowledge_cmds, session
from engine.knowledge import readers
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import ChangeListener
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, fake_readers, loader


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    embedder = WordEmbedder()

    def fake_knowledge(
        db: Database, _folder: Path | None, changed: ChangeListener
    ) -> KnowledgeBase:
        return KnowledgeBase(db, embedder_loader=loader(embedder), readers=fake_readers(),
                             chunker=chunk_pages, chunk_tokens=12, on_change=changed)

    def fake_open(model: str | None = None) -> Engine:
        return Engine(knowledge_factory=fake_knowledge)

    monkeypatch.setattr(session, "open_engine", fake_open)
    parser = argparse.ArgumentParser(prog="lanthorn")
    knowledge_cmds.register(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(parser: argparse.ArgumentParser, *argv: str) -> int:
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_add_exits_1_when_a_file_failed_and_names_it(
    parser: argparse.ArgumentParser, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(parser, "add", str(docs)) == 0
    assert _run(parser, "add", str(docs / "notes.docx"), str(docs / "rivers.txt")) == 1
    out, err = capsys.readouterr()
    assert f"already indexed as source 1: {docs / 'rivers.txt'}" in out
    assert err.strip().splitlines()[-1] == (
        f"{docs / 'notes.docx'}: notes.docx is not a kind of file Lanthorn can read. "
        "It reads Test documents (.txt, .md, .pdf); Subtitles (.srt, .vtt)."
    )


def test_search_json_prints_one_array_of_hits(
    parser: argparse.ArgumentParser, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(parser, "add", str(docs))
    capsys.readouterr()
    assert _run(parser, "search", "--json", "-k", "2", "Danube Black Sea") == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    assert set(hits[0]) == {"source_id", "title", "path", "page", "start", "end", "score",
                            "text", "start_s", "end_s", "url"}
    assert hits[0]["page"] == 3


def test_search_stdin_answers_each_line_in_order(
    parser: argparse.ArgumentParser, docs: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _run(parser, "add", str(docs))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO('pulsar neutron\n\n"quoted" OR *\nRhine\n'))
    assert _run(parser, "search", "--json", "-") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["pulsar neutron", "", '"quoted" OR *', "Rhine"]
    assert "stars.md" in lines[0]["hits"][0]["path"]
    assert lines[1]["hits"] == []
    assert "rivers.txt" in lines[3]["hits"][0]["path"]


def test_sources_and_remove(
    parser: argparse.ArgumentParser, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(parser, "add", str(docs))
    capsys.readouterr()
    assert _run(parser, "sources", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in listed] == ["ready", "ready"]
    assert _run(parser, "remove", str(listed[0]["id"])) == 0
    assert "Removed source" in capsys.readouterr().out
    assert _run(parser, "sources") == 0
    assert "stars" in capsys.readouterr().out


def test_subtitles_list_as_parts_and_search_gives_their_seconds(
    parser: argparse.ArgumentParser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk = tmp_path / "talk.srt"
    talk.write_text("1\n00:01:05,000 --> 00:01:09,500\nThe lamp was lit at dusk.\n",
                    encoding="utf-8")
    assert _run(parser, "add", str(talk)) == 0
    assert _run(parser, "sources") == 0
    out = capsys.readouterr().out
    assert "1 parts" in out and "talk  [ready]" in out
    assert _run(parser, "search", "lamp dusk") == 0
    assert "1. talk, at 1:05" in capsys.readouterr().out
    assert _run(parser, "search", "--json", "lamp dusk") == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert (hit["page"], hit["start_s"], hit["end_s"]) == (None, 65.0, 69.5)


def test_add_help_lists_the_kinds_of_the_registry(
    parser: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parser.parse_args(["add", "--help"])
    out = capsys.readouterr().out
    for kind in readers.kinds():
        if kind.suffixes:
            assert f"{kind.label}: {' '.join(kind.suffixes)}" in out
    assert "links to: YouTube videos and playlists" in out


@pytest.fixture
def video_parser(monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    """`lanthorn` whose YouTube is the recordings (3 videos of the playlist, the 2nd refused)."""
    from tests.unit.engine.knowledge_index.test_video_sources import AGE
    from tests.unit.engine.knowledge_index.videos import (
        RecordedVideos,
        playlist_video_ids,
        playlists,
        video_readers,
    )

    youtube = RecordedVideos(players={playlist_video_ids(3)[1]: AGE})
    embedder = WordEmbedder()

    def recorded_knowledge(
        db: Database, _folder: Path | None, changed: ChangeListener
    ) -> KnowledgeBase:
        return KnowledgeBase(db, embedder_loader=loader(embedder), chunker=chunk_pages,
                             readers=video_readers(youtube, playlists(3)), chunk_tokens=24,
                             on_change=changed)

    monkeypatch.setattr(session, "open_engine", lambda model=None, **_: Engine(
        knowledge_factory=recorded_knowledge))
    parser = argparse.ArgumentParser(prog="lanthorn")
    knowledge_cmds.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_a_playlist_link_gives_a_line_per_video_and_one_for_the_playlist(
    video_parser: argparse.ArgumentParser, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.unit.engine.knowledge_index.test_video_sources import PLAYLIST_LINK

    assert _run(video_parser, "add", PLAYLIST_LINK) == 1
    out, err = capsys.readouterr()
    indexed = [line for line in out.splitlines() if line.startswith("indexed as source")]
    assert len(indexed) == 2 and all("https://www.youtube.com/watch?v=" in i for i in indexed)
    fetching = {line for line in err.splitlines() if line.endswith(": fetching the captions…")}
    assert len(fetching) == 3  # progress names each video
    (failed,) = [line for line in err.splitlines() if "signed-in viewers" in line]
    assert failed.startswith("https://www.youtube.com/watch?v=") and "restricted" in failed
    assert err.strip().splitlines()[-1].startswith("playlist 1 ")
    assert err.strip().endswith("2 of 3 videos indexed, 1 failed")
    assert _run(video_parser, "search", "--json", "something shorter made up for testing") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["url"].startswith("https://www.youtube.com/watch?v=") for h in hits)
    assert all(h["start_s"] is not None and h["end_s"] > h["start_s"] for h in hits)
    assert _run(video_parser, "remove", "--playlist", "1") == 0
    assert capsys.readouterr().out.startswith("Removed playlist 1: ")
    assert _run(video_parser, "sources") == 0
    assert "No sources yet" in capsys.readouterr().out
