"""`engine.speech`: voice questions and audio files turned into text with Whisper."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from engine.api.shown import in_language
from engine.cancel import CancelToken
from engine.config import MAX_RECORDING_RANGE_S, Settings
from engine.types import ProgressCallback, SpeechModel, SpeechStatus, Transcript, VoiceActivity

if TYPE_CHECKING:  # numpy and the audio stack load on first use, not with the engine
    from engine.speech.audio import Pcm
    from engine.speech.service import SpeechService

__all__ = ["MAX_RECORDING_RANGE_S", "Speech"]


class Speech:
    """Transcribe recordings and files offline; which Whisper model; whether speech can work.

    `status`, `models` and `voice_activity` are cheap. `load` and the transcriptions block for
    as long as the audio takes (tiny.en: about a tenth of its length on 2 cores, plus 0.3 s to
    load once) and belong on the model lane. Everything is thread-safe. `language` is a Whisper
    code ("en", "zh", ...), "" to detect it, or None for the setting. Chinese comes out in the
    UI language's script. Silence is not an error: the transcript then has no segments
    (`heard_speech` is False), and the app can say it did not catch that.
    """

    def __init__(self, settings: Callable[[], Settings]) -> None:
        self._settings = settings
        self._made: SpeechService | None = None
        self._lock = threading.Lock()

    @property
    def _service(self) -> SpeechService:
        """The speech service, made on first use (it imports numpy and the audio stack)."""
        with self._lock:
            if self._made is None:
                from engine.speech.service import SpeechService

                self._made = SpeechService(self._settings)
            return self._made

    def status(self, language: str | None = None) -> SpeechStatus:
        """Whether speech in `language` can be transcribed now, and with which model.

        If not, `problem` says why (a sentence for the mic button's tooltip). Never loads.
        """
        return in_language(self._service.status(language), self._settings().ui.language)

    def models(self) -> list[SpeechModel]:
        """The installed bundled models (tiny.en, base), then the chosen folder when usable."""
        return self._service.models()

    def load(self, language: str | None = None) -> SpeechModel:
        """Load the model for `language` now, so the first question is quick; returns it.

        Raises ModelError (missing, incomplete or damaged model), StorageError (the bundled
        multilingual model cannot be written to the data folder).
        """
        return self._service.load(language)

    def transcribe_file(
        self,
        path: str | Path,
        *,
        language: str | None = None,
        model: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe an audio or video file (wav, mp3, m4a, ogg, flac, mp4, webm, mkv, ...).

        `model` is a Whisper folder for this call only (the settings stay as they are).
        `progress` gets seconds of audio done of the total, with an estimate of the time left;
        a cancel returns within a tenth of a second.

        Raises NotFoundError (no such file), AudioError (empty, not audio, no sound track,
        cut off), UserInputError (unknown language), ModelError, GenerationError, Cancelled.
        """
        return self._service.transcribe_file(
            path, language=language, model=model, progress=progress, cancel=cancel
        )

    def transcribe_pcm(
        self,
        samples: Pcm,
        sample_rate: int = 16_000,
        *,
        language: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe a recording (a voice question).

        `samples` are mono: a numpy array of floats in [-1, 1] or of int16, or raw
        little-endian float32 bytes, at `sample_rate` (resampled to 16 kHz when it differs).

        Raises UserInputError (not mono, bad bytes), ModelError, GenerationError, Cancelled.
        """
        return self._service.transcribe_pcm(
            samples, sample_rate, language=language, cancel=cancel
        )

    def voice_activity(self, samples: Pcm, sample_rate: int = 16_000) -> VoiceActivity:
        """Where a recording holds speech, and how long it has been silent since.

        For stopping a recording once its speaker falls silent. A few milliseconds per second
        of audio. Raises UserInputError (not mono, bad bytes).
        """
        return self._service.voice_activity(samples, sample_rate)

    def close(self) -> None:
        """Free the loaded models (the engine calls it when it closes)."""
        with self._lock:
            made = self._made
        if made is not None:
            made.close()
