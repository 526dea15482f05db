"""A voice question from the press of the mic button to text for the question box.

Push-to-talk and click-to-toggle share one button (and one key, see `push_to_talk`): a press
starts listening; letting go after `HOLD_S` stops it (push-to-talk); letting go sooner is a
click, and the recording goes on hands-free until the next click, the longest length, or the
trailing silence the recorder's VAD finds.

The first recording warms the Whisper model (`engine.speech.load`) on the model lane while the
person is still speaking (tiny.en loads in 0.3 s, base in 4-7 s on a busy machine), so the
transcription that follows on the same lane finds it loaded. Nothing here calls the engine on
the GUI thread except `settings()`, which only reads memory.

Whether the button can work is two questions: is there a microphone Lanthorn may use (asked of
the `AudioInput`, cheap), and can the engine transcribe the language (`engine.speech.status`,
on the I/O lane: a missing model). A model that fails to load or transcribe (ModelError)
disables the button with the engine's message until the settings change.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.errors import shown
from desktop.speech.language import spoken_language
from desktop.speech.stop_reason import StopReason
from desktop.task_runner import IO, MODEL, Task, TaskRunner
from engine.api import EngineAPI
from engine.errors import Cancelled, ModelError
from engine.types import SpeechStatus, Transcript

if TYPE_CHECKING:  # numpy and QtMultimedia load at the first check, after the first paint
    from desktop.speech.microphone import AudioInput
    from desktop.speech.pcm import Chunk
    from desktop.speech.recorder import Recorder


def import_audio() -> None:
    """Import numpy, the heavy part of what recording needs (~0.1 s quiet, 0.3 s under load).

    Run on a worker lane before the first check: imported on the GUI thread it froze the window
    for that long just after its first paint. The Qt parts (QtMultimedia, ~40 ms) are imported
    by the check itself, on the GUI thread: PySide6 makes each Qt enum type on first use, and
    two threads doing that at once crashed the process (seen in a test, in `QAudioFormat`'s
    enum on the lane while the window built a message).
    """
    import numpy  # noqa: F401 (imported for its cost, here)


HOLD_S = 0.4  # a press held longer is push-to-talk; a shorter one is a click that toggles


class VoiceState(StrEnum):
    """What the mic button shows."""

    IDLE = "idle"
    LISTENING = "listening"
    TRANSCRIBING = "transcribing"


class VoiceInput(QObject):
    """Records on `press`/`release`, transcribes, and hands the text on.

    Signals:
        state_changed(str): the `VoiceState` (again when listening turns hands-free).
        availability_changed(str): "" when the mic can be used, else why not (its tooltip).
        transcribed(str): the words heard.
        not_heard(): the recording held no speech ("didn't catch that").
        notice(str): a one-line note for the person (nothing heard, stopped at the limit).
        failed(object): an `EngineError` to show (no microphone, unplugged, model broken).
        recording_stopped(str, float): the `StopReason` and the recording's length in seconds.
    """

    state_changed = Signal(str)
    availability_changed = Signal(str)
    transcribed = Signal(str)
    not_heard = Signal()
    notice = Signal(str)
    failed = Signal(object)
    recording_stopped = Signal(str, float)

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        audio_input: AudioInput | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._runner = runner
        self.state = VoiceState.IDLE
        self.problem = ""
        self.recorder: Recorder | None = None
        self._model_problem = ""
        self._warmed: str | None = None
        self._pressed_at: float | None = None
        self._stop_note = ""  # told once the transcript is in (the longest length was reached)
        self._task: Task | None = None
        self._status_check = 0
        self._audio_input = audio_input

    @property
    def audio_input(self) -> AudioInput:
        """Where recordings come from: the system's microphones unless one was set.

        Made at the first use (the first availability check, after the window's first paint):
        `microphone` imports numpy and QtMultimedia (~0.15 s) and QMediaDevices starts the
        sound back-end, none of which the first paint needs.
        """
        if self._audio_input is None:
            from desktop.speech.microphone import Microphones

            microphones = Microphones(parent=self)
            microphones.changed.connect(self._check)
            self._audio_input = microphones
        return self._audio_input

    @property
    def hands_free(self) -> bool:
        """Whether the recording goes on after the button was let go (click-to-toggle)."""
        return self.recorder is not None and self.recorder.auto_stop

    @property
    def level(self) -> float:
        """The level meter (0..1): how loud the latest sound was, while listening."""
        return self.recorder.level if self.recorder is not None else 0.0

    def language(self) -> str:
        """The language the next question is heard in (see `desktop.speech.language`)."""
        return spoken_language(self._engine.settings().speech.language)

    def set_audio_input(self, audio_input: AudioInput) -> None:
        """Record from `audio_input` from now on (recorded speech in tests and benchmarks)."""
        self._audio_input = audio_input
        self._check()

    # ------------------------------------------------------------------ availability
    def refresh(self) -> None:
        """The settings changed: forget a model that failed, and check everything again."""
        self._model_problem = ""
        self._warmed = None
        self._check()

    def _check(self) -> None:
        """Whether there is a microphone, and whether the engine can transcribe the language."""
        problem = self.audio_input.problem()
        if problem:
            self._set_problem(problem)
            return
        speech, language = self._engine.speech, self.language()
        self._status_check += 1
        check = self._status_check
        self._runner.run(
            lambda _c: speech.status(language),
            lambda status: self._on_status(check, status),
            lambda exc: self._on_status(check, None, exc),
            lane=IO,
            context=self,
        )

    def _on_status(
        self, check: int, status: SpeechStatus | None, error: BaseException | None = None
    ) -> None:
        if check != self._status_check or isinstance(error, Cancelled):
            return
        if status is None:
            self._set_problem(shown(error) if error is not None else "")
        else:
            self._set_problem(status.problem or self._model_problem)

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.availability_changed.emit(problem)

    # ------------------------------------------------------------------ recording
    def press(self) -> None:
        """The mic button or key went down: start listening, or end a hands-free recording."""
        recorder = self.recorder
        if recorder is not None:
            if recorder.auto_stop:
                recorder.stop(StopReason.RELEASED)
            return
        if self.problem or self.state is not VoiceState.IDLE:
            return
        from desktop.speech.microphone import MicrophoneError
        from desktop.speech.recorder import Recorder

        speech = self._engine.settings().speech
        try:
            recorder = Recorder(
                self.audio_input.open(speech.input_device),
                self._engine,
                self._runner,
                max_seconds=speech.max_recording_s,
                parent=self,
            )
            recorder.stopped.connect(self._on_stopped)
            recorder.voice_check_failed.connect(self.failed)
            recorder.start()
        except MicrophoneError as exc:
            self.failed.emit(exc)
            self._check()
            return
        self.recorder, self._pressed_at = recorder, time.monotonic()
        self._set_state(VoiceState.LISTENING)
        self._warm_up()

    def release(self) -> None:
        """The button or key came up: a hold ends the recording, a click makes it hands-free."""
        pressed, self._pressed_at = self._pressed_at, None
        recorder = self.recorder
        if pressed is None or recorder is None or not recorder.recording:
            return
        if time.monotonic() - pressed >= HOLD_S:
            recorder.stop(StopReason.RELEASED)
        else:
            recorder.auto_stop = True
            self.state_changed.emit(str(self.state))

    def cancel(self) -> None:
        """Drop the recording and the transcription under way (the window is closing)."""
        if self.recorder is not None:
            self.recorder.stop(StopReason.CANCELLED)
        if self._task is not None:
            self._task.cancel()

    def _on_stopped(self, reason: str) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        recorder.deleteLater()
        self.recording_stopped.emit(reason, recorder.seconds)
        if reason == StopReason.LOST and recorder.error is not None:
            self.failed.emit(recorder.error)
        if reason == StopReason.LIMIT:
            self._stop_note = self.tr(
                "Stopped at the longest recording the settings allow ({seconds} s)."
            ).format(seconds=round(recorder.seconds))
        samples = recorder.samples()
        if reason == StopReason.CANCELLED or (reason == StopReason.LOST and not len(samples)):
            self._set_state(VoiceState.IDLE)
        elif not len(samples):
            self._on_transcript(None)
        else:
            self._transcribe(samples)

    # ------------------------------------------------------------------ the engine
    def _warm_up(self) -> None:
        language = self.language()
        if self._warmed == language:
            return
        self._warmed = language
        speech = self._engine.speech
        self._runner.run(
            lambda _c: speech.load(language),
            lambda _model: None,
            self._on_model_failed,
            lane=MODEL,
            context=self,
        )

    def _transcribe(self, samples: Chunk) -> None:
        from desktop.speech.pcm import SAMPLE_RATE

        self._set_state(VoiceState.TRANSCRIBING)
        speech, language = self._engine.speech, self.language()
        self._task = self._runner.run(
            lambda cancel: speech.transcribe_pcm(
                samples, SAMPLE_RATE, language=language, cancel=cancel
            ),
            self._on_transcript,
            self._on_model_failed,
            lane=MODEL,
            context=self,
        )

    def _on_transcript(self, transcript: Transcript | None) -> None:
        self._task = None
        self._set_state(VoiceState.IDLE)
        text = transcript.text.strip() if transcript is not None else ""
        note, self._stop_note = self._stop_note, ""
        if text:
            self.transcribed.emit(text)
            self.notice.emit(note)
            return
        self.not_heard.emit()
        self.notice.emit(self.tr("Didn't catch that — try again."))

    def _on_model_failed(self, error: BaseException) -> None:
        """Warm-up or transcription failed: a broken model disables the button until fixed."""
        if self.state is VoiceState.TRANSCRIBING:
            self._task = None
            self._set_state(VoiceState.IDLE)
        if isinstance(error, Cancelled):
            return
        if isinstance(error, ModelError):
            self._model_problem = shown(error)
            self._set_problem(self._model_problem)
            if self.recorder is not None:
                self.recorder.stop(StopReason.CANCELLED)
        self.failed.emit(error)

    def _set_state(self, state: VoiceState) -> None:
        self.state = state
        self.state_changed.emit(str(state))
