from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.llm.decoding import TextAssembler


def feed_all(assembler: TextAssembler, pieces: list[bytes]) -> list[str]:
    out = [assembler.feed(piece) for piece in pieces]
    out.append(assembler.finish())
    return [text for text in out if text]


def test_multibyte_characters_split_across_tokens_come_out_whole() -> None:
    data = "héllo 你好 🙂".encode()
    pieces = [data[i : i + 1] for i in range(len(data))]  # worst case: one byte per token
    out = feed_all(TextAssembler(), pieces)
    assert "".join(out) == "héllo 你好 🙂"
    assert all("\ufffd" not in text for text in out)


@given(st.text(min_size=1), st.lists(st.integers(1, 6), min_size=1))
def test_any_split_reassembles_exactly(text: str, cuts: list[int]) -> None:
    data = text.encode()
    pieces, pos = [], 0
    for cut in cuts * (len(data) // max(1, sum(cuts)) + 1):
        pieces.append(data[pos : pos + cut])
        pos += cut
    pieces.append(data[pos:])
    out = feed_all(TextAssembler(), pieces)
    assert "".join(out) == text.lstrip()


def test_stop_string_split_across_tokens_is_never_shown() -> None:
    assembler = TextAssembler(["<|im_end|>"])
    out = feed_all(assembler, [b"Paris", b".", b"<|", b"im_", b"end|>", b"more"])
    assert "".join(out) == "Paris."
    assert assembler.stopped


def test_text_that_only_looks_like_a_stop_start_is_released() -> None:
    assembler = TextAssembler(["<|im_end|>"])
    out = feed_all(assembler, [b"a <", b"b", b" c"])
    assert "".join(out) == "a <b c"
    assert not assembler.stopped


def test_leading_blanks_are_dropped_once() -> None:
    out = feed_all(TextAssembler(), [b" ", b"\n", b" Hi", b"  there"])
    assert "".join(out) == "Hi  there"


def test_bytes_that_are_not_utf8_are_dropped_not_shown() -> None:
    # A 3-byte lead then a new character (what small models write), then a cut-off emoji.
    pieces = [b"\xe6\x99", "晴".encode(), b"\xe6", b" ok ", "🙂".encode()[:2]]
    out = feed_all(TextAssembler(), pieces)
    assert "".join(out) == "晴 ok "
