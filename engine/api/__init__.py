"""The engine's public face: `Engine`, the Protocol it satisfies, and what callers pass in.

The desktop imports only this package, `engine.types` and `engine.errors`. Importing it loads
no numpy, model or index code (start-up time): `Pcm` and the self-test's names are resolved
when first asked for.
"""

from typing import TYPE_CHECKING, Any

from engine.api.boundary import (
    ChatAPI,
    ConversationsAPI,
    EngineAPI,
    KnowledgeAPI,
    ModelsAPI,
    SecretsAPI,
    SpeechAPI,
)
from engine.api.engine import Engine, data_dir
from engine.api.speech import MAX_RECORDING_RANGE_S
from engine.cancel import CancelToken
from engine.config import Settings
from engine.paths import resource

if TYPE_CHECKING:
    from engine.api.self_test import SAMPLE_PDF, SelfTestCheck, SelfTestReport, run_self_test
    from engine.speech.audio import Pcm

_SELF_TEST = ("SAMPLE_PDF", "SelfTestCheck", "SelfTestReport", "run_self_test")

__all__ = [
    "MAX_RECORDING_RANGE_S",
    "SAMPLE_PDF",
    "CancelToken",
    "ChatAPI",
    "ConversationsAPI",
    "Engine",
    "EngineAPI",
    "KnowledgeAPI",
    "ModelsAPI",
    "Pcm",
    "SecretsAPI",
    "SelfTestCheck",
    "SelfTestReport",
    "Settings",
    "SpeechAPI",
    "data_dir",
    "resource",
    "run_self_test",
]


def __getattr__(name: str) -> Any:
    """`Pcm` and the self-test on first use (numpy is slow to import; the self-test ~15 ms)."""
    if name == "Pcm":
        from engine.speech.audio import Pcm

        return Pcm
    if name in _SELF_TEST:
        from engine.api import self_test

        return getattr(self_test, name)
    raise AttributeError(name)
