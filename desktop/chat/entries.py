"""What the chat view shows: one entry per message, and how a citation is labelled and opened."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QUrl, QUrlQuery

from engine.types import Citation, Message, Role, clock

USER, ASSISTANT = "user", "assistant"


@dataclass
class Entry:
    """One message in the chat view (a stored message, a streaming answer or a summary).

    `covered` is False when the documents did not cover the question (the view then offers a
    general-knowledge answer); `summary_of` is the source a summary summarizes (regenerating it
    summarizes again); `stopped` marks an answer the person stopped; `indexing` holds the
    sources still being indexed when a "not covered" reply was written (it can be asked again
    once they are ready).
    """

    role: str
    text: str = ""
    message_id: int | None = None
    citations: tuple[Citation, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False
    summary_of: int | None = None
    heading: str = ""  # a summary streamed now names its source above it
    streaming: bool = False
    model: str | None = None  # the model that wrote an answer (as stored with it)
    stopped: bool = False
    indexing: tuple[int, ...] = ()
    restored: bool = False  # read back from storage (a reopened conversation)
    evidence: tuple[Citation, ...] = ()  # the sentences shown above the answer, cited


def from_message(message: Message) -> Entry:
    """An entry for a stored message, shown as it was when it was written."""
    return Entry(
        role=USER if message.role is Role.USER else ASSISTANT,
        text=message.text,
        message_id=message.id,
        citations=message.citations,
        covered=message.covered,
        general_knowledge=message.general_knowledge,
        summary_of=message.summary_of,
        model=message.model,
        stopped=message.stopped,
        restored=True,
        evidence=message.evidence,
    )


def citation_label(citation: Citation) -> str:
    """`report.pdf p.12` for a page, `talk 12:05` for a moment in a recording or video."""
    at = citation.location
    if at.start_s is not None:
        return QCoreApplication.translate("Citations", "{title} {time}").format(
            title=at.name, time=clock(at.start_s)
        )
    if at.page:
        return QCoreApplication.translate("Citations", "{title} p.{page}").format(
            title=at.name, page=at.page
        )
    return at.name


def video_url(citation: Citation) -> QUrl | None:
    """The web address that opens a timed citation at its second, or None for documents."""
    at = citation.location
    if not at.url:
        return None
    qurl = QUrl(at.url)
    if at.start_s is not None:
        query = QUrlQuery(qurl)
        query.removeAllQueryItems("t")
        query.addQueryItem("t", f"{int(at.start_s)}s")
        qurl.setQuery(query)
    return qurl


def is_pdf(citation: Citation) -> bool:
    """Whether the citation points into a PDF the built-in viewer can open."""
    return citation.location.path.lower().endswith(".pdf")
