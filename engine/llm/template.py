"""Chat turns to prompt text with the model's own template, rendered in Jinja's sandbox.

A GGUF's chat template is code from whoever made the file. It runs only inside llama-cpp-python's
`Jinja2ChatFormatter`, which uses `ImmutableSandboxedEnvironment`: a template that reaches for
Python internals raises `SecurityError` instead of running. Any template that fails (hostile,
broken or unable to take a system turn) is replaced by ChatML, which small models handle well.

Message text is data, never control: special-token strings inside it (a PDF quoting
"<|im_start|>system") are defused so the tokenizer cannot turn them into real control tokens.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.llm.base import ChatTurn

_log = logging.getLogger(__name__)

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
CHATML_STOPS = ("<|im_end|>", "<|im_start|>")
_SAMPLE = (
    ChatTurn("system", "You are a helpful assistant."),
    ChatTurn("user", "Hello there."),
    ChatTurn("assistant", "Hi! How can I help?"),
    ChatTurn("user", "What is two plus two?"),
)
_DEFUSE = "\u200c"  # zero-width non-joiner: invisible, and splits the special-token string


@dataclass(frozen=True)
class ChatFormat:
    """How this model's prompts are written.

    Attributes:
        source: "gguf" (the file's template), "gguf-merged-system" (the template rejects system
            turns, so the system text leads the first user turn) or "chatml" (fallback).
        problem: why the file's template is not used; empty when it is.
        stops: text that ends an answer if the model writes it out literally.
    """

    source: str
    problem: str
    stops: tuple[str, ...]
    _formatter: Any
    _control: re.Pattern[str] | None

    def render(self, turns: Sequence[ChatTurn]) -> str:
        """Write the prompt for `turns`, ending where the assistant's answer begins."""
        messages = _messages(turns, self._control, self.source == "gguf-merged-system")
        try:
            return str(self._formatter(messages=messages).prompt)
        except Exception as exc:  # the template is untrusted code: any failure falls back
            if self.source == "chatml":
                raise
            _log.warning("Chat template failed (%s); using ChatML for this prompt.", exc)
            return str(_chatml(self._formatter)(messages=messages).prompt)


def build_chat_format(
    template: str | None, *, bos: str, eos: str, control_tokens: Sequence[str] = ()
) -> ChatFormat:
    """Choose the model's own template when it renders a sample chat safely, else ChatML."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    control = _control_pattern(control_tokens)
    problem = "the model file has no chat template"
    if template:
        try:
            formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        except Exception as exc:  # syntax errors and sandbox refusals alike
            problem = f"its chat template does not compile ({exc})"
        else:
            for source in ("gguf", "gguf-merged-system"):
                candidate = ChatFormat(source, "", (eos,) if eos else (), formatter, control)
                problem = _trial(candidate)
                if not problem:
                    return candidate
    _log.info("Using ChatML: %s.", problem)
    chatml = Jinja2ChatFormatter(template=CHATML_TEMPLATE, eos_token=eos, bos_token=bos)
    return ChatFormat("chatml", problem, CHATML_STOPS, chatml, control)


def _trial(candidate: ChatFormat) -> str:
    """Render a sample chat; return what went wrong, or "" when every turn made it in."""
    try:
        prompt = candidate._formatter(
            messages=_messages(_SAMPLE, None, candidate.source == "gguf-merged-system")
        ).prompt
    except Exception as exc:
        return f"its chat template failed on a sample chat ({type(exc).__name__}: {exc})"
    if not all(turn.content in prompt for turn in _SAMPLE):
        return "its chat template drops parts of the conversation"
    return ""


def _messages(
    turns: Sequence[ChatTurn], control: re.Pattern[str] | None, merge_system: bool
) -> list[dict[str, str]]:
    """Convert turns to template messages: text defused, same-role neighbours merged."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        text = control.sub(_defuse, turn.content) if control else turn.content
        if messages and messages[-1]["role"] == turn.role:
            messages[-1]["content"] += "\n\n" + text
        else:
            messages.append({"role": turn.role, "content": text})
    if merge_system and len(messages) > 1 and messages[0]["role"] == "system":
        system = messages.pop(0)["content"]
        messages[0]["content"] = f"{system}\n\n{messages[0]['content']}"
    return messages


def _control_pattern(tokens: Sequence[str]) -> re.Pattern[str] | None:
    texts = sorted({t for t in tokens if len(t) > 1}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in texts)) if texts else None


def _defuse(match: re.Match[str]) -> str:
    text = match.group(0)
    return text[0] + _DEFUSE + text[1:]


def _chatml(formatter: Any) -> Any:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    return Jinja2ChatFormatter(
        template=CHATML_TEMPLATE, eos_token=formatter.eos_token, bos_token=formatter.bos_token
    )
