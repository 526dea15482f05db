"""ConversationStore on a real SQLite file: CRUD, messages, titles, search, export and import."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import paths
from engine.chat.export import from_json, to_json, to_markdown
from engine.chat.store import DEFAULT_TITLE, ConversationStore
from engine.errors import NotFoundError, UserInputError
from engine.storage.db import Database
from engine.types import Changes, Role


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database(paths.database_file())
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> ConversationStore:
    return ConversationStore(db)


def _fts_rowids(db: Database) -> set[int]:
    """Ids the FTS index itself holds (its per-document size table), whatever the content."""
    return {row[0] for row in db.query("SELECT id FROM messages_fts_docsize")}


def _check_fts(db: Database) -> None:
    with db.transaction() as conn:  # raises if the index disagrees with the messages table
        conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")


def test_create_get_and_defaults(store: ConversationStore) -> None:
    before = time.time()
    made = store.create()
    assert made.title == DEFAULT_TITLE
    assert before <= made.created_at == made.updated_at <= time.time()
    assert store.get(made.id) == made
    assert store.create("  Tax\nreturn  2024 ").title == "Tax return 2024"


def test_list_is_most_recently_updated_first_with_counts(store: ConversationStore) -> None:
    first, second, third = (store.create(name) for name in ("first", "second", "third"))
    store.add_message(first.id, Role.USER, "hello")
    store.add_message(first.id, Role.ASSISTANT, "hi")

    listed = store.list()
    assert [c.id for c in listed] == [first.id, third.id, second.id]
    assert [c.message_count for c in listed] == [2, 0, 0]
    assert [c.id for c in store.list(limit=2)] == [first.id, third.id]
    assert store.list(limit=0) == []
    with pytest.raises(UserInputError):
        store.list(limit=-1)


def test_rename_keeps_the_place_in_the_list(store: ConversationStore) -> None:
    old, new = store.create("old"), store.create("new")
    assert store.rename(old.id, "  Renamed\tone ") == Changes(conversations=True)
    assert store.get(old.id).title == "Renamed one"
    assert store.get(old.id).updated_at == old.updated_at
    assert [c.id for c in store.list()] == [new.id, old.id]
    store.rename(old.id, "   ")
    assert store.get(old.id).title == DEFAULT_TITLE


def test_delete_removes_messages_and_their_search_entries(
    db: Database, store: ConversationStore
) -> None:
    gone, kept = store.create("gone"), store.create("kept")
    gone_ids = {store.add_message(gone.id, Role.USER, f"unique zebra {i}").id for i in range(3)}
    kept_id = store.add_message(kept.id, Role.USER, "another zebra").id
    assert gone_ids | {kept_id} == _fts_rowids(db)

    assert store.delete(gone.id) == Changes(conversations=True, messages=True)

    assert _fts_rowids(db) == {kept_id}
    _check_fts(db)
    assert (
        db.query("SELECT count(*) FROM messages WHERE conversation_id = ?", (gone.id,))[0][0] == 0
    )
    assert [m.message_id for m in store.search("zebra")] == [kept_id]
    with pytest.raises(NotFoundError):
        store.get(gone.id)
    assert [c.id for c in store.list()] == [kept.id]


def test_messages_keep_their_order_and_every_field(store: ConversationStore) -> None:
    conversation = store.create("fields")
    added = [
        store.add_message(conversation.id, Role.SYSTEM, "Be brief."),
        store.add_message(conversation.id, Role.USER, "What is 2+2?"),
        store.add_message(
            conversation.id,
            Role.ASSISTANT,
            "4",
            model="SmolLM2-135M",
            prompt_tokens=31,
            completion_tokens=2,
        ),
        store.add_message(conversation.id, "user", "Thanks"),  # type: ignore[arg-type]
    ]
    assert store.messages(conversation.id) == added
    assert [m.role for m in added] == [Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER]
    assert added[2].model == "SmolLM2-135M"
    assert (added[2].prompt_tokens, added[2].completion_tokens) == (31, 2)
    assert added[0].created_at <= added[1].created_at <= added[3].created_at
    assert store.get(conversation.id).updated_at == added[-1].created_at
    assert store.messages(store.create().id) == []


def test_the_first_user_message_names_a_new_conversation(store: ConversationStore) -> None:
    conversation = store.create()
    store.add_message(conversation.id, Role.SYSTEM, "System prompt, not a title")
    assert store.get(conversation.id).title == DEFAULT_TITLE

    question = "Could you explain how the retrieval step ranks the chunks it finds?\nThanks!"
    store.add_message(conversation.id, Role.USER, question)
    title = store.get(conversation.id).title
    assert title == "Could you explain how the retrieval step ranks the chunks…"
    assert len(title) <= 60

    store.add_message(conversation.id, Role.USER, "A second question")
    assert store.get(conversation.id).title == title

    named = store.create("My own name")
    store.add_message(named.id, Role.USER, "Hello there")
    assert store.get(named.id).title == "My own name"

    chinese = store.create()
    store.add_message(chinese.id, Role.USER, "这个文档讲了什么？")
    assert store.get(chinese.id).title == "这个文档讲了什么？"


def test_update_message_rewrites_text_and_reindexes_it(store: ConversationStore) -> None:
    conversation = store.create("streaming")
    reply = store.add_message(
        conversation.id, Role.ASSISTANT, "", model="m", prompt_tokens=10, completion_tokens=None
    )
    partial = store.update_message(reply.id, "The answer is plankton")
    assert partial == dataclasses.replace(reply, text="The answer is plankton")

    final = store.update_message(reply.id, "The answer is krill.", completion_tokens=5)
    assert final == dataclasses.replace(reply, text="The answer is krill.", completion_tokens=5)
    assert store.update_message(reply.id, "The answer is krill!").completion_tokens == 5
    assert [m.text for m in store.messages(conversation.id)] == ["The answer is krill!"]
    assert store.search("plankton") == []
    assert [m.message_id for m in store.search("krill")] == [reply.id]
    assert store.get(conversation.id).updated_at >= reply.created_at


def test_delete_messages_after_keeps_the_given_message(store: ConversationStore) -> None:
    conversation = store.create("regenerate")
    ids = [store.add_message(conversation.id, Role.USER, f"turn {i}").id for i in range(5)]
    other = store.create("other")
    other_id = store.add_message(other.id, Role.USER, "turn elsewhere").id

    changes = store.delete_messages_after(conversation.id, ids[1])

    assert changes == Changes(conversations=True, messages=True)
    assert [m.id for m in store.messages(conversation.id)] == ids[:2]
    assert [m.id for m in store.messages(other.id)] == [other_id]
    assert {m.message_id for m in store.search("turn")} == {ids[0], ids[1], other_id}
    with pytest.raises(NotFoundError, match="not part of conversation"):
        store.delete_messages_after(conversation.id, other_id)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get(9999),
        lambda s: s.messages(9999),
        lambda s: s.rename(9999, "x"),
        lambda s: s.delete(9999),
        lambda s: s.add_message(9999, Role.USER, "hello"),
        lambda s: s.update_message(9999, "hello"),
        lambda s: s.delete_messages_after(9999, 1),
    ],
)
def test_unknown_ids_raise_not_found_with_a_hint(store: ConversationStore, call: object) -> None:
    with pytest.raises(NotFoundError) as caught:
        call(store)  # type: ignore[operator]
    assert "9999" in caught.value.message
    assert "does not exist" in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize(
    ("role", "text", "tokens"),
    [("tool", "hi", None), (Role.USER, "broken \ud800", None), (Role.ASSISTANT, "hi", -3)],
)
def test_bad_messages_are_refused_and_nothing_is_stored(
    store: ConversationStore, role: str, text: str, tokens: int | None
) -> None:
    conversation = store.create("strict")
    with pytest.raises(UserInputError):
        store.add_message(conversation.id, role, text, prompt_tokens=tokens)  # type: ignore[arg-type]
    assert store.messages(conversation.id) == []
    assert store.get(conversation.id) == conversation


def test_conversations_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "reopen.db"
    first = Database(path)
    store = ConversationStore(first)
    conversation = store.create("Kept across restarts")
    store.add_message(conversation.id, Role.USER, "remember the lighthouse")
    store.add_message(conversation.id, Role.ASSISTANT, "灯塔", model="m", completion_tokens=1)
    before = (store.list(), store.messages(conversation.id))
    first.close()

    second = Database(path)
    try:
        reopened = ConversationStore(second)
        assert (reopened.list(), reopened.messages(conversation.id)) == before
        assert [m.message_id for m in reopened.search("lighthouse")] == [before[1][0].id]
        assert [m.message_id for m in reopened.search("灯塔")] == [before[1][1].id]
    finally:
        second.close()


@pytest.fixture
def library(store: ConversationStore) -> dict[str, int]:
    """A small mixed-language history; maps a label to its message id."""
    english = store.create("English notes")
    chinese = store.create("中文笔记")
    rows = {
        "fox": (english.id, Role.USER, "The quick brown fox jumps over the lazy dog"),
        "foxes": (english.id, Role.ASSISTANT, "Foxes are quick; dogs are lazy."),
        "ai": (english.id, Role.USER, "Is AI safe to use offline?"),
        "model": (chinese.id, Role.USER, "我们今天讨论大型语言模型的训练方法"),
        "china": (chinese.id, Role.ASSISTANT, "中国的图书馆有很多古籍。"),
        "mixed": (chinese.id, Role.USER, "请用 Python 实现向量检索"),
    }
    return {label: store.add_message(*row).id for label, row in rows.items()}


def _ids(store: ConversationStore, query: str) -> list[int]:
    return [match.message_id for match in store.search(query)]


def test_search_in_english(store: ConversationStore, library: dict[str, int]) -> None:
    assert _ids(store, "fox") == [library["foxes"], library["fox"]]  # newest first
    assert _ids(store, "QUICK lazy dog") == [library["foxes"], library["fox"]]
    assert _ids(store, "brown fox") == [library["fox"]]
    assert _ids(store, "lazy cat") == []
    assert _ids(store, "ai") == [library["ai"]]  # two letters: matched without the index

    [match] = store.search("brown")
    assert match.conversation_title == "English notes"
    assert match.role is Role.USER
    assert match.snippet == "The quick [brown] fox jumps over the lazy dog"


def test_search_in_chinese(store: ConversationStore, library: dict[str, int]) -> None:
    assert _ids(store, "语言模型") == [library["model"]]  # four characters, through the index
    assert _ids(store, "模型") == [library["model"]]  # two characters, inside a sentence
    assert _ids(store, "中国") == [library["china"]]
    assert _ids(store, "书") == [library["china"]]  # a single character
    assert _ids(store, "训练 方法") == [library["model"]]
    assert _ids(store, "Python 检索") == [library["mixed"]]
    assert _ids(store, "模型 古籍") == []

    [match] = store.search("图书馆")
    assert match.conversation_title == "中文笔记"
    assert match.snippet == "中国的[图书馆]有很多古籍。"


@pytest.mark.parametrize(
    ("query", "literal"),
    [
        ('"', 'He said "hi"'),
        ('"unbalanced', 'an "unbalanced quote'),
        ("foo*", "literally foo* here"),
        ("AND", "rock AND roll"),
        ("OR", "this OR that"),
        ("NOT", "NOT this"),
        ("NEAR(a b)", "NEAR(a b) is FTS syntax"),
        ("-x", "flag -x given"),
        ("'", "it's"),
        ("col:val", "col:val pair"),
        ("^start", "^start anchor"),
        ("{a b}", "{a b} braces"),
        ("(", "open ( paren"),
        ("%", "100% sure"),
        ("_", "snake_case"),
        ("\\", "back\\slash"),
        ("a\x00b", "nul a b"),
    ],
)
def test_hostile_queries_search_for_the_literal_text(
    store: ConversationStore, query: str, literal: str
) -> None:
    conversation = store.create("hostile")
    wanted = store.add_message(conversation.id, Role.USER, literal).id
    decoy = store.add_message(conversation.id, Role.USER, "quiet hymn").id

    found = _ids(store, query)

    assert wanted in found
    assert decoy not in found


def test_empty_and_blank_queries_find_nothing(store: ConversationStore) -> None:
    conversation = store.create()
    store.add_message(conversation.id, Role.USER, "anything")
    assert store.search("") == []
    assert store.search(" \n\t ") == []
    assert store.search("anything", limit=0) == []


def test_search_honours_the_limit(store: ConversationStore) -> None:
    conversation = store.create()
    ids = [store.add_message(conversation.id, Role.USER, f"repeat {i}").id for i in range(5)]
    assert _ids(store, "repeat") == ids[::-1]
    assert [m.message_id for m in store.search("repeat", limit=2)] == ids[::-1][:2]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationStore]:
    database = Database(tmp_path_factory.mktemp("search") / "search.db")
    yield ConversationStore(database)
    database.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    message=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00")),
    query=st.text(alphabet=st.characters()),  # lone surrogates and NULs included
)
def test_any_query_is_safe_and_a_message_is_found_by_its_own_words(
    shared_store: ConversationStore, message: str, query: str
) -> None:
    shared_store.search(query)  # never raises, whatever the text
    conversation = shared_store.create()
    added = shared_store.add_message(conversation.id, Role.USER, message)
    found = [m.message_id for m in shared_store.search(message, limit=1_000_000)]
    assert (added.id in found) == bool(message.split())


def test_markdown_export_holds_every_message(store: ConversationStore) -> None:
    conversation = store.create("Export me")
    texts = ["Hi *there*", "```\ncode\n```", "第二个问题", "# not a heading"]
    for role, text in zip(
        [Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT], texts, strict=True
    ):
        store.add_message(conversation.id, role, text, model="m1")
    markdown = to_markdown(store.get(conversation.id), store.messages(conversation.id))
    assert markdown.startswith("# Export me\n")
    for text in texts[:3]:
        assert f"\n{text}\n" in markdown
    assert "\n\\# not a heading\n" in markdown  # a message cannot add a section
    assert markdown.count("*Model: m1*") == 2


def test_json_export_then_import_is_equal(store: ConversationStore) -> None:
    original = store.create("Round trip 往返")
    store.add_message(original.id, Role.SYSTEM, "Be exact.")
    store.add_message(original.id, Role.USER, 'Line one\nline two "quoted" \\ and 中文')
    store.add_message(
        original.id, Role.ASSISTANT, "Done.", model="qwen", prompt_tokens=12, completion_tokens=3
    )
    original = store.get(original.id)
    exported = to_json(original, store.messages(original.id))

    copy = store.import_conversation(from_json(exported))

    assert copy.id != original.id
    assert dataclasses.replace(copy, id=original.id) == original
    strip = [dataclasses.replace(m, id=0, conversation_id=0) for m in store.messages(original.id)]
    assert [
        dataclasses.replace(m, id=0, conversation_id=0) for m in store.messages(copy.id)
    ] == strip
    assert to_json(copy, store.messages(copy.id)) == exported
    assert len(store.search("Be exact")) == 2  # imported messages are searchable


def test_a_bad_import_stores_nothing(store: ConversationStore) -> None:
    before = store.list()
    with pytest.raises(UserInputError):
        store.import_conversation({"format": "lanthorn.conversation", "version": 1})
    assert store.list() == before
