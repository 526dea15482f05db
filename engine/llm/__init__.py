"""Chat models: local GGUF files through llama-cpp-python.

`inspect_model` reads a file's header without loading weights; `load_chat_model` probes a new
file once in a child process, fits it to this machine and returns a `ChatModel`.
"""

from engine.llm.base import ChatModel, ChatTurn
from engine.llm.loader import load_chat_model
from engine.llm.model_info import inspect_model

__all__ = ["ChatModel", "ChatTurn", "inspect_model", "load_chat_model"]
