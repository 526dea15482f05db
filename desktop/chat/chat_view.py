"""The scrolling list of messages, with a welcome card when a conversation is empty.

Each message is its own widget, so a streaming answer re-renders only itself. A long
conversation shows its newest `PAGE` messages and loads older ones on request, so opening it
stays quick and scrolling smooth. The view keeps to the bottom while an answer grows, unless the
person has scrolled up to read.

At start-up the window holds older messages back (`hold_older`): the reopened chat builds only
about a screenful of its newest messages, as plain text, before the first paint, and right after
it renders them as Markdown and builds the rest (`release_older`). Each message widget costs
~25 ms to build on a loaded 2-core machine, so a chat of 10 long messages kept the first paint
waiting ~0.25 s for widgets scrolled out of sight, and markdown-it's import ~0.1 s more.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.chat.entries import ASSISTANT, Entry
from desktop.chat.message_widget import MessageWidget

PAGE = 60
SCREENFUL_CHARS = 1500  # text of the newest messages built before the first paint (~a screen)


class WelcomeCard(QFrame):
    """What to do first: drop a PDF, ask a question. Never a blocking dialog.

    Once documents are ready it says so and invites the question instead (`set_documents`).

    Signals:
        add_requested(): the person pressed "Add documents…".
    """

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeCard")
        title = QLabel(self.tr("Welcome to Lanthorn"))
        title.setObjectName("welcomeTitle")
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.add_button = QPushButton(self.tr("Add documents…"))
        self.add_button.setAccessibleName(self.tr("Add documents"))
        self.add_button.clicked.connect(self.add_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.steps)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.set_documents(0)

    def set_documents(self, ready: int) -> None:
        """What to do first, given how many documents are ready to be asked about."""
        if not ready:
            self.steps.setText(self.tr(
                "<ol><li><b>Drop a PDF</b> (or a folder of them) anywhere on this window, or "
                "press <i>Add documents…</i></li>"
                "<li><b>Ask a question</b> below and press Enter.</li>"
                "<li>Answers cite the pages they come from: click a citation to see the "
                "passage.</li></ol>"
                "Everything stays on this computer. You can chat while documents are indexed."
            ))
            self.add_button.setText(self.tr("Add documents…"))
            return
        count = (
            self.tr("1 document is ready") if ready == 1
            else self.tr("{count} documents are ready").format(count=ready)
        )
        self.steps.setText(self.tr(
            "<p><b>{count}.</b> Ask a question about them below and press Enter.</p>"
            "<p>Answers cite the pages they come from: click a citation to see the passage. "
            "Drop more files anywhere on this window to add them.</p>"
            "Everything stays on this computer."
        ).format(count=count))
        self.add_button.setText(self.tr("Add more documents…"))


class ChatView(QScrollArea):
    """Messages of the open conversation.

    Signals:
        citation_clicked(object), link_clicked(QUrl), regenerate_requested(),
        edit_submitted(int, str), general_knowledge_requested(), ask_again_requested():
            forwarded from messages.
        add_requested(): from the welcome card.
        content_changed(): messages were added or removed (the window orders Tab again).
    """

    citation_clicked = Signal(object)
    link_clicked = Signal(QUrl)
    regenerate_requested = Signal()
    edit_submitted = Signal(int, str)
    general_knowledge_requested = Signal()
    ask_again_requested = Signal()
    add_requested = Signal()
    content_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.setAccessibleName(self.tr("Conversation"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._hidden: list[Entry] = []
        self._held: list[Entry] = []
        self._holding = False
        self._stick = True
        self._busy = False
        inner = QWidget()
        inner.setObjectName("chatInner")
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self.welcome = WelcomeCard(inner)
        self.welcome.add_requested.connect(self.add_requested)
        self.more_button = QPushButton(self.tr("Show earlier messages"), inner)
        self.more_button.clicked.connect(self._show_earlier)
        self.more_button.hide()
        self._layout.addWidget(self.welcome)
        self._layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)
        self.setWidget(inner)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # ------------------------------------------------------------------ content
    def messages(self) -> list[MessageWidget]:
        """The message widgets shown, oldest first."""
        found = []
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, MessageWidget):
                found.append(widget)
        return found

    def show_entries(self, entries: list[Entry]) -> None:
        """Replace everything with `entries` (a conversation was opened)."""
        self.clear()
        self._hidden = entries[:-PAGE] if len(entries) > PAGE else []
        page = entries[-PAGE:]
        split = _screenful_start(page) if self._holding else 0
        self._held = page[:split]
        for entry in page[split:]:
            self._insert(entry, self._layout.count() - 1, plain=self._holding)
        self.more_button.setVisible(bool(self._hidden))
        self._after_change()
        self._stick = True

    def hold_older(self) -> None:
        """Until `release_older`, `show_entries` builds only a screenful of newest messages."""
        self._holding = True

    def release_older(self) -> None:
        """Render the messages shown plain, build those held back above them (after the paint)."""
        self._holding = False
        held, self._held = self._held, []
        for message in self.messages():
            message.show_markdown()
        position = self._layout.indexOf(self.more_button) + 1
        for offset, entry in enumerate(held):
            self._insert(entry, position + offset)
        if held:
            self._after_change()

    def append(self, entry: Entry) -> MessageWidget:
        """Add a message at the bottom and keep it in sight."""
        self._stick = True
        widget = self._insert(entry, self._layout.count() - 1)
        self._after_change()
        return widget

    def remove_from(self, widget: MessageWidget) -> None:
        """Drop `widget` and every message after it (an edit or a regeneration replaces them)."""
        found = False
        for message in self.messages():
            found = found or message is widget
            if found:
                self._layout.removeWidget(message)
                message.deleteLater()
        self._after_change()

    def clear(self) -> None:
        """Show the empty state."""
        for message in self.messages():
            self._layout.removeWidget(message)
            message.deleteLater()
        self._hidden, self._held = [], []
        self.more_button.hide()
        self._after_change()

    def set_busy(self, busy: bool) -> None:
        """While an answer streams, no message can be regenerated or edited."""
        self._busy = busy
        for message in self.messages():
            message.set_actions_enabled(not busy)
        self._after_change()

    def set_document_count(self, ready: int) -> None:
        """How many documents are ready (the welcome card's advice follows)."""
        self.welcome.set_documents(ready)

    def focus_order(self) -> list[QWidget]:
        """The view's controls in the order Tab visits them (top to bottom)."""
        order: list[QWidget] = [self.welcome.add_button, self.more_button]
        for message in self.messages():
            order.extend(message.focus_order())
        return order

    # ------------------------------------------------------------------ internals
    def _insert(self, entry: Entry, index: int, *, plain: bool = False) -> MessageWidget:
        widget = MessageWidget(entry, self.widget(), plain=plain)
        widget.citation_clicked.connect(self.citation_clicked)
        widget.link_clicked.connect(self.link_clicked)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.edit_submitted.connect(self.edit_submitted)
        widget.general_knowledge_requested.connect(self.general_knowledge_requested)
        widget.ask_again_requested.connect(self.ask_again_requested)
        widget.set_actions_enabled(not self._busy)
        self._layout.insertWidget(index, widget)
        widget.show()
        return widget

    def _show_earlier(self) -> None:
        self.release_older()
        batch, self._hidden = self._hidden[-PAGE:], self._hidden[:-PAGE]
        position = self._layout.indexOf(self.more_button) + 1
        for offset, entry in enumerate(batch):
            self._insert(entry, position + offset)
        self.more_button.setVisible(bool(self._hidden))
        self._stick = False
        self._after_change()

    def _after_change(self) -> None:
        messages = self.messages()
        self.welcome.setVisible(not messages and not self._hidden)
        last_answer = next((m for m in reversed(messages) if m.entry.role == ASSISTANT), None)
        for message in messages:
            message.set_last_answer(message is last_answer and message is messages[-1])
            if message is not messages[-1]:
                message.set_indexing("", "", False)  # only the last reply can be asked again
        self.content_changed.emit()

    def _on_scrolled(self, value: int) -> None:
        self._stick = value >= self.verticalScrollBar().maximum() - 24

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(maximum)


def _screenful_start(page: list[Entry]) -> int:
    """Index of the oldest entry in the newest screenful of `page` (at least the last two)."""
    chars, start = 0, len(page)
    while start > 0 and (chars < SCREENFUL_CHARS or start > len(page) - 2):
        start -= 1
        chars += len(page[start].text)
    return start
