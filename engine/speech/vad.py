"""Where a recording holds speech: the Silero VAD that faster-whisper ships, never our own.

`voice_activity` is for a recorder that stops itself after the speaker falls silent. Its spans
are raw, without the 0.4 s of padding and the 2 s of silence that transcription's VAD
(`vad_filter`) needs before it ends a span, so the silence after the last word is measured as
it is: on jfk_then_3s_silence.wav the last span ends at 10.5 s, where Kennedy stops, and
silence_2s.wav has none. About 3 ms per second of audio on 2 busy cores.

`has_speech` asks with transcription's own settings, so it agrees with what transcription would
keep. It lets silence skip language detection, which encodes a whole 30-second window even of
nothing: 3 s for Whisper base on this busy machine, against 4 ms of VAD for 2 s of silence.
"""

from __future__ import annotations

from engine.speech.audio import SAMPLE_RATE, Samples
from engine.types import VoiceActivity

MIN_SILENCE_MS = 100  # a pause between words is not the end of speech
MIN_SPEECH_MS = 100  # a click is not speech


def has_speech(audio: Samples) -> bool:
    """Whether transcription's VAD (faster-whisper's defaults) finds any speech in `audio`."""
    if not len(audio):
        return False
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return bool(get_speech_timestamps(audio, VadOptions()))


def voice_activity(audio: Samples) -> VoiceActivity:
    """The spans of speech in 16 kHz mono `audio`, raw (no padding)."""
    duration = len(audio) / SAMPLE_RATE
    if not len(audio):
        return VoiceActivity(spans=(), duration_s=0.0)
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        min_silence_duration_ms=MIN_SILENCE_MS,
        min_speech_duration_ms=MIN_SPEECH_MS,
        speech_pad_ms=0,
    )
    spans = tuple(
        (chunk["start"] / SAMPLE_RATE, chunk["end"] / SAMPLE_RATE)
        for chunk in get_speech_timestamps(audio, options)
    )
    return VoiceActivity(spans=spans, duration_s=duration)
