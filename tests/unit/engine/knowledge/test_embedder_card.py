import json
from pathlib import Path

import pytest

from engine.bundled import starter_embedding_model
from engine.errors import ModelError
from engine.knowledge.embedder import card_languages, load_embedder, read_model_folder

MINILM_CARD = "---\nlanguage: en\nlicense: apache-2.0\n---\n\n# all-MiniLM-L6-v2\n"
LIST_CARD = "---\nlanguage:\n- de\n- en\n---\n# x\n"
MANY_CARD = "---\nlanguage:\n- ar\n- bg\n- ca\n- cs\n- da\n---\n# paraphrase-multilingual\n"


def test_languages_follow_the_model_card():
    assert card_languages(MINILM_CARD, "all-MiniLM-L6-v2") == {"en"}
    assert card_languages(LIST_CARD, "x") == {"de", "en"}
    assert card_languages(MANY_CARD, "paraphrase-multilingual") == {"multilingual"}
    assert card_languages("---\nlanguage: [multilingual]\n---\n", "m") == {"multilingual"}


def test_languages_without_a_card_come_from_the_name_or_default_to_english():
    assert card_languages("", "paraphrase-multilingual-MiniLM-L12-v2") == {"multilingual"}
    assert card_languages("# Some model\n", "some-model") == {"en"}


def test_the_bundled_models_own_card():
    card = (starter_embedding_model() / "README.md").read_text(encoding="utf-8")
    assert card_languages(card, "all-MiniLM-L6-v2") == {"en"}


# Front matter as cards on the Hugging Face hub write it (shortened).
E5_CARD = """---
tags:
- mteb
- Sentence Transformers
model-index:
- name: multilingual-e5-small
  results:
  - task:
      type: Classification
    dataset:
      type: mteb/amazon_counterfactual
      config: en
    metrics:
    - type: accuracy
      value: 73.79
language:
- multilingual
- af
- am
- ar
license: mit
---

## Multilingual-E5-small

A rule below the front matter:

---
language: en
"""
BGE_ZH_CARD = "---\nlicense: mit\nlanguage:\n- zh\ntags:\n- sentence-transformers\n---\n# BGE\n"
NORWEGIAN_CARD = "---\nlanguage:\n- no\n- nb\nlicense: cc-by-4.0\n---\n# NB-SBERT\n"


@pytest.mark.parametrize(
    ("card", "name", "languages"),
    [
        (E5_CARD, "multilingual-e5-small", {"multilingual"}),
        (BGE_ZH_CARD, "bge-small-zh-v1.5", {"zh"}),
        (NORWEGIAN_CARD, "nb-sbert-base", {"no", "nb"}),  # YAML 1.1 would read `no` as false
        ("---\nlanguage: no\n---\n", "x", {"no"}),
        ("---\nlanguage: [zh, EN]\n---\n", "x", {"zh", "en"}),
        ("---\nlanguage: 'de'\n---\n", "x", {"de"}),
        ("---\r\nlanguage:\r\n- fr\r\n---\r\n# x\r\n", "x", {"fr"}),  # Windows line ends
        ("\ufeff---\nlanguage: it\n---\n", "x", {"it"}),  # a byte-order mark
        ("---\nlanguage:\nlicense: mit\n---\n", "x", {"en"}),  # empty: the English default
        ("---\nlanguage: [en\n---\n", "some-multilingual-model", {"multilingual"}),  # broken
        ("---\n- just\n- a list\n---\n", "x", {"en"}),
        ("no front matter\n---\nlanguage: fr\n---\n", "x", {"en"}),
    ],
)
def test_languages_from_real_world_card_shapes(card: str, name: str, languages: set[str]):
    assert card_languages(card, name) == languages


def _fake_model(folder: Path, *, pooling: dict | None = None, weights: bytes = b"w" * 10) -> Path:
    folder.mkdir(parents=True)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    config = {"hidden_size": 8, "max_position_embeddings": 64}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 32}))
    (folder / "1_Pooling").mkdir()
    pool = pooling or {"word_embedding_dimension": 8, "pooling_mode_mean_tokens": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pool))
    (folder / "model.safetensors").write_bytes(weights)
    (folder / "README.md").write_text(MINILM_CARD.replace("all-MiniLM-L6-v2", "tiny model"))
    return folder


def test_a_folder_describes_itself_without_loading_weights(tmp_path):
    card = read_model_folder(_fake_model(tmp_path / "m"))
    assert card.model_id.startswith("tiny-model-")
    assert (card.dimension, card.max_tokens, card.pooling) == (8, 32, "mean")
    assert card.languages == {"en"}


def test_model_id_is_stable_and_changes_with_the_weights(tmp_path):
    first = read_model_folder(_fake_model(tmp_path / "a")).model_id
    again = read_model_folder(tmp_path / "a").model_id
    other = read_model_folder(_fake_model(tmp_path / "b", weights=b"w" * 11)).model_id
    assert first == again != other


def test_unusual_pooling_is_left_to_the_torch_backend(tmp_path):
    pool = {"word_embedding_dimension": 8, "pooling_mode_weightedmean_tokens": True}
    assert read_model_folder(_fake_model(tmp_path / "m", pooling=pool)).pooling is None


def test_missing_and_broken_folders_raise_model_errors(tmp_path):
    with pytest.raises(ModelError, match="No embedding model folder"):
        load_embedder(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        load_embedder(tmp_path / "empty")
    folder = _fake_model(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="no weights file"):
        read_model_folder(folder)
    folder = _fake_model(tmp_path / "n")
    (folder / "modules.json").write_text("{not json")
    with pytest.raises(ModelError, match="cannot be read"):
        read_model_folder(folder)
    with pytest.raises(ModelError) as caught:
        read_model_folder(tmp_path / "nowhere")
    assert caught.value.hint
