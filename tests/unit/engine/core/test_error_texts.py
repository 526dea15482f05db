"""Every error message the engine raises reads in Chinese in a Chinese interface.

The sentences are collected from the source, not listed by hand: every call that makes an
`EngineError` (or a subclass, wherever it is defined) with a literal or f-string message or
hint. Each varying part is filled with a sample ("7"), localized, and must leave no English
words but names (Lanthorn, PDF, YouTube...) and `commands`.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

import engine.errors
from engine.errors import DocumentError, EngineError
from engine.texts import localize

ENGINE = Path(engine.errors.__file__).parent
SAMPLE = "7"
NAMES = {
    "Lanthorn", "PDF", "GGUF", "gguf", "llama", "cpp", "YouTube", "Whisper", "PyTorch", "ONNX",
    "API", "HTTP", "CTranslate2", "sentence", "transformers", "SubRip", "WebVTT", "srt", "vtt",
    "json", "md", "Cookie", "MB", "GB", "Hz", "starter", "remote", "system", "user", "assistant",
    "en", "zh", "model", "bin", "config", "tokenizer", "vocabulary", "txt", "modules", "OCR",
    "SmolLM2", "GNOME", "Keyring", "KWallet", "macOS", "Windows",
}
# Messages assembled from parts: the sentences they make (each in the catalog).
ASSEMBLED = {
    "The disk holding {folder} is full{wanted}.": [
        "The disk holding /data is full.",
        "The disk holding /data is full (about 12 MB more is needed).",
    ],
    "This video{what}.": ["This video has no captions.", "This video's captions are empty."],
    "YouTube will not play this video ({said or 'no reason given'}).": [
        "YouTube will not play this video (no reason given).",
        "YouTube will not play this video (7).",
    ],
    "YouTube answered with an error{code}.": [
        "YouTube answered with an error.", "YouTube answered with an error (HTTP 500).",
    ],
    "no answer{limit}": [
        "Could not reach YouTube: no answer within 10 s.", "Could not reach YouTube: no answer.",
    ],
}
# Fragments that only ever appear inside a sentence listed above.
FRAGMENTS = {"no connection", "the proxy refused or failed the connection",
             "the secure connection failed (a firewall or proxy may be intercepting it)"}


def _template(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_part(v, constants) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left, constants), _template(node.right, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _part(value: ast.AST, constants: dict[str, str]) -> str:
    if isinstance(value, ast.Constant):
        return str(value.value)
    assert isinstance(value, ast.FormattedValue)
    inner = value.value
    if isinstance(inner, ast.Name) and inner.id in constants:
        return constants[inner.id]
    return "{" + ast.unparse(inner) + "}"


def _error_classes(trees: list[ast.Module]) -> set[str]:
    names = {n for n, c in vars(engine.errors).items()
             if isinstance(c, type) and issubclass(c, EngineError)}
    grown = True
    while grown:
        grown = False
        for node in (n for tree in trees for n in ast.walk(tree)):
            bases = {ast.unparse(b).rsplit(".", 1)[-1] for b in getattr(node, "bases", [])}
            if isinstance(node, ast.ClassDef) and node.name not in names and bases & names:
                names.add(node.name)
                grown = True
    return names


def _makes_error(call: ast.Call, names: set[str], inside: set[int]) -> bool:
    func = ast.unparse(call.func)
    if func.rsplit(".", 1)[-1] in names:
        return True
    return id(call) in inside and func in ("cls", "super().__init__")


@cache
def raised_sentences() -> frozenset[str]:
    """The message and hint templates of every error the engine makes."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in ENGINE.rglob("*.py")]
    names = _error_classes(trees)
    found = set()
    for tree in trees:
        constants = {n.targets[0].id: t for n in tree.body if isinstance(n, ast.Assign)
                     and isinstance(n.targets[0], ast.Name)
                     and (t := _template(n.value, {})) is not None}
        inside = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
                  and c.name in names for n in ast.walk(c)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _makes_error(call, names, inside):
                texts = call.args[:1] + [k.value for k in call.keywords if k.arg == "hint"]
                found |= {t for t in (_template(x, constants) for x in texts) if t}
    return frozenset(found)


def english_left(text: str) -> list[str]:
    """Latin words in `text` other than names, sample values and `commands`."""
    text = re.sub(r"`[^`]*`|/data|\S+\.(pdf|gguf|json|srt|vtt|txt|bin)", "", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", text) if w not in NAMES]


def _samples() -> list[str]:
    sentences = []
    for template in sorted(raised_sentences() - FRAGMENTS):
        filled = ASSEMBLED.get(template) or [re.sub(r"\{[^{}]*\}", SAMPLE, template)]
        sentences += filled
    return sentences


def test_the_engine_raises_errors_from_many_places() -> None:
    assert len(raised_sentences()) > 200  # the collector finds the raise sites


@pytest.mark.parametrize("english", _samples())
def test_every_raised_sentence_reads_in_chinese(english: str) -> None:
    chinese = localize(english, "zh_CN")
    assert not english_left(chinese), (english, chinese)
    assert localize(english, "en_US") == english


def test_an_error_gives_its_message_and_hint_in_the_interface_language() -> None:
    error = DocumentError("notes.pdf is empty (0 bytes).", hint="There is nothing to index.")
    assert error.localized("zh_CN") == ("notes.pdf 是空的（0 字节）。", "没有可索引的内容。")
    assert error.localized("en") == (error.message, error.hint)
