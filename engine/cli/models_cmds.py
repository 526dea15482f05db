"""`lanthorn models inspect PATH`: what a GGUF file says about itself."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from engine.cli import session
from engine.cli.output import print_json, write


def register(sub: Any) -> None:
    """Add `models inspect` to the subcommand parser."""
    models = sub.add_parser("models", help="inspect model files")
    models_sub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    inspect = models_sub.add_parser("inspect", help="show a GGUF file's metadata")
    inspect.add_argument("path")
    inspect.add_argument("--json", action="store_true")
    inspect.set_defaults(func=run_inspect)


def run_inspect(args: argparse.Namespace) -> int:
    """Print name, architecture, size, quantization, context length and template."""
    with session.open_engine() as engine:
        info = engine.models.inspect(args.path)
    if args.json:
        data = dataclasses.asdict(info)
        data.pop("metadata", None)
        print_json(data)
        return 0
    params = f"{info.parameter_count:,}" if info.parameter_count else "unknown"
    rows = [
        ("Name", info.name),
        ("Architecture", info.architecture),
        ("Parameters", params),
        ("Quantization", info.quantization),
        ("Context length", str(info.context_length or "unknown")),
        ("File size", f"{info.file_size / 1e6:.1f} MB"),
        ("Chat template", "yes" if info.chat_template else "none (ChatML fallback)"),
    ]
    write("".join(f"{label + ':':<16}{value}\n" for label, value in rows))
    return 0
