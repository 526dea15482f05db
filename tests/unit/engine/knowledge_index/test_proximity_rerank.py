"""The head of a ranking is re-scored by how close the query's rare words sit."""

from __future__ import annotations

from engine.knowledge import proximity

NEAR = "The trained models and the code were released at one address."
FAR = "The code is long. " + "Filler words go on and on here. " * 12 + "Trained models too."


def test_words_close_together_lift_a_chunk_over_a_slightly_better_fused_score() -> None:
    ranked = [(1, 0.80), (2, 0.79), *[(i, 0.5 - i / 100) for i in range(3, 15)]]
    texts = {1: FAR, 2: NEAR}
    weight = {"code": 3.0, "trained": 2.0, "models": 1.0, "download": 4.0}
    holding = {"code": {1, 2}, "trained": {1, 2}, "models": {1, 2}, "download": set()}
    out = proximity.rerank("where is the download code", ranked, texts, weight, holding)
    assert [i for i, _ in out[:2]] == [2, 1]
    assert out[proximity.HEAD:] == ranked[proximity.HEAD:]  # only the head moves
    assert sorted(i for i, _ in out) == sorted(i for i, _ in ranked)


def test_no_weight_changes_nothing_and_chinese_uses_a_short_window() -> None:
    ranked = [(1, 0.5), (2, 0.4)]
    assert proximity.rerank("anything", ranked, {}, {}, {}) == ranked
    assert proximity.window_for("叶乔波获得多少个世界冠军？") == proximity.WINDOW_HAN
    assert proximity.window_for("How many titles?") == proximity.WINDOW_OTHER
    weights = proximity.rarity({"rare": 1, "common": 90}, 100)
    assert weights["rare"] > weights["common"] > 0


def test_neighbouring_words_count_as_a_phrase_with_their_inflections() -> None:
    pairs = proximity.word_pairs("Who invented the atmospheric steam engines in England?")
    assert [p.pattern for p in pairs] == [r"\batmospheric\W+stea", r"\bsteam\W+engin"]
    assert pairs[1].search("the first steam-engine ran")
    ranked = [(1, 0.60), (2, 0.58)]
    texts = {1: "an engine that ran on steam power", 2: "an atmospheric steam engine"}
    weight = {"atmospheric": 1.0, "steam": 1.0, "engines": 1.0}
    holding = {"atmospheric": {2}, "steam": {1, 2}, "engines": {1, 2}}
    out = proximity.rerank("atmospheric steam engines", ranked, texts, weight, holding)
    assert [i for i, _ in out] == [2, 1]
