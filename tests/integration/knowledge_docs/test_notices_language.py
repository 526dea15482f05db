"""Source notices and errors in the interface language, through the real engine."""

from __future__ import annotations

from pathlib import Path

from engine.api import Engine
from engine.config import Settings, UiSettings
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase


def test_an_encrypted_file_is_reported_in_the_chosen_language(
    shared_data: Path, embedder: Embedder
) -> None:
    """Through the real engine: pypdf in its child process, SQLite, the knowledge facade."""
    encrypted = shared_data / "pdf" / "bad" / "r3-user-password.pdf"

    def knowledge(db: object, folder: object, on_change: object) -> KnowledgeBase:
        return KnowledgeBase(db, embedder_loader=lambda _f: embedder,  # type: ignore[arg-type]
                             on_change=on_change)  # type: ignore[arg-type]

    settings = Settings(ui=UiSettings(language="zh_CN"))
    with Engine(settings, knowledge_factory=knowledge) as engine:
        report = engine.knowledge.add_sources([encrypted])
        assert report.failed
        [source] = engine.knowledge.list_sources()
        assert source.error.startswith("r3-user-password.pdf 已加密"), source.error
        assert engine.knowledge.get_source(source.id).error == source.error
        engine.update_settings(Settings(ui=UiSettings(language="en_US")))
        assert engine.knowledge.list_sources()[0].error.startswith(
            "r3-user-password.pdf is encrypted"
        )
