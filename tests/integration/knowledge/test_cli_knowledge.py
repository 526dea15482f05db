"""`lanthorn add|sources|remove|search` end to end, in fresh processes, on real PDFs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.knowledge.kb_helpers import make_home, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A good PDF beside a truncated, an encrypted, a scanned and a random-bytes one."""
    folder = tmp_path_factory.mktemp("mixed")
    good = shared_data / "pdf" / "wiki_en" / "Amazon_rainforest.pdf"
    shutil.copy(good, folder / "good.pdf")
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    shutil.copy(shared_data / "pdf" / "bad" / "r3-user-password.pdf", folder / "encrypted.pdf")
    shutil.copy(shared_data / "pdf" / "bad" / "linn.pdf", folder / "scanned.pdf")
    (folder / "nested").mkdir()
    (folder / "nested" / "random.pdf").write_bytes(os.urandom(4096))
    return folder


@pytest.fixture(scope="module")
def added(
    mixed_folder: Path, tmp_path_factory: pytest.TempPathFactory, onnx_cache: Path
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    home = make_home(tmp_path_factory.mktemp("cli-home"), onnx_cache)
    return home, run_cli(home, "add", str(mixed_folder))


def test_add_reports_each_bad_file_on_one_line_and_exits_1(
    added: tuple[Path, subprocess.CompletedProcess[str]], mixed_folder: Path
) -> None:
    _, result = added
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.fullmatch(rf"indexed as source \d+: {re.escape(str(mixed_folder / 'good.pdf'))}\n",
                        result.stdout)
    reasons = {
        Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1]
        for line in result.stderr.splitlines()
        if line.startswith(str(mixed_folder))
    }
    assert sorted(reasons) == ["encrypted.pdf", "random.pdf", "scanned.pdf", "truncated.pdf"]
    assert "password" in reasons["encrypted.pdf"].lower()
    assert "scanned" in reasons["scanned.pdf"] and "OCR" in reasons["scanned.pdf"]
    assert all(reason.strip() for reason in reasons.values())


def test_sources_lists_ready_and_failed_documents(
    added: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    home, _ = added
    result = run_cli(home, "sources", "--json")
    assert result.returncode == 0, result.stderr
    sources = {Path(s["path"]).name: s for s in json.loads(result.stdout)}
    assert sources["good.pdf"]["status"] == "ready"
    assert sources["good.pdf"]["pages"] == 7 and sources["good.pdf"]["chunks"] > 7
    for name in ("truncated.pdf", "encrypted.pdf", "scanned.pdf", "random.pdf"):
        assert sources[name]["status"] == "failed" and sources[name]["error"]
    assert sources["scanned.pdf"]["scanned_pages"] == [1]


def test_search_finds_the_good_pdf_page(
    added: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    home, _ = added
    result = run_cli(home, "search", "--json", "-k", "3",
                     "Which countries does the Amazon rainforest cover?")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert hits[0]["title"] and Path(hits[0]["path"]).name == "good.pdf"
    assert hits[0]["page"] == 1 and "Brazil" in hits[0]["text"]
    human = run_cli(home, "search", "Amazon rainforest countries")
    assert "page 1" in human.stdout


def test_the_password_unlocks_the_encrypted_pdf(
    added: tuple[Path, subprocess.CompletedProcess[str]], mixed_folder: Path
) -> None:
    home, _ = added
    result = run_cli(home, "add", str(mixed_folder / "encrypted.pdf"), "--password", "asdfzxcv")
    assert result.returncode == 0, result.stderr
    search = run_cli(home, "search", "--json", "pdf encryption test")
    assert any(Path(h["path"]).name == "encrypted.pdf" for h in json.loads(search.stdout))


def test_sources_and_remove_do_not_load_the_embedding_model(
    added: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    home, _ = added
    code = (
        "import sys\n"
        "from engine.cli import main\n"
        "assert main(['sources']) == 0\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'onnxruntime', 'transformers')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "LANTHORN_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_remove_takes_the_source_out_of_search(
    added: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    home, _ = added
    sources = json.loads(run_cli(home, "sources", "--json").stdout)
    good = next(s for s in sources if Path(s["path"]).name == "good.pdf")
    result = run_cli(home, "remove", str(good["id"]))
    assert result.returncode == 0 and "Removed source" in result.stdout
    hits = json.loads(run_cli(home, "search", "--json", "Amazon rainforest").stdout)
    assert all(h["source_id"] != good["id"] for h in hits)
    missing = run_cli(home, "remove", str(good["id"]))
    assert missing.returncode == 2 and "no source with id" in missing.stderr
