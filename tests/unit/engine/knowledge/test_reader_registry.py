"""The reader registry: routing by suffix and by link, unknown kinds, folder expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge import readers
from engine.knowledge.documents import Document
from engine.knowledge.readers import Identity, Reader, Registry, default_registry, is_link
from engine.knowledge.readers.media import MediaReader
from engine.knowledge.readers.pdf import PdfReader
from engine.knowledge.readers.subtitles import SubtitleReader
from engine.knowledge.readers.text import TextReader
from engine.knowledge.readers.youtube import YouTubeReader
from engine.types import SourceKind


class TalkLinks(Reader):
    """A link reader as a video plug-in declares one (it is never opened here)."""

    kind = SourceKind(kind="talks", label="Talk videos", url_patterns=(r"^https://talks\.example/v/\d+",),
                      timed=True)

    def identify(self, target: str) -> Identity:
        number = target.rsplit("/", 1)[-1]
        return Identity(key=f"talks:{number}", path=target, title=f"Talk {number}", url=target)

    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        raise AssertionError("not opened in these tests")


def test_the_app_reads_documents_subtitles_recordings_and_youtube_in_dialog_order() -> None:
    kinds = readers.kinds()
    assert [k.kind for k in kinds] == ["pdf", "text", "subtitles", "recording", "youtube"]
    assert kinds == default_registry().kinds()
    subtitles, recordings, youtube = kinds[2:]
    assert subtitles.timed and subtitles.suffixes == (".srt", ".vtt") and subtitles.label
    assert not subtitles.playable and recordings.playable and recordings.timed
    assert recordings.suffixes == (".wav", ".mp3", ".m4a", ".ogg", ".flac", ".mp4", ".webm",
                                   ".mkv")
    assert youtube.timed and youtube.url_patterns and not youtube.suffixes
    assert not kinds[0].timed and not kinds[1].timed
    assert all(s.startswith(".") and s == s.lower() for k in kinds for s in k.suffixes)


@pytest.mark.parametrize(
    ("target", "reader"),
    [
        ("/docs/paper.pdf", PdfReader),
        ("/docs/PAPER.PDF", PdfReader),
        ("notes.md", TextReader),
        ("notes.markdown", TextReader),
        ("C:\\talks\\keynote.SRT", SubtitleReader),
        ("talk.vtt", SubtitleReader),
        ("/rec/lecture.MP3", MediaReader),
        ("meeting.mkv", MediaReader),
        ("https://youtu.be/GJLlxj_dtq8?si=x", YouTubeReader),
        ("youtube.com/watch?v=GJLlxj_dtq8", YouTubeReader),  # typed without https://
    ],
)
def test_files_go_to_the_reader_of_their_suffix(target: str, reader: type[Reader]) -> None:
    assert isinstance(default_registry().reader_for(target), reader)


def test_an_unknown_file_kind_names_every_kind_that_can_be_added() -> None:
    with pytest.raises(DocumentError) as caught:
        default_registry().reader_for("/docs/slides.pptx")
    message = str(caught.value)
    assert message.startswith("slides.pptx is not a kind of file Lanthorn can read.")
    for kind in readers.kinds():
        assert (kind.label in message) == bool(kind.suffixes)
        assert all(suffix in message for suffix in kind.suffixes)


def test_links_go_to_the_reader_whose_pattern_they_match() -> None:
    registry = Registry([PdfReader(), TalkLinks()])
    assert isinstance(registry.reader_for("https://talks.example/v/42?t=5"), TalkLinks)
    # A link ending in .pdf is still a link: suffixes route files only.
    with pytest.raises(DocumentError, match=r"is not a link Lanthorn can read.*Talk videos"):
        registry.reader_for("https://elsewhere.example/paper.pdf")


def test_without_a_link_reader_a_link_says_so_and_names_the_file_kinds() -> None:
    registry = Registry([PdfReader(), TextReader(), SubtitleReader()])
    with pytest.raises(DocumentError) as caught:
        registry.reader_for("https://www.youtube.com/watch?v=abc")
    message = str(caught.value)
    assert "cannot add web links yet" in message and "Subtitles (.srt, .vtt)" in message


def test_a_link_to_another_site_names_the_links_the_app_reads() -> None:
    with pytest.raises(DocumentError) as caught:
        default_registry().reader_for("https://vimeo.com/76979871")
    assert str(caught.value) == (
        "https://vimeo.com/76979871 is not a link Lanthorn can read. "
        "It reads links to: YouTube videos and playlists."
    )


def test_links_and_windows_paths_are_told_apart() -> None:
    assert is_link("https://talks.example/v/1") and is_link("HTTP://x")
    assert not is_link("C:\\talks\\a.srt") and not is_link("/tmp/a.srt") and not is_link("a.srt")


def test_folders_expand_to_known_files_and_links_pass_unchanged(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["a.pdf", "b.TXT", "sub/c.srt", "sub/d.vtt", "e.docx", "sub/f.md"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    link = "https://talks.example/v/7"
    lone = tmp_path / "e.docx"
    found = default_registry().expand([tmp_path, link, lone])
    names = [Path(p).relative_to(tmp_path).as_posix() for p in found[:-2]]
    assert names == ["a.pdf", "b.TXT", "sub/c.srt", "sub/d.vtt", "sub/f.md"]
    assert found[-2:] == [link, str(lone)]  # a named file stays, to fail with its reason
