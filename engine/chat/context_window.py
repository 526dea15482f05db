"""Fit a conversation into the model's context window (system turn + newest turns).

The algorithm lives in `engine.llm.window`, because `ChatModel.stream` also relies on it as the
last guard against overflow; prompt assembly in the chat layer calls it through this name.
"""

from __future__ import annotations

from engine.llm.window import fit_turns

__all__ = ["fit_turns"]
