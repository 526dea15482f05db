"""pypdf's own exceptions, raised by pypdf's own code, become plain reasons for a person."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pypdf
import pypdf.filters
import pytest
from pypdf.generic import NumberObject

from engine.knowledge.pdf_problems import is_expansion_limit, needs_decoder, reason
from tests.integration.knowledge_docs.hostile_pdfs import zeros_bomb

CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Object)\b")


def _raised(call) -> BaseException:
    with pytest.raises(Exception) as caught:  # pypdf raises many unrelated types
        call()
    return caught.value


def _plain(text: str) -> bool:
    lowered = text.casefold()
    return not CLASS_NAME.search(text) and "pip" not in lowered and "bomb" not in lowered


@pytest.fixture
def no_brotli(monkeypatch: pytest.MonkeyPatch):
    """pypdf as it is without its optional Brotli decoder."""
    real = pypdf.filters.find_spec
    monkeypatch.setattr(
        pypdf.filters, "find_spec", lambda name, *a: None if name == "brotli" else real(name, *a)
    )
    pypdf.filters.BrotliDecode._check_brotli_available.cache_clear()
    yield
    pypdf.filters.BrotliDecode._check_brotli_available.cache_clear()


def test_a_missing_brotli_decoder_is_named_without_a_pip_command(no_brotli):
    exc = _raised(lambda: pypdf.filters.BrotliDecode.decode(b"\x0b\x02\x80hello\x03"))
    assert "pip install" in str(exc)  # what pypdf says
    assert needs_decoder(exc)
    assert reason(exc) == "it uses Brotli compression, which this installation cannot decode"


def test_a_brotli_compressed_trailer_is_the_same_missing_decoder(no_brotli, shared_data: Path):
    path = shared_data / "pdf" / "viewer_opens" / "Brotli-Prototype-FileA.pdf"
    exc = _raised(lambda: pypdf.PdfReader(path))
    assert needs_decoder(exc) and _plain(reason(exc))
    assert reason(exc) == "it uses Brotli compression, which this installation cannot decode"


def test_jbig2_images_that_cannot_be_decoded_are_said_so(monkeypatch: pytest.MonkeyPatch):
    without = dataclasses.replace(pypdf.filters.get_configuration(), jbig2dec_binary=None)
    monkeypatch.setattr(pypdf.filters, "get_configuration", lambda: without)
    exc = _raised(lambda: pypdf.filters.JBIG2Decode.decode(b"\x00"))
    assert reason(exc) == "its images use JBIG2 compression, which cannot be decoded here"


def test_a_number_longer_than_64_characters_is_damage_not_a_bomb():
    exc = _raised(lambda: NumberObject.read_from_stream(io.BytesIO(b"7" * 70 + b" ")))
    assert type(exc).__name__ == "LimitReachedError"
    assert not is_expansion_limit(exc)
    assert reason(exc) == (
        "it holds a number or name far longer than a real one (the file is damaged)"
    )


def test_a_decompression_limit_is_an_expansion_limit():
    exc = _raised(lambda: pypdf.filters.FlateDecode.decode(zeros_bomb(4 << 30)))
    assert is_expansion_limit(exc)
    assert reason(exc) == "it holds compressed data that expands past the reader's safety limit"


def test_damage_keeps_pypdfs_words_without_its_type_names(shared_data: Path):
    bad = shared_data / "pdf" / "bad"
    opened = _raised(lambda: pypdf.PdfReader(bad / "poppler-742-0-fuzzed.pdf").pages[0])
    assert "DictionaryObject" in str(opened)
    assert reason(opened) == "expected /Kids to be an array, got dictionary"
    page = pypdf.PdfReader(bad / "poppler-395-0-fuzzed.pdf").pages[0]
    deprecated = _raised(page.extract_text)
    assert type(deprecated).__name__ == "DeprecationError"
    assert _plain(reason(deprecated)) and "cannot handle" in reason(deprecated)


def test_unknown_damage_is_one_printable_line():
    assert reason(ValueError("Bad\x9c digit\n found.")) == "bad digit found"
    assert reason(ValueError("")) == "its data cannot be parsed"
    assert len(reason(ValueError("x" * 500))) == 160
    assert _plain(reason(RecursionError("maximum recursion depth exceeded")))
