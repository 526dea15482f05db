"""Values of speech input: transcripts, voice activity and the Whisper models."""

from __future__ import annotations

from dataclasses import dataclass

# Languages written without spaces between words: their segments join without one.
_UNSPACED_LANGUAGES = frozenset({"zh", "yue", "ja", "th", "lo", "km", "my", "bo"})


@dataclass(frozen=True)
class TranscriptSegment:
    """One stretch of speech Whisper heard, in seconds from the start of the audio."""

    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Transcript:
    """What was said in a recording or a file, segment by segment.

    `language` is the Whisper code used (given, or detected with `language_probability`);
    `duration_s` is the length of the whole audio, silence included; `model` names the Whisper
    model. No segments means nobody spoke (the "didn't catch that" case), not an error.
    """

    language: str
    segments: tuple[TranscriptSegment, ...]
    duration_s: float
    model: str
    language_probability: float = 1.0

    @property
    def heard_speech(self) -> bool:
        """Whether anything was said at all."""
        return bool(self.segments)

    @property
    def text(self) -> str:
        """The whole transcript as one string (no spaces between Chinese segments)."""
        glue = "" if self.language in _UNSPACED_LANGUAGES else " "
        return glue.join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class VoiceActivity:
    """Where a recording holds speech (Silero VAD), for stopping a recording after its end.

    `spans` are (start_s, end_s) pairs in seconds; `duration_s` is the recording's length.
    """

    spans: tuple[tuple[float, float], ...]
    duration_s: float

    @property
    def heard_speech(self) -> bool:
        """Whether anything was said at all."""
        return bool(self.spans)

    @property
    def trailing_silence_s(self) -> float:
        """Seconds since the last speech ended (the whole length when nobody spoke)."""
        return self.duration_s - self.spans[-1][1] if self.spans else self.duration_s


@dataclass(frozen=True)
class SpeechModel:
    """A Whisper model (a CTranslate2 folder) that Lanthorn transcribes with.

    `bundled` models ship with Lanthorn; `multilingual` ones also detect the language, the
    others understand English only.
    """

    name: str
    folder: str
    multilingual: bool
    bundled: bool


@dataclass(frozen=True)
class SpeechStatus:
    """Whether speech input can work now, and with which model.

    `problem` is "" when it can, else a sentence for the person (e.g. as the mic button's
    tooltip); `language` is the spoken-language setting in force ("" to detect).
    """

    model: SpeechModel | None
    language: str
    loaded: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Whether transcription can be tried."""
        return self.model is not None and not self.problem
