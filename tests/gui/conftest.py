"""GUI fixtures: the real engine (real SmolLM2, real SQLite) behind the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.task_runner import TaskRunner
from engine.api import Engine


@pytest.fixture
def engine(lanthorn_home: Path) -> Iterator[Engine]:
    eng = Engine()
    yield eng
    eng.close()


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown(wait=True)
