"""Playlists in the documents panel: a collapsible group per playlist, its videos' rows inside.

The engine stores each video of a playlist as a source of its own that names its group
(`Source.group_id`), and lists the groups (`list_groups`, a cheap read made with the sources'
on the I/O lane). The panel makes a row per source as for any document; `arrange` then puts
each row in place: ungrouped rows in the panel's list, a playlist's rows in its box, the box
where its first video would be. The box's header says how many videos are ready, still to come
and failed, folds the videos away, and removes the whole playlist (the engine removes its
videos with it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.knowledge.source_row import RowState
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import Source, SourceGroup, SourceStatus

WAITING = (SourceStatus.QUEUED, SourceStatus.INDEXING)


def summary(states: Sequence[RowState]) -> str:
    """`12 videos · 10 ready · 1 to come · 1 failed` (the parts that are not zero)."""
    ready = sum(1 for s in states if s.status is SourceStatus.READY)
    waiting = sum(1 for s in states if s.status in WAITING)
    failed = len(states) - ready - waiting
    parts = [
        QCoreApplication.translate("PlaylistGroups", "{count} videos").format(count=len(states))
    ]
    if ready:
        parts.append(
            QCoreApplication.translate("PlaylistGroups", "{count} ready").format(count=ready)
        )
    if waiting:
        parts.append(
            QCoreApplication.translate("PlaylistGroups", "{count} to come").format(count=waiting)
        )
    if failed:
        parts.append(
            QCoreApplication.translate("PlaylistGroups", "{count} failed").format(count=failed)
        )
    return " · ".join(parts)


def place(layout: QBoxLayout, index: int, widget: QWidget) -> None:
    """Put `widget` at `index` of `layout` unless it is there already."""
    if layout.indexOf(widget) != index:
        layout.insertWidget(index, widget)
        widget.show()


class PlaylistBox(QFrame):
    """One playlist: a header (fold, title, summary, remove) over its videos' rows.

    Signals:
        remove_requested(int): remove the playlist (its group id) with all its videos.
    """

    remove_requested = Signal(int)

    def __init__(self, group: SourceGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playlistBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.group = group
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_expanded)
        self.title = QLabel(self)
        self.title.setObjectName("playlistTitle")
        self.title.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("playlistStatus")
        self.remove_button = QPushButton(self.tr("Remove playlist"), self)
        self.remove_button.setObjectName("sourceAction")
        self.remove_button.setFlat(True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.group.id))
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        titles = QVBoxLayout()
        titles.setSpacing(3)
        titles.addWidget(self.title)
        titles.addWidget(self.status)
        titles.addLayout(actions)
        header = QHBoxLayout()
        header.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        self.body = QWidget(self)
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(16, 0, 0, 0)
        self.rows.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.body)
        self.show_group(group)
        self.set_expanded(True)

    @property
    def expanded(self) -> bool:
        """Whether the videos are shown."""
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Show or fold away the videos."""
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(
            Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        )
        self.toggle.setAccessibleName(
            self.tr("Hide the videos") if expanded else self.tr("Show the videos")
        )
        self.body.setVisible(expanded)

    def show_group(self, group: SourceGroup) -> None:
        """Show the playlist's title (it may be renamed when added again)."""
        self.group = group
        self.title.setText(self.tr("Playlist: {title}").format(title=group.title))
        self.title.setToolTip(group.url or "")

    def show_states(self, states: Sequence[RowState]) -> None:
        """Say where the playlist's videos stand."""
        self.status.setText(summary(states))


class PlaylistGroups:
    """The playlist boxes of a panel, and where every row of the panel goes.

    Args:
        engine: read for the playlists (`list_groups`) and to remove one.
        runner: runs those on the I/O lane.
        rows_layout: the panel's list (an item before the rows, a stretch after them).
        changed: called on the GUI thread when the playlists were re-read (re-arrange then).
        failed: called with an engine error (the window shows it).
    """

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        rows_layout: QVBoxLayout,
        changed: Callable[[], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._engine = engine
        self._runner = runner
        self._list = rows_layout
        self._changed = changed
        self._failed = failed
        self._groups: dict[int, SourceGroup] = {}
        self.boxes: dict[int, PlaylistBox] = {}

    def refresh(self) -> None:
        """Re-read the playlists (the engine said sources changed)."""
        self._runner.run(
            lambda _c: self._engine.knowledge.list_groups(),
            self._on_groups,
            self._failed,
            lane=IO,
            context=self._list.parentWidget(),
        )

    def _on_groups(self, groups: list[SourceGroup]) -> None:
        self._groups = {g.id: g for g in groups}
        for group_id, box in self.boxes.items():
            if group_id in self._groups:
                box.show_group(self._groups[group_id])
        self._changed()

    def arrange(
        self,
        states: Sequence[RowState],
        rows: Mapping[str, QWidget],
        sources: Sequence[Source],
    ) -> None:
        """Put every row in place, in the order of `states`: in the list or in its playlist."""
        group_of = {s.id: s.group_id for s in sources if s.group_id is not None}
        grouped: dict[int, list[RowState]] = {}
        index = 1  # after the panel's hint
        for state in states:
            group_id = group_of.get(state.source_id) if state.source_id is not None else None
            if group_id is None:
                place(self._list, index, rows[state.key])
                index += 1
                continue
            if group_id not in grouped:
                grouped[group_id] = []
                place(self._list, index, self._box(group_id))
                index += 1
            members = grouped[group_id]
            place(self.boxes[group_id].rows, len(members), rows[state.key])
            members.append(state)
        for group_id in [g for g in self.boxes if g not in grouped]:
            box = self.boxes.pop(group_id)
            self._list.removeWidget(box)
            box.deleteLater()
        for group_id, members in grouped.items():
            self.boxes[group_id].show_states(members)

    def _box(self, group_id: int) -> PlaylistBox:
        box = self.boxes.get(group_id)
        if box is None:
            known = self._groups.get(group_id)
            group = known or SourceGroup(id=group_id, kind="playlist", title="…")
            box = self.boxes[group_id] = PlaylistBox(group, self._list.parentWidget())
            box.remove_requested.connect(self.remove)
        return box

    def remove(self, group_id: int) -> None:
        """Remove a playlist with all its videos (the list follows the engine's change)."""
        self._runner.run(
            lambda _c: self._engine.knowledge.remove_group(group_id),
            lambda _changes: None,
            self._failed,
            lane=IO,
            context=self._list.parentWidget(),
        )
