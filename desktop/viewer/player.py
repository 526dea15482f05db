"""The built-in player (QtMultimedia): plays a cited recording from the cited second.

Clicking the citation of a local recording or video opens this small window, seeks to the
chunk's first second and plays, with the cited span marked on the position slider; a video
shows its picture above the controls. QMediaPlayer loads a file asynchronously (FFmpeg opens
a WAV in a few milliseconds, a long video in a few tens), and a seek before the media is
loaded is lost, so the seek waits for `LoadedMedia`. Decoding and output run on Qt's threads:
nothing here blocks the GUI. Without a sound device (a server, CI) the position still runs.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.viewer.media_files import is_media_file, is_recording
from desktop.viewer.sound_output import sound_output
from desktop.viewer.span_slider import SpanSlider
from engine.types import clock

__all__ = ["MediaPlayer", "is_media_file", "is_recording"]

_READY = (
    QMediaPlayer.MediaStatus.LoadedMedia,
    QMediaPlayer.MediaStatus.BufferingMedia,
    QMediaPlayer.MediaStatus.BufferedMedia,
    QMediaPlayer.MediaStatus.EndOfMedia,
)


class MediaPlayer(QWidget):
    """A window playing one recording at a time.

    Signals:
        positioned(float): the player sought to this second of the opened file (tests wait).
        failed(str): the file could not be played (a message fit to show).
    """

    positioned = Signal(float)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("mediaPlayer")
        self.resize(640, 140)
        self.path = ""
        self._pending_ms: int | None = None
        self.player = QMediaPlayer(self)
        # The player's child, so it outlives the player's decoding threads (see sound_output).
        self.audio = sound_output(self.player)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget(self)
        self.video.setAccessibleName(self.tr("Video"))
        self.video.setMinimumHeight(240)
        self.video.hide()
        self.player.setVideoOutput(self.video)
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.video, 1)
        layout.addLayout(self._controls)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)
        self.player.durationChanged.connect(self._on_duration)
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.hasVideoChanged.connect(self._on_has_video)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)

    def _build_controls(self) -> None:
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setAccessibleName(self.tr("Play or pause"))
        self.play_button.clicked.connect(self.toggle)
        self.slider = SpanSlider(self)
        self.slider.setAccessibleName(self.tr("Position"))
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel("0:00 / 0:00")
        self._controls = QHBoxLayout()
        self._controls.addWidget(self.play_button)
        self._controls.addWidget(self.slider, 1)
        self._controls.addWidget(self.time_label)

    # ------------------------------------------------------------------ playing
    def play_span(self, path: str, start_s: float, end_s: float | None = None) -> bool:
        """Play `path` from `start_s`, marking [start_s, end_s]; False (and `failed`) if absent."""
        if not os.path.isfile(path):
            self.failed.emit(self.tr("The recording {path} cannot be found.").format(path=path))
            return False
        self._show()
        start_ms = round(start_s * 1000)
        self.slider.set_span(start_ms, round(end_s * 1000) if end_s is not None else None)
        self._pending_ms = start_ms
        if path != self.path:
            self.path = path
            self.setWindowTitle(self.tr("{name} – Lanthorn").format(name=os.path.basename(path)))
            self.player.setSource(QUrl.fromLocalFile(path))
        elif self.player.mediaStatus() in _READY:
            self._seek()
        return True

    def toggle(self) -> None:
        """Pause when playing, play otherwise."""
        if self.player.playbackState() is QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def position_s(self) -> float:
        """The playing position in seconds."""
        return self.player.position() / 1000

    def _show(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def _seek(self) -> None:
        if self._pending_ms is None:
            return
        at, self._pending_ms = self._pending_ms, None
        self.player.setPosition(at)
        self.player.play()
        self.positioned.emit(at / 1000)

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is QMediaPlayer.MediaStatus.LoadedMedia:
            self._seek()
        elif status is QMediaPlayer.MediaStatus.InvalidMedia:
            self._pending_ms = None

    def _on_error(self, _error: QMediaPlayer.Error, reason: str) -> None:
        self.failed.emit(
            self.tr("The recording {path} cannot be played ({reason}).").format(
                path=self.path, reason=reason or self.tr("unknown format")
            )
        )

    def _on_duration(self, duration_ms: int) -> None:
        self.slider.setRange(0, max(0, duration_ms))
        self._on_position(self.player.position())

    def _on_position(self, position_ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(position_ms)
        self.time_label.setText(
            f"{clock(position_ms / 1000)} / {clock(self.player.duration() / 1000)}"
        )

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state is QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _on_has_video(self, has_video: bool) -> None:
        self.video.setVisible(has_video)
        if has_video and self.height() < 400:
            self.resize(self.width(), 480)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stop the sound and release the file when the window closes.

        Clearing the source ends FFmpeg's decoding threads now, not while the window is being
        destroyed; the next citation opens the file again.
        """
        self.player.stop()
        self.player.setSource(QUrl())
        self.path = ""
        super().closeEvent(event)
