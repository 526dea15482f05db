"""Ctrl+V on the window adds the links (or copied files) on the clipboard as sources.

A person copies a YouTube link from the browser's address bar, or a playlist's Share link, and
pastes it on the window or the documents panel. Text fields keep Ctrl+V for themselves (Qt
gives a focused editor the key before any window shortcut), so pasting into the question box
still pastes text. The clipboard's text may hold several links, one per line or separated by
spaces; a word counts as a link when it is a web address or matches a URL pattern of a kind of
source the engine reads (`youtu.be/…` without `https://`, as people type them). Text without
links is left alone: nothing is added and nothing is said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QGuiApplication

from desktop.knowledge.kinds import LINK_PREFIXES
from desktop.knowledge.knowledge_panel import KnowledgePanel
from desktop.task_runner import IO, TaskRunner
from engine.api import EngineAPI
from engine.types import SourceKind


def text_links(text: str, kinds: Sequence[SourceKind]) -> list[str]:
    """The links in pasted text, in order, each once."""
    patterns = [re.compile(p, re.IGNORECASE) for kind in kinds for p in kind.url_patterns]
    found = [
        word.strip("<>()[]\"'")
        for word in text.split()
        if word.strip("<>()[]\"'").startswith(LINK_PREFIXES)
        or any(p.search(word) for p in patterns)
    ]
    return list(dict.fromkeys(found))


def pasted_targets(mime: QMimeData, kinds: Sequence[SourceKind]) -> list[str]:
    """Copied files and folders as paths, and web links, from the clipboard's data."""
    targets: list[str] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            targets.append(url.toLocalFile())
        elif url.scheme() in ("http", "https"):
            targets.append(url.toString())
    if not targets and mime.hasText():
        targets = text_links(mime.text(), kinds)
    return targets


class LinkPaste(QObject):
    """Adds what is pasted to the documents panel (the window's Ctrl+V calls `paste`)."""

    def __init__(self, engine: EngineAPI, runner: TaskRunner, panel: KnowledgePanel) -> None:
        super().__init__(panel)
        self._panel = panel
        self._kinds: tuple[SourceKind, ...] = ()
        runner.run(
            lambda _c: engine.knowledge.kinds(),
            self._on_kinds,
            lambda _exc: None,  # the panel reads the kinds too and reports a failure
            lane=IO,
            context=self,
        )

    def _on_kinds(self, kinds: tuple[SourceKind, ...]) -> None:
        self._kinds = kinds

    def paste(self) -> bool:
        """Add the links or files on the clipboard; False when it holds none."""
        mime = QGuiApplication.clipboard().mimeData()
        targets = pasted_targets(mime, self._kinds) if mime is not None else []
        if targets:
            self._panel.add_paths(targets)
        return bool(targets)
