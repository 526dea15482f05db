"""Small printing helpers shared by the subcommands."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    """Print one JSON document on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def write(text: str) -> None:
    """Write streamed text to stdout at once."""
    sys.stdout.write(text)
    sys.stdout.flush()


def warn(text: str) -> None:
    """One line on stderr."""
    print(text, file=sys.stderr, flush=True)
