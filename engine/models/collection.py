"""The library as the person sees it: the starter, added files and the remote endpoint.

Adding copies a file into the models folder (temp name, fsync, rename) or references it where it
is; removing deletes only what Lanthorn owns (copied or downloaded), and only forgets a
referenced file. Each entry carries its GGUF header and the engine's one fit estimate.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from engine import bundled, llm
from engine.config import Settings
from engine.errors import ModelError, StorageError, UserInputError
from engine.llm import defaults
from engine.models.choice import ModelChooser
from engine.models.library import LibraryRow, LibraryStore
from engine.types import (
    REMOTE_MODEL_ID,
    STARTER_MODEL_ID,
    LibraryModel,
    ModelFit,
    ModelInfo,
    ModelKind,
)

ADDED_FOLDER = "added"


class Collection:
    """Lists, adds and removes library models; picks the default. Thread-safe, blocking."""

    def __init__(
        self,
        settings: Callable[[], Settings],
        store: LibraryStore,
        chooser: ModelChooser,
        models_dir: Callable[[], Path],
    ) -> None:
        self._settings = settings
        self._store = store
        self._chooser = chooser
        self._models_dir = models_dir

    def fit(self, info: ModelInfo, context_size: int = 0) -> ModelFit:
        """The one estimate with the settings' GPU layers."""
        gpu = self._settings().model.gpu_layers
        layers = defaults.gpu_layers_for(gpu, info) if gpu else 0
        return defaults.fit(info, context_size, gpu_layers=layers)

    def list(self) -> list[LibraryModel]:
        """The starter, each added file, then the remote endpoint when one is set up."""
        settings = self._settings()
        if settings.model.path and self._store.by_path(settings.model.path) is None:
            self._store.add(settings.model.path, owned=False)  # the default is always listed
        default = self._chooser.default_id()
        models = [self._starter(default)]
        models += [self._local(row, default) for row in self._store.rows()]
        remote = settings.remote
        if remote.base_url and remote.model:
            models.append(LibraryModel(
                id=REMOTE_MODEL_ID, kind=ModelKind.REMOTE, name=f"{remote.model} (remote)",
                default=default == REMOTE_MODEL_ID, endpoint=remote.base_url,
            ))
        return models

    def add(self, path: str | Path, *, copy: bool) -> LibraryModel:
        """Add a GGUF file: copied into the models folder, or referenced where it is.

        Raises:
            ModelError: not a readable GGUF file. StorageError: the copy failed.
        """
        info = llm.inspect_model(path)
        source = Path(info.path)
        existing = None if copy else self._store.by_path(str(source))
        if existing is not None:
            return self._local(existing, self._chooser.default_id())  # added once is enough
        target = self._copy(source) if copy else source
        row = self._store.add(str(target), owned=copy)
        return self._local(row, self._chooser.default_id())

    def add_owned(self, path: Path, catalog_name: str) -> LibraryModel:
        """Add a downloaded file (Lanthorn owns it)."""
        llm.inspect_model(path)
        row = self._store.add(str(path.resolve()), owned=True, catalog_name=catalog_name)
        return self._local(row, self._chooser.default_id())

    def remove(self, model_id: str) -> Settings | None:
        """Remove a library model; returns the settings to save when it was the default.

        Raises:
            UserInputError: the starter cannot be removed. NotFoundError: no such model.
        """
        if model_id == STARTER_MODEL_ID:
            raise UserInputError(
                "The starter model ships with Lanthorn and cannot be removed.",
                hint="Set another model as the default instead.",
            )
        settings = self._settings()
        if model_id == REMOTE_MODEL_ID:
            self._store.forget_choices_of(REMOTE_MODEL_ID)
            model = dataclasses.replace(settings.model, remote=False)
            return dataclasses.replace(settings, model=model, remote=type(settings.remote)())
        row = self._store.get(_number(model_id))
        self._store.remove(row.id)
        if row.owned:
            _delete_owned(Path(row.path), self._models_dir())
        if settings.model.path == row.path:
            return settings.with_model_path("")
        return None

    def default_settings(self, model_id: str) -> Settings:
        """The settings with `model_id` as the default model.

        Raises:
            NotFoundError: no such model. ModelError: the remote endpoint is not set up.
        """
        settings = self._settings()
        if model_id == REMOTE_MODEL_ID:
            self._chooser.remote()
            return dataclasses.replace(
                settings, model=dataclasses.replace(settings.model, remote=True)
            )
        if model_id == STARTER_MODEL_ID:
            return settings.with_model_path("")
        return settings.with_model_path(self._store.get(_number(model_id)).path)

    # ------------------------------------------------------------ internals

    def _starter(self, default: str) -> LibraryModel:
        try:
            info = llm.inspect_model(bundled.starter_chat_model())
        except ModelError as exc:
            return LibraryModel(
                id=STARTER_MODEL_ID, kind=ModelKind.STARTER, name="Starter model",
                default=default == STARTER_MODEL_ID, problem=str(exc),
            )
        return LibraryModel(
            id=STARTER_MODEL_ID, kind=ModelKind.STARTER, name=info.name, info=info,
            fit=self.fit(info, self._settings().model.context_size),
            default=default == STARTER_MODEL_ID,
        )

    def _local(self, row: LibraryRow, default: str) -> LibraryModel:
        base = LibraryModel(
            id=str(row.id), kind=ModelKind.LOCAL, name=Path(row.path).stem, owned=row.owned,
            default=default == str(row.id),
        )
        try:
            info = llm.inspect_model(row.path)
        except ModelError as exc:
            return dataclasses.replace(base, problem=str(exc))
        fit = self.fit(info, self._settings().model.context_size)
        return dataclasses.replace(base, name=info.name, info=info, fit=fit)

    def _copy(self, source: Path) -> Path:
        folder = self._models_dir() / ADDED_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, source.name)
        fd, temp = tempfile.mkstemp(prefix=".copy-", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as data:
                shutil.copyfileobj(data, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise StorageError(
                f"{source.name} could not be copied into the data folder ({exc}).",
                hint="Free some disk space, or add the file without copying it.",
            ) from exc
        return target


def _free_name(folder: Path, name: str) -> Path:
    candidate, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def _delete_owned(path: Path, models_dir: Path) -> None:
    """Delete a file Lanthorn owns: a download's whole folder, or a copied file."""
    root = models_dir.resolve()
    folder = path.parent.resolve()
    if folder.parent == root and folder.name != ADDED_FOLDER:
        shutil.rmtree(folder, ignore_errors=True)  # a catalog download: <models>/<name>/
    elif root in path.resolve().parents:
        path.unlink(missing_ok=True)


def _number(model_id: str) -> int:
    if not model_id.isdigit():
        raise UserInputError(
            f"'{model_id}' is not a model id.",
            hint="Use starter, remote or a number that `models list` shows.",
        )
    return int(model_id)
