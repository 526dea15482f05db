"""The readers Lanthorn knows, and which one takes a target.

One registry is the single list of supported kinds: the CLI's messages, folder expansion, the
"not supported" error, the desktop's file dialog and its drop filter all come from it. Adding a
kind of source (a link reader, an audio reader) is adding a reader here; the pipeline never
looks at suffixes or links itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from engine.errors import DocumentError
from engine.knowledge.readers.base import Reader, display_name, is_link
from engine.types import SourceKind


class Registry:
    """An ordered set of readers; the first that accepts a target reads it. Thread-safe."""

    def __init__(self, readers: Sequence[Reader]) -> None:
        self._readers = tuple(readers)

    def kinds(self) -> tuple[SourceKind, ...]:
        """Every kind of source that can be added, in the order a file dialog lists them."""
        return tuple(reader.kind for reader in self._readers)

    def reader_for(self, target: str) -> Reader:
        """The reader of a file path or a link.

        Raises:
            DocumentError: no reader takes it; the message names the kinds that can be added.
        """
        for reader in self._readers:
            if reader.accepts(target):
                return reader
        if is_link(target):
            raise self._unsupported_link(target)
        raise DocumentError(
            f"{display_name(target)} is not a kind of file Lanthorn can read.",
            hint=f"It reads {self._listing(k for k in self.kinds() if k.suffixes)}.",
        )

    def expand(self, targets: Iterable[str | Path]) -> list[str]:
        """Targets to add, in order.

        Links and files stay as given (an unsupported file then fails with a clear reason);
        folders are searched recursively for files of a supported kind, sorted by path.
        """
        found: list[str] = []
        for target in targets:
            text = str(target)
            path = Path(text)
            if is_link(text) or not path.is_dir():
                found.append(text if is_link(text) else str(path))
                continue
            files = (p for p in path.rglob("*") if p.is_file() and self._known_file(p))
            found.extend(str(p) for p in sorted(files))
        return found

    def _known_file(self, path: Path) -> bool:
        return any(path.suffix.lower() in kind.suffixes for kind in self.kinds())

    def _unsupported_link(self, link: str) -> DocumentError:
        linked = [kind for kind in self.kinds() if kind.url_patterns]
        if not linked:
            files = self._listing(k for k in self.kinds() if k.suffixes)
            return DocumentError(
                f"Lanthorn cannot add web links yet ({link}).",
                hint=f"Download the file and add it instead: it reads {files}.",
            )
        labels = ", ".join(kind.label for kind in linked)
        return DocumentError(
            f"{link} is not a link Lanthorn can read.", hint=f"It reads links to: {labels}."
        )

    @staticmethod
    def _listing(kinds: Iterable[SourceKind]) -> str:
        return "; ".join(f"{kind.label} ({', '.join(kind.suffixes)})" for kind in kinds)
