"""The curated catalog of recommended models (`resources/models/catalog.toml`).

The file sits in `resources/`, found by `paths.resource` in a checkout and in the installed app;
`LANTHORN_CATALOG` names another file (an organisation's mirror, or a test's catalog on
127.0.0.1).

A chat entry also gives its attention shape (layers, KV heads, head size), so `entry_info` can
build the header the engine's one memory estimate reads and a catalog model gets a fit label
before a byte of it is downloaded (`Catalog.info`).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import ModelError, NotFoundError
from engine.types import CatalogEntry, CatalogFile, CatalogKind, ModelInfo

CATALOG_ENV = "LANTHORN_CATALOG"
SCHEMA_VERSION = 1
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SHAPE = ("layers", "kv_heads", "head_dim")


def catalog_path() -> Path:
    """`$LANTHORN_CATALOG`, else the `resources/models/catalog.toml` that ships with the app."""
    override = os.environ.get(CATALOG_ENV)
    if override:
        return Path(override).expanduser()
    return paths.resource("models", "catalog.toml")


@dataclass(frozen=True)
class Catalog:
    """The entries in the file's order, and each chat entry's attention shape by name."""

    entries: tuple[CatalogEntry, ...]
    shapes: dict[str, dict[str, int]] = field(default_factory=dict)

    def find(self, name: str) -> CatalogEntry:
        """The entry called `name`. Raises NotFoundError listing the names there are."""
        for entry in self.entries:
            if entry.name == name:
                return entry
        raise NotFoundError(
            f"The catalog has no model named '{name}'.",
            hint="Known: " + ", ".join(e.name for e in self.entries) + ".",
        )

    def info(self, entry: CatalogEntry) -> ModelInfo:
        """A header-like `ModelInfo` for a chat entry, enough for the memory estimate."""
        return _entry_info(entry, self.shapes.get(entry.name, {}))


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog file, parsed and checked. Cheap (a small TOML file).

    Raises:
        ModelError: the file is missing or malformed.
    """
    path = path or catalog_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(
            f"The model catalog {path} cannot be read ({exc}).",
            hint="Reinstall Lanthorn, or add model files yourself.",
        ) from exc
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ModelError(f"The model catalog {path} has an unknown schema version.")
    try:
        raws = list(data.get("model", []))
        entries = tuple(_entry(raw) for raw in raws)
        shapes = {
            str(raw["name"]): {key: int(raw[key]) for key in _SHAPE}
            for raw in raws
            if raw.get("kind") == CatalogKind.CHAT.value
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"The model catalog {path} has a broken entry ({exc}).") from exc
    if len({e.name for e in entries}) != len(entries):
        raise ModelError(f"The model catalog {path} names a model twice.")
    return Catalog(entries=entries, shapes=shapes)


def _entry_info(entry: CatalogEntry, raw_shape: dict[str, int]) -> ModelInfo:
    arch = "catalog"
    heads = raw_shape.get("kv_heads", 0)
    dim = raw_shape.get("head_dim", 0)
    metadata = {
        f"{arch}.block_count": str(raw_shape.get("layers", 0)),
        f"{arch}.attention.head_count": str(heads),
        f"{arch}.attention.head_count_kv": str(heads),
        f"{arch}.attention.key_length": str(dim),
        f"{arch}.attention.value_length": str(dim),
    }
    return ModelInfo(
        path="",
        name=entry.title,
        architecture=arch,
        parameter_count=entry.parameters,
        quantization="",
        context_length=entry.context_length,
        chat_template=None,
        file_size=entry.size,
        metadata=metadata,
    )


def _entry(raw: dict[str, Any]) -> CatalogEntry:
    name = str(raw["name"])
    if not _NAME.match(name):
        raise ValueError(f"bad name {name!r}")
    files = tuple(_file(item) for item in raw["file"])
    if not files:
        raise ValueError(f"{name} has no files")
    return CatalogEntry(
        name=name,
        kind=CatalogKind(raw["kind"]),
        title=str(raw["title"]),
        license=str(raw["license"]),
        languages=tuple(str(code) for code in raw.get("languages", ())),
        files=files,
        description=str(raw.get("description", "")),
        parameters=int(raw["parameters"]) if "parameters" in raw else None,
        context_length=int(raw["context_length"]) if "context_length" in raw else None,
    )


def _file(raw: dict[str, Any]) -> CatalogFile:
    path = str(raw["path"])
    parts = Path(path).parts
    if Path(path).is_absolute() or ".." in parts or not parts:
        raise ValueError(f"unsafe file path {path!r}")
    url = str(raw["url"])
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not a web address: {url!r}")
    sha = str(raw.get("sha256", "")).lower()
    if sha and not _SHA256.match(sha):
        raise ValueError(f"bad sha256 for {path}")
    size = int(raw["size"])
    if size <= 0:
        raise ValueError(f"bad size for {path}")
    return CatalogFile(path=path, url=url, size=size, sha256=sha)
