"""Speech for the engine: settings resolved, the model chosen and kept, audio transcribed.

One object per engine. The facade part `engine.speech` and, later, the audio-file reader of the
knowledge base both go through it, so they pick models and write Chinese the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine import whisper_languages
from engine.cancel import CancelToken
from engine.config import Settings
from engine.errors import EngineError, UserInputError
from engine.speech import catalog, script, transcriber
from engine.speech.audio import SAMPLE_RATE, Pcm, decode_file, from_pcm
from engine.speech.loader import WhisperModels
from engine.speech.vad import voice_activity
from engine.types import (
    Progress,
    ProgressCallback,
    SpeechModel,
    SpeechStatus,
    Transcript,
    VoiceActivity,
)

READING = "reading"


class SpeechService:
    """Transcribes files and recordings with the model the settings call for. Thread-safe."""

    def __init__(
        self, settings: Callable[[], Settings], models: WhisperModels | None = None
    ) -> None:
        """`models` may be shared between services (tests load each model once per session)."""
        self._settings = settings
        self._models = models if models is not None else WhisperModels()

    def language(self, language: str | None = None) -> str:
        """The language to expect: `language`, else the setting ("" means detect it).

        Raises UserInputError for a code Whisper does not know.
        """
        wanted = self._settings().speech.language if language is None else language
        if wanted and not whisper_languages.is_known(wanted):
            raise UserInputError(
                f"'{wanted}' is not a spoken language Whisper knows.",
                hint="Use a code such as en or zh, or let Lanthorn detect the language.",
            )
        return wanted

    def model_for(self, language: str, folder: str | Path | None = None) -> SpeechModel:
        """The model for `language`: from `folder`, else the setting's, else a bundled one."""
        chosen = self._settings().speech.model if folder is None else str(folder)
        return catalog.choose(chosen, language)

    def models(self) -> list[SpeechModel]:
        """The installed bundled models, then the chosen folder's when usable. Cheap."""
        return catalog.available(self._settings().speech.model)

    def status(self, language: str | None = None) -> SpeechStatus:
        """Whether speech in `language` can be transcribed now, and by which model. Cheap."""
        setting = self._settings().speech.language if language is None else language
        try:
            model = self.model_for(self.language(language))
        except EngineError as exc:
            return SpeechStatus(model=None, language=setting, problem=str(exc))
        return SpeechStatus(model=model, language=setting, loaded=self._models.is_loaded(model))

    def load(self, language: str | None = None) -> SpeechModel:
        """Load the model for `language` now (a warm-up); returns which one."""
        model = self.model_for(self.language(language))
        self._models.get(model)
        return model

    def transcribe_file(
        self,
        path: str | Path,
        *,
        language: str | None = None,
        model: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe the sound of an audio or video file.

        Progress starts with a "reading" step of unknown length (decoding a long file takes
        seconds), then counts seconds of audio transcribed.
        """
        path = Path(path)
        spoken = self.language(language)
        chosen = self.model_for(spoken, model)
        if progress is not None:
            progress(Progress(done=0, total=None, stage=READING, item=path.name))
        audio = decode_file(path, cancel)
        job = transcriber.Job(
            audio=audio, language=spoken, conversion=self._conversion(), item=path.name
        )
        return self._run(chosen, job, progress, cancel)

    def transcribe_pcm(
        self,
        samples: Pcm,
        sample_rate: int = SAMPLE_RATE,
        *,
        language: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe recorded samples (a voice question)."""
        spoken = self.language(language)
        chosen = self.model_for(spoken)
        job = transcriber.Job(
            audio=from_pcm(samples, sample_rate), language=spoken, conversion=self._conversion()
        )
        return self._run(chosen, job, None, cancel)

    def voice_activity(self, samples: Pcm, sample_rate: int = SAMPLE_RATE) -> VoiceActivity:
        """Where recorded samples hold speech."""
        return voice_activity(from_pcm(samples, sample_rate))

    def close(self) -> None:
        """Forget the loaded models."""
        self._models.close()

    def _run(
        self,
        model: SpeechModel,
        job: transcriber.Job,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> Transcript:
        return transcriber.transcribe(
            lambda: self._models.get(model), model, job, progress=progress, cancel=cancel
        )

    def _conversion(self) -> str:
        return script.conversion_for(self._settings().ui.language)

