"""`lanthorn embeddings status|switch`: the embedding model search uses, and switching to another.

A switch re-embeds every passage with the new model, a long job with its progress on stderr;
search keeps answering from the current model until the new vectors are complete. Ctrl+C stops
it after the batch under way, keeping what was re-embedded (exit 130); running the same command
again continues from there. `status` reads the database only, so it answers at once.
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from engine.cancel import CancelToken
from engine.cli import EXIT_INTERRUPTED, session
from engine.cli.output import ProgressLine, print_json, warn
from engine.cli.summarize_cmds import duration
from engine.errors import Cancelled
from engine.types import EmbeddingStatus, Progress


def register(sub: Any) -> None:
    """Add `embeddings status` and `embeddings switch` to the subcommand parser."""
    group = sub.add_parser("embeddings", help="the embedding model search uses; switch it")
    commands = group.add_subparsers(dest="embeddings_command", required=True, metavar="COMMAND")
    status = commands.add_parser("status", help="the active model, and a switch under way")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)
    switch = commands.add_parser("switch", help="re-embed every passage with another model")
    switch.add_argument(
        "folder", nargs="?", default="", metavar="FOLDER",
        help="a sentence-transformers model folder (default: the bundled model)",
    )
    switch.set_defaults(func=run_switch)


def _where(folder: str) -> str:
    return folder or "bundled"


def _print_status(status: EmbeddingStatus) -> None:
    print(f"active: {status.active or '(none until something is added)'}"
          f" ({_where(status.active_folder)})")
    if status.pending:
        print(f"switching to: {status.pending} ({_where(status.pending_folder or '')}),"
              f" {status.done} of {status.total} passages re-embedded")


def run_status(args: argparse.Namespace) -> int:
    """Print the active model and a pending switch (JSON: the `EmbeddingStatus` fields)."""
    with session.open_engine() as engine:
        status = engine.knowledge.embedding_status()
    if args.json:
        print_json(dataclasses.asdict(status))
    else:
        _print_status(status)
    return 0


def describe(progress: Progress) -> str:
    """One line of progress: `re-embedding with MODEL: 320 of 1000 passages, about 45 s left`."""
    line = f"{progress.stage} with {progress.item}: {progress.done} of {progress.total} passages"
    if progress.eta_s is not None:
        line += f", about {duration(progress.eta_s)} left"
    return line


@contextmanager
def _cancel_on_interrupt(cancel: CancelToken) -> Iterator[None]:
    """The first Ctrl+C cancels between batches; a second one stops at once."""

    def interrupted(_signum: int, _frame: FrameType | None) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        warn("\nlanthorn: stopping after this batch (Ctrl+C again to stop at once)")

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_switch(args: argparse.Namespace) -> int:
    """Switch to the model in FOLDER (or the bundled one); exit 130 when cancelled."""
    folder = str(Path(args.folder).expanduser().resolve()) if args.folder else ""
    progress, cancel = ProgressLine(describe), CancelToken()
    with session.open_engine() as engine, _cancel_on_interrupt(cancel):
        try:
            engine.knowledge.switch_embedding_model(folder, progress=progress, cancel=cancel)
        except Cancelled:
            if not cancel.cancelled:
                raise
            progress.end()
            status = engine.knowledge.embedding_status()
            warn(f"lanthorn: switch cancelled; {status.done} of {status.total} passages are"
                 " re-embedded and kept. Run the same command again to continue.")
            return EXIT_INTERRUPTED
        status = engine.knowledge.embedding_status()
    progress.end()
    print(f"Search now uses {status.active} ({_where(status.active_folder)}).")
    return 0
