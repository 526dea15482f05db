"""A playlist summarized: each indexed video in turn, then the whole playlist, with what failed.

Each video is summarized exactly as on its own (`engine.chat.summarize`: its points cite the
seconds they come from), one after the other under the playlist's heading. Citation numbers
run on across the videos, so `[7]` means one passage of one video in the whole text. The
playlist's overview is then drawn from the videos' own overviews (a small model follows a few
sentences per video far better than every point of every video), citing what those cite.
Videos that are not indexed (failed, cancelled, still waiting) are listed at the end with their
reason, so the summary says what it does not cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from engine.cancel import CancelToken
from engine.chat.answer_texts import answer_text, language_of
from engine.chat.summarize import Summarizer, overview_of
from engine.errors import EngineError
from engine.types import AnswerDelta, Citation, ProgressCallback, Source, SourceGroup, SourceStatus

_MARK = re.compile(r"\[(\d+)\]")


@dataclass
class _Playlist:
    """What the summary has gathered so far."""

    citations: list[Citation] = field(default_factory=list)
    notes: list[tuple[str, list[int]]] = field(default_factory=list)
    failed: list[tuple[Source, str]] = field(default_factory=list)


def stream(
    summarizer: Summarizer,
    group: SourceGroup,
    videos: Sequence[Source],
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[AnswerDelta]:
    """Stream the playlist's summary; the final delta carries every citation.

    Blocking generator. A video that cannot be summarized is listed with its reason, and so
    is every video when none is indexed yet.
    """
    cancel = cancel or CancelToken()
    lang = language_of(group.title + " ".join(v.title for v in videos))
    ready = [v for v in videos if v.status is SourceStatus.READY]
    gathered = _Playlist(failed=[(v, _not_ready(v, lang)) for v in videos if v not in ready])
    if not ready:
        yield AnswerDelta(text=answer_text("playlist_empty", lang) + "\n")
        yield AnswerDelta(text=_failures(gathered.failed, len(videos), lang))
        yield AnswerDelta(done=True, finish_reason="stop")
        return
    yield AnswerDelta(text=f"**{answer_text('playlist_title', lang, title=group.title)}**\n")
    for video in ready:
        if cancel.cancelled:
            break
        yield AnswerDelta(text="\n")
        yield from _video(summarizer, video, gathered, cancel, progress)
    if gathered.notes and not cancel.cancelled:
        overview = summarizer.overview(gathered.notes, answer_text("playlist_overview", lang),
                                       cancel)
        yield from (d for d in overview if not d.done)
    if gathered.failed:
        yield AnswerDelta(text=_failures(gathered.failed, len(videos), lang))
    reason = "cancelled" if cancel.cancelled else "stop"
    yield AnswerDelta(done=True, finish_reason=reason, citations=tuple(gathered.citations))


def _video(
    summarizer: Summarizer,
    video: Source,
    gathered: _Playlist,
    cancel: CancelToken,
    progress: ProgressCallback | None,
) -> Iterator[AnswerDelta]:
    """One video's summary, its citation numbers moved past the ones already given."""
    offset = len(gathered.citations)
    lang = language_of(video.title)
    label = answer_text("summary_overview", lang)
    try:
        for delta in summarizer.stream(video.id, cancel, progress):
            if delta.done:
                gathered.citations.extend(replace(c, n=c.n + offset) for c in delta.citations)
                continue
            text = _MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", delta.text)
            found = overview_of(text, label)
            if found is not None:
                gathered.notes.append(found)
            yield AnswerDelta(text=text)
    except EngineError as exc:
        gathered.failed.append((video, str(exc)))


def _not_ready(video: Source, lang: str) -> str:
    if video.status is SourceStatus.FAILED and video.error:
        return video.error
    return answer_text("playlist_not_ready", lang, status=str(video.status))


def _failures(failed: Sequence[tuple[Source, str]], total: int, lang: str) -> str:
    lines = [f"\n{answer_text('playlist_failed', lang, count=len(failed), total=total)}"]
    lines += [f"- {video.title}: {' '.join(reason.split())}" for video, reason in failed]
    return "\n".join(lines) + "\n"
