"""What every reader is: the kind it declares, who a target is, and how to open it.

A target is a string: a file path, or a web link (`scheme://...`). Targets stay strings all the
way from the caller to the reader, because `Path("https://host/x")` silently becomes
`https:/host/x`. A reader opens a target as a `Document` (engine.knowledge.documents).

Some links stand for several sources (a playlist): for those, `collection()` lists the
members, each a target of its own, and the pipeline adds them as a group.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from engine.cancel import CancelToken
from engine.errors import DocumentError
from engine.knowledge.documents import Document
from engine.types import SourceKind

_LINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_link(target: str) -> bool:
    """Whether a target is a web link (`scheme://...`) rather than a file path."""
    return bool(_LINK.match(target))


def display_name(target: str) -> str:
    """How progress and messages name a target: a file's name, or the whole link."""
    return target if is_link(target) else Path(target).name


@dataclass(frozen=True)
class Identity:
    """Who a source is, known before reading it: the same `key` is the same source.

    `key` is the SHA-256 of a file's bytes (a file moved or copied is still the same source);
    a link reader gives a canonical id instead (e.g. "youtube:<video id>"). `path` is what the
    source row records (the file's path, or the link), `title` is shown until the document
    names itself, `url` is set for sources that live on the web.
    """

    key: str
    path: str
    title: str
    url: str | None = None


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def file_identity(target: str) -> Identity:
    """The identity of a file: its content hash, its path and its name without the suffix.

    Raises:
        DocumentError: the file cannot be read.
    """
    path = Path(target)
    try:
        empty = path.stat().st_size == 0
        digest = "" if empty else file_hash(path)
    except OSError as exc:
        raise DocumentError(
            f"{path.name} cannot be read ({exc.strerror or exc}).",
            hint="Check that the file exists and that you may read it.",
        ) from exc
    if empty:  # every empty file has the same hash: it must never become one shared record
        raise DocumentError(f"{path.name} is empty (0 bytes).", hint="There is nothing to index.")
    return Identity(key=digest, path=str(path), title=path.stem)


@dataclass(frozen=True)
class Member:
    """One source of a collection: its target and the title the collection lists it with."""

    target: str
    title: str = ""


@dataclass(frozen=True)
class Collection:
    """A link that stands for several sources, such as a playlist and its videos.

    `key` finds the group again when the same link is added twice; `kind` names what it is
    ("playlist"); `members` are in the collection's own order.
    """

    key: str
    kind: str
    title: str
    members: tuple[Member, ...]
    url: str | None = None
    author: str = ""


class Reader(ABC):
    """One kind of source: what it accepts (`kind`), who a target is, and how to read it.

    Readers hold no state between targets; one instance serves every thread.
    """

    kind: ClassVar[SourceKind]

    def accepts(self, target: str) -> bool:
        """Whether this reader takes a target.

        A link must match one of the kind's URL patterns (a search, not a full match); a file
        must end in one of its suffixes.
        """
        if is_link(target):
            return any(re.search(pattern, target) for pattern in self.kind.url_patterns)
        return Path(target).suffix.lower() in self.kind.suffixes

    def identify(self, target: str) -> Identity:
        """Who the source is (files: by content hash). Blocks while the file is hashed.

        Raises:
            EngineError: the target cannot be read (a `DocumentError`), or is not a link this
                reader can use (a `UserInputError`).
        """
        return file_identity(target)

    def collection(self, target: str) -> Collection | None:
        """The sources a target stands for, when it stands for several; None for one source.

        Blocks (a playlist is listed over the network). Raises EngineError when the list
        cannot be read.
        """
        return None

    def halts(self, error: Exception) -> bool:
        """Whether `error`, met by one member of a collection, would fail every other member.

        A lost connection does: the rest of a playlist is then reported without being tried.
        """
        return False

    @abstractmethod
    def open(
        self, target: str, *, password: str | None = None, cancel: CancelToken | None = None
    ) -> Document:
        """Open a target for reading; blocks until its `info` is known.

        Raises:
            DocumentError: the target is unreadable, broken or too large, or a limit was hit.
            PasswordRequired: an encrypted document needs (another) password.
            Cancelled: `cancel` was set.
        """
