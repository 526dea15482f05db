"""Speech: Whisper transcription of recordings and files (faster-whisper, CTranslate2).

Nothing here imports faster-whisper, PyAV or OpenCC at module level: opening the engine stays
cheap, and a machine that never speaks to Lanthorn never loads them.
"""
