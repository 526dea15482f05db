"""Every way a model file can be wrong ends in a ModelError that says what to do."""

from __future__ import annotations

import json
import os
from pathlib import Path

import gguf
import pytest

from engine import paths
from engine.config import ModelSettings, SamplingSettings
from engine.errors import GenerationError, ModelError, ModelLoadCrashed
from engine.llm import inspect_model, load_chat_model, probing
from engine.llm.base import ChatTurn
from engine.llm.local import LlamaChatModel

from .gguf_copies import copy_with_metadata

SMALL = {"context_size": 256, "threads": 1}
QUESTION = [ChatTurn("user", "What is the capital of France?")]


def load(path: Path, **kwargs: object) -> LlamaChatModel:
    model = load_chat_model(ModelSettings(path=str(path), **SMALL), **kwargs)  # type: ignore[arg-type]
    assert isinstance(model, LlamaChatModel)
    return model


def assert_one_line_with_hint(error: ModelError) -> None:
    assert error.hint
    assert "\n" not in str(error)
    assert "Traceback" not in str(error)


def test_inspect_the_starter_model(starter_path: Path) -> None:
    info = inspect_model(starter_path)
    assert info.architecture == "llama"
    assert info.parameter_count is not None and 130e6 < info.parameter_count < 140e6
    assert info.quantization == "Q4_1"
    assert info.context_length == 8192
    assert info.chat_template is not None and "<|im_start|>" in info.chat_template
    assert info.file_size == starter_path.stat().st_size


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist") as caught:
        load(tmp_path / "missing.gguf")
    assert_one_line_with_hint(caught.value)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.gguf"
    path.write_bytes(os.urandom(2_000_000))
    with pytest.raises(ModelError, match="not a GGUF model file") as caught:
        load(path)
    assert_one_line_with_hint(caught.value)


def test_truncated_download(tmp_path: Path, starter_path: Path) -> None:
    path = tmp_path / "truncated.gguf"
    with starter_path.open("rb") as source:
        path.write_bytes(source.read(1_000_000))
    with pytest.raises(ModelError, match="incomplete") as caught:
        load(path)
    assert "Download the file again" in str(caught.value)


def test_too_large_for_the_memory_left(starter_path: Path) -> None:
    with pytest.raises(ModelError, match="needs about") as caught:
        load(starter_path, available_memory=50 * 1024**2)
    assert "smaller model" in str(caught.value)
    assert_one_line_with_hint(caught.value)


@pytest.mark.slow
def test_unknown_architecture(tmp_path: Path, starter_reader: gguf.GGUFReader) -> None:
    path = copy_with_metadata(starter_reader, tmp_path / "alien.gguf", arch="nonexistent-arch")
    with pytest.raises(ModelError, match="'nonexistent-arch' model") as caught:
        load(path)
    assert not isinstance(caught.value, ModelLoadCrashed)
    assert_one_line_with_hint(caught.value)


@pytest.mark.slow
def test_llama_cpp_abort_is_caught_in_the_probe(
    tmp_path: Path, starter_reader: gguf.GGUFReader
) -> None:
    # A GPT-2 vocabulary declared as a SentencePiece one: llama.cpp abort()s on tokenizing.
    path = copy_with_metadata(
        starter_reader, tmp_path / "crashy.gguf", tokenizer__ggml__model="llama"
    )
    with pytest.raises(ModelLoadCrashed, match=r"crashed while loading crashy\.gguf") as caught:
        load(path)
    assert_one_line_with_hint(caught.value)
    assert "unordered_map" in str(caught.value)  # the reason llama.cpp gave, not its log
    # Still refused on the next attempt: a crash is never recorded as a pass.
    with pytest.raises(ModelLoadCrashed):
        load(path)


@pytest.mark.slow
def test_hostile_chat_template_never_runs_and_chatml_takes_over(
    tmp_path: Path, starter_reader: gguf.GGUFReader
) -> None:
    marker = tmp_path / "pwned"
    hostile = (
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
        "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    )
    path = copy_with_metadata(
        starter_reader, tmp_path / "hostile.gguf", tokenizer__chat_template=hostile
    )
    model = load(path)
    try:
        assert model.chat_format.source == "chatml"
        assert "SecurityError" in model.chat_format.problem
        answer = "".join(
            d.text for d in model.stream(QUESTION, SamplingSettings(temperature=0.0, max_tokens=24))
        )
        assert "Paris" in answer
        assert not marker.exists()
    finally:
        model.close()


@pytest.mark.slow
def test_chat_template_that_does_not_compile(
    tmp_path: Path, starter_reader: gguf.GGUFReader
) -> None:
    path = copy_with_metadata(
        starter_reader, tmp_path / "broken.gguf", tokenizer__chat_template="{% for x in %}"
    )
    with pytest.raises(ModelError, match="broken chat template") as caught:
        load(path)
    assert_one_line_with_hint(caught.value)


def test_a_passed_probe_is_remembered_and_close_is_final(
    starter_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(starter_path).close()
    record = json.loads((paths.cache_dir() / "probed_models.json").read_text(encoding="utf-8"))
    stat = starter_path.stat()
    key = f"{os.path.realpath(starter_path)}|{stat.st_size}|{stat.st_mtime_ns}"
    assert record["passed"] == [key]

    def no_second_probe(*_args: object) -> None:
        raise AssertionError("the probe ran again for an unchanged file")

    monkeypatch.setattr(probing, "_run_probe", no_second_probe)
    model = load(starter_path)
    assert model.context_size == 256
    model.close()
    model.close()  # idempotent; a closed model refuses to answer
    with pytest.raises(GenerationError, match="unloaded"):
        next(model.stream(QUESTION, SamplingSettings()))
