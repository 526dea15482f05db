"""Values of chat models: a file's header, the memory fit, the library, catalog and remote."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class ModelInfo:
    """What a GGUF file says about itself (read from its header, without loading weights)."""

    path: str
    name: str
    architecture: str
    parameter_count: int | None
    quantization: str
    context_length: int | None
    chat_template: str | None
    file_size: int
    metadata: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def license(self) -> str:
        """The licence the file names (`general.license`, else its name or link), or ""."""
        for key in ("general.license", "general.license.name", "general.license.link"):
            value = self.metadata.get(key, "").strip()
            if value:
                return value
        return ""


class FitVerdict(StrEnum):
    """Whether a model fits this machine: comfortably, only just, or not at all."""

    FITS = "fits"
    TIGHT = "tight"
    WONT_FIT = "won't fit"


@dataclass(frozen=True)
class ModelFit:
    """Memory a model needs at a context size against what is free: the engine's one estimate.

    The loader refuses exactly the models whose verdict is `WONT_FIT`; the settings dialog shows
    the same verdict. With GPU layers set, `needed` is the part left in main memory and
    `vram_needed` the part on the GPU (`vram_available` is None when it cannot be measured);
    the verdict is the worse of the two.
    """

    needed: int
    available: int
    context_size: int
    verdict: FitVerdict
    gpu_layers: int = 0
    vram_needed: int = 0
    vram_available: int | None = None

    @property
    def fits(self) -> bool:
        """Whether the loader will load it (a tight fit loads, with little room to spare)."""
        return self.verdict is not FitVerdict.WONT_FIT


class ModelKind(StrEnum):
    """Where a chat model runs: the bundled demo, a GGUF file here, or a server."""

    STARTER = "starter"
    LOCAL = "local"
    REMOTE = "remote"


STARTER_MODEL_ID = "starter"
REMOTE_MODEL_ID = "remote"


@dataclass(frozen=True)
class LibraryModel:
    """One chat model the person can pick: the starter, a GGUF file, or the remote endpoint.

    `id` is "starter", "remote" or the library number as text (what `lanthorn models default`
    takes). `info` is the file's header (None for the remote endpoint or a file that went
    missing, then `problem` says why); `fit` is the engine's one memory estimate for this
    machine. `owned` files live in the models folder and are deleted on removal; referenced
    ones are only forgotten. `endpoint` is the remote server's base URL.
    """

    id: str
    kind: ModelKind
    name: str
    info: ModelInfo | None = None
    fit: ModelFit | None = None
    owned: bool = False
    default: bool = False
    problem: str = ""
    endpoint: str = ""


class CatalogKind(StrEnum):
    """What a catalog entry is for."""

    CHAT = "chat"
    EMBEDDING = "embedding"
    WHISPER = "whisper"


@dataclass(frozen=True)
class CatalogFile:
    """One file of a catalog entry: where it comes from and what it must hash to.

    `sha256` is "" when the catalog does not know it: the download then checks the hash the
    server advertises for it (Hugging Face's LFS hash or git blob id) and refuses a file that
    has none. `size` is in bytes; exact when `sha256` is known, else the catalog's estimate.
    """

    path: str
    url: str
    size: int
    sha256: str = ""


@dataclass(frozen=True)
class CatalogEntry:
    """A recommended model: a chat GGUF, an embedding model or a Whisper model.

    `fit` (chat models) is the engine's memory estimate for this machine; `installed` is the
    file or folder once downloaded; `partial_bytes` counts a paused download's bytes.
    """

    name: str
    kind: CatalogKind
    title: str
    license: str
    languages: tuple[str, ...]
    files: tuple[CatalogFile, ...]
    description: str = ""
    parameters: int | None = None
    context_length: int | None = None
    fit: ModelFit | None = None
    installed: str = ""
    partial_bytes: int = 0

    @property
    def size(self) -> int:
        """Bytes of all its files."""
        return sum(file.size for file in self.files)


@dataclass(frozen=True)
class DownloadResult:
    """What a finished download gave: a file (chat model) or a folder (embedding, Whisper).

    `model` is the chat model's library entry. An embedding folder is only offered:
    `embedding_folder` is what to give `knowledge.switch_embedding_model` when the person
    agrees; a Whisper folder is what the speech settings' model may be set to.
    """

    entry: str
    kind: CatalogKind
    path: str
    sha256: tuple[str, ...]
    model: LibraryModel | None = None
    embedding_folder: str = ""
    whisper_folder: str = ""


@dataclass(frozen=True)
class Recommendation:
    """Whether only the tiny demo model is installed, and the catalog model to get instead.

    `message` is a sentence for the person ("" when a real model is installed); `entry` is the
    best chat model for this machine (None when none fits). Never downloaded automatically.
    """

    starter_only: bool
    message: str
    entry: CatalogEntry | None = None


@dataclass(frozen=True)
class RemoteStatus:
    """The remote endpoint as configured: where, which model, whether a key is kept.

    `key_storage` says where the key lives ("keyring", "memory" or "" for none). `notice` is
    what the settings page shows before the first use: what leaves the machine.
    """

    base_url: str
    model: str
    has_key: bool
    key_storage: str
    notice: str


@dataclass(frozen=True)
class RemoteCheck:
    """The outcome of `test_remote`: reachable, the key accepted, the model there.

    `models` lists what the server offers; `context_size` is what prompts are fitted to;
    `problem` is "" when the endpoint works, else the sentence to show.
    """

    ok: bool
    base_url: str
    model: str
    models: tuple[str, ...] = ()
    context_size: int = 0
    problem: str = ""


@dataclass(frozen=True)
class KeyringStatus:
    """Where API keys are kept: the OS keyring, or only in memory until the app quits.

    `backend` names the keyring ("memory" without one); `problem` says plainly why not.
    """

    backend: str
    persistent: bool
    problem: str = ""
