"""The remote backend's token estimate stays above the real count (SmolLM2's tokenizer)."""

from __future__ import annotations

import pytest

from engine.bundled import starter_chat_model
from engine.llm.base import ChatTurn
from engine.llm.remote import RemoteChatModel, RemoteEndpoint, estimate_tokens

TEXTS = [
    "The quick brown fox jumps over the lazy dog. " * 20,
    "人工智能是计算机科学的一个分支，它企图了解智能的实质。2018年的数据显示，Lanthorn 可以运行。"
    * 10,
    "Москва — столица России, город федерального значения. " * 10,
    "def main(argv: list[str]) -> int:\n    return 0  # 🙂 naïve café\n" * 10,
]


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    import llama_cpp

    return llama_cpp.Llama(str(starter_chat_model()), vocab_only=True, verbose=False)


@pytest.mark.parametrize("text", TEXTS)
def test_the_prompt_estimate_never_undercounts(text: str, tokenizer) -> None:  # type: ignore[no-untyped-def]
    real = len(tokenizer.tokenize(text.encode(), add_bos=False))
    model = RemoteChatModel(RemoteEndpoint("http://x/v1", "m"), client=None, context_size=4096)
    assert model.count_prompt_tokens([ChatTurn("user", text)]) >= real
    assert estimate_tokens(text) <= 2.5 * real  # generous, not wasteful


def test_the_key_is_never_in_the_endpoints_repr() -> None:
    endpoint = RemoteEndpoint("http://x/v1", "m", api_key="sk-secret-1")
    assert "sk-secret-1" not in repr(endpoint) and "sk-secret-1" not in str(endpoint)
