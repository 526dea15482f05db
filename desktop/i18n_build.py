"""Builds the translations: `.ts` sources in resources/translations to `.qm` files Qt loads.

Run by the set-up (`make run`/`make test`); a .qm newer than its .ts is left alone, so a second
run costs nothing. `--update` first refreshes the `.ts` sources from the `tr()` strings in
desktop/ (pyside6-lupdate keeps existing translations and marks new strings unfinished).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en", "zh_CN")


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment.")
    return found


def sources() -> list[str]:
    """The Python files whose strings are translated."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))


def extract(target: Path, language: str) -> int:
    """Run lupdate over desktop/ into `target` (a .ts file); returns its exit code."""
    command = [
        _tool("pyside6-lupdate"),
        "-silent",
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        language,
        *sources(),
        "-ts",
        str(target),
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def update() -> int:
    """Refresh every language's .ts from the code."""
    for language in LANGUAGES:
        code = extract(TRANSLATIONS / f"lanthorn_{language}.ts", language)
        if code:
            return code
    return 0


def main(argv: list[str] | None = None) -> int:
    """Build every stale .qm; returns 0, or the failing tool's exit code."""
    args = sys.argv[1:] if argv is None else argv
    if "--update" in args and (code := update()):
        return code
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        done = subprocess.run(
            [_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)], check=False
        )
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
