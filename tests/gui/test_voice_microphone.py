"""The microphone itself: QtMultimedia recording from a real sound server, in the real window.

A private PulseAudio (no system config, its socket in the test's folder) gets a pipe source:
for Qt and for the window it is a microphone like any other, and the test plays recorded
speech into it in real time. Each test runs the window in its own process (see
microphone_session.py). PulseAudio is installed by .ci/run; a machine without it skips these.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gui.voice_clips import reference
from tests.integration.speech.scoring import wer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pulseaudio") is None, reason="PulseAudio is not installed"),
]

PROJECT = Path(__file__).resolve().parents[2]


class SoundServer:
    """A PulseAudio of our own, and the microphone (pipe source) plugged into it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fifo = folder / "mic.fifo"
        self.command_socket = folder / "cli"
        self.env = {
            **os.environ,
            "PULSE_SERVER": f"unix:{folder / 'native'}",
            "PULSE_RUNTIME_PATH": str(folder / "run"),
            "HOME": str(folder),
        }
        self.log = (folder / "pulseaudio.log").open("wb")
        # Off the session bus: a second sound server there (another worker's) would own the
        # name org.PulseAudio1 and this one would exit.
        server_env = {k: v for k, v in self.env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
        self.process = subprocess.Popen(
            [
                "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                "--use-pid-file=no", "--log-target=stderr", "--log-level=error",
                "-L", f"module-native-protocol-unix socket={folder / 'native'} auth-anonymous=1",
                "-L", "module-null-sink sink_name=speakers",
            ],
            env=server_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while self._pactl("info").returncode and time.monotonic() < deadline:
            time.sleep(0.1)

    def plug_microphone(self) -> None:
        """Load the pipe source (16 kHz mono s16, as the clips are) and the command socket."""
        for module in (
            ["module-pipe-source", "source_name=test_microphone", f"file={self.fifo}",
             "format=s16le", "rate=16000", "channels=1"],
            ["module-cli-protocol-unix", f"socket={self.command_socket}"],
        ):  # fmt: skip
            done = self._pactl("load-module", *module)
            assert done.returncode == 0, done.stderr + (self.folder / "pulseaudio.log").read_text()

    def ask(self, clip: Path, lanthorn_home: Path, *extra: str) -> dict[str, object]:
        """Run one spoken question in the window; its report."""
        env = {**self.env, "LANTHORN_HOME": str(lanthorn_home), "QT_QPA_PLATFORM": "offscreen"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-m", "tests.gui.microphone_session", str(self.fifo), str(clip),
             *extra],
            env=env, cwd=PROJECT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr, done.stderr[-3000:]
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    def stop(self) -> None:
        """End the server this test started."""
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()

    def _pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, check=False
        )


@pytest.fixture
def sound_server(tmp_path: Path) -> Iterator[SoundServer]:
    folder = tmp_path / "pulse"
    folder.mkdir()
    server = SoundServer(folder)
    yield server
    server.stop()


def test_a_question_spoken_into_the_microphone(
    sound_server: SoundServer, real_home: Path, shared_data: Path
) -> None:
    sound_server.plug_microphone()
    clip = shared_data / "audio" / "jfk.wav"
    report = sound_server.ask(clip, real_home)
    assert report["devices"] == [["test_microphone", report["devices"][0][1]]]
    assert report["enabled"] and report["answered"], report
    assert wer(reference(shared_data, "jfk.wav"), str(report["box"])) <= 0.1, report
    [[reason, seconds]] = report["stops"]
    assert reason == "released" and 10.5 <= seconds <= 12.0  # all of it came through
    assert report["errors"] == []


def test_a_microphone_pulled_out_mid_question(
    sound_server: SoundServer, real_home: Path, shared_data: Path
) -> None:
    sound_server.plug_microphone()
    clip = shared_data / "audio" / "jfk.wav"
    socket = str(sound_server.command_socket)
    report = sound_server.ask(clip, real_home, "--command-socket", socket, "--unplug-after", "5.0")
    [[reason, seconds]] = report["stops"]
    assert reason == "lost" and 4.0 <= seconds <= 6.0, report
    [error] = report["errors"]
    assert "was disconnected while recording" in str(error)
    # What came before the plug was pulled is kept and transcribed.
    words = re.sub(r"[^\w\s]", "", str(report["box"]).lower())  # Whisper may add a comma
    assert words.startswith("and so my fellow americans"), report
    assert float(report["noticed_after_s"]) <= 3.0
