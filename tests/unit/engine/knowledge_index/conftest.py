"""Fixtures for the knowledge index unit tests: a real database, fake reader and embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from tests.unit.engine.knowledge_index.fakes import WordEmbedder, chunk_pages, fake_readers, loader


@pytest.fixture
def db(lanthorn_home: Path) -> Iterator[Database]:
    database = Database(paths.database_file())
    yield database
    database.close()


@pytest.fixture
def embedder() -> WordEmbedder:
    return WordEmbedder()


@pytest.fixture
def kb(db: Database, embedder: WordEmbedder) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase(
        db, embedder_loader=loader(embedder), readers=fake_readers(), chunker=chunk_pages,
        chunk_tokens=12,
    )
    yield base
    base.close()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder of small test documents (pages separated by form feeds)."""
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "rivers.txt").write_text(
        "The Rhine flows from the Swiss Alps to the North Sea.\f"
        "Barges carry coal and grain on the Rhine past Cologne.\f"
        "The Danube flows east to the Black Sea.",
        encoding="utf-8",
    )
    (folder / "sub" / "stars.md").write_text(
        "A pulsar is a rotating neutron star that emits beams of radiation.",
        encoding="utf-8",
    )
    (folder / "notes.docx").write_text("not a supported type", encoding="utf-8")
    return folder
