"""One message in the chat: who said it, the rendered text, its actions and citation chips.

Under an answer being written, a status line says what it is doing and for how long; under a
stopped answer it says "Stopped" (kept after a restart: the engine stores it). A "not covered"
reply written while documents were still being indexed names them and offers to ask again once
they are ready. Citation chips open with Enter as well as Space.

Evidence first: above an answer, the sentences of the documents that most likely answer it
(found right after the search, seconds before the model's first word) are shown as short
quotes, each with a chip that opens the viewer on the quote, like the answer's own chips.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.chat import markdown
from desktop.chat.entries import USER, Entry, citation_label
from desktop.chat.markdown_view import MarkdownView
from desktop.widgets.flow_layout import FlowLayout
from engine.types import Citation


class ChipButton(QPushButton):
    """A citation chip: Enter and Return open it too (a plain button only takes Space)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter on a focused chip clicks it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            return
        super().keyPressEvent(event)


class MessageWidget(QFrame):
    """Shows an `Entry`; the streaming answer re-renders only itself.

    Signals:
        citation_clicked(object): a citation chip or `[n]` marker was activated.
        link_clicked(QUrl): a web link in the text was activated.
        regenerate_requested(): the person wants another answer to the last question.
        edit_submitted(int, str): an edited question (message id, new text) to send again.
        general_knowledge_requested(): answer the uncovered question from the model itself.
        ask_again_requested(): ask the uncovered question again once indexing is done.
    """

    citation_clicked = Signal(object)
    link_clicked = Signal(QUrl)
    regenerate_requested = Signal()
    edit_submitted = Signal(int, str)
    general_knowledge_requested = Signal()
    ask_again_requested = Signal()

    def __init__(self, entry: Entry, parent: QWidget | None = None, *, plain: bool = False) -> None:
        """`plain`: show the text unrendered until `show_markdown` (the start-up's first paint)."""
        super().__init__(parent)
        self.entry = entry
        self._plain = plain
        self._code_blocks: list[str] = []
        self._editor: QPlainTextEdit | None = None
        self.setObjectName("userMessage" if entry.role == USER else "assistantMessage")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._build()
        self.show_model(entry.model)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.who = QLabel(self.tr("You") if self.entry.role == USER else self.tr("Lanthorn"))
        self.who.setObjectName("messageAuthor")
        self.badge = QLabel()
        self.badge.setObjectName("messageBadge")
        self.badge.hide()
        self.model_note = QLabel()
        self.model_note.setObjectName("messageModel")
        self.copy_button = self._action(self.tr("Copy"), self.tr("Copy this message"))
        self.copy_button.clicked.connect(self.copy_text)
        self.edit_button = self._action(self.tr("Edit"), self.tr("Edit this question and resend"))
        self.edit_button.clicked.connect(self.start_edit)
        self.edit_button.setVisible(self.entry.role == USER)
        self.regenerate_button = self._action(self.tr("Regenerate"), self.tr("Answer again"))
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.regenerate_button.hide()
        header = QHBoxLayout()
        header.addWidget(self.who)
        header.addWidget(self.badge)
        header.addWidget(self.model_note)
        header.addStretch(1)
        for button in (self.copy_button, self.edit_button, self.regenerate_button):
            header.addWidget(button)
        self.evidence_box = QWidget(self)
        self.evidence_box.setObjectName("evidenceBox")
        self.evidence_layout = QVBoxLayout(self.evidence_box)
        self.evidence_layout.setContentsMargins(0, 0, 0, 4)
        self.evidence_layout.setSpacing(2)
        self.evidence_box.hide()
        self._shown_evidence: tuple[Citation, ...] = ()
        self.body = MarkdownView(self)
        self.body.setAccessibleName(self.tr("Message text"))
        self.body.link_clicked.connect(self._on_body_link_clicked)
        self.chips = QWidget(self)
        self.chips.setObjectName("citationChips")
        self.chip_layout = FlowLayout(self.chips)
        self.chips.hide()
        self.status_line = QLabel(self)
        self.status_line.setObjectName("messageStatus")
        self.status_line.hide()
        self.indexing_note = QLabel(self)
        self.indexing_note.setObjectName("indexingNote")
        self.indexing_note.setWordWrap(True)
        self.indexing_note.hide()
        self.general_button = QPushButton(self.tr("Answer from general knowledge"))
        self.general_button.setAccessibleName(self.tr("Answer from general knowledge"))
        self.general_button.clicked.connect(self.general_knowledge_requested)
        self.general_button.hide()
        self.ask_again_button = QPushButton(self.tr("Ask again when ready"))
        self.ask_again_button.clicked.connect(self.ask_again_requested)
        self.ask_again_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.general_button)
        buttons.addWidget(self.ask_again_button)
        buttons.addStretch(1)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.evidence_box)
        layout.addWidget(self.body)
        layout.addWidget(self.status_line)
        layout.addWidget(self.chips)
        layout.addWidget(self.indexing_note)
        layout.addLayout(buttons)

    def _action(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName("messageAction")
        button.setFlat(True)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # ------------------------------------------------------------------ updating
    def refresh(self) -> None:
        """Render the entry again (called per coalesced batch while it streams)."""
        entry = self.entry
        self._render_body()
        self._refresh_badge()
        self.refresh_evidence()
        self.copy_button.setEnabled(not entry.streaming and bool(entry.text))
        self.edit_button.setEnabled(not entry.streaming and entry.message_id is not None)
        if not entry.streaming:
            self._refresh_chips()
            uncovered = entry.covered is False and not entry.general_knowledge
            self.general_button.setVisible(uncovered and entry.role != USER)
            self.set_status(self.tr("Stopped") if entry.stopped else "")

    def show_markdown(self) -> None:
        """Render the text shown plain so far as Markdown (the rest of the message stays)."""
        if self._plain:
            self._plain = False
            self._render_body()

    def _render_body(self) -> None:
        entry = self.entry
        if entry.role == USER or self._plain:
            self.body.setPlainText(entry.text)
            return
        numbers = [c.n for c in entry.citations]
        rendered = markdown.render(entry.text, numbers, self.tr("Copy"))
        self._code_blocks = rendered.code_blocks
        self.body.setHtml(rendered.html or self._empty_html())

    def _empty_html(self) -> str:
        if self.entry.stopped and not self.entry.streaming:
            return "<p><i>{}</i></p>".format(self.tr("Stopped before the answer began."))
        return "<p>…</p>"

    def set_status(self, text: str) -> None:
        """The line under the text: what a streaming answer does, or that it was stopped."""
        self.status_line.setText(text)
        self.status_line.setVisible(bool(text))

    def set_indexing(self, note: str, button: str, waiting: bool) -> None:
        """Name the documents still being indexed and offer to ask again ("" hides both).

        `waiting`: the person already asked; the button says so and is disabled.
        """
        self.indexing_note.setText(note)
        self.indexing_note.setVisible(bool(note))
        self.ask_again_button.setText(button)
        self.ask_again_button.setAccessibleName(button)
        self.ask_again_button.setVisible(bool(button))
        self.ask_again_button.setEnabled(not waiting)

    def focus_order(self) -> list[QWidget]:
        """The message's controls in the order Tab visits them (top to bottom)."""
        return [
            self.copy_button, self.edit_button, self.regenerate_button, *self.evidence_chips(),
            self.body, *self.chip_buttons(), self.general_button, self.ask_again_button,
        ]

    def show_model(self, model: str | None) -> None:
        """Name the model that wrote this answer (stored with it; unknown while streaming)."""
        self.entry.model = model
        shown = bool(model) and self.entry.role != USER
        self.model_note.setText(model or "")
        self.model_note.setToolTip(self.tr("Written by {model}").format(model=model) if shown
                                   else "")
        self.model_note.setAccessibleName(self.model_note.toolTip())
        self.model_note.setVisible(shown)

    def set_last_answer(self, last: bool) -> None:
        """Only the newest answer of a conversation can be regenerated (a summary is redone)."""
        self.regenerate_button.setVisible(last and not self.entry.streaming)

    def set_actions_enabled(self, enabled: bool) -> None:
        """Disable regenerate/edit while another answer streams."""
        self.regenerate_button.setEnabled(enabled)
        self.edit_button.setEnabled(enabled and self.entry.message_id is not None)
        self.general_button.setEnabled(enabled)

    def _refresh_badge(self) -> None:
        entry = self.entry
        text = entry.heading
        if not text and entry.summary_of is not None:  # reopened: the title is not kept
            text = self.tr("Summary")
        if entry.general_knowledge:
            text = self.tr("General knowledge, not from your documents")
        elif entry.covered is False and not entry.streaming:
            text = self.tr("Not covered by your documents")
        self.badge.setText(text)
        self.badge.setVisible(bool(text))

    def _refresh_chips(self) -> None:
        while self.chip_layout.count():
            item = self.chip_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for citation in self.entry.citations:
            self.chip_layout.addWidget(self._chip(citation))
        self.chips.setVisible(bool(self.entry.citations))

    def refresh_evidence(self) -> None:
        """Show the entry's evidence above the answer (rebuilt only when it changed)."""
        evidence = self.entry.evidence
        if evidence == self._shown_evidence:
            return
        self._shown_evidence = evidence
        while self.evidence_layout.count():
            item = self.evidence_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if evidence:
            heading = QLabel(self.tr("From your documents:"), self.evidence_box)
            heading.setObjectName("evidenceHeading")
            self.evidence_layout.addWidget(heading)
        for citation in evidence:
            self.evidence_layout.addWidget(self._evidence_row(citation))
        self.evidence_box.setVisible(bool(evidence))

    def _evidence_row(self, citation: Citation) -> QWidget:
        row = QWidget(self.evidence_box)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        quote = QLabel("“{}”".format(" ".join(citation.quote.split())), row)
        quote.setObjectName("evidenceQuote")
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        chip = self._chip(citation, numbered=False, parent=row)
        chip.setObjectName("evidenceChip")
        line.addWidget(quote, 1)
        line.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def evidence_chips(self) -> list[QPushButton]:
        """The evidence's chips, in order (tests and keyboard focus use them)."""
        return [w for w in self.evidence_box.findChildren(QPushButton)
                if w.objectName() == "evidenceChip"]

    def _chip(
        self, citation: Citation, *, numbered: bool = True, parent: QWidget | None = None
    ) -> QPushButton:
        label = citation_label(citation)
        text = f"[{citation.n}] {label}" if numbered else label
        chip = ChipButton(text, parent or self.chips)
        chip.setObjectName("citationChip")
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        chip.setAccessibleName(self.tr("Open source {label}").format(label=label))
        quote = citation.quote
        chip.setToolTip(quote[:300] + ("…" if len(quote) > 300 else ""))
        chip.clicked.connect(lambda: self.citation_clicked.emit(citation))
        return chip

    def chip_buttons(self) -> list[QPushButton]:
        """The citation chips, in order (tests and keyboard focus use them)."""
        items = (self.chip_layout.itemAt(i) for i in range(self.chip_layout.count()))
        return [w for item in items if item and isinstance(w := item.widget(), QPushButton)]

    # ------------------------------------------------------------------ actions
    def copy_text(self) -> None:
        """Put the message's Markdown text on the clipboard."""
        QGuiApplication.clipboard().setText(self.entry.text)

    def start_edit(self) -> None:
        """Swap the text for an editor; Ctrl+Enter resends, Esc cancels."""
        if self._editor is not None or self.entry.message_id is None:
            return
        editor = self._editor = QPlainTextEdit(self.entry.text, self)
        editor.setAccessibleName(self.tr("Edit question"))
        editor.setFixedHeight(max(60, self.body.height() + 20))
        send = QPushButton(self.tr("Send again"), self)
        cancel = QPushButton(self.tr("Cancel"), self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(send)
        box = QWidget(self)
        box.setObjectName("editBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(editor)
        inner.addLayout(row)
        self._layout.insertWidget(2, box)
        self.body.hide()
        send.clicked.connect(self._submit_edit)
        cancel.clicked.connect(self.cancel_edit)
        editor.installEventFilter(self)
        editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """In the editor, Esc cancels and Ctrl+Enter resends (before any window shortcut)."""
        if watched is not self._editor or not isinstance(event, QKeyEvent):
            return False
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        escape = key == Qt.Key.Key_Escape
        resend = ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if not (escape or resend):
            return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            (self.cancel_edit if escape else self._submit_edit)()
        return True

    def cancel_edit(self) -> None:
        """Leave the question as it was."""
        if self._editor is None:
            return
        box = self._editor.parentWidget()
        self._editor = None
        if box is not None:
            box.hide()
            box.deleteLater()
        self.body.show()

    def _submit_edit(self) -> None:
        if self._editor is None or self.entry.message_id is None:
            return
        text = self._editor.toPlainText().strip()
        if not text:
            return
        message_id = self.entry.message_id
        self.cancel_edit()
        self.edit_submitted.emit(message_id, text)

    def _on_body_link_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == markdown.COPY_SCHEME:
            index = int(url.path() or 0)
            if 0 <= index < len(self._code_blocks):
                QGuiApplication.clipboard().setText(self._code_blocks[index])
        elif scheme == markdown.CITE_SCHEME:
            n = int(url.path() or 0)
            for citation in self.entry.citations:
                if citation.n == n:
                    self.citation_clicked.emit(citation)
        else:
            self.link_clicked.emit(url)
