"""What to tell a person who has only the starter model: it is a demo; here is a real one.

The pick is the largest catalog chat model (by parameters) that the engine's one estimate says
fits comfortably in the memory free now: more parameters answered better on every model family
in the catalog, and a "tight" fit would swap as soon as indexing runs beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.types import CatalogEntry, CatalogKind, FitVerdict, Recommendation

_GB = 1e9
STARTER_NOTICE = (
    "Only the tiny demo model (SmolLM2, 135 million parameters) is installed: it can chat, "
    "but it often misses or invents when answering from documents."
)


def best_chat_model(entries: Sequence[CatalogEntry]) -> CatalogEntry | None:
    """The largest catalog chat model that fits comfortably, or None."""
    fitting = [
        e for e in entries
        if e.kind is CatalogKind.CHAT and e.fit is not None and e.fit.verdict is FitVerdict.FITS
    ]
    return max(fitting, key=lambda e: e.parameters or 0, default=None)


def recommend(entries: Sequence[CatalogEntry], *, starter_only: bool) -> Recommendation:
    """The notice and the offer (never downloaded without the person's click)."""
    best = best_chat_model(entries)
    if not starter_only:
        return Recommendation(starter_only=False, message="", entry=best)
    if best is None:
        offer = (
            " No recommended model fits in the memory free now: close other programs, or "
            "use a model on a server (remote)."
        )
    else:
        offer = (
            f" For real use, download {best.title} ({best.size / _GB:.1f} GB), the best fit "
            "for this computer."
        )
    return Recommendation(starter_only=True, message=STARTER_NOTICE + offer, entry=best)
