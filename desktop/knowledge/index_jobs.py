"""Indexing jobs the knowledge panel started, and the rows they and the engine's sources make.

A job is one `add_sources` (or `resume_indexing`) call. Until the engine has stored a file, the
panel shows it from the job ("waiting"); a file that failed or was cancelled before the engine
stored it (`AddResult.source_id` is None) is shown from the job's report. Everything else comes
from the engine's `list_sources`.
"""

from __future__ import annotations

import os
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

from desktop.knowledge.source_row import RowState, state_from_source
from desktop.task_runner import Task
from engine.types import AddResult, Progress, Source, SourceStatus


@dataclass(eq=False)
class IndexJob:
    """One indexing call: what it was given, its task, its latest progress, unstored results."""

    paths: list[str]
    task: Task | None = None
    progress: Progress | None = None
    unstored: list[AddResult] = field(default_factory=list)

    def covers(self, path: str) -> bool:
        """Whether this job was given `path` or a folder holding it."""
        target = os.path.abspath(path)
        for given in self.paths:
            given = os.path.abspath(given)
            if target == given or target.startswith(given.rstrip(os.sep) + os.sep):
                return True
        return False

    def is_on(self, source: Source) -> bool:
        """Whether the job's latest progress is about `source`."""
        item = self.progress.item if self.progress is not None else ""
        return bool(item) and item in (source.path, os.path.basename(source.path), source.title)


def job_for(jobs: Sequence[IndexJob], path: str) -> IndexJob | None:
    """The running job that covers `path`, if any."""
    return next((j for j in jobs if j.task is not None and j.covers(path)), None)


def row_states(
    sources: Sequence[Source], jobs: Sequence[IndexJob], locked: Container[int] = ()
) -> list[RowState]:
    """Rows for stored sources (with live progress), then files the engine has not stored.

    `locked` holds the ids of stored sources that failed for want of a password.
    """
    states: list[RowState] = []
    stored: set[str] = set()
    for source in sources:
        job = job_for(jobs, source.path)
        state = state_from_source(
            source, running=job is not None, needs_password=source.id in locked
        )
        if job is not None and job.progress is not None and job.is_on(source):
            state.progress = job.progress
        stored.add(os.path.abspath(source.path))
        states.append(state)
    for job in jobs:
        states.extend(r for r in _unstored_rows(job) if os.path.abspath(r.path) not in stored)
        if job.task is not None:
            states.extend(_waiting_rows(job, stored))
    return states


def _unstored_rows(job: IndexJob) -> list[RowState]:
    return [
        RowState(
            key=f"path:{result.path}",
            title=os.path.basename(result.path) or result.path,
            path=result.path,
            status=SourceStatus.CANCELLED if result.cancelled else SourceStatus.FAILED,
            error=result.error,
            needs_password=result.needs_password,
        )
        for result in job.unstored
    ]


def _waiting_rows(job: IndexJob, stored: set[str]) -> list[RowState]:
    return [
        RowState(
            key=f"path:{path}",
            title=os.path.basename(path),
            path=path,
            status=SourceStatus.QUEUED,
            running=True,
        )
        for path in job.paths
        if os.path.isfile(path) and os.path.abspath(path) not in stored
    ]
