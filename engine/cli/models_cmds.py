"""`lanthorn models inspect|list|add|remove|default|catalog|download`: the model library."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

from engine.cli import session
from engine.cli.output import print_json, write
from engine.types import CatalogEntry, DownloadResult, LibraryModel, ModelFit, Progress

_GB = 1e9


def register(sub: Any) -> None:
    """Add `models ...` to the subcommand parser."""
    models = sub.add_parser("models", help="chat models: the library, the catalog, downloads")
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    inspect = actions.add_parser("inspect", help="show a GGUF file's metadata")
    inspect.add_argument("path")
    _json_flag(inspect, run_inspect)
    _json_flag(actions.add_parser("list", help="the models to choose from"), run_list)
    add = actions.add_parser("add", help="add a GGUF file to the library")
    add.add_argument("path")
    add.add_argument("--copy", action="store_true", help="copy it into the data folder")
    _json_flag(add, run_add)
    remove = actions.add_parser("remove", help="remove a model (a referenced file stays)")
    remove.add_argument("model_id", metavar="ID")
    _json_flag(remove, run_remove)
    default = actions.add_parser("default", help="answer with this model by default")
    default.add_argument("model_id", metavar="ID")
    _json_flag(default, run_default)
    _json_flag(actions.add_parser("catalog", help="recommended models to download"), run_catalog)
    download = actions.add_parser("download", help="download a catalog model (resumes)")
    download.add_argument("name", metavar="NAME")
    _json_flag(download, run_download)


def _json_flag(parser: argparse.ArgumentParser, func: Any) -> None:
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=func)


def run_inspect(args: argparse.Namespace) -> int:
    """Print name, architecture, size, quantization, context length and template."""
    with session.open_engine() as engine:
        info = engine.models.inspect(args.path)
    if args.json:
        data = dataclasses.asdict(info)
        data.pop("metadata", None)
        print_json({**data, "license": info.license})
        return 0
    params = f"{info.parameter_count:,}" if info.parameter_count else "unknown"
    rows = [
        ("Name", info.name),
        ("Architecture", info.architecture),
        ("Parameters", params),
        ("Quantization", info.quantization),
        ("Context length", str(info.context_length or "unknown")),
        ("File size", f"{info.file_size / 1e6:.1f} MB"),
        ("Licence", info.license or "not stated"),
        ("Chat template", "yes" if info.chat_template else "none (ChatML fallback)"),
    ]
    write("".join(f"{label + ':':<16}{value}\n" for label, value in rows))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per model: id, default mark, name, facts, fit label."""
    with session.open_engine() as engine:
        models = engine.models.library()
        advice = engine.models.recommendation()
    if args.json:
        print_json([model_json(m) for m in models])
        return 0
    for model in models:
        write(_model_line(model) + "\n")
    if advice.starter_only:
        write(f"\n{advice.message}\n")
        if advice.entry is not None:
            write(f"  lanthorn models download {advice.entry.name}\n")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add a file; print its library line."""
    with session.open_engine() as engine:
        model = engine.models.add(args.path, copy=args.copy)
    _print_model(model, args.json)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a model by id."""
    with session.open_engine() as engine:
        engine.models.remove(args.model_id)
    if args.json:
        print_json({"removed": args.model_id})
    else:
        write(f"Removed model {args.model_id}.\n")
    return 0


def run_default(args: argparse.Namespace) -> int:
    """Make a model the default."""
    with session.open_engine() as engine:
        engine.models.set_default(args.model_id)
        model = next(m for m in engine.models.library() if m.default)
    _print_model(model, args.json)
    return 0


def run_catalog(args: argparse.Namespace) -> int:
    """The recommended models with size, licence and fit."""
    with session.open_engine() as engine:
        entries = engine.models.catalog()
    if args.json:
        print_json([entry_json(e) for e in entries])
        return 0
    for entry in entries:
        state = " [installed]" if entry.installed else (
            f" [paused at {entry.partial_bytes / _GB:.2f} GB]" if entry.partial_bytes else ""
        )
        fit = f", {_fit_text(entry.fit)}" if entry.fit else ""
        write(
            f"{entry.name:<40} {entry.kind.value:<9} {entry.size / _GB:6.2f} GB  "
            f"{entry.license}{fit}{state}\n    {entry.title}: {entry.description}\n"
        )
    return 0


