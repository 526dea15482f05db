"""Load a chat model from settings: check the file, fit it to the machine, probe it, open it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from engine import bundled
from engine.config import ModelSettings
from engine.llm import defaults, llama_log, probing
from engine.llm.base import ChatModel
from engine.llm.failures import load_error
from engine.llm.local import LlamaChatModel
from engine.llm.model_info import inspect_model
from engine.llm.template import build_chat_format
from engine.types import ModelInfo

_log = logging.getLogger(__name__)


def load_chat_model(
    settings: ModelSettings,
    *,
    available_memory: int | None = None,
    probe_timeout: float = probing.PROBE_TIMEOUT_S,
) -> ChatModel:
    """Open the model `settings.path` names (the bundled starter model when empty).

    Blocks: about a second for the starter model, longer for big files; the first load of a
    new file adds a probe in a child process. Call from the model worker thread.

    Args:
        settings: which file, and the context size / threads / GPU layers (0 or -1 = auto).
        available_memory: bytes free, for the fit check; measured when None (tests inject it).
        probe_timeout: seconds the child process may take to load the file.

    Raises:
        ModelError: missing, not GGUF, incomplete, unsupported, too large, or failed to load.
        ModelLoadCrashed: llama.cpp crashed on the file in the probe process.
    """
    path = Path(settings.path).expanduser() if settings.path else bundled.starter_chat_model()
    info = inspect_model(path)
    runtime = defaults.resolve(settings, info, available_memory)
    probing.ensure_probed(Path(info.path), runtime.gpu_layers, probe_timeout)
    llm = _open_llama(info, runtime)
    chat_format = build_chat_format(
        info.chat_template,
        bos=_token_text(llm, llm.token_bos()),
        eos=_token_text(llm, llm.token_eos()),
        control_tokens=_control_tokens(llm),
    )
    if chat_format.problem:
        _log.warning("%s: using ChatML because %s.", info.name, chat_format.problem)
    return LlamaChatModel(llm, info, chat_format)


def _open_llama(info: ModelInfo, runtime: defaults.Runtime) -> Any:
    import llama_cpp

    llama_log.install()
    llama_log.clear()
    try:
        return llama_cpp.Llama(
            info.path,
            n_ctx=runtime.context_size,
            n_threads=runtime.threads,
            n_threads_batch=runtime.threads,
            n_gpu_layers=runtime.gpu_layers,
            flash_attn=runtime.flash_attention,
            verbose=False,
        )
    except Exception as exc:  # ValueError from the loader, jinja2 errors from a bad template
        raise load_error(Path(info.path), exc, llama_log.last_error()) from exc


def _token_text(llm: Any, token: int) -> str:
    if token < 0:
        return ""
    return str(llm.detokenize([token], special=True).decode("utf-8", errors="replace"))


def _control_tokens(llm: Any) -> list[str]:
    """Texts of the vocabulary's control tokens, so message text can never spell one."""
    import llama_cpp

    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    control = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL
    return [
        llama_cpp.llama_vocab_get_text(vocab, token).decode("utf-8", errors="replace")
        for token in range(llama_cpp.llama_vocab_n_tokens(vocab))
        if llama_cpp.llama_vocab_get_attr(vocab, token) & control
    ]
