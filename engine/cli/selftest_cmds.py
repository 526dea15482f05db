"""`lanthorn self-test`: check this copy of Lanthorn end to end (see `engine.api.self_test`).

Exit code 0 when every check passed, 1 when one failed; each check prints one line.
"""

from __future__ import annotations

import argparse
from typing import Any

from engine.api.self_test import run_self_test
from engine.cli.output import write

EXIT_FAILED = 1


def register(sub: Any) -> None:
    """Add `self-test` to the subcommand parser."""
    cmd = sub.add_parser(
        "self-test",
        help="check that models, documents, answers and speech work (in a temporary folder)",
    )
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every check; 0 when all passed, 1 otherwise."""
    report = run_self_test(out=lambda line: write(line + "\n"))
    return 0 if report.passed else EXIT_FAILED
