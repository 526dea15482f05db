"""The boundary holds: `Engine` and the GUI tests' fake satisfy one Protocol under mypy.

mypy (strict, the project's configuration) checks a small module that hands both to an
`EngineAPI`, plus two fakes that break the Protocol the way a rename would: a part whose method
is gone, and a part whose method returns another type. Those two must fail, naming the part;
otherwise the check would prove nothing. The project's mypy cache is reused, so after
`make test`'s own mypy run this takes seconds.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api as mypy_api

PROJECT = Path(__file__).resolve().parents[2]

SNIPPET = textwrap.dedent(
    '''
    from engine.api import Engine, EngineAPI, KnowledgeAPI, ModelsAPI
    from engine.types import ModelInfo
    from tests.gui.fakes import FakeEngine, FakeKnowledge, FakeModels


    def real(engine: Engine) -> EngineAPI:
        return engine


    def fake(engine: FakeEngine) -> EngineAPI:
        return engine


    def fake_parts(engine: FakeEngine) -> tuple[KnowledgeAPI, ModelsAPI]:
        return engine.knowledge, engine.models


    class RenamedKnowledge(FakeKnowledge):
        switch_embedding_model = None  # type: ignore[assignment]


    class RetypedModels(FakeModels):
        def fit(self, info: ModelInfo, context_size: int = 0) -> int:  # type: ignore[override]
            return 0


    class RenamedEngine(FakeEngine):
        knowledge: RenamedKnowledge


    class RetypedEngine(FakeEngine):
        models: RetypedModels


    def renamed(engine: RenamedEngine) -> EngineAPI:
        return engine  # must fail: the knowledge part lost a method


    def retyped(engine: RetypedEngine) -> EngineAPI:
        return engine  # must fail: the models part returns another type
    '''
)


def test_engine_and_fake_satisfy_the_protocol_and_breaks_are_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "boundary_check.py"
    module.write_text(SNIPPET, encoding="utf-8")
    must_fail = [str(n) for n, line in enumerate(SNIPPET.splitlines(), 1) if "must fail" in line]
    monkeypatch.chdir(PROJECT)  # `tests.gui.fakes` resolves, and the project's cache is used
    out, err, status = mypy_api.run(
        ["--config-file", str(PROJECT / "pyproject.toml"), "--no-error-summary", str(module)]
    )
    assert err == ""
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == must_fail, out
    assert status == 1
    assert '"RenamedEngine"' in errors[0] and '"EngineAPI"' in errors[0]
    assert '"RetypedEngine"' in errors[1]
    notes = out.split(errors[1])
    assert 'knowledge: expected "KnowledgeAPI", got "RenamedKnowledge"' in notes[0]
    assert 'models: expected "ModelsAPI", got "RetypedModels"' in notes[1]
