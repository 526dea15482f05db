"""The microphones through QtMultimedia: which exist, whether we may use them, their sound.

A device is asked for 16 kHz mono float samples, what Whisper listens to; PulseAudio and
PipeWire convert on their side. A device that cannot give that (some WASAPI and CoreAudio
devices take only their mix format) is opened in its preferred format, and `Converter` turns it
into 16 kHz mono. Devices are kept in the settings by their id (`QAudioDevice.id()`, e.g. a
PulseAudio source name), stable across restarts; one that is gone falls back to the system's
default.

A device unplugged mid-recording shows up in one of three ways, depending on the backend: the
audio source stops with an error, the device leaves `QMediaDevices.audioInputs()`, or sound
simply stops coming. The last is what Qt 6.12 on PulseAudio does, measured with a private
server: when the recording stream was killed, the source stayed "idle" with no error and the
device list kept the device; when the device itself was removed, PulseAudio moved the stream to
another source and the recording went on from there (which is fine). A microphone delivers
sound all the time, silence included, every 10-25 ms, so `STALL_S` without any means it is
gone. Each way ends the recording with `failed`, after the samples captured so far were
delivered, so the recorder can still transcribe them. All three are checked by polling
(`HEALTH_CHECK_MS`), not through `stateChanged`: PySide 6.12 cannot hand that signal's
`QAudio::State` to a Python slot ("cannot be converted").

Measured through a private PulseAudio whose pipe source plays jfk.wav in real time: in 20 ms
blocks, as a sound card delivers, all 11.0 s arrive; in 100 ms bursts, Qt's recording stream
overflows and keeps only 3.7 s (`parecord` keeps all of it), so the tests feed 20 ms blocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QIODevice,
    QMicrophonePermission,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices, QtAudio

from desktop.speech.pcm import SAMPLE_RATE, Converter, PcmSource
from engine.errors import EngineError

HEALTH_CHECK_MS = 250
STALL_S = 2.0  # no sound at all for this long (not even silence): the microphone is gone
_NUMPY_TYPES = {
    QAudioFormat.SampleFormat.UInt8: np.uint8,
    QAudioFormat.SampleFormat.Int16: np.int16,
    QAudioFormat.SampleFormat.Int32: np.int32,
    QAudioFormat.SampleFormat.Float: np.float32,
}


class MicrophoneError(EngineError):
    """The microphone cannot be used: there is none, it is not allowed, busy, or gone."""


def no_microphone() -> MicrophoneError:
    """There is no input device at all."""
    return MicrophoneError(
        QCoreApplication.translate("Microphone", "No microphone found."),
        hint=QCoreApplication.translate(
            "Microphone", "Connect a microphone (or a headset), then try again."
        ),
    )


def access_denied() -> MicrophoneError:
    """The system does not let Lanthorn record."""
    return MicrophoneError(
        QCoreApplication.translate(
            "Microphone", "Lanthorn is not allowed to use the microphone."
        ),
        hint=QCoreApplication.translate(
            "Microphone", "Allow it in the system's privacy settings, then try again."
        ),
    )


def permission_pending() -> MicrophoneError:
    """The system is asking the person whether Lanthorn may record."""
    return MicrophoneError(
        QCoreApplication.translate(
            "Microphone", "Lanthorn asked for permission to use the microphone."
        ),
        hint=QCoreApplication.translate(
            "Microphone", "Allow it, then press the microphone button again."
        ),
    )


def cannot_open(name: str) -> MicrophoneError:
    """The device exists but refused to start (busy, blocked, or broken)."""
    return MicrophoneError(
        QCoreApplication.translate(
            "Microphone", "The microphone {name} could not be opened."
        ).format(name=name),
        hint=QCoreApplication.translate(
            "Microphone",
            "Another program may be using it, or the system may not allow Lanthorn to "
            "record. Close that program or choose another microphone in Settings.",
        ),
    )


def unplugged(name: str) -> MicrophoneError:
    """The device went away mid-recording."""
    return MicrophoneError(
        QCoreApplication.translate(
            "Microphone", "The microphone {name} was disconnected while recording."
        ).format(name=name),
        hint=QCoreApplication.translate(
            "Microphone", "What was recorded until then is transcribed. Reconnect it to ask again."
        ),
    )


class AudioInput(Protocol):
    """Where recordings come from: the microphones, or recorded speech in tests (the seam)."""

    def problem(self) -> str:
        """"" when a recording can start, else why not (a sentence for the mic's tooltip)."""
        ...

    def open(self, device: str) -> PcmSource:
        """A source for the device with id `device` ("" for the default). Not started yet.

        Raises MicrophoneError.
        """
        ...


def describe_device(device: QAudioDevice) -> tuple[str, str]:
    """(id, description) of a device, as the settings keep and show it."""
    return bytes(device.id().data()).decode("utf-8", "replace"), device.description()


def input_devices() -> list[tuple[str, str]]:
    """(id, description) of every microphone connected now."""
    return [describe_device(device) for device in QMediaDevices.audioInputs()]


class Microphones(QObject):
    """The system's microphones. `devices` and `permission` may be replaced (tests).

    Signals:
        changed(): a microphone was connected or removed, or permission was answered.
    """

    changed = Signal()

    def __init__(
        self,
        devices: Callable[[], list[QAudioDevice]] | None = None,
        permission: Callable[[], Qt.PermissionStatus] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._media = QMediaDevices(self)
        self._media.audioInputsChanged.connect(self.changed)
        self._devices = devices or QMediaDevices.audioInputs
        self._permission = permission or _check_permission

    def devices(self) -> list[QAudioDevice]:
        """The input devices there are now."""
        return list(self._devices())

    def problem(self) -> str:
        """Why no recording can start (no microphone, not allowed), or ""."""
        if not self.devices():
            return str(no_microphone())
        if self._permission() == Qt.PermissionStatus.Denied:
            return str(access_denied())
        return ""

    def open(self, device: str) -> PcmSource:
        """A source on the chosen device, or the default one when it is gone."""
        devices = self.devices()
        if not devices:
            raise no_microphone()
        status = self._permission()
        if status == Qt.PermissionStatus.Denied:
            raise access_denied()
        if status == Qt.PermissionStatus.Undetermined:
            self._ask_permission()
            raise permission_pending()
        return MicrophoneSource(_pick(devices, device), self._devices, self)

    def _ask_permission(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.requestPermission(QMicrophonePermission(), self, lambda _p: self.changed.emit())


class MicrophoneSource(PcmSource):
    """One device's sound, converted to 16 kHz mono, delivered as it is read."""

    def __init__(
        self,
        device: QAudioDevice,
        devices: Callable[[], list[QAudioDevice]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.device_id, self.name = describe_device(device)
        audio_format = _format_for(device)
        self._audio = QAudioSource(device, audio_format, self)
        self._converter = Converter(
            audio_format.sampleRate(),
            audio_format.channelCount(),
            _NUMPY_TYPES[audio_format.sampleFormat()],
        )
        self._devices = devices
        self._media = QMediaDevices(self)
        self._io: QIODevice | None = None
        self._heard_at = 0.0
        self._health = QTimer(self, interval=HEALTH_CHECK_MS)
        self._health.timeout.connect(self._check_health)
        self._media.audioInputsChanged.connect(self._on_devices_changed)

    def start(self) -> None:
        """Open the device. Raises MicrophoneError when it will not start."""
        io = self._audio.start()
        if io is None or self._audio.error() != QtAudio.Error.NoError:
            self._audio.stop()
            raise cannot_open(self.name)
        io.readyRead.connect(self._read)
        self._io = io
        self._heard_at = time.monotonic()
        self._health.start()

    def stop(self) -> None:
        """Deliver what is buffered, then close the device."""
        if self._io is None:
            return
        self._read()
        self._io = None
        self._health.stop()
        self._audio.stop()
        rest = self._converter.flush()
        if len(rest):
            self.sink(rest)

    def _read(self) -> None:
        io = self._io
        if io is None:
            return
        data = bytes(io.readAll().data())
        if data:
            self._heard_at = time.monotonic()
        chunk = self._converter.convert(data)
        if len(chunk):
            self.sink(chunk)

    def _check_health(self) -> None:
        stopped = self._audio.state() == QtAudio.State.StoppedState
        broken = stopped or self._audio.error() != QtAudio.Error.NoError
        stalled = time.monotonic() - self._heard_at > STALL_S
        if self._io is not None and (broken or stalled):
            self._lose()

    def _on_devices_changed(self) -> None:
        present = {describe_device(d)[0] for d in self._devices()}
        if self._io is not None and self.device_id not in present:
            self._lose()

    def _lose(self) -> None:
        self.stop()
        self.failed.emit(unplugged(self.name))


def _pick(devices: list[QAudioDevice], wanted: str) -> QAudioDevice:
    for device in devices:
        if wanted and describe_device(device)[0] == wanted:
            return device
    default = QMediaDevices.defaultAudioInput()
    return default if not default.isNull() else devices[0]


def _format_for(device: QAudioDevice) -> QAudioFormat:
    """16 kHz mono float when the device can give it, else the device's own format."""
    wanted = QAudioFormat()
    wanted.setSampleRate(SAMPLE_RATE)
    wanted.setChannelCount(1)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Float)
    if device.isFormatSupported(wanted):
        return wanted
    preferred = device.preferredFormat()
    return preferred if preferred.sampleFormat() in _NUMPY_TYPES else wanted


def _check_permission() -> Qt.PermissionStatus:
    app = QCoreApplication.instance()
    if app is None:
        return Qt.PermissionStatus.Undetermined
    return app.checkPermission(QMicrophonePermission())
