"""What the engine hands a view, with its sentences in the interface language.

The parts keep English (stored, logged, tested in English); the facade translates the sentence
fields of what it returns (`problem`, `notice`, `error`, `message`) with `engine.texts`, in the
language chosen in Settings, just as `Knowledge` does for sources.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from engine.texts import localize
from engine.types import AddReport

SENTENCES = frozenset({"problem", "notice", "error", "message"})
T = TypeVar("T")


def in_language(value: T, language: str) -> T:
    """`value` (a frozen dataclass) with its sentence fields in `language`."""
    if isinstance(value, AddReport):
        results = tuple(in_language(result, language) for result in value.results)
        return dataclasses.replace(value, results=results)
    changed: dict[str, Any] = {}
    for field in dataclasses.fields(value):  # type: ignore[arg-type]
        text = getattr(value, field.name)
        if field.name in SENTENCES and isinstance(text, str) and text:
            changed[field.name] = localize(text, language)
    return dataclasses.replace(value, **changed) if changed else value  # type: ignore[type-var]
