"""Sentence embeddings from a local sentence-transformers model folder, fast on a laptop CPU.

Backends: "onnx-int8" exports the model's transformer to ONNX once per machine (torch.onnx),
quantizes its weights to int8 (onnxruntime, per channel) and runs it with onnxruntime, pooling
and normalizing in numpy: about 3x torch's speed on two cores, cosine > 0.98 to fp32, and no
torch or sentence-transformers import at run time (~9 s). sentence-transformers' own ONNX
backend needs optimum-onnx, which pins transformers < 4.58 (we run 5.x), hence the direct
export. Exports live in `paths.models_dir()/onnx/<model_id>-int8`, built in a temporary folder
and renamed into place. "torch" (sentence-transformers itself) serves models whose modules the
ONNX path does not reproduce (a Dense layer, unusual pooling) and any failed export.

The installed app ships the bundled model's export, made when it was packaged
(`bundled.prepared_model`), and leaves torch and transformers out (installers/lanthorn.spec):
there, another model whose conversion needs them fails with a ModelError that says so.

`model_id` = the model's name + a hash of its config files and weight file sizes. `languages`
comes from the `language:` field of the model card's YAML front matter: "multilingual" or more
than three languages give {"multilingual"}, else the codes listed (all-MiniLM-L6-v2: {"en"});
with no card, a name with "multilingual" gives {"multilingual"}, anything else is taken as
English (the safe guess: hybrid search then leans on keywords for other languages).

Thread-safety: `count_tokens`, `embed` and `embed_query` may be called from several threads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import numpy.typing as npt
import yaml  # type: ignore[import-untyped]

from engine import bundled, paths
from engine.cores import usable_cores
from engine.errors import ModelError

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
_SIMPLE_MODULES = {"Transformer", "Pooling", "Normalize"}
_POOLING_MODES = {"cls": "pooling_mode_cls_token", "mean": "pooling_mode_mean_tokens"}
_POOLING_MODES["max"] = "pooling_mode_max_tokens"
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_EXPORT_VERSION = "1"
_HINT = "Pick a local sentence-transformers model folder in Settings, or reinstall Lanthorn."
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class ModelCard:
    """What a sentence-transformers folder says about itself, read without loading weights."""

    folder: Path
    model_id: str
    dimension: int
    max_tokens: int
    languages: frozenset[str]
    pooling: str | None  # None: the ONNX path cannot reproduce this model's modules.
    lower_case: bool = False
    prompts: dict[str, str] = field(default_factory=dict)


def _json(path: Path, kind: type = dict, *, missing_ok: bool = False) -> Any:
    if missing_ok and not path.is_file():
        return kind()
    try:
        value: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"The model file {path} cannot be read ({exc}).", hint=_HINT) from exc
    items = value if isinstance(value, list) else []
    if not isinstance(value, kind) or not all(isinstance(item, dict) for item in items):
        raise ModelError(f"The model file {path} does not hold what it should.", hint=_HINT)
    return value


def _card_text(folder: Path) -> str:
    try:
        return (folder / "README.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _name(folder: Path, card: str) -> str:
    title = re.search(r"^# +(.+)$", card, re.MULTILINE)
    raw = title.group(1) if title else folder.name
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip("-")[:60] or "model"


class _CardLoader(yaml.SafeLoader):  # type: ignore[misc]
    """`yaml.safe_load` without YAML 1.1's yes/no booleans: `language: no` is Norwegian."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if not tag.endswith(":bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _front_matter(card: str) -> dict[str, Any]:
    """The YAML block opening a model card (between `---` lines); {} when absent or broken."""
    found = _FRONT_MATTER.match(card.lstrip("\ufeff"))
    if not found:
        return {}
    try:
        data = yaml.load(found.group(1), Loader=_CardLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def card_languages(card: str, name: str) -> frozenset[str]:
    """The languages a model reads, by the rule in the module docstring."""
    raw = _front_matter(card).get("language")
    items = raw if isinstance(raw, list) else [raw]
    codes = {item.strip().lower() for item in items if isinstance(item, str) and item.strip()}
    if "multilingual" in codes or len(codes) > 3 or (not codes and "multilingual" in name.lower()):
        return frozenset({"multilingual"})
    return frozenset(codes) if codes else frozenset({"en"})


def _model_id(folder: Path, name: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or relative.startswith((".", "onnx/", "openvino/", "README")):
            continue
        digest.update(f"{relative}:{path.stat().st_size}\n".encode())
        if path.suffix == ".json" and path.stat().st_size < 1_000_000:
            digest.update(path.read_bytes())
    return f"{name}-{digest.hexdigest()[:10]}"


def _pooling(folder: Path, modules: list[dict[str, Any]]) -> tuple[str | None, int | None]:
    kinds = [str(module.get("type", "")).rsplit(".", 1)[-1] for module in modules]
    pooling = next((m for m in modules if str(m.get("type", "")).endswith("Pooling")), None)
    if pooling is None:
        return None, None
    config = _json(folder / str(pooling.get("path", "")) / "config.json")
    dimension = config.get("word_embedding_dimension")
    modes = [mode for mode, key in _POOLING_MODES.items() if config.get(key)]
    others = [k for k, v in config.items() if k.startswith("pooling_mode") and v]
    simple = set(kinds) <= _SIMPLE_MODULES and len(modes) == 1 == len(others)
    return (modes[0] if simple else None), (int(dimension) if dimension else None)


def read_model_folder(folder: Path) -> ModelCard:
    """Describe a sentence-transformers folder; ModelError when it is missing or broken."""
    if not folder.is_dir():
        raise ModelError(f"No embedding model folder at {folder}.", hint=_HINT)
    if not (folder / "modules.json").is_file() or not (folder / "config.json").is_file():
        raise ModelError(
            f"{folder} is not a sentence-transformers model folder "
            "(modules.json or config.json is missing).",
            hint=_HINT,
        )
    if not any((folder / weights).is_file() for weights in _WEIGHTS):
        raise ModelError(f"The model folder {folder} has no weights file.", hint=_HINT)
    config = _json(folder / "config.json")
    st_config = _json(folder / "sentence_bert_config.json", missing_ok=True)
    extra = _json(folder / "config_sentence_transformers.json", missing_ok=True)
    prompts = extra.get("prompts") or {}
    pooling, dimension = _pooling(folder, _json(folder / "modules.json", list))
    card = _card_text(folder)
    name = _name(folder, card)
    max_tokens = st_config.get("max_seq_length") or config.get("max_position_embeddings") or 512
    return ModelCard(
        folder=folder,
        model_id=_model_id(folder, name),
        dimension=int(dimension or config.get("hidden_size") or 0),
        max_tokens=int(max_tokens),
        languages=card_languages(card, name),
        pooling=pooling,
        lower_case=bool(st_config.get("do_lower_case")),
        prompts={str(k): str(v) for k, v in prompts.items()},
    )


class _Backend(Protocol):
    name: str

    def encode(self, texts: list[str], batch_size: int) -> Vectors: ...


def _tokenizer(folder: Path) -> Any:
    from tokenizers import Tokenizer

    if (folder / "tokenizer.json").is_file():
        try:
            return Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as exc:
            raise ModelError(f"The tokenizer of {folder} is damaged ({exc}).", hint=_HINT) from exc
    try:  # Older folders: build the fast tokenizer once.
        from transformers import AutoTokenizer
    except ImportError as exc:  # the installed app leaves transformers out
        raise _needs_pytorch(folder, "its tokenizer") from exc
    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True).backend_tokenizer


def _needs_pytorch(folder: Path, what: str) -> ModelError:
    return ModelError(
        f"The embedding model in {folder} needs PyTorch for {what}, and this copy of Lanthorn "
        "does not include it.",
        hint="Keep the bundled embedding model; other models work when Lanthorn runs from its "
        "source code.",
    )


class _OnnxBackend:
    name = "onnx-int8"

    def __init__(self, model_file: Path, card: ModelCard, tokenizer: Any) -> None:
        import onnxruntime  # type: ignore[import-untyped]

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = usable_cores()
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {node.name for node in self._session.get_inputs()}
        self._pooling = card.pooling
        padding = tokenizer.padding
        self._pad_id = int(padding["pad_id"]) if padding else 0
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(card.max_tokens)

    def encode(self, texts: list[str], batch_size: int) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        order = np.argsort([len(encoding.ids) for encoding in encodings], kind="stable")
        steps = range(0, len(order), batch_size)  # Similar lengths together: little padding.
        pooled = np.concatenate(
            [self._run([encodings[i] for i in order[k : k + batch_size]]) for k in steps]
        )
        out = np.empty_like(pooled)
        out[order] = pooled
        return out

    def _run(self, batch: list[Any]) -> Vectors:
        width = max(len(encoding.ids) for encoding in batch)

        def padded(rows: list[list[int]], fill: int) -> npt.NDArray[np.int64]:
            return np.array([row + [fill] * (width - len(row)) for row in rows], dtype=np.int64)

        mask = padded([encoding.attention_mask for encoding in batch], 0)
        feed = {
            "input_ids": padded([encoding.ids for encoding in batch], self._pad_id),
            "attention_mask": mask,
            "token_type_ids": padded([encoding.type_ids for encoding in batch], 0),
        }
        hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return _pool(np.asarray(hidden, dtype=np.float32), mask, self._pooling)


def _pool(hidden: Vectors, mask: npt.NDArray[np.int64], mode: str | None) -> Vectors:
    if mode == "cls":
        return np.asarray(hidden[:, 0], dtype=np.float32)
    weights = mask[..., None].astype(np.float32)
    if mode == "max":
        return np.asarray(np.where(weights > 0, hidden, -np.inf).max(axis=1), dtype=np.float32)
    summed = (hidden * weights).sum(axis=1)
    return np.asarray(summed / np.maximum(weights.sum(axis=1), 1e-9), dtype=np.float32)


class _TorchBackend:
    name = "torch"

    def __init__(self, card: ModelCard) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the installed app leaves torch out
            raise _needs_pytorch(card.folder, "its conversion") from exc

        torch.set_num_threads(usable_cores())
        try:
            self._model = SentenceTransformer(str(card.folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise ModelError(
                f"The embedding model in {card.folder} cannot be loaded ({exc}).", hint=_HINT
            ) from exc
        size = getattr(self._model, "get_embedding_dimension", None)
        size = size or self._model.get_sentence_embedding_dimension
        self.dimension = int(size() or card.dimension)

    def encode(self, texts: list[str], batch_size: int) -> Vectors:
        vectors = self._model.encode(
            texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def export_onnx_int8(card: ModelCard, target: Path) -> Path:
    """Export the model's transformer to int8 ONNX at `target/model.onnx`, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        fp32 = scratch / "model_fp32.onnx"
        _export_fp32(card.folder, fp32)
        _quantize(fp32, scratch / "model.onnx")
        fp32.unlink()
        meta = {"model_id": card.model_id, "export_version": _EXPORT_VERSION}
        (scratch / "export.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.replace(scratch, target)
        except OSError:
            if not (target / "model.onnx").is_file():  # Not another process's finished export.
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target / "model.onnx"


def _export_fp32(folder: Path, out: Path) -> None:
    import inspect

    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(folder), local_files_only=True, attn_implementation="eager"
    )
    model.eval()
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in inspect.signature(model.forward).parameters:
        names.append("token_type_ids")

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model  # A submodule, so its weights export as initializers.

        def forward(self, *inputs: Any) -> Any:
            return self.inner(**dict(zip(names, inputs, strict=True))).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0  # Trace with padding, so no "mask is all ones" shortcut gets baked in.
    dummy = (ids, mask, torch.zeros((2, 8), dtype=torch.long))[: len(names)]
    axes = {name: {0: "batch", 1: "sequence"} for name in [*names, "token_embeddings"]}
    options: dict[str, Any] = {
        "input_names": names,
        "output_names": ["token_embeddings"],
        "dynamo": False,
    }
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(), dummy, str(out), dynamic_axes=axes, opset_version=17, **options
        )


def _quantize(fp32: Path, out: Path) -> None:
    from onnxruntime import quantization

    logging.disable(logging.WARNING)  # It advises pre-processing through the root logger.
    try:
        qint8 = quantization.QuantType.QInt8
        quantization.quantize_dynamic(str(fp32), str(out), weight_type=qint8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)


class Embedder:
    """Turns texts into L2-normalized float32 vectors; counts tokens without torch."""

    def __init__(self, card: ModelCard, backend: _Backend, counter: Any, dimension: int):
        self.card = card
        self.model_id = card.model_id
        self.dimension = dimension
        self.max_tokens = card.max_tokens
        self.languages = card.languages
        self.backend = backend.name
        self._backend = backend
        self._counter = counter
        self._counter.no_truncation()
        self._counter.no_padding()
        self._document_prompt = card.prompts.get("document") or card.prompts.get("passage") or ""
        self._query_prompt = card.prompts.get("query", "")

    def _prepare(self, text: str, prompt: str) -> str:
        text = prompt + text
        return text.lower() if self.card.lower_case else text

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for this document text, special tokens included."""
        prepared = self._prepare(text, self._document_prompt)
        return len(self._counter.encode(prepared, add_special_tokens=True).ids)

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> Vectors:
        """Embed document texts: an (n, dimension) float32 array, rows of length 1.

        Blocks. A text longer than `max_tokens` is truncated by the model; chunks from
        `chunk_segments` never are.
        """
        return self._encode([self._prepare(t, self._document_prompt) for t in texts], batch_size)

    def embed_query(self, text: str) -> Vectors:
        """Embed one search query (with the model's query prompt, if it has one)."""
        vectors = self._encode([self._prepare(text, self._query_prompt)], 1)
        return np.asarray(vectors[0], dtype=np.float32)

    def _encode(self, texts: list[str], batch_size: int) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._backend.encode(texts, max(1, batch_size))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def _onnx_backend(card: ModelCard, cache_dir: Path | None, tokenizer: Any) -> _Backend | None:
    name = f"{card.model_id}-int8"
    shipped = bundled.prepared_model("onnx", name) if cache_dir is None else None
    target = shipped or (cache_dir or paths.models_dir() / "onnx") / name
    model_file = target / "model.onnx"
    try:
        if not model_file.is_file():
            logger.info("Exporting %s to int8 ONNX (once per machine)", card.model_id)
            export_onnx_int8(card, target)
        return _OnnxBackend(model_file, card, tokenizer)
    except Exception as exc:  # Any failure here means: use torch instead.
        reason = " ".join(str(exc).split())[:300]
        logger.warning("ONNX backend unavailable for %s, using torch: %s", card.model_id, reason)
        if shipped is None:
            shutil.rmtree(target, ignore_errors=True)
        return None


def load_embedder(
    folder: Path | None = None, *, backend: str = "auto", cache_dir: Path | None = None
) -> Embedder:
    """Load an embedding model; blocks (seconds; the first ONNX export takes longer).

    Args:
        folder: a local sentence-transformers folder; None means the bundled starter model.
        backend: "auto" (int8 ONNX when the model allows it, else torch), "onnx" or "torch".
        cache_dir: where ONNX exports are kept; defaults to the export the installed app
            ships for this model, else `paths.models_dir()/onnx`.

    Raises:
        ModelError: the folder is missing or not a usable sentence-transformers model.
    """
    card = read_model_folder(folder if folder is not None else bundled.starter_embedding_model())
    counter = _tokenizer(card.folder)
    chosen: _Backend | None = None
    if backend in ("auto", "onnx") and card.pooling is not None:
        chosen = _onnx_backend(card, cache_dir, _tokenizer(card.folder))
    if chosen is None and backend == "onnx":
        raise ModelError(f"{card.folder} cannot run on the ONNX backend.", hint=_HINT)
    dimension = card.dimension
    if chosen is None:
        torch_backend = _TorchBackend(card)
        chosen, dimension = torch_backend, torch_backend.dimension
    return Embedder(card, chosen, counter, dimension)
