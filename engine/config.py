"""Typed settings with a schema version, kept as TOML in the data folder.

Values of 0 or None for context size, threads and GPU layers mean "fit this machine": they are
resolved when a model loads (see `engine.llm.defaults`), so a settings file moved to a bigger
machine still fits it.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from engine import paths
from engine.errors import ConfigError
from engine.whisper_languages import is_known as is_whisper_language

SCHEMA_VERSION = 1

# Measured on the starter model: phrased like its training system prompt ("You are a helpful AI
# assistant named ..."), it answers "What is the capital of France?" with Paris on 120 of 120
# seeds at the default sampling; "You are Lanthorn, a helpful assistant ..." did on 57 of 60.
DEFAULT_SYSTEM_PROMPT = (
    "You are a helpful AI assistant named Lanthorn, running privately on the user's computer. "
    "Answer clearly and concisely."
)


@dataclass(frozen=True)
class ModelSettings:
    """Which chat model runs and how it uses the machine."""

    path: str = ""  # empty: the bundled starter model
    context_size: int = 0  # 0: trained length capped by free memory
    threads: int = 0  # 0: physical cores
    gpu_layers: int = -1  # -1: all when a GPU backend and device exist, else 0
    remote: bool = False  # the default model is the remote endpoint ([remote]), not `path`


@dataclass(frozen=True)
class RemoteSettings:
    """An OpenAI-compatible server to answer with. Its API key is never here: see secrets.

    `context_size` 0 asks the server (vLLM, LM Studio and llama.cpp's server say it), else
    `engine.llm.remote.FALLBACK_CONTEXT`. Retries cover 429 and 5xx answers with backoff.
    """

    base_url: str = ""  # e.g. http://gpu-box:8080/v1; empty: no remote endpoint
    model: str = ""
    context_size: int = 0
    timeout_s: float = 120.0  # longest wait for the next piece of an answer
    max_retries: int = 3


@dataclass(frozen=True)
class SamplingSettings:
    """Sampling defaults that keep small quantized models on topic (measured, see issue 3)."""

    temperature: float = 0.2
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    max_tokens: int = 512
    seed: int = -1  # -1: random


@dataclass(frozen=True)
class KnowledgeSettings:
    """Retrieval and embedding choices, and how videos without captions are read.

    `transcribe_video_audio` is off by default because it downloads a video's sound (tens of
    megabytes an hour) and transcribes it here, which takes minutes; off, such a video fails
    with a sentence naming this setting.
    """

    embedding_model: str = ""  # empty: the bundled all-MiniLM-L6-v2
    top_k: int = 6
    relevance_floor: float = 0.0
    transcribe_video_audio: bool = False


_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(frozen=True)
class UiSettings:
    """Preferences of the desktop app (window geometry lives elsewhere, in QSettings)."""

    language: str = ""  # empty: follow the system

    def resolved_language(self, environ: Mapping[str, str] = os.environ) -> str:
        """The UI language in force: the setting, else the system's (as Qt reads it).

        The system's is the first locale variable set (`zh_CN.UTF-8`, `en_GB` ...), "" if none.
        """
        if self.language:
            return self.language
        for name in _LOCALE_VARIABLES:
            value = environ.get(name, "")
            if value:
                return value.split(":")[0]
        return ""


@dataclass(frozen=True)
class SpeechSettings:
    """Voice questions and transcription.

    An empty `model` uses the bundled models: tiny.en for English (`language = "en"`), the
    multilingual Whisper base otherwise (detection and Chinese need it). Any CTranslate2 Whisper
    folder may be chosen instead.
    """

    model: str = ""  # a CTranslate2 Whisper folder; empty: the bundled ones
    language: str = ""  # a Whisper language code; empty: detect it
    send_at_once: bool = False  # send a spoken question at once instead of editing it first
    input_device: str = ""  # the microphone's name; empty: the system's default
    max_recording_s: int = 60


MAX_RECORDING_RANGE_S = (5, 600)


@dataclass(frozen=True)
class SummarySettings:
    """How much of a long source a summary reads, and how long it may take.

    Prompt processing is what a summary costs (about 200 tokens/s with the starter model on 2
    cores): 7,000 tokens is about a minute in all. A bigger model or a faster machine can read
    more; past `time_limit_s` the remaining steps are thinned out (engine/chat/summarize.py).
    """

    read_tokens: int = 7000
    time_limit_s: float = 240.0


@dataclass(frozen=True)
class Settings:
    """Everything the user can set. Immutable: change with `dataclasses.replace`."""

    model: ModelSettings = field(default_factory=ModelSettings)
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    remote: RemoteSettings = field(default_factory=RemoteSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    system_prompt: str = DEFAULT_SYSTEM_PROMPT

    def validate(self) -> None:
        """Raise ConfigError on values no model can run with."""
        s, m, v, r, d = self.sampling, self.model, self.speech, self.remote, self.summary
        low, high = MAX_RECORDING_RANGE_S
        checks = [
            (0.0 <= s.temperature <= 5.0, "temperature must be between 0 and 5"),
            (0.0 < s.top_p <= 1.0, "top_p must be in (0, 1]"),
            (s.top_k >= 0, "top_k must be 0 or more"),
            (0.5 <= s.repeat_penalty <= 3.0, "repeat penalty must be between 0.5 and 3"),
            (s.max_tokens >= 1, "max tokens must be at least 1"),
            (m.context_size == 0 or m.context_size >= 256, "context size must be 0 or >= 256"),
            (m.threads >= 0, "threads must be 0 (auto) or more"),
            (m.gpu_layers >= -1, "GPU layers must be -1 (auto) or more"),
            (self.knowledge.top_k >= 1, "retrieval k must be at least 1"),
            (d.read_tokens >= 500, "a summary must read at least 500 tokens"),
            (d.time_limit_s >= 10, "a summary's time limit must be at least 10 seconds"),
            (r.base_url == "" or _is_http_url(r.base_url), "the server address must start "
             "with http:// or https://"),
            (r.context_size == 0 or r.context_size >= 256, "server context must be 0 or >= 256"),
            (r.timeout_s > 0, "the server time limit must be above 0 seconds"),
            (0 <= r.max_retries <= 10, "server retries must be between 0 and 10"),
            (not m.remote or bool(r.base_url and r.model), "the remote model needs an address "
             "and a model name"),
            (
                v.language == "" or is_whisper_language(v.language),
                f"'{v.language}' is not a spoken language Whisper knows (use e.g. en or zh)",
            ),
            (
                low <= v.max_recording_s <= high,
                f"the longest recording must be between {low} and {high} seconds",
            ),
        ]
        for ok, reason in checks:
            if not ok:
                raise ConfigError(f"Invalid setting: {reason}.")

    def with_model_path(self, path: str) -> Settings:
        """These settings using the GGUF at `path` (e.g. `--model` on the command line)."""
        model = dataclasses.replace(self.model, path=path, remote=False)
        return dataclasses.replace(self, model=model)

    def with_video_audio(self, transcribe: bool) -> Settings:
        """These settings with videos without captions transcribed from their sound (or not)."""
        knowledge = dataclasses.replace(self.knowledge, transcribe_video_audio=transcribe)
        return dataclasses.replace(self, knowledge=knowledge)

    def with_embedding_model(self, folder: str) -> Settings:
        """These settings with another embedding model folder ("" for the bundled one)."""
        knowledge = dataclasses.replace(self.knowledge, embedding_model=folder)
        return dataclasses.replace(self, knowledge=knowledge)


def _is_http_url(text: str) -> bool:
    scheme, _, rest = text.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest.strip("/"))


def load(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults. Unknown keys are ignored, not fatal."""
    path = path or paths.config_file()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"The settings file {path} cannot be read ({exc}).",
            hint="Fix or delete it; Lanthorn recreates it with defaults.",
        ) from exc
    data = _migrate(data)
    settings: Settings = _from_dict(Settings, data)
    settings.validate()
    return settings


def save(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically (temp file, fsync, rename) so a crash never leaves half a file."""
    settings.validate()
    path = path or paths.config_file()
    data = {"schema_version": SCHEMA_VERSION, **dataclasses.asdict(settings)}
    text = tomli_w.dumps(data)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"Settings could not be saved to {path} ({exc}).") from exc


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.pop("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ConfigError(
            f"The settings file was written by a newer Lanthorn (schema {version}).",
            hint="Update Lanthorn, or delete the settings file to start from defaults.",
        )
    return data


def _from_dict(cls: Any, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"Settings section for {cls.__name__} is not a table.")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        default = getattr(cls(), f.name)
        if dataclasses.is_dataclass(default):
            kwargs[f.name] = _from_dict(type(default), value)
        elif isinstance(default, bool) or type(value) is not type(default):
            kwargs[f.name] = _coerce(f.name, value, default)
        else:
            kwargs[f.name] = value
    return cls(**kwargs)


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if type(value) is type(default):
        return value
    raise ConfigError(f"Setting '{name}' should be a {type(default).__name__}, not {value!r}.")
