"""What the knowledge panel offers to read, from the engine's one list of source kinds.

The file dialog's filters and the drop filter both come from `engine.knowledge.kinds()`, so a
reader added to the engine shows up here with nothing else to change. Folders and web links
are always passed on: the engine picks what it can read inside a folder and says why it cannot
read a link.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from engine.types import SourceKind

LINK_PREFIXES = ("http://", "https://")


def suffixes(kinds: Sequence[SourceKind]) -> list[str]:
    """Every file ending the engine reads (`.pdf`, `.txt` ...), in the engine's order."""
    return list(dict.fromkeys(suffix for kind in kinds for suffix in kind.suffixes))


def is_readable(path: str, kinds: Sequence[SourceKind]) -> bool:
    """Whether to hand `path` to the engine: a link, a folder, or a file of a known kind.

    With no kinds known yet (they load at start), everything is handed on.
    """
    if not kinds or path.startswith(LINK_PREFIXES) or os.path.isdir(path):
        return True
    return path.lower().endswith(tuple(suffixes(kinds)))


def refusal(paths: Sequence[str], kinds: Sequence[SourceKind]) -> str:
    """The sentence shown when files of no known kind were dropped or picked."""
    names = ", ".join(os.path.basename(p) or p for p in paths)
    return QCoreApplication.translate(
        "Kinds", "Lanthorn cannot read {names}. It reads {suffixes} files, and folders of them."
    ).format(names=names, suffixes=", ".join(suffixes(kinds)))


def dialog_filter(kinds: Sequence[SourceKind]) -> str:
    """Name filters for the file dialog: everything readable, then each kind, then all files."""
    patterns = " ".join(f"*{suffix}" for suffix in suffixes(kinds))
    filters = []
    if patterns:
        filters.append(
            QCoreApplication.translate("Kinds", "Everything Lanthorn reads ({patterns})").format(
                patterns=patterns
            )
        )
    for kind in kinds:
        if kind.suffixes:
            filters.append(f"{kind.label} ({' '.join('*' + s for s in kind.suffixes)})")
    filters.append(QCoreApplication.translate("Kinds", "All files (*)"))
    return ";;".join(filters)
