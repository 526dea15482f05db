"""The self-test: does this copy of Lanthorn work, end to end? (`lanthorn self-test`).

It runs what a first session would, through the facade only, in a new temporary data folder
(never the person's): load the bundled chat model (its probe runs in a child process), read the
model catalog, add the bundled sample PDF (read by the PDF reader's child process, embedded
with the bundled MiniLM), ask a question whose answer only that PDF holds and expect the answer
with a citation of its page, transcribe the bundled speech clip with the English Whisper, and
load the multilingual one. The app's `--self-test` adds checks of its Qt parts first. An
installed app fails exactly there when the packaging missed a
library, a model or a resource; a checkout, when a model package is missing.

Answers are greedy (temperature 0), so they do not depend on chance: the starter model answers
"... first lit in 1843. [1]", citing page 2. Without the document it says 1859, so the check
proves the retrieval. One line per check, as it finishes; the run passes only when every check
did. A failed run keeps its data folder and writes the details to `logs/self-test.log` there.
Measured on this 2-core machine: about 40 s from a checkout (the first ONNX export of the
embedding model included) and 33 s in the installed app (which ships the export) at a load
average of 5; 4.3 and 2.6 min at a load average of 10-15, most of it the answer.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.api.engine import Engine
from engine.config import SamplingSettings, Settings
from engine.errors import EngineError

SAMPLE_PDF = paths.resource("samples", "lanthorn-sample.pdf")
QUESTION = "In which year was the lighthouse on Gull Rock first lit?"
ANSWER = "1843"
ANSWER_PAGE = 2
SAMPLE_SPEECH = paths.resource("samples", "jfk.wav")
SPOKEN = "ask not what your country can do for you"
_HOME_ENV = "LANTHORN_HOME"
_QUOTE_CHARS = 90


class CheckFailed(EngineError):
    """A self-test check saw something other than what a working install gives."""


@dataclass(frozen=True)
class SelfTestCheck:
    """One thing to try: `run` returns a line about what it saw, or raises."""

    name: str
    run: Callable[[], str]


@dataclass(frozen=True)
class CheckResult:
    """How one check went: what it saw (or why it failed) and how long it took."""

    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass(frozen=True)
class SelfTestReport:
    """Every check's result; `folder` is the temporary data folder (kept after a failure)."""

    results: tuple[CheckResult, ...]
    folder: Path
    seconds: float

    @property
    def passed(self) -> bool:
        """Whether there were checks and every one of them passed."""
        return bool(self.results) and all(result.ok for result in self.results)


def run_self_test(
    extra: Sequence[SelfTestCheck] = (),
    out: Callable[[str], None] = lambda line: None,
    checks_of: Callable[[Engine], list[SelfTestCheck]] | None = None,
) -> SelfTestReport:
    """Run `extra` (the desktop's own checks), then the engine's; `out` gets each line.

    `checks_of` gives the engine's checks (default: `engine_checks`). Blocks for half a minute
    or more. Never raises for a failed check: it is in the report.
    """
    started = time.monotonic()
    results: list[CheckResult] = []
    with _temporary_home() as home:
        out(f"Lanthorn self-test, in a temporary data folder ({home})")
        for check in extra:
            results.append(_run(check, home, out))
        try:
            engine = Engine(Settings(sampling=SamplingSettings(temperature=0.0, seed=0)))
        except EngineError as exc:
            results.append(_run(SelfTestCheck("data folder", _raiser(exc)), home, out))
        else:
            with engine:
                checks = (checks_of or engine_checks)(engine)
                results.extend(_run(check, home, out) for check in checks)
        report = SelfTestReport(
            results=tuple(results), folder=home, seconds=time.monotonic() - started
        )
        if report.passed:
            shutil.rmtree(home, ignore_errors=True)
    _summarize(report, out)
    return report


def engine_checks(engine: Engine) -> list[SelfTestCheck]:
    """The engine's checks, in the order a first session meets them."""
    return [
        SelfTestCheck("chat model", lambda: _chat_model(engine)),
        SelfTestCheck("model catalog", lambda: _catalog(engine)),
        SelfTestCheck("document", lambda: _document(engine)),
        SelfTestCheck("answer", lambda: _answer(engine)),
        SelfTestCheck("speech", lambda: _speech(engine)),
        SelfTestCheck("speech, other languages", lambda: _multilingual(engine)),
    ]


