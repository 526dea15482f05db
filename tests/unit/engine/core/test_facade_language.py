"""The facade hands views its sentences in the interface language (issue 14: they were English)."""

from __future__ import annotations

import dataclasses

from engine.api import Engine
from engine.api.shown import in_language
from engine.config import Settings
from engine.secrets import SecretStore
from engine.types import AddReport, AddResult
from tests.unit.engine.core.test_error_texts import english_left


def test_every_result_of_a_report_is_translated_and_english_stays_english() -> None:
    report = AddReport(results=(
        AddResult(path="a.pdf", error="Cancelled."),
        AddResult(path="b.pdf", source_id=2, notice="1 of 12 pages has no text."),
    ))
    shown = in_language(report, "zh_CN")
    assert [(r.error, r.notice) for r in shown.results] == [
        ("已取消。", ""), ("", "12 页中有 1 页没有文字。"),
    ]
    assert in_language(report, "en") == report


def test_a_chinese_interface_gets_keyring_and_remote_notices_in_chinese() -> None:
    defaults = Settings()
    chinese = dataclasses.replace(defaults, ui=dataclasses.replace(defaults.ui, language="zh_CN"))
    with Engine(chinese, secret_store=SecretStore(backends=list)) as engine:
        problem = engine.secrets.status().problem
        notice = engine.models.remote().notice
    assert "密钥环" in problem and not english_left(problem), problem
    assert "远程模型" in notice and not english_left(notice), notice
