"""Voice questions: microphone, recorder, level meter, automatic stop, mic button, transcription.

The recording reaches the engine's Whisper and its text lands in the question box.
"""
