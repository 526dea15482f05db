"""Chat models: local GGUF files through llama-cpp-python.

`inspect_model` reads a file's header without loading weights; `load_chat_model` probes a new
file once in a child process, fits it to this machine and returns a `ChatModel`. Both are
imported on first use: the header reader pulls `gguf` and numpy, which opening the engine (and
painting the window) does not need.
"""

from typing import TYPE_CHECKING, Any

from engine.llm.base import ChatModel, ChatTurn

if TYPE_CHECKING:
    from engine.llm.loader import load_chat_model
    from engine.llm.model_info import inspect_model

__all__ = ["ChatModel", "ChatTurn", "inspect_model", "load_chat_model"]


def __getattr__(name: str) -> Any:
    """`inspect_model` and `load_chat_model`, imported when first asked for."""
    if name == "inspect_model":
        from engine.llm.model_info import inspect_model

        return inspect_model
    if name == "load_chat_model":
        from engine.llm.loader import load_chat_model

        return load_chat_model
    raise AttributeError(name)
