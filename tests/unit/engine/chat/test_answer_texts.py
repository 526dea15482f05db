"""The catalog of sentences the engine writes into answers: complete in every language."""

from __future__ import annotations

import string

from engine.chat.answer_texts import CATALOG, answer_text, language_of, not_covered_text


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_sentence_with_the_same_placeholders() -> None:
    english = CATALOG["en"]
    for lang, sentences in CATALOG.items():
        assert sentences.keys() == english.keys(), lang
        for key, text in sentences.items():
            assert text.strip(), (lang, key)
            assert _placeholders(text) == _placeholders(english[key]), (lang, key)


def test_sentences_follow_the_language_of_the_question() -> None:
    assert language_of("What is a prime number?") == "en"
    assert language_of("什么是质数？") == "zh"
    assert not_covered_text("什么是质数？") == CATALOG["zh"]["not_covered"]
    assert answer_text("summary_title", "en", title="Rhine") == "Summary of Rhine"
