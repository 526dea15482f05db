"""The store's text helpers: titles from a first message, search snippets, FTS5 quoting."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.chat.store import fts_phrase, short_title, snippet


def test_short_title_takes_the_first_non_blank_line() -> None:
    assert short_title("\n  \n  What is   FAISS?  \nMore details") == "What is FAISS?"


def test_short_title_cuts_long_lines_at_a_word() -> None:
    line = "Please summarize the chapter about vector indexes and explain the trade-offs"
    title = short_title(line)
    assert len(title) <= 60
    assert title == "Please summarize the chapter about vector indexes and…"
    assert line.startswith(title.removesuffix("…"))


def test_short_title_cuts_text_without_spaces_hard() -> None:
    text = (
        "请总结这份文档中关于向量索引的章节并解释其中的各种权衡以及它们对检索质量和速度的影响" * 2
    )
    title = short_title(text)
    assert len(title) == 60
    assert title == text[:59] + "…"


def test_short_title_of_blank_text_is_empty() -> None:
    assert short_title(" \n\t ") == ""


@given(text=st.text())
def test_short_title_is_always_short_and_one_line(text: str) -> None:
    title = short_title(text)
    assert len(title) <= 60
    assert "\n" not in title
    assert title == title.strip()


def test_snippet_marks_every_match_near_the_first() -> None:
    text = "The quick brown fox jumps over the lazy dog. The FOX runs."
    assert (
        snippet(text, ["fox"]) == "The quick brown [fox] jumps over the lazy dog. The [FOX] runs."
    )


def test_snippet_of_long_text_is_clipped_around_the_match() -> None:
    text = ("filler words " * 40) + "the needle is here " + ("more words " * 40)
    found = snippet(text, ["needle"], length=60)
    assert "[needle]" in found
    assert found.startswith("…")
    assert found.endswith("…")
    assert len(found.replace("[", "").replace("]", "")) <= 60 + 2  # the text and two "…"


def test_snippet_puts_one_line_and_prefers_longer_terms() -> None:
    assert snippet("first line\nsecond 模型训练 line", ["模型", "模型训练"]) == (
        "first line second [模型训练] line"
    )


def test_snippet_without_a_visible_match_shows_the_start() -> None:
    assert snippet("nothing to see", ["absent"], length=7) == "nothing…"


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
    yield conn
    conn.close()


@pytest.mark.parametrize(
    "term", ['"', '""', "foo*", "AND", "NEAR(a", "b)", "-x", "'", "col:x", "^start", "{a}", "\x00"]
)
def test_quoted_terms_are_never_fts_syntax(fts: sqlite3.Connection, term: str) -> None:
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_phrase(term),)).fetchall()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=3))
def test_any_quoted_text_is_a_valid_query_that_finds_itself(
    fts: sqlite3.Connection, text: str
) -> None:
    query = fts_phrase(text)
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()  # never raises
    stored = text.replace("\x00", "")
    if len(stored) < 3:
        return
    fts.execute("BEGIN")
    try:
        rowid = fts.execute("INSERT INTO t (text) VALUES (?)", (f"<{stored}>",)).lastrowid
        found = [r[0] for r in fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,))]
        assert rowid in found
    finally:
        fts.execute("ROLLBACK")