@contextmanager
def _temporary_home() -> Iterator[Path]:
    """A new data folder for this run, in `LANTHORN_HOME` (child processes inherit it)."""
    before = os.environ.get(_HOME_ENV)
    home = Path(tempfile.mkdtemp(prefix="lanthorn-self-test-"))
    os.environ[_HOME_ENV] = str(home)
    try:
        yield home
    finally:
        if before is None:
            os.environ.pop(_HOME_ENV, None)
        else:
            os.environ[_HOME_ENV] = before


def _run(check: SelfTestCheck, home: Path, out: Callable[[str], None]) -> CheckResult:
    began = time.monotonic()
    try:
        detail, ok = check.run(), True
    except EngineError as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # a bug or a missing library: the details go to the log
        detail, ok = f"unexpected failure ({exc})", False
        _log(home, check.name, exc)
    result = CheckResult(name=check.name, ok=ok, detail=detail, seconds=time.monotonic() - began)
    out(f"{'ok' if ok else 'FAIL':4}  {result.name}: {result.detail} [{result.seconds:.1f} s]")
    return result


def _raiser(exc: EngineError) -> Callable[[], str]:
    def run() -> str:
        raise exc

    return run


def _log(home: Path, name: str, exc: Exception) -> None:
    with (paths.logs_dir() / "self-test.log").open("a", encoding="utf-8") as log:
        log.write(f"{name} (data folder {home}):\n{''.join(traceback.format_exception(exc))}\n")


def _summarize(report: SelfTestReport, out: Callable[[str], None]) -> None:
    passed = sum(result.ok for result in report.results)
    counts = f"{passed} of {len(report.results)} checks passed in {report.seconds:.1f} s"
    if report.passed:
        out(f"Self-test passed: {counts}.")
    else:
        out(f"Self-test FAILED: {counts}. The data folder is kept: {report.folder}")


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return f'"{flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 3] + "..."}"'


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _chat_model(engine: Engine) -> str:
    info = engine.models.load()
    return f"{info.name} ({info.quantization}) loaded after its probe in a child process"


def _catalog(engine: Engine) -> str:
    entries = engine.models.catalog()
    if not entries:
        raise CheckFailed("The model catalog lists no models.")
    return f"{len(entries)} recommended models"


def _document(engine: Engine) -> str:
    report = engine.knowledge.add_sources([SAMPLE_PDF])
    failed = [result.error for result in report.results if result.error]
    if failed or not report.results:
        raise CheckFailed(f"{SAMPLE_PDF.name} was not indexed: {' '.join(failed) or 'no result'}")
    source = engine.knowledge.get_source(report.results[0].source_id or 0)
    return f"{SAMPLE_PDF.name} indexed: {source.pages} pages, {source.chunks} passages"


def _answer(engine: Engine) -> str:
    deltas = list(engine.chat.stream_answer(QUESTION))
    text = "".join(delta.text for delta in deltas).strip()
    cited = [
        citation
        for citation in (deltas[-1].citations if deltas else ())
        if citation.location.page == ANSWER_PAGE
        and Path(citation.location.path).resolve() == SAMPLE_PDF.resolve()
    ]
    if ANSWER not in text:
        raise CheckFailed(f"The answer {_quoted(text)} does not say {ANSWER}.")
    if not cited:
        raise CheckFailed(f"The answer {_quoted(text)} does not cite page {ANSWER_PAGE}.")
    return f"{_quoted(text)}, citing {SAMPLE_PDF.name} p. {ANSWER_PAGE}"


def _speech(engine: Engine) -> str:
    transcript = engine.speech.transcribe_file(SAMPLE_SPEECH, language="en")
    if _words(SPOKEN) not in _words(transcript.text):
        raise CheckFailed(f"{SAMPLE_SPEECH.name} came out as {_quoted(transcript.text)}.")
    return f"{SAMPLE_SPEECH.name} with {transcript.model}: {_quoted(transcript.text)}"


def _multilingual(engine: Engine) -> str:
    model = engine.speech.load(language="")
    if not model.multilingual:
        raise CheckFailed(f"Speech in other languages would go to {model.name}, English only.")
    return f"Whisper {model.name} loaded (99 languages)"
