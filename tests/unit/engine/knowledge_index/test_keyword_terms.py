from __future__ import annotations

from engine.knowledge import keyword_index


def test_latin_text_is_left_for_the_tokenizer() -> None:
    assert keyword_index.segment("Fine-tuned BERT models") == "Fine-tuned BERT models"


def test_chinese_runs_are_cut_into_words_with_the_long_word_kept() -> None:
    terms = keyword_index.segment("中华人民共和国成立于1949年").split()
    assert "中华" in terms and "人民" in terms and "共和国" in terms
    assert "中华人民共和国" in terms
    assert "1949" in " ".join(terms)


def test_query_terms_drop_question_words_and_punctuation() -> None:
    assert keyword_index.query_terms("Who invented the steam engine?") == [
        "invented", "steam", "engine"
    ]
    terms = keyword_index.query_terms("清崇陵在什么地方？")
    assert "什么" not in terms and "？" not in terms
    assert "地方" in terms


def test_a_query_of_only_stopwords_keeps_them() -> None:
    assert keyword_index.query_terms("What is it?") == ["what", "is", "it"]


def test_fts_syntax_is_quoted_as_text() -> None:
    expression = keyword_index.match_expression(keyword_index.query_terms('a "b" OR c* NEAR(d)'))
    assert expression == '"b" OR "c" OR "near" OR "d"'
    assert keyword_index.match_expression(['x"y']) == '"x""y"'
    assert keyword_index.match_expression([]) is None
