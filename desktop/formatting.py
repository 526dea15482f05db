"""Numbers as a person reads them: memory sizes and time left, shared by panels and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def human_bytes(count: float) -> str:
    """`1.2 GB`, `350 MB`."""
    for unit in ("B", "KB", "MB"):
        if abs(count) < 1024:
            return f"{count:.0f} {unit}"
        count /= 1024
    return f"{count:.1f} GB"


def eta_text(seconds: float | None) -> str:
    """`about 3 min left`, or an empty string while unknown."""
    if seconds is None:
        return ""
    if seconds < 60:
        return QCoreApplication.translate("Formatting", "less than a minute left")
    return QCoreApplication.translate("Formatting", "about {minutes} min left").format(
        minutes=round(seconds / 60)
    )
