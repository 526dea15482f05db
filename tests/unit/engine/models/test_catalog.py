"""The shipped catalog: what the issue asks of it, and a file that reads cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import ModelError, NotFoundError
from engine.llm import defaults
from engine.models.advice import recommend
from engine.models.catalog import load_catalog
from engine.types import CatalogKind, FitVerdict, ModelFit


def test_the_catalog_offers_what_the_issue_asks() -> None:
    catalog = load_catalog()
    kinds = {e.kind for e in catalog.entries}
    assert kinds == {CatalogKind.CHAT, CatalogKind.EMBEDDING, CatalogKind.WHISPER}
    chat = [e for e in catalog.entries if e.kind is CatalogKind.CHAT]
    sizes = sorted(e.parameters or 0 for e in chat)
    assert sizes[0] < 1e9 < sizes[len(sizes) // 2] and sizes[-1] > 7e9  # several sizes
    assert sum("zh" in e.languages for e in chat) >= 3  # ones strong in Chinese
    assert all("multilingual" in e.languages for e in catalog.entries
               if e.kind is not CatalogKind.CHAT)
    for entry in catalog.entries:
        assert entry.license and entry.size > 0
        for file in entry.files:
            assert file.url.startswith("https://huggingface.co/") and "/resolve/" in file.url
    pinned = [f for e in catalog.entries for f in e.files if f.sha256]
    assert pinned and all(len(f.sha256) == 64 for f in pinned)


def test_chat_entries_are_sized_by_the_one_estimate() -> None:
    catalog = load_catalog()
    big = catalog.info(catalog.find("qwen2.5-7b-instruct"))
    assert defaults.kv_bytes_per_token(big) == 28 * 4 * (128 + 128) * 2
    assert defaults.fit(big, 4096, free_bytes=2 * 1024**3).verdict is FitVerdict.WONT_FIT


def test_the_best_fit_is_the_largest_that_fits_comfortably() -> None:
    catalog = load_catalog()

    def fitted(free: int) -> list:  # type: ignore[type-arg]
        import dataclasses

        return [
            dataclasses.replace(e, fit=defaults.fit(catalog.info(e), 4096, free_bytes=free))
            if e.kind is CatalogKind.CHAT else e
            for e in catalog.entries
        ]

    small = recommend(fitted(2 * 1024**3), starter_only=True)
    assert small.starter_only and small.entry is not None
    assert small.entry.name == "qwen2.5-1.5b-instruct"  # 1.5 of 2.1 GB; the 3B would swap
    assert "tiny demo model" in small.message and small.entry.title in small.message
    large = recommend(fitted(32 * 1024**3), starter_only=True)
    assert large.entry is not None and large.entry.name == "qwen2.5-7b-instruct"
    none = recommend(fitted(100 * 1024**2), starter_only=True)
    assert none.entry is None and "remote" in none.message
    assert recommend(fitted(32 * 1024**3), starter_only=False).message == ""
    assert isinstance(large.entry.fit, ModelFit)


def test_a_broken_catalog_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text('schema_version = 1\n[[model]]\nname = "x"\nkind = "chat"\n', "utf-8")
    with pytest.raises(ModelError, match="broken entry"):
        load_catalog(bad)
    unsafe = tmp_path / "u.toml"
    unsafe.write_text(
        'schema_version = 1\n[[model]]\nname = "x"\nkind = "whisper"\ntitle = "X"\n'
        'license = "MIT"\n[[model.file]]\npath = "../../etc/passwd"\n'
        'url = "https://huggingface.co/x/resolve/main/a"\nsize = 1\n', "utf-8")
    with pytest.raises(ModelError, match="unsafe file path"):
        load_catalog(unsafe)
    with pytest.raises(NotFoundError, match="no model named 'nope'"):
        load_catalog().find("nope")
