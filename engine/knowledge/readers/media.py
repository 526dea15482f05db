"""Recordings and videos as sources: what is said in them, heard by Whisper, cited to the second.

The knowledge layer does not know Whisper: the engine hands this reader a `Transcribe`
function (the speech part's `transcribe_file`, with the settings' language and model), so a
recording is transcribed exactly as `lanthorn transcribe` would. Whisper's segments (about a
sentence, 2-8 s each on the shared clips) become the cues that the chunker cuts into time
windows of at most 30 s within the token budget.

Everything that can go wrong is one line: a file that is not audio, cut off or without sound
(`AudioError`, from decoding), a missing or damaged Whisper model (`ModelError`), and a file in
which nobody speaks, which is reported here rather than indexed as an empty source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.readers.timed import Recording, RecordingReader, TimedText
from engine.types import MEDIA_SUFFIXES, ProgressCallback, SourceKind, Transcript


class Transcribe(Protocol):
    """Whisper for the knowledge base: an audio or video file in, its transcript out."""

    def __call__(
        self,
        path: Path,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Transcribe `path` (blocking; progress counts seconds of audio).

        Raises AudioError, ModelError, GenerationError, Cancelled.
        """
        ...


def no_speech_part(
    path: Path, *, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
) -> Transcript:
    """The transcriber of a knowledge base opened without the engine's speech part."""
    raise DocumentError(
        f"{path.name} cannot be transcribed here: speech recognition is not set up.",
        hint="Add it through Lanthorn (the app or `lanthorn add`), which transcribes it.",
    )


def recording_from(transcript: Transcript, title: str, name: str) -> Recording:
    """A Whisper transcript as a recording. Raises DocumentError when nothing was said."""
    cues = tuple(
        TimedText(text=segment.text, start_s=segment.start_s, end_s=segment.end_s)
        for segment in transcript.segments
        if segment.text.strip()
    )
    if not cues:
        raise DocumentError(
            f"No speech was heard in {name}: it holds only silence or noise.",
            hint="There is nothing to index; check that it is the recording you meant.",
        )
    return Recording(
        title=title, cues=cues, duration_s=transcript.duration_s,
        language=transcript.language, origin=f"whisper {transcript.model}",
    )


class MediaReader(RecordingReader):
    """Reads sound and video files by transcribing them (`transcribe`: the speech part's)."""

    kind = SourceKind(
        kind="recording",
        label="Recordings and videos",
        suffixes=MEDIA_SUFFIXES,
        timed=True,
        playable=True,
    )

    def __init__(self, transcribe: Transcribe = no_speech_part) -> None:
        self._transcribe = transcribe

    def record(
        self,
        target: str,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Recording:
        """Transcribe the file (a tenth of its length with tiny.en on two cores)."""
        path = Path(target)
        transcript = self._transcribe(path, progress=progress, cancel=cancel)
        return recording_from(transcript, path.stem, path.name)
