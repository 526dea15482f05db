"""One voice question in the real window, through a real microphone: run in its own process.

tests/gui/test_voice_microphone.py starts a private PulseAudio whose pipe source is that
microphone, then runs this with PULSE_SERVER pointing at it (QtMultimedia connects to a sound
server once per process, so the pytest process, which found none, cannot be reused). Nothing
here is a stand-in: the window picks the microphone from QMediaDevices, the mic button is held
with the mouse while a clip is written into the pipe in 20 ms blocks, in real time, as a sound
card delivers it, and the real engine transcribes. With `--unplug-after`, the sound stops
mid-recording and the server ends the recording stream (through its command socket), as when
a USB microphone is pulled out. Prints a JSON report on stdout.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.app import application
from desktop.main_window import MainWindow
from desktop.speech.microphone import input_devices
from desktop.task_runner import TaskRunner
from engine.api import Engine

BLOCK_S = 0.02


def _wait(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        QTest.qWait(20)
    return condition()


def _pull_out(command_socket: str) -> None:
    """End every recording stream on the server, as a backend does when its device is gone."""
    streams = subprocess.run(
        ["pactl", "list", "short", "source-outputs"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    with socket.socket(socket.AF_UNIX) as cli:
        cli.connect(command_socket)
        for line in filter(None, streams):
            cli.sendall(f"kill-source-output {line.split()[0]}\n".encode())
        time.sleep(0.1)


def _play(fifo: Path, clip: Path, unplug_after_s: float | None, command_socket: str) -> None:
    """Write the clip into the pipe source in real time; pull the microphone out on cue."""
    with wave.open(str(clip), "rb") as file:
        data = file.readframes(file.getnframes())
    block = int(32_000 * BLOCK_S)  # 16 kHz, 16-bit mono
    start = time.monotonic()
    with fifo.open("wb") as pipe:
        for offset in range(0, len(data), block):
            if unplug_after_s is not None and offset >= unplug_after_s * 32_000:
                _pull_out(command_socket)
                return
            pipe.write(data[offset : offset + block])
            pipe.flush()
            time.sleep(max(0.0, start + (offset + block) / 32_000 - time.monotonic()))


def main() -> None:
    """Ask one question by holding the mic button; print what the window showed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("fifo", type=Path)
    parser.add_argument("clip", type=Path)
    parser.add_argument("--command-socket", default="")
    parser.add_argument("--unplug-after", type=float, default=None)
    args = parser.parse_args()
    application()
    engine, runner = Engine(), TaskRunner()
    window = MainWindow(engine, runner, warm_up=False)
    window.show()
    mic, voice = window.chat.composer.mic_button, window.chat.voice
    stops: list[tuple[str, float]] = []
    errors: list[str] = []
    heard: list[str] = []
    voice.recording_stopped.connect(lambda reason, seconds: stops.append((reason, seconds)))
    voice.transcribed.connect(lambda text: heard.append(text))
    voice.not_heard.connect(lambda: heard.append(""))
    window.error_banner.shown.connect(lambda text: errors.append(text))
    report: dict[str, object] = {"devices": input_devices(), "stops": stops, "errors": errors}
    report["enabled"] = _wait(mic.isEnabled, 30)
    QTest.mousePress(mic, Qt.MouseButton.LeftButton)
    cue = (args.fifo, args.clip, args.unplug_after, args.command_socket)
    player = threading.Thread(target=_play, args=cue, daemon=True)
    player.start()
    _wait(lambda: not player.is_alive(), 60)
    unplugged_at = time.monotonic()
    if args.unplug_after is not None:  # still held: the window should notice by itself
        _wait(lambda: bool(stops), 10)
        report["noticed_after_s"] = round(time.monotonic() - unplugged_at, 2)
    QTest.qWait(300)
    QTest.mouseRelease(mic, Qt.MouseButton.LeftButton)
    report["answered"] = _wait(lambda: bool(heard), 120)
    report["text"] = heard[0] if heard else None
    report["box"] = window.chat.composer.question.toPlainText()
    report["tooltip"] = mic.toolTip()
    window.close()
    _wait(lambda: not runner.busy, 30)
    runner.shutdown(wait=True)
    engine.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
