"""The `lanthorn` command through a real process, the real SmolLM2 model and real SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LANTHORN = str(Path(sys.executable).with_name("lanthorn"))


def run(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANTHORN_HOME": str(home)}
    return subprocess.run(
        [LANTHORN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.slow
def test_ask_answers_the_capital_of_france(lanthorn_home: Path) -> None:
    done = run("ask", "What is the capital of France?", home=lanthorn_home)
    assert done.returncode == 0, done.stderr
    assert "Paris" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_ask_json_reports_answer_and_usage(lanthorn_home: Path) -> None:
    done = run("ask", "--json", "What is the capital of France?", home=lanthorn_home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "Paris" in result["answer"]
    assert result["usage"]["completion_tokens"] > 0
    assert result["finish_reason"] in ("stop", "length")


def test_ask_with_random_bytes_model_is_one_line_exit_2(
    lanthorn_home: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(os.urandom(4096))
    done = run("ask", "--model", str(junk), "hi", home=lanthorn_home)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "junk.gguf" in lines[0]
    assert "Traceback" not in done.stderr


def test_ask_with_missing_model_exit_2(lanthorn_home: Path, tmp_path: Path) -> None:
    done = run("ask", "--model", str(tmp_path / "nope.gguf"), "hi", home=lanthorn_home)
    assert done.returncode == 2
    assert "nope.gguf" in done.stderr and "Traceback" not in done.stderr


def test_models_inspect_json(lanthorn_home: Path) -> None:
    from engine.bundled import starter_chat_model

    done = run("models", "inspect", str(starter_chat_model()), "--json", home=lanthorn_home)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["architecture"] == "llama"
    assert info["context_length"] and info["context_length"] >= 2048
    assert info["chat_template"]
    assert info["parameter_count"] and 100e6 < info["parameter_count"] < 200e6


@pytest.mark.slow
def test_chat_keeps_history_then_conversations_commands(lanthorn_home: Path) -> None:
    done = run("chat", home=lanthorn_home, stdin="Name a color of the sky.\nAnd of grass?\n")
    assert done.returncode == 0, done.stderr

    listing = json.loads(run("conversations", "list", "--json", home=lanthorn_home).stdout)
    assert len(listing) == 1 and listing[0]["message_count"] == 4
    conv_id = str(listing[0]["id"])

    shown = run("conversations", "show", conv_id, home=lanthorn_home)
    assert "Name a color of the sky." in shown.stdout and "And of grass?" in shown.stdout

    found = json.loads(run("conversations", "search", "grass", "--json", home=lanthorn_home).stdout)
    assert any(m["conversation_id"] == int(conv_id) for m in found)

    markdown = run("conversations", "export", conv_id, "--format", "md", home=lanthorn_home)
    assert "And of grass?" in markdown.stdout
    exported = json.loads(
        run("conversations", "export", conv_id, "--format", "json", home=lanthorn_home).stdout
    )
    assert next(m["text"] for m in exported["messages"]) == "Name a color of the sky."


def test_unknown_conversation_is_user_error(lanthorn_home: Path) -> None:
    done = run("conversations", "show", "999", home=lanthorn_home)
    assert done.returncode == 2
    assert "999" in done.stderr and "Traceback" not in done.stderr
