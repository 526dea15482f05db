"""Table rows are found by their caption's words (engine/knowledge/structure.py), on good.pdf.

Reuses the session's good.pdf knowledge base (conftest `good_home`): a few searches, no indexing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.retrieval import is_correct, load_questions, score
from engine.knowledge.embedder import Embedder
from tests.integration.knowledge.kb_helpers import open_kb

pytestmark = pytest.mark.slow


def test_a_table_row_is_found_by_its_caption_and_every_qa_question_in_the_top_five(
    good_home: Path, embedder: Embedder, shared_data: Path
) -> None:
    questions = load_questions("qa", shared_data / "pdf")
    table = next(q for q in questions if "end-to-end results table" in q.text)
    with open_kb(good_home, embedder) as kb:
        hits = kb.search(table.text, 5)
        recall, _ = score(questions, lambda q: [
            (h.location.path, h.location.page, h.text) for h in kb.search(q.text, 10)
        ])
    found = [h for h in hits if is_correct(table, h.location.path, h.location.page, h.text)]
    assert found, [(h.location.page, h.text[:60]) for h in hits]
    assert "Table" not in found[0].text.split("33.3")[0]  # the rows, not the caption's chunk
    assert recall >= 0.95
