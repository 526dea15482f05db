"""A "not covered" reply while documents are still being indexed: name them, ask again later.

The engine's final delta of such a reply lists the sources still queued or being indexed
(`AnswerDelta.indexing`). The chat names them under the reply with their live progress (the
documents panel's rows) and offers "Ask again when ready": once none of them is still waiting,
the question is answered again (`regenerate` replaces the reply). A conversation reopened after
a restart no longer has that list; its last "not covered" reply gets the documents waiting at
that moment instead, since those are what the reply could not see.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop.knowledge.source_row import RowState
from engine.types import SourceStatus

_WAITING = (SourceStatus.QUEUED, SourceStatus.INDEXING)


@dataclass(frozen=True)
class Offer:
    """What to show under the reply: the note, the button's text, whether it waits already."""

    note: str = ""
    button: str = ""
    waiting: bool = False


def waiting_ids(documents: Mapping[int, RowState]) -> tuple[int, ...]:
    """Sources still queued or being indexed now."""
    return tuple(i for i, s in documents.items() if s.status in _WAITING)


def pending(ids: Sequence[int], documents: Mapping[int, RowState]) -> list[RowState]:
    """Of `ids`, the documents still waiting (a removed one no longer counts)."""
    return [documents[i] for i in ids if i in documents and documents[i].status in _WAITING]


def offer(ids: Sequence[int], documents: Mapping[int, RowState], asked: bool) -> Offer:
    """The note and button for a reply written while `ids` were still being indexed."""
    if not ids:
        return Offer()
    still = pending(ids, documents)
    if not still:
        return Offer(
            note=QCoreApplication.translate("AskAgain", "Those documents are indexed now."),
            button=QCoreApplication.translate("AskAgain", "Ask again"),
        )
    names = ", ".join(_progress(state) for state in still)
    note = QCoreApplication.translate("AskAgain", "Still being indexed: {names}.").format(
        names=names
    )
    if asked:
        return Offer(
            note=note,
            button=QCoreApplication.translate("AskAgain", "Will ask again when they are ready"),
            waiting=True,
        )
    return Offer(note=note, button=QCoreApplication.translate("AskAgain", "Ask again when ready"))


def _progress(state: RowState) -> str:
    if state.status is SourceStatus.QUEUED:
        return QCoreApplication.translate("AskAgain", "{name} (queued)").format(name=state.name)
    progress = state.progress
    done = progress.done if progress is not None else state.pages_done
    total = progress.total if progress is not None and progress.total else state.pages
    if not total:
        return state.name
    return QCoreApplication.translate("AskAgain", "{name} (page {done} of {total})").format(
        name=state.name, done=done, total=total
    )
