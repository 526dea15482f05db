"""Turn the `openai` client's failures into messages a person can act on.

The client has already retried 408/409/429/5xx answers and dropped connections with
exponential backoff (honouring `Retry-After`) by the time one of these reaches us.
"""

from __future__ import annotations

from engine.errors import EngineError, GenerationError, ModelError

_MESSAGE_LIMIT = 200
_KEY_HINT = "Enter the right API key for this server in Settings, or remove it if none is needed."


def remote_error(exc: Exception, base_url: str, model: str, secret: str = "") -> EngineError:
    """A ModelError (the endpoint cannot be used as set) or GenerationError (this answer failed).

    `secret` (the API key) is blanked out of anything the server said, should it echo it.
    """
    import openai

    said = _server_said(exc, secret)
    if isinstance(exc, openai.AuthenticationError):
        return ModelError(f"The server at {base_url} refused the API key (401).", hint=_KEY_HINT)
    if isinstance(exc, openai.PermissionDeniedError):
        return ModelError(
            f"The server at {base_url} does not let this API key use {model} (403).",
            hint=_KEY_HINT,
        )
    if isinstance(exc, openai.NotFoundError):
        return ModelError(
            f"The server at {base_url} has no model named '{model}' (404){said}.",
            hint="Check the model name; `remote test` lists the models it offers.",
        )
    if isinstance(exc, openai.RateLimitError):
        return GenerationError(
            f"The server at {base_url} is busy (too many requests, 429) and still was after "
            "several retries.",
            hint="Wait a minute and ask again.",
        )
    if isinstance(exc, openai.APITimeoutError):
        return GenerationError(
            f"The server at {base_url} did not answer in time.",
            hint="Ask again, or raise the server's time limit in Settings.",
        )
    if isinstance(exc, openai.APIConnectionError):
        return ModelError(
            f"Cannot reach the model server at {base_url}.",
            hint="Check that the server is running and the address is right (a proxy set in "
            "the environment is used).",
        )
    if isinstance(exc, openai.APIStatusError):
        return GenerationError(
            f"The server at {base_url} failed to answer (HTTP {exc.status_code}){said}.",
            hint="Try again; if it keeps failing, check the server's log.",
        )
    return GenerationError(
        f"The answer from {base_url} broke off ({type(exc).__name__}){said}.",
        hint="Ask again.",
    )


def _server_said(exc: Exception, secret: str) -> str:
    text = " ".join(str(getattr(exc, "message", "") or "").split())
    if secret:
        text = text.replace(secret, "***")
    if not text:
        return ""
    if len(text) > _MESSAGE_LIMIT:
        text = text[: _MESSAGE_LIMIT - 1] + "…"
    return f": {text}"
