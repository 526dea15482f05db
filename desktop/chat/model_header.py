"""Above the chat: which model answers this conversation (switchable), and the demo-model notice.

The choice is stored with the conversation (`engine.models.use_in_conversation`), so it holds
after a restart; a conversation without one answers with the default model. Picking a model
other than the default for a chat not started yet creates the conversation at once (the engine
titles it from its first question), so its first answer already comes from that model. The
list is disabled while an answer is written: a switch applies from the next answer on, and
switching mid-answer would only confuse which model wrote what.

The notice (`desktop.models.demo_notice`) shows while only the starter model is installed, once:
dismissing it is remembered with the window state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.locations import window_state
from desktop.models import facts
from desktop.models.demo_notice import DemoNotice
from desktop.models.downloads import Downloads
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import LibraryModel, Recommendation

DISMISSED_KEY = "notices/demo_model_dismissed"


@dataclass(frozen=True)
class HeaderData:
    """The library, the model of the open conversation, and the demo-model offer."""

    models: list[LibraryModel]
    chosen: LibraryModel | None
    recommendation: Recommendation | None


class ModelHeader(QFrame):
    """The model chooser of the open conversation, and the one-time demo-model notice.

    Signals:
        conversation_created(int): a model was picked for a chat not started yet; the
            conversation was created for it and should be opened.
        model_shown(str): the list shows the open conversation's model (its id; tests wait).
        failed(object): choosing a model failed (the window shows it).
    """

    conversation_created = Signal(int)
    model_shown = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        engine: EngineAPI,
        runner: TaskRunner,
        downloads: Downloads,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelHeader")
        self._engine = engine
        self._runner = runner
        self.conversation_id: int | None = None
        self.models: list[LibraryModel] = []
        self._read = 0  # only the newest read may fill the list
        label = QLabel(self.tr("&Model:"))
        self.chooser = QComboBox()
        self.chooser.setObjectName("modelChooser")
        self.chooser.setAccessibleName(self.tr("Model for this conversation"))
        self.chooser.setToolTip(self.tr("The model that writes this conversation's answers"))
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.activated.connect(self._on_chooser_activated)
        label.setBuddy(self.chooser)
        self.fit = QLabel()
        self.fit.setObjectName("modelFit")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.chooser)
        row.addWidget(self.fit)
        row.addStretch(1)
        self.notice = DemoNotice(downloads, dismissible=True)
        self.notice.dismissed.connect(self._on_notice_dismissed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.notice)

    @property
    def notice_dismissed(self) -> bool:
        """Whether the person closed the demo-model notice (in this or an earlier session)."""
        return bool(window_state().value(DISMISSED_KEY, False, bool))

    def show_conversation(self, conversation_id: int) -> None:
        """Show the model of `conversation_id` (-1: a chat not started yet)."""
        self.conversation_id = None if conversation_id < 0 else conversation_id
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        """No switching while an answer is written."""
        self.chooser.setEnabled(not busy)

    def refresh(self) -> None:
        """Read the library and the conversation's model again (off the GUI thread)."""
        engine, cid, offer = self._engine, self.conversation_id, not self.notice_dismissed
        self._read += 1
        read = self._read

        def work(_cancel: object) -> HeaderData:
            models = engine.models.library()
            chosen = engine.models.for_conversation(cid) if cid is not None else None
            return HeaderData(
                models=models,
                chosen=chosen or next((m for m in models if m.default), None),
                recommendation=engine.models.recommendation() if offer else None,
            )

        self._runner.run(
            work,
            lambda data: self._show(data) if read == self._read else None,
            lambda exc: self.failed.emit(exc) if read == self._read else None,
            lane=IO,
            context=self,
        )

    def _show(self, data: HeaderData) -> None:
        self.models = data.models
        self.chooser.clear()
        items = self.chooser.model()
        for model in data.models:
            self.chooser.addItem(facts.display_name(model), model.id)
            index = self.chooser.count() - 1
            tip = model.problem or facts.fit_text(model.fit)
            self.chooser.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
            if model.problem and isinstance(items, QStandardItemModel):
                items.item(index).setEnabled(False)  # a missing file cannot answer
        chosen = data.chosen
        if chosen is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(chosen.id))
            self.fit.setText(facts.verdict_text(chosen.fit.verdict) if chosen.fit else "")
            self.fit.setProperty("verdict", facts.verdict_key(chosen.fit))
            self.fit.style().unpolish(self.fit)
            self.fit.style().polish(self.fit)
        if data.recommendation is not None and not self.notice_dismissed:
            self.notice.show_recommendation(data.recommendation)
        else:
            self.notice.hide()
        self.model_shown.emit(chosen.id if chosen is not None else "")

    def _on_chooser_activated(self, index: int) -> None:
        model_id = str(self.chooser.itemData(index))
        model = next((m for m in self.models if m.id == model_id), None)
        if model is None:
            return
        engine, cid = self._engine, self.conversation_id
        if cid is None and model.default:
            self.refresh()
            return

        def work(_cancel: object) -> int:
            target = engine.conversations.create().id if cid is None else cid
            engine.models.use_in_conversation(target, model_id)
            return target

        self._runner.run(work, self._on_chosen(cid), self._on_choice_failed, lane=IO,
                         context=self)

    def _on_chosen(self, known: int | None) -> Callable[[int], None]:
        def chosen(conversation_id: int) -> None:
            if known is None:
                self.conversation_created.emit(conversation_id)
            self.refresh()

        return chosen

    def _on_choice_failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)
        self.refresh()

    def _on_notice_dismissed(self) -> None:
        state = window_state()
        state.setValue(DISMISSED_KEY, True)
        state.sync()
