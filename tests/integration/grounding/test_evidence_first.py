"""Evidence first through the real parts (pypdf, MiniLM, FAISS, SQLite, SmolLM2): `lanthorn ask
--json` lists the sentence that answers, cited to its page with offsets that hold the quote
(plain output is checked in tests/unit/engine/grounding/test_evidence.py)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from engine.knowledge.cleaning import clean_pages
from tests.integration.grounding.conftest import run_cli

QUESTION = "How many passages does the Wikipedia corpus contain after splitting?"


def test_ask_json_lists_the_evidence_at_its_exact_place_on_the_page(
    good_home: Path, shared_data: Path
) -> None:
    done = run_cli("ask", "--json", QUESTION, home=good_home)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["covered"] is True
    evidence = result["evidence"]
    assert 1 <= len(evidence) <= 2
    assert {"n", "source_id", "path", "page", "start", "end", "quote"} <= evidence[0].keys()
    assert "21,015,324 passages" in evidence[0]["quote"] and evidence[0]["page"] == 4
    reader = PdfReader(shared_data / "pdf" / "qa" / "good.pdf")
    raw = [(n, page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)]
    pages = {page.number: page.text for page in clean_pages(raw, len(raw))}
    for shown in evidence:  # exactly the page's text at the offsets: the viewer lights it
        assert pages[shown["page"]][shown["start"] : shown["end"]] == shown["quote"]
