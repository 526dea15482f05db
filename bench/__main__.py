"""Run every benchmark in this folder, one after another: `python -m bench [NAME ...]`.

Modules are found by listing the folder (skipping `__init__`, `__main__` and names starting
with "_"), so a new `bench/<name>.py` with a `main()` joins without being registered here.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def discover() -> list[str]:
    """Names of the benchmark modules beside this file, alphabetically."""
    folder = Path(__file__).resolve().parent
    return sorted(path.stem for path in folder.glob("*.py") if not path.stem.startswith("_"))


def run(name: str) -> bool:
    """Import `bench.<name>` and call its `main()` with no arguments; report, never raise."""
    print(f"=== bench.{name}", flush=True)
    start = time.perf_counter()
    saved = sys.argv
    sys.argv = [f"bench.{name}"]  # each main() parses its own (empty) command line
    try:
        importlib.import_module(f"bench.{name}").main()
    except Exception:
        traceback.print_exc()
        print(f"=== bench.{name} FAILED after {time.perf_counter() - start:.0f} s\n", flush=True)
        return False
    finally:
        sys.argv = saved
    print(f"=== bench.{name} done in {time.perf_counter() - start:.0f} s\n", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmarks (all when none are named); exit 1 when any failed."""
    names = (argv if argv is not None else sys.argv[1:]) or discover()
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}. Known: {', '.join(discover())}.")
        return 2
    results = [run(name) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
