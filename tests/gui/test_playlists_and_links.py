"""Links pasted or dropped on the window are added; a playlist shows as a collapsible group
with each video's state (the real window over the fake engine)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from desktop.knowledge.link_paste import pasted_targets, text_links
from engine.types import SourceKind
from tests.gui.test_knowledge_behaviour import drop

PLAYLIST = "https://www.youtube.com/playlist?list=PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8"
VIDEO = "https://youtu.be/GJLlxj_dtq8"
YOUTUBE = SourceKind(kind="youtube", label="YouTube", timed=True, url_patterns=(
    r"^(?:https?://)?(?:[\w-]+\.)?(?:youtube\.com|youtu\.be)/",))


def _paste(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(window.knowledge.add_button, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_words_of_pasted_text_that_are_links(qapp) -> None:
    text = f"see <{VIDEO}> and\nyoutu.be/abcdefghijk www.youtube.com/shorts/x and {VIDEO}"
    assert text_links(text, (YOUTUBE,)) == [VIDEO, "youtu.be/abcdefghijk",
                                            "www.youtube.com/shorts/x"]
    assert text_links("just words, no link at all", (YOUTUBE,)) == []
    mime = QMimeData()
    mime.setUrls([QUrl(VIDEO), QUrl.fromLocalFile("/tmp/talk.mp3")])
    assert pasted_targets(mime, ()) == [VIDEO, "/tmp/talk.mp3"]


def test_a_pasted_playlist_is_a_group_with_each_videos_state(
    qtbot, make_window, fake_engine, screenshot
) -> None:
    window = make_window(fake_engine)
    panel = window.knowledge
    window.knowledge.add_button.setFocus()
    _paste(qtbot, window, f"  {PLAYLIST}\n")
    qtbot.waitUntil(lambda: len(panel.playlists.boxes) == 1 and len(panel.states()) == 3)
    (box,) = panel.playlists.boxes.values()
    qtbot.waitUntil(lambda: box.title.text() == "Playlist: Fake playlist")
    assert box.status.text() == "3 videos · 2 ready · 1 failed"
    rows = [box.rows.itemAt(i).widget() for i in range(box.rows.count())]
    assert [r.state.title for r in rows] == ["Video fake1v1", "Video fake1v2", "Video fake1v3"]
    assert rows[1].status.text() == "Failed: This video is private."
    assert all(r.isVisible() for r in rows)
    screenshot(window, "8-playlist-group")
    box.toggle.click()
    assert not box.expanded and not any(r.isVisible() for r in rows)
    box.toggle.click()
    assert rows[0].isVisible()
    box.remove_button.click()
    qtbot.waitUntil(lambda: not panel.playlists.boxes and not panel.states())
    assert fake_engine.knowledge.list_groups() == []


def test_ctrl_v_in_the_question_box_still_pastes_text(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    question = window.chat.composer.question
    question.setFocus()
    qtbot.waitUntil(question.hasFocus)
    _paste(qtbot, window, "")  # the key goes to the panel's button: nothing on the clipboard
    QGuiApplication.clipboard().setText(VIDEO)
    qtbot.keyClick(question, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert question.toPlainText() == VIDEO
    assert not any(call[0] == "add_sources" for call in fake_engine.calls)


def test_a_dropped_video_link_is_added(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    drop(window, [QUrl("https://www.youtube.com/watch?v=GJLlxj_dtq8")], over=window.knowledge)
    panel = window.knowledge
    qtbot.waitUntil(lambda: [s.title for s in panel.states()] == ["Video GJLlxj_dtq8"])
    assert panel.states()[0].status == "ready" and not panel.playlists.boxes


def test_a_recording_row_counts_seconds_of_sound_and_bytes(qapp) -> None:
    from desktop.knowledge.source_row import RowState, status_text
    from engine.types import BYTES, SECONDS, Progress, SourceStatus

    def said(progress: Progress) -> str:
        return status_text(RowState(key="k", name="talk.mp3", path="/talk.mp3",
                                    status=SourceStatus.INDEXING, progress=progress))

    heard = Progress(done=40, total=205, stage="transcribing", eta_s=30.0, unit=SECONDS)
    assert said(heard) == "Transcribing · 0:40 of 3:25 · less than a minute left"
    fetched = Progress(done=3_000_000, total=12_000_000, stage="downloading", unit=BYTES)
    assert said(fetched) == "Downloading the sound · 3 MB of 11 MB"
    assert said(Progress(done=0, total=None, stage="fetching the captions")) == "Reading…"
    assert said(Progress(done=2, total=9, stage="indexing")) == "Indexing · 2 of 9 pages"


def test_the_video_sound_setting_is_off_until_turned_on(qtbot, make_window, fake_engine) -> None:
    window = make_window(fake_engine)
    window.open_settings()
    dialog = window.settings_dialog
    assert not dialog.video_audio.isChecked()
    dialog.video_audio.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog.save()
    assert fake_engine.settings().knowledge.transcribe_video_audio
