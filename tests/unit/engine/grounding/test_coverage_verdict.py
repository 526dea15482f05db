"""The "not covered" verdict rests on more than one score, and says why.

Real SQLite keyword statistics (`seed_chunks`); no embedding, so coverage is keyword-only.
"""

from __future__ import annotations

from pathlib import Path

from engine.chat.retrieval import Retriever
from engine.config import KnowledgeSettings
from engine.storage.db import Database
from tests.unit.engine.grounding.fakes import FakeKnowledge, seed_chunks

FILLER = "The encoder maps every passage to a vector and the index stores the vectors."
PAGES = {
    1: "Dense retrieval for question answering. The code and trained models have been "
       "released at https://github.com/example/dpr for everyone.",
    **{p: f"{FILLER} Section {p} compares the models on benchmark {p}." for p in range(2, 40)},
    40: "The speed skater won the world cup 500 m title in 1991 and the national title.",
}


def retriever(tmp_path: Path) -> tuple[Retriever, FakeKnowledge]:
    db = Database(tmp_path / "k.db")
    knowledge = FakeKnowledge(seed_chunks(db, PAGES), db)
    return Retriever(knowledge, KnowledgeSettings()), knowledge


def test_rare_words_together_cover_a_question_with_an_unknown_word(tmp_path: Path) -> None:
    r, knowledge = retriever(tmp_path)
    knowledge.hits = knowledge.hits[:5]
    result = r.retrieve(
        "Where might one download, fetch or grab the released code and trained dpr models via "
        "internet?"
    )
    assert result.covered
    assert result.verdict is not None and result.verdict.relevance < r.floor
    assert {"code", "released"} <= set(result.verdict.rare_terms)
    assert result.passages[0].location.page == 1


def test_a_number_no_passage_holds_is_not_covered(tmp_path: Path) -> None:
    r, knowledge = retriever(tmp_path)
    knowledge.hits = [knowledge.hits[-1]]
    asked = r.retrieve("Which country won the 2018 world cup title?")
    assert not asked.covered
    assert asked.passages == ()
    assert asked.verdict is not None and asked.verdict.missing_numbers == ("2018",)
    assert "2018" in asked.verdict.reason
    assert asked.verdict.considered[0].location.page == 40  # what was looked at, for --json
    assert r.retrieve("Which world cup title did the skater win in 1991?").covered


def test_common_words_alone_are_not_covered(tmp_path: Path) -> None:
    r, knowledge = retriever(tmp_path)
    knowledge.hits = knowledge.hits[1:6]
    result = r.retrieve("What is the best way to learn to play the guitar?")
    assert not result.covered
    assert result.verdict is not None and "no strong keyword evidence" in result.verdict.reason
