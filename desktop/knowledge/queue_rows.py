"""The rows of the knowledge panel: stored sources, files on their way, unstored failures.

The engine records every file of an add as `queued` at once (`queue_sources`) and one drain
(`resume_indexing`) indexes the queue in order, so almost everything comes from the engine's
`list_sources`. Until `queue_sources` has answered, the files given are shown as queued from
what the panel asked for; a file the engine could not even identify (`AddResult.source_id` is
None) is shown from that answer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.knowledge.source_row import RowState, state_from_source
from engine.types import AddResult, Progress, Source, SourceStatus


@dataclass
class Queue:
    """What the panel knows beyond the engine's sources.

    `asked`: paths given to `queue_sources` that it has not answered yet; `unstored`: failures
    without a source; `locked`: encrypted sources by id, True once a password was tried;
    `progress`: the drain's latest progress; `draining`: a drain is running.
    """

    asked: list[str] = field(default_factory=list)
    unstored: list[AddResult] = field(default_factory=list)
    locked: dict[int, bool] = field(default_factory=dict)
    progress: Progress | None = None
    draining: bool = False


def is_on(progress: Progress | None, source: Source) -> bool:
    """Whether the drain's latest progress is about `source`."""
    item = progress.item if progress is not None else ""
    return bool(item) and item in (source.path, os.path.basename(source.path), source.title)


def row_states(sources: Sequence[Source], queue: Queue) -> list[RowState]:
    """Rows for stored sources (with live progress), then files the engine has not stored."""
    states = [_stored(source, queue) for source in sources]
    stored = {os.path.abspath(s.path) for s in sources}
    for result in queue.unstored:
        if os.path.abspath(result.path) not in stored:
            states.append(_unstored(result))
    given = [p for p in queue.asked if os.path.isfile(p) and os.path.abspath(p) not in stored]
    states.extend(_asked(path) for path in dict.fromkeys(given))
    return states


def _stored(source: Source, queue: Queue) -> RowState:
    running = queue.draining and source.status is SourceStatus.INDEXING
    state = state_from_source(source, running=running)
    if running and is_on(queue.progress, source):
        state.progress = queue.progress
    if source.id in queue.locked and source.status is SourceStatus.FAILED:
        state.needs_password, state.password_tried = True, queue.locked[source.id]
    return state


def _unstored(result: AddResult) -> RowState:
    return RowState(
        key=f"path:{result.path}",
        name=os.path.basename(result.path) or result.path,
        path=result.path,
        status=SourceStatus.CANCELLED if result.cancelled else SourceStatus.FAILED,
        error=result.error,
        needs_password=result.needs_password,
    )


def _asked(path: str) -> RowState:
    return RowState(
        key=f"path:{path}", name=os.path.basename(path), path=path, status=SourceStatus.QUEUED
    )
