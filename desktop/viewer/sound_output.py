"""The player's sound output, built by Qt's own constructor rather than through PySide.

A QAudioOutput made from Python is a PySide subclass whose every virtual method first takes the
GIL to look for a Python override. Qt's FFmpeg audio thread calls one of them
(`disconnectNotify`, from the destructor of its renderer, which runs after every seek and stop)
while holding a QObject lock. When the GUI thread held the GIL and waited for that same lock
(a `stop()`, a `play()`, deleting the window), the app hung or crashed: measured, one run in
four of the player tests. The plain C++ object has no such method, so that thread never needs
Python. Where the library cannot be found (a platform whose names differ), the PySide-made
object is used and the reason is logged.
"""

from __future__ import annotations

import ctypes
import logging
import sys

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtMultimedia import QAudioOutput

log = logging.getLogger(__name__)

# More than sizeof(QAudioOutput) (three pointers in Qt 6): Qt frees it with operator delete.
_ALLOCATION = 256
_LIBRARIES = {
    "linux": ("libQt6Multimedia.so.6", "libstdc++.so.6"),
    "darwin": ("QtMultimedia.framework/QtMultimedia", "libc++.1.dylib"),
}
_CONSTRUCTOR = "_ZN12QAudioOutputC1EP7QObject"  # QAudioOutput::QAudioOutput(QObject *)
_OPERATOR_NEW = "_Znwm"  # operator new(unsigned long)


def sound_output(parent: QObject) -> QAudioOutput:
    """A QAudioOutput owned by `parent`, without PySide's override lookups when possible."""
    try:
        return _plain_sound_output(parent)
    except (OSError, AttributeError, KeyError) as error:
        log.warning("sound output made through PySide (%s)", error)
        return QAudioOutput(parent)


def _plain_sound_output(parent: QObject) -> QAudioOutput:
    multimedia_name, runtime_name = _LIBRARIES[sys.platform]
    multimedia, runtime = ctypes.CDLL(multimedia_name), ctypes.CDLL(runtime_name)
    allocate = getattr(runtime, _OPERATOR_NEW)
    allocate.restype, allocate.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    construct = getattr(multimedia, _CONSTRUCTOR)
    construct.restype, construct.argtypes = None, [ctypes.c_void_p, ctypes.c_void_p]
    memory = allocate(_ALLOCATION)
    construct(memory, shiboken6.getCppPointer(parent)[0])
    output = shiboken6.wrapInstance(memory, QAudioOutput)
    assert isinstance(output, QAudioOutput)
    return output
