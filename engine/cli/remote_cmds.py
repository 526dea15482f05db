"""`lanthorn remote set URL --model NAME [--key-from-stdin]` and `lanthorn remote test`.

The key is read from stdin (never from the command line, where other users and the shell's
history would see it) and goes straight to the OS keyring. With no keyring it could only live
until this command ends, which is said plainly.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from engine.cli import session
from engine.cli.output import print_json, warn, write
from engine.errors import UserInputError


def register(sub: Any) -> None:
    """Add `remote set` and `remote test` to the subcommand parser."""
    remote = sub.add_parser("remote", help="answer with a model on an OpenAI-compatible server")
    actions = remote.add_subparsers(dest="remote_command", required=True, metavar="ACTION")
    set_ = actions.add_parser("set", help="set the server's address and model")
    set_.add_argument("url", metavar="URL", help="base URL, e.g. http://gpu-box:8080/v1")
    set_.add_argument("--model", required=True, metavar="NAME")
    set_.add_argument("--key-from-stdin", action="store_true", help="read the API key from stdin")
    set_.add_argument("--context", type=int, default=0, metavar="TOKENS",
                      help="the model's context size (default: ask the server)")
    set_.add_argument("--default", action="store_true", help="answer with it by default")
    set_.set_defaults(func=run_set)
    test = actions.add_parser("test", help="check the address, key and model")
    test.add_argument("--json", action="store_true")
    test.set_defaults(func=run_test)


def run_set(args: argparse.Namespace) -> int:
    """Save the endpoint (and the key, to the keyring); print what leaves the machine."""
    key = _read_key() if args.key_from_stdin else None
    with session.open_engine() as engine:
        engine.models.set_remote(args.url, args.model, key, context_size=args.context)
        if args.default:
            engine.models.set_default("remote")
        status = engine.models.remote()
        keyring = engine.secrets.status()
    write(f"Remote model: {status.model} at {status.base_url}\n{status.notice}\n")
    if key and not keyring.persistent:
        warn(f"lanthorn: {keyring.problem} This command has ended, so the key is gone again.")
    return 0


def run_test(args: argparse.Namespace) -> int:
    """Reach the server; exit 2 with the reason when it does not work."""
    with session.open_engine() as engine:
        check = engine.models.test_remote()
    if args.json:
        print_json({
            "ok": check.ok, "base_url": check.base_url, "model": check.model,
            "models": list(check.models), "context_size": check.context_size,
            "problem": check.problem,
        })
        return 0 if check.ok else 2
    if not check.ok:
        warn(f"lanthorn: {check.problem}")
        return 2
    offered = ", ".join(check.models) or "not listed"
    write(f"OK: {check.model} at {check.base_url} answers (context {check.context_size} "
          f"tokens; the server offers: {offered}).\n")
    return 0


def _read_key() -> str:
    key = sys.stdin.readline().strip()
    if not key:
        raise UserInputError("No API key came on stdin.", hint="Pipe the key in, one line.")
    return key