def run_download(args: argparse.Namespace) -> int:
    """Download with a progress line on stderr; Ctrl+C pauses (run again to resume)."""
    meter = _DownloadLine()
    with session.open_engine() as engine:
        try:
            result = engine.models.download(args.name, progress=meter)
        finally:
            meter.end()
    if args.json:
        print_json(download_json(result))
        return 0
    write(f"Downloaded and verified {result.entry}: {result.path}\n")
    if result.model is not None:
        write(f"Added to the library as model {result.model.id}; make it the default with:\n"
              f"  lanthorn models default {result.model.id}\n")
    if result.embedding_folder:
        write("To search with it, re-embed the knowledge base (your choice, it takes a while):\n"
              f"  lanthorn embeddings switch {result.embedding_folder}\n")
    if result.whisper_folder:
        write(f"Choose it as the speech model in Settings: {result.whisper_folder}\n")
    return 0


class _DownloadLine:
    """Progress on stderr with speed and time left; rewritten in place on a terminal."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        final = progress.total is not None and progress.done >= progress.total
        if not final and now - self._last < (0.2 if self._tty else 5.0):
            return
        self._last = now
        total = (progress.total or 0) / _GB
        speed = f", {progress.rate / 1e6:.1f} MB/s" if progress.rate else ""
        eta = f", about {progress.eta_s:.0f} s left" if progress.eta_s is not None else ""
        line = f"{progress.item}: {progress.done / _GB:.2f} of {total:.2f} GB{speed}{eta}"
        sys.stderr.write(f"\r\x1b[K{line}" if self._tty else f"{line}\n")
        sys.stderr.flush()

    def end(self) -> None:
        if self._tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _print_model(model: LibraryModel, as_json: bool) -> None:
    if as_json:
        print_json(model_json(model))
    else:
        write(_model_line(model) + "\n")


def _model_line(model: LibraryModel) -> str:
    mark = "*" if model.default else " "
    facts: list[str] = []
    info = model.info
    if info is not None:
        params = f"{info.parameter_count / 1e9:.2f}B" if info.parameter_count else "?"
        facts = [info.architecture, params, info.quantization,
                 f"ctx {info.context_length or '?'}", f"{info.file_size / _GB:.2f} GB",
                 info.license or "licence not stated"]
    if model.endpoint:
        facts = [model.endpoint]
    if model.fit is not None:
        facts.append(_fit_text(model.fit))
    if model.problem:
        facts.append(f"problem: {model.problem}")
    kept = " (copied)" if model.owned else ""
    return f"{mark} {model.id:<8} {model.name}{kept} — " + ", ".join(f for f in facts if f)


def _fit_text(fit: ModelFit) -> str:
    text = f"{fit.verdict.value} ({fit.needed / _GB:.1f} of {fit.available / _GB:.1f} GB"
    if fit.vram_needed:
        vram = "?" if fit.vram_available is None else f"{fit.vram_available / _GB:.1f}"
        text += f"; GPU {fit.vram_needed / _GB:.1f} of {vram} GB"
    return text + ")"


def _fit_json(fit: ModelFit | None) -> dict[str, Any] | None:
    return None if fit is None else {**dataclasses.asdict(fit), "verdict": fit.verdict.value}


def model_json(model: LibraryModel) -> dict[str, Any]:
    """A library model as JSON (header facts without the raw metadata)."""
    info = model.info
    return {
        "id": model.id,
        "kind": model.kind.value,
        "name": model.name,
        "default": model.default,
        "owned": model.owned,
        "path": info.path if info else "",
        "endpoint": model.endpoint,
        "architecture": info.architecture if info else "",
        "parameters": info.parameter_count if info else None,
        "quantization": info.quantization if info else "",
        "context_length": info.context_length if info else None,
        "file_size": info.file_size if info else 0,
        "license": info.license if info else "",
        "fit": _fit_json(model.fit),
        "problem": model.problem,
    }


def entry_json(entry: CatalogEntry) -> dict[str, Any]:
    """A catalog entry as JSON."""
    data = dataclasses.asdict(entry)
    return {**data, "kind": entry.kind.value, "size": entry.size, "fit": _fit_json(entry.fit)}


def download_json(result: DownloadResult) -> dict[str, Any]:
    """A finished download as JSON."""
    return {
        "entry": result.entry,
        "kind": result.kind.value,
        "path": result.path,
        "sha256": list(result.sha256),
        "model": model_json(result.model) if result.model else None,
        "embedding_folder": result.embedding_folder,
        "whisper_folder": result.whisper_folder,
    }
