"""The built-in player (real QMediaPlayer, FFmpeg): a recording plays from the cited second with
the cited span marked; a video shows its picture; seeks and closes in a row never hang; a missing
file is reported, not raised."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.viewer.player import MediaPlayer, is_recording
from engine.types import Location
from tests.media import spoken_video

LOAD_MS = 10_000


def _player(qtbot) -> MediaPlayer:  # type: ignore[no-untyped-def]
    player = MediaPlayer()
    qtbot.addWidget(player)
    player.audio.setMuted(True)
    return player


def test_a_recording_plays_from_the_cited_second_with_the_span_marked(qtbot, shared_data) -> None:
    player = _player(qtbot)
    clip = str(shared_data / "audio" / "jfk.wav")
    with qtbot.waitSignal(player.positioned, timeout=LOAD_MS) as positioned:
        assert player.play_span(clip, 4.0, 9.5)
    assert positioned.args == [4.0]
    qtbot.waitUntil(lambda: player.position_s() >= 4.0 and player.slider.maximum() == 11_000,
                    timeout=LOAD_MS)
    assert player.position_s() < 9.5
    assert player.slider.span == (4000, 9500)
    band = player.slider.band()
    assert band is not None and band.width() > 0
    assert band.left() > player.slider.width() // 4  # 4 s of 11 s: past the first quarter
    assert player.play_button.text() == "Pause" and not player.video.isVisible()
    with qtbot.waitSignal(player.positioned, timeout=LOAD_MS) as again:  # same file: seek only
        player.play_span(clip, 1.0, 3.0)
    assert again.args == [1.0] and player.slider.span == (1000, 3000)
    player.close()


def test_a_video_shows_its_picture(qtbot, shared_data, tmp_path: Path) -> None:
    video = spoken_video(shared_data / "audio" / "jfk.wav", tmp_path / "talk.mp4")
    player = _player(qtbot)
    with qtbot.waitSignal(player.positioned, timeout=LOAD_MS):
        player.play_span(str(video), 2.0, 6.0)
    qtbot.waitUntil(player.video.isVisible, timeout=LOAD_MS)
    assert player.player.hasVideo()
    player.close()


@pytest.mark.skipif(sys.platform != "linux", reason="Qt's library names as on Linux")
def test_the_sound_output_is_qts_own_object(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide's subclass would take the GIL inside FFmpeg's audio thread (see sound_output)."""
    import shiboken6

    player = _player(qtbot)
    assert not shiboken6.Shiboken.createdByPython(player.audio)
    assert player.player.audioOutput() is not None


def test_seeking_closing_and_reopening_at_once_never_hangs(qtbot, shared_data) -> None:
    """Each seek and stop ends FFmpeg's renderers on their threads while the GUI goes on."""
    player = _player(qtbot)
    clip = str(shared_data / "audio" / "jfk.wav")
    for round_ in range(4):
        with qtbot.waitSignal(player.positioned, timeout=LOAD_MS):
            player.play_span(clip, 1.0 + round_, 3.0 + round_)
        for second in (5.0, 2.0, 8.0):
            player.play_span(clip, second, second + 1)
        player.close()
    del player  # deleted from Python while its threads may still be ending


def test_a_missing_recording_is_reported(qtbot, tmp_path: Path) -> None:
    player = _player(qtbot)
    with qtbot.waitSignal(player.failed) as failed:
        assert not player.play_span(str(tmp_path / "gone.wav"), 3.0, 5.0)
    assert "cannot be found" in failed.args[0]


def test_only_local_recordings_go_to_the_player() -> None:
    timed = Location(source_id=1, title="t", path="/talks/a.MP3", start_s=5.0, end_s=9.0)
    assert is_recording(timed)
    assert not is_recording(Location(source_id=1, title="t", path="/talks/a.srt", start_s=5.0))
    assert not is_recording(Location(source_id=1, title="t", path="/a.mp4"))
    web = Location(source_id=1, title="t", path="https://www.youtube.com/watch?v=x",
                   start_s=5.0, url="https://www.youtube.com/watch?v=x")
    assert not is_recording(web)
