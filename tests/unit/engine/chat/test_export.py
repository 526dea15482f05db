"""Markdown and JSON export of a conversation, and the checks on JSON coming back in."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.chat.export import from_json, to_json, to_markdown, validate
from engine.errors import UserInputError
from engine.types import Citation, Conversation, Location, Message, Role

markdown_it = pytest.importorskip("markdown_it")

CONVERSATION = Conversation(7, "Notes on *PDF* parsing #1", 1_700_000_000.0, 1_700_000_100.5, 3)
MESSAGES = [
    Message(1, 7, Role.SYSTEM, "You are helpful.", 1_700_000_000.25),
    Message(
        2, 7, Role.USER, "How do I read page 3?\n\n## Assistant · fake heading", 1_700_000_050.0
    ),
    Message(
        3,
        7,
        Role.ASSISTANT,
        "Use pypdf:\n\n```python\nreader.pages[2]\n```\n",
        1_700_000_100.5,
        model="SmolLM2 [Q4_K_M]",
        prompt_tokens=120,
        completion_tokens=34,
    ),
]


def _parse(markdown: str) -> list[Any]:
    return list(markdown_it.MarkdownIt("commonmark").parse(markdown))


def _headings(tokens: list[Any]) -> list[tuple[str, str]]:
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(child.content for child in inline.children if child.type == "text")
            found.append((token.tag, text))
    return found


def _fence_contents(tokens: list[Any]) -> list[str]:
    return [token.content for token in tokens if token.type == "fence"]


def test_markdown_has_title_then_one_section_per_message() -> None:
    markdown = to_markdown(CONVERSATION, MESSAGES, tz=UTC)
    tokens = _parse(markdown)

    assert _headings(tokens) == [
        ("h1", "Notes on *PDF* parsing #1"),
        ("h2", "System · 2023-11-14 22:13"),
        ("h2", "User · 2023-11-14 22:14"),
        ("h2", "Assistant · 2023-11-14 22:15"),
    ]
    assert _fence_contents(tokens) == ["reader.pages[2]\n"]  # the answer's own code only
    assert "You are helpful." in markdown and "Use pypdf:" in markdown
    assert "*Model: SmolLM2 \\[Q4\\_K\\_M\\]*" in markdown
    assert markdown.count("Model:") == 1


def test_markdown_times_follow_the_time_zone() -> None:
    plus_eight = timezone(timedelta(hours=8))
    markdown = to_markdown(CONVERSATION, MESSAGES[:1], tz=plus_eight)
    assert "System · 2023-11-15 06:13" in markdown


def test_markdown_of_an_empty_conversation_is_just_the_title() -> None:
    tokens = _parse(to_markdown(CONVERSATION, []))
    assert _headings(tokens) == [("h1", "Notes on *PDF* parsing #1")]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(), min_size=1, max_size=3), title=st.text())
def test_no_message_text_can_break_the_markdown_structure(texts: list[str], title: str) -> None:
    messages = [Message(i, 1, Role.USER, text, 1_700_000_000.0) for i, text in enumerate(texts)]
    tokens = _parse(to_markdown(Conversation(1, title, 0.0, 0.0), messages, tz=UTC))

    headings = _headings(tokens)
    assert [tag for tag, _ in headings] == ["h1"] + ["h2"] * len(texts)
    assert headings[0][1] == " ".join(title.split()).replace("\x00", "\ufffd")
    assert all(text.startswith("User · ") for _, text in headings[1:])


def test_ordinary_text_reads_as_written_and_sources_as_the_chips_name_them() -> None:
    answer = Message(
        4, 7, Role.ASSISTANT, "In-batch negatives help (see 3.2):\n\n- **faster**\n- cheaper [1]",
        1_700_000_100.5,
        citations=(Citation(n=1, location=Location(source_id=1, title="good", path="/d/good.pdf",
                                                   page=4), quote="in-batch  negatives"),),
    )
    markdown = to_markdown(CONVERSATION, [answer], tz=UTC)
    assert "In-batch negatives help (see 3.2):\n\n- **faster**\n- cheaper [1]\n" in markdown
    assert "1. good.pdf p. 4: “in-batch negatives”" in markdown
    assert "```" not in markdown and "\\-" not in markdown and "\\." not in markdown
    items = [t.content for t in _parse(markdown) if t.type == "inline"]
    assert "faster" not in items and "**faster**" in items  # a real list, bold kept as Markdown


def test_json_round_trip_keeps_every_field() -> None:
    document = from_json(to_json(CONVERSATION, MESSAGES))

    assert document["conversation"] == {
        "title": CONVERSATION.title,
        "created_at": CONVERSATION.created_at,
        "updated_at": CONVERSATION.updated_at,
    }
    assert document["messages"] == [
        {
            "role": m.role.value,
            "text": m.text,
            "created_at": m.created_at,
            "model": m.model,
            "prompt_tokens": m.prompt_tokens,
            "completion_tokens": m.completion_tokens,
        }
        for m in MESSAGES
    ]


def test_json_is_the_documented_versioned_format() -> None:
    raw = json.loads(to_json(CONVERSATION, MESSAGES))
    assert raw["format"] == "lanthorn.conversation"
    assert raw["version"] == 1
    assert set(raw) == {"format", "version", "conversation", "messages"}


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(to_json(CONVERSATION, MESSAGES))
    for path, value in changes.items():
        target: Any = document
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[int(last) if isinstance(target, list) else last] = value
    return document


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"format": "other.app"}, "format"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
        ({"version": 0}, "version"),
        ({"conversation": []}, '"conversation" is not a JSON object'),
        ({"conversation__title": None}, '"title"'),
        ({"conversation__created_at": "yesterday"}, '"created_at"'),
        ({"conversation__updated_at": 1e300}, "impossible time"),
        ({"conversation__updated_at": -5}, "impossible time"),
        ({"messages": {}}, '"messages" is not a list'),
        ({"messages__0": "hello"}, "message 1 is not a JSON object"),
        ({"messages__1__role": "tool"}, 'message 2 has the unknown role "tool"'),
        ({"messages__1__text": 5}, 'message 2 has no text "text"'),
        ({"messages__2__model": 3}, '"model"'),
        ({"messages__2__prompt_tokens": -1}, '"prompt_tokens"'),
        ({"messages__2__completion_tokens": 2.5}, '"completion_tokens"'),
        ({"messages__2__completion_tokens": False}, '"completion_tokens"'),
        ({"messages__0__text": "\ud800"}, "broken character"),
    ],
)
def test_bad_documents_say_what_is_wrong(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(UserInputError) as caught:
        validate(_document(**changes))
    assert reason in caught.value.message
    assert caught.value.hint


def test_a_newer_format_version_asks_to_update() -> None:
    with pytest.raises(UserInputError) as caught:
        from_json(json.dumps(_document(version=2)))
    assert "newer Lanthorn" in caught.value.message
    assert "Update" in caught.value.hint


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[1, 2", "[" * 100_000, '{"version": NaN}', "Infinity", "null", "[]"],
)
def test_text_that_is_not_an_export_is_refused(text: str) -> None:
    with pytest.raises(UserInputError) as caught:
        from_json(text)
    assert "not a Lanthorn conversation export" in caught.value.message


def test_unknown_fields_are_ignored() -> None:
    document = _document(messages__0__rating=5, extra="x")
    assert "rating" not in validate(document)["messages"][0]
    assert "extra" not in validate(document)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    with contextlib.suppress(UserInputError):
        from_json(text)


@settings(max_examples=300, deadline=None)
@given(
    key=st.sampled_from(
        [
            "format",
            "version",
            "conversation",
            "messages",
            "conversation__title",
            "conversation__created_at",
            "messages__0",
            "messages__1__role",
            "messages__2__text",
            "messages__2__created_at",
            "messages__2__model",
            "messages__2__prompt_tokens",
        ]
    ),
    value=_json_values,
)
def test_any_field_value_validates_or_is_refused_cleanly(key: str, value: object) -> None:
    try:
        clean = validate(_document(**{key: value}))
    except UserInputError:
        return
    assert from_json(json.dumps(clean, ensure_ascii=False)) == clean
