"""A conversation as Markdown (to read) or as versioned JSON (to keep, move and import again).

The JSON format, version 1 (a newer version is refused with a hint to update Lanthorn)::

    {
      "format": "lanthorn.conversation",
      "version": 1,
      "conversation": {"title": str, "created_at": float, "updated_at": float},
      "messages": [
        {"role": "system" | "user" | "assistant", "text": str, "created_at": float,
         "model": str | null, "prompt_tokens": int | null, "completion_tokens": int | null,
         "citations": [{"n", "source_id", "title", "path", "page", "quote", "start", "end",
                        "start_s", "end_s", "url"}]}
      ]
    }

Times are seconds since the Unix epoch (UTC). Messages are oldest first. Database ids are not
exported: an import always makes a new conversation. Citations are exported for the reader;
an import keeps the text (which still shows the [n] markers) but not the links, because the
sources they point at may not exist in the importing knowledge base. Unknown keys are ignored,
so a later version may add fields without breaking older readers of the same version number.

In Markdown each message is written as the Markdown it is (answers use lists, bold and code), not
in a code fence, and nothing is escaped that cannot change the structure (measured in issue 14:
fences around every message and escapes before hyphens and dots made exports hard to read). Safety
comes from a few line-level guards instead (`safe_block`): a line that would open a heading, a
setext underline or an HTML block, also inside quotes and lists, gets one backslash; a code
fence a message leaves open is closed at its end. So no message can add a section or swallow
the ones after it. Citations read like the chips: `good.pdf p. 4` with the quote.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from engine.errors import UserInputError
from engine.types import Conversation, Message, Role, clock

FORMAT = "lanthorn.conversation"
VERSION = 1

# datetime cannot show times past year 9999; a day of margin covers every time zone.
_LATEST_TIME = 253_402_214_400.0
_ROLE_NAMES = {Role.SYSTEM: "System", Role.USER: "User", Role.ASSISTANT: "Assistant"}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|#])")
# Quote and list markers a block can sit in; then what must not start a line inside them.
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)))*")
_BREAKING = re.compile(r"[ \t]*(?:#|<|=+[ \t]*$|-+[ \t]*$|`{3,}|~{3,})")
_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}(?=[^`]*$)|~{3,})")


def to_markdown(
    conversation: Conversation, messages: Sequence[Message], *, tz: tzinfo | None = None
) -> str:
    """Render a conversation for reading: a title heading, then one section per message.

    Args:
        conversation: the conversation's header.
        messages: its messages, oldest first.
        tz: time zone for the times shown; None means the computer's local time.
    """
    parts = [f"# {_inline(conversation.title)}", ""]
    for message in messages:
        parts.append(f"## {_ROLE_NAMES[message.role]} · {_local_time(message.created_at, tz)}")
        parts.append("")
        if message.role is Role.ASSISTANT and message.model:
            parts += [f"*Model: {_inline(message.model)}*", ""]
        if message.text.strip():
            parts += [safe_block(message.text), ""]
        parts += _markdown_sources(message)
    return "\n".join(parts)


def _markdown_sources(message: Message) -> list[str]:
    if not message.citations:
        return []
    lines = ["Sources:", ""]
    for c in message.citations:
        at = c.location
        where = f" p. {at.page}" if at.page is not None else ""
        if at.start_s is not None:
            where = f" {clock(at.start_s)}"
        quote = _inline(" ".join(c.quote.split())[:300])
        lines.append(f"{c.n}. {_inline(at.name)}{where}: “{quote}”")
    return [*lines, ""]


def to_json(conversation: Conversation, messages: Sequence[Message]) -> str:
    """Serialize a conversation in the versioned format described in this module's docstring."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "conversation": {
            "title": conversation.title,
            "created_at": conversation.created_at,
            "updated_at": conversation.updated_at,
        },
        "messages": [
            {
                "role": message.role.value,
                "text": message.text,
                "created_at": message.created_at,
                "model": message.model,
                "prompt_tokens": message.prompt_tokens,
                "completion_tokens": message.completion_tokens,
                "citations": [
                    {"n": c.n, **dataclasses.asdict(c.location), "quote": c.quote}
                    for c in message.citations
                ],
            }
            for message in messages
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def from_json(text: str) -> dict[str, Any]:
    """Parse and check an exported conversation; return it in the shape `to_json` writes.

    Raises:
        UserInputError: the text is not JSON, or not a conversation this version can read.
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "it is nested too deeply"
        raise _not_an_export(f"it is not valid JSON: {reason}") from exc
    return validate(data)


def validate(data: object) -> dict[str, Any]:
    """Check a parsed export and return a clean copy holding only the known fields.

    Raises:
        UserInputError: a field is missing or has the wrong type, or the version is unknown.
    """
    document = _object(data, "the file")
    if document.get("format") != FORMAT:
        raise _not_an_export(f'it does not say "format": "{FORMAT}"')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _not_an_export('its "version" is not a positive whole number')
    if version > VERSION:
        raise UserInputError(
            f"This conversation was exported by a newer Lanthorn (format version {version}).",
            hint="Update Lanthorn to import it.",
        )
    header = _object(document.get("conversation"), '"conversation"')
    messages = document.get("messages")
    if not isinstance(messages, list):
        raise _not_an_export('"messages" is not a list')
    return {
        "format": FORMAT,
        "version": VERSION,
        "conversation": {
            "title": _string(header, "title", '"conversation"'),
            "created_at": _time(header, "created_at", '"conversation"'),
            "updated_at": _time(header, "updated_at", '"conversation"'),
        },
        "messages": [_message(item, index) for index, item in enumerate(messages)],
    }


def _message(item: object, index: int) -> dict[str, Any]:
    where = f"message {index + 1}"
    fields = _object(item, where)
    role = _string(fields, "role", where)
    if role not in {r.value for r in Role}:
        raise _not_an_export(f'{where} has the unknown role "{role}"')
    model = fields.get("model")
    if model is not None:
        model = _string(fields, "model", where)
    return {
        "role": role,
        "text": _string(fields, "text", where),
        "created_at": _time(fields, "created_at", where),
        "model": model,
        "prompt_tokens": _count(fields, "prompt_tokens", where),
        "completion_tokens": _count(fields, "completion_tokens", where),
    }


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _not_an_export(f"{where} is not a JSON object")
    return value


def _string(fields: dict[str, Any], key: str, where: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str):
        raise _not_an_export(f'{where} has no text "{key}"')
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _not_an_export(f'{where} has a broken character in "{key}"') from exc
    return value


def _time(fields: dict[str, Any], key: str, where: str) -> float:
    value = fields.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _not_an_export(f'{where} has no time "{key}"')
    if not (math.isfinite(value) and 0 <= value <= _LATEST_TIME):
        raise _not_an_export(f'{where} has an impossible time "{key}": {value}')
    return float(value)


def _count(fields: dict[str, Any], key: str, where: str) -> int | None:
    value = fields.get(key)
    if value is None:
        return None
    if not _is_int(value) or value < 0:
        raise _not_an_export(f'{where} has "{key}" that is not a count')
    return int(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _not_an_export(reason: str) -> UserInputError:
    return UserInputError(
        f"This is not a Lanthorn conversation export: {reason}.",
        hint="Choose a .json file that Lanthorn exported.",
    )


def _inline(text: str) -> str:
    """One line of text safe inside a heading or a list item.

    Whitespace is collapsed; only what could start emphasis, code, links, HTML or end a
    heading is escaped (a hyphen or a dot is not).
    """
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def safe_block(text: str) -> str:
    """A message's Markdown as written, except that it cannot break the document's structure.

    Inside a code fence lines are literal; elsewhere a line that would start a heading, a
    setext underline, an HTML block or a fence within a quote or list gets a backslash before
    that character. A fence left open is closed.
    """
    lines, fence = [], ""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if fence:
            if _closes(line, fence):
                fence = ""
            lines.append(line)
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            lines.append(line)
            continue
        lines.append(_guarded(line))
    if fence:
        while lines and not lines[-1].strip():
            lines.pop()
        lines.append(fence)
    return "\n".join(lines).strip("\n")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def _guarded(line: str) -> str:
    """`line` with a backslash before a structure-breaking start (see `safe_block`)."""
    containers = _CONTAINERS.match(line)
    at = 0 if _UNDERLINE.match(line) or containers is None else containers.end()
    if not _BREAKING.match(line, at):
        return line
    at += len(line[at:]) - len(line[at:].lstrip(" \t"))
    return f"{line[:at]}\\{line[at:]}"


def _local_time(timestamp: float, tz: tzinfo | None) -> str:
    moment = datetime.fromtimestamp(timestamp, tz) if tz else datetime.fromtimestamp(timestamp)
    return moment.strftime("%Y-%m-%d %H:%M")
