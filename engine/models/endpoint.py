"""The remote endpoint as the settings page shows it, and its "test connection" check."""

from __future__ import annotations

from engine.config import RemoteSettings, SamplingSettings
from engine.errors import EngineError
from engine.llm.base import ChatTurn
from engine.llm.remote import (
    FALLBACK_CONTEXT,
    RemoteChatModel,
    RemoteEndpoint,
    check_model_offered,
    list_models,
    open_client,
    served_context,
)
from engine.types import RemoteCheck, RemoteStatus

PRIVACY_NOTICE = (
    "With a remote model, your question, the recent turns of the conversation and the passages "
    "cited from your documents are sent to {url} to be answered. Your documents, their index "
    "and the search stay on this computer."
)
_CHECK_SAMPLING = SamplingSettings(temperature=0.0, max_tokens=1, seed=0)


def status(remote: RemoteSettings, key_storage: str) -> RemoteStatus:
    """What is set up, where its key is kept, and what leaves the machine."""
    url = remote.base_url or "the server"
    return RemoteStatus(
        base_url=remote.base_url,
        model=remote.model,
        has_key=bool(key_storage),
        key_storage=key_storage,
        notice=PRIVACY_NOTICE.format(url=url),
    )


def check(endpoint: RemoteEndpoint) -> RemoteCheck:
    """Reach the server, check the key and the model, and have it write one token.

    Blocks for two requests. Never raises for the endpoint's failures: `problem` says them.
    """
    base = RemoteCheck(ok=False, base_url=endpoint.base_url, model=endpoint.model)
    client = open_client(endpoint)
    offered: tuple[str, ...] = ()
    try:
        entries = list_models(client, endpoint)
        offered = tuple(str(entry.get("id", "")) for entry in entries)
        check_model_offered(entries, endpoint)
        context = (
            endpoint.context_size or served_context(entries, endpoint.model) or FALLBACK_CONTEXT
        )
        model = RemoteChatModel(endpoint, client, context)
        for _delta in model.stream([ChatTurn("user", "Say OK.")], _CHECK_SAMPLING):
            pass
    except EngineError as exc:
        return RemoteCheck(
            ok=False, base_url=base.base_url, model=base.model, models=offered, problem=str(exc)
        )
    finally:
        client.close()
    return RemoteCheck(
        ok=True, base_url=endpoint.base_url, model=endpoint.model, models=offered,
        context_size=context,
    )
