"""What the chat view shows: one entry per message, and how a citation is labelled and opened."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, QUrlQuery

USER, ASSISTANT = "user", "assistant"


@dataclass
class Entry:
    """One message in the chat view (a stored message, a streaming answer or a summary).

    `citations` holds `engine.types.Citation` values; `covered` is False when the documents did
    not cover the question (the view then offers a general-knowledge answer).
    """

    role: str
    text: str = ""
    message_id: int | None = None
    citations: tuple[Any, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False
    heading: str = ""  # set on a summary streamed now: a label above it, and no regenerate
    streaming: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def from_message(message: Any) -> Entry:
    """An entry for a stored `engine.types.Message` (its citations restored)."""
    role = getattr(message.role, "value", str(message.role))
    return Entry(
        role=USER if role == USER else ASSISTANT,
        text=message.text,
        message_id=message.id,
        citations=tuple(getattr(message, "citations", ()) or ()),
        covered=getattr(message, "covered", None),
        general_knowledge=bool(getattr(message, "general_knowledge", False)),
    )


def citation_label(citation: Any) -> str:
    """`report.pdf p.12` for a page, `talk 12:05` for a moment in a video."""
    name = str(citation.path or "").replace("\\", "/").rsplit("/", 1)[-1]
    title = name if "." in name else (citation.title or name)  # `report.pdf`, as on disk
    start_s = getattr(citation, "start_s", None)
    if start_s is not None:
        minutes, seconds = divmod(int(start_s), 60)
        return QCoreApplication.translate("Citations", "{title} {minutes}:{seconds:02d}").format(
            title=title, minutes=minutes, seconds=seconds
        )
    if citation.page:
        return QCoreApplication.translate("Citations", "{title} p.{page}").format(
            title=title, page=citation.page
        )
    return str(title)


def video_url(citation: Any) -> QUrl | None:
    """The web address that opens a timed citation at its second, or None for documents."""
    url = getattr(citation, "url", None)
    start_s = getattr(citation, "start_s", None)
    if not url:
        return None
    qurl = QUrl(url)
    if start_s is not None:
        query = QUrlQuery(qurl)
        query.removeAllQueryItems("t")
        query.addQueryItem("t", f"{int(start_s)}s")
        qurl.setQuery(query)
    return qurl


def is_pdf(citation: Any) -> bool:
    """Whether the citation points into a PDF the built-in viewer can open."""
    return str(getattr(citation, "path", "")).lower().endswith(".pdf")
