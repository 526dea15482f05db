"""GUI fixtures: the real window over a fake engine (fast) or the real engine and tiny models.

Qt warnings fail a test (pyproject: qt_log_level_fail = WARNING). The only ones ignored are the
offscreen platform plugin's notes that it cannot do what a real window system does, and
QtMultimedia's note that there is no sound server to list microphones from (test machines
have none; the voice tests feed recorded speech instead).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.app import application
from desktop.main_window import MainWindow
from desktop.task_runner import TaskRunner
from engine.api import Engine, EngineAPI
from tests.gui.fakes import FakeEngine

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
OFFSCREEN_NOTES = r"This plugin does not support .*"
NO_SOUND_SERVER = r"PulseAudioService: pa_context_connect\(\) failed|No audio device detected"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOTES, NO_SOUND_SERVER))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"GUI screenshots: {SCREENSHOTS}")


@pytest.fixture(autouse=True)
def styled_app(qapp: object) -> object:
    """The QApplication with Lanthorn's names and stylesheet, as `lanthorn-desktop` sets it."""
    return application()


@pytest.fixture
def real_home(lanthorn_home: Path, onnx_cache: Path) -> Path:
    """The test's data folder, sharing the session's ONNX exports (no test exports again)."""
    models = lanthorn_home / "models"
    models.mkdir(exist_ok=True)
    (models / "onnx").symlink_to(onnx_cache, target_is_directory=True)
    return lanthorn_home


@pytest.fixture
def engine(real_home: Path) -> Iterator[Engine]:
    eng = Engine()
    yield eng
    eng.close()


@pytest.fixture
def restart(qtbot, make_window) -> Iterator[Callable[..., tuple[Engine, MainWindow]]]:
    """Quit as a person does (close the window, then the engine) and start again on the same
    data folder; returns the new engine and window (closed after the test)."""
    opened: list[tuple[Engine, MainWindow]] = []

    def again(window: MainWindow, engine: Engine) -> tuple[Engine, MainWindow]:
        with qtbot.waitSignal(window.closed, timeout=30_000):
            window.close()
        engine.close()
        fresh = Engine()
        opened.append((fresh, make_window(fresh)))
        return opened[-1]

    yield again
    for fresh, window in opened:
        if window.isVisible():
            with qtbot.waitSignal(window.closed, timeout=30_000):
                window.close()
        fresh.close()


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown(wait=True)


@pytest.fixture
def make_window(qtbot, runner: TaskRunner) -> Callable[..., MainWindow]:
    """Build a main window over an engine; closed (its work drained) after the test."""

    def close_and_drain(window: MainWindow) -> None:
        # pytest-qt deletes the widget right after this; the window must have finished closing.
        if window.isVisible():
            with qtbot.waitSignal(window.closed, timeout=30_000):
                window.close()

    def make(engine: EngineAPI, *, warm_up: bool = False, show: bool = True) -> MainWindow:
        window = MainWindow(engine, runner, warm_up=warm_up)
        qtbot.addWidget(window, before_close_func=close_and_drain)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    return make


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def screenshot(screenshot_dir: Path, qtbot) -> Callable[[object, str], Path]:
    """Save a widget's picture as <name>.png in the screenshots folder."""

    def save(widget: object, name: str) -> Path:
        qtbot.wait(150)  # let pending layouts and paints land
        path = screenshot_dir / f"{name}.png"
        assert widget.grab().save(str(path))  # type: ignore[attr-defined]
        return path

    return save
