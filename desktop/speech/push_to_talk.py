"""Ctrl+Space anywhere in the window works as the mic button: hold to talk, tap to toggle.

A QShortcut fires on the press only, and push-to-talk needs the release too, so this is an
event filter on the application that takes the key's press and release when they are meant
for a widget of `window` (another window, such as the settings dialog, keeps its keys). The
key's auto-repeat while it is held is swallowed. The release counts when the space bar comes
up, whether Ctrl was let go first or not.

The filter sees every event of the application, so it is installed when the window paints for
the first time: the thousands of events of building and painting the window passed through it
cost ~0.15 s of a loaded start-up, and no key can be meant for a window not yet seen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from desktop.speech.voice_input import VoiceInput

_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


class PushToTalkKey(QObject):
    """Routes Ctrl+Space in `window` to `voice.press()` / `voice.release()`."""

    def __init__(self, window: QWidget, voice: VoiceInput) -> None:
        super().__init__(window)
        self._window = window
        self._voice = voice
        self._held = False
        self._listening = False
        window.installEventFilter(self)  # until its first paint, then the application's

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Take Ctrl+Space (and the space bar's release while it is held) from `window`."""
        if not self._listening and event.type() == QEvent.Type.Paint:
            self._listen()
        if event.type() not in _KEY_EVENTS or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if event.key() != Qt.Key.Key_Space:
            return False
        ctrl = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.type() == QEvent.Type.ShortcutOverride:
            return self._claim(event, ctrl == Qt.KeyboardModifier.ControlModifier)
        if event.type() == QEvent.Type.KeyPress and ctrl == Qt.KeyboardModifier.ControlModifier:
            if not event.isAutoRepeat() and not self._held:
                self._held = True
                self._voice.press()
            return True
        if event.type() == QEvent.Type.KeyRelease and self._held:
            if not event.isAutoRepeat():
                self._held = False
                self._voice.release()
            return True
        return False

    def _listen(self) -> None:
        """From the window's first paint on, watch the whole application's key events."""
        self._listening = True
        self._window.removeEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @staticmethod
    def _claim(event: QKeyEvent, ours: bool) -> bool:
        """Tell Qt the key press is ours (so no shortcut takes it); it then arrives as a press."""
        if ours:
            event.accept()
        return False
