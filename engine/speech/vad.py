"""Where a recording holds speech: the Silero VAD that faster-whisper ships, never our own.

For a recorder that stops itself after the speaker falls silent. Transcription uses the same
detector with faster-whisper's own settings (`vad_filter`); here the spans are raw, without
the 0.4 s padding and the 2 s of silence that transcription needs before it ends a span, so
the silence after the last word is measured as it is. On jfk_then_3s_silence.wav the last
span ends near 11 s, where Kennedy stops, and silence_2s.wav has none.
"""

from __future__ import annotations

from engine.speech.audio import SAMPLE_RATE, Samples
from engine.types import VoiceActivity

MIN_SILENCE_MS = 100  # a pause between words is not the end of speech
MIN_SPEECH_MS = 100  # a click is not speech


def voice_activity(audio: Samples) -> VoiceActivity:
    """The spans of speech in 16 kHz mono `audio`. Blocking (about 1 ms per second of audio)."""
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
