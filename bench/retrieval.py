"""Retrieval quality on the shared question sets: ours (hybrid) vs dense-only vs BM25-only.

One knowledge base per set holds every PDF of the set (qa, zh, wiki_en, wiki_zh in
../shared/data/pdf). For each question, a hit is correct when it comes from the question's PDF
and page and contains the answer after folding whitespace and case (Chinese: all whitespace
removed), as the data README suggests. Prints recall@5 and MRR@10 per set and retriever (over
all questions, and over each half: "tune" = the questions at even lines, "held" = odd lines; the
fusion was tuned on the tune halves only), ours ÷ the best single retriever, and the ingestion
time of each set. "no-sentence" is ours without its last step, the re-rank of the head by each
chunk's best sentence (engine/knowledge/sentence_rerank.py); the re-rank time printed is that
whole step (proximity and sentences) per question.

Run: `python -m bench.retrieval` (a few minutes: it indexes 256 pages with the real embedder).
`--tune` also prints a grid of fusion weights and of the per-query choice (`hybrid.choose`) over
the tune half (how `hybrid.py`'s were chosen).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.knowledge.hybrid import Fusion, Ranked

PDF_ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdf"
SETS = {
    "qa": ("qa/good.questions.tsv", "good.pdf"),
    "zh": ("zh/zh_wiki.questions.tsv", "zh_wiki.pdf"),
    "wiki_en": ("wiki_en/questions.tsv", None),
    "wiki_zh": ("wiki_zh/questions.tsv", None),
}
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Question:
    """One line of a question file."""

    pdf: str
    text: str
    page: int
    answer: str


def load_questions(name: str, root: Path = PDF_ROOT) -> list[Question]:
    """The questions of a set, in file order."""
    relative, only_pdf = SETS[name]
    out = []
    for line in (root / relative).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if only_pdf is not None:
            fields = [only_pdf, *fields]
        if len(fields) == 4:
            out.append(Question(fields[0], fields[1], int(fields[2]), fields[3]))
    return out


def set_pdfs(name: str, root: Path = PDF_ROOT) -> list[Path]:
    """Every PDF of a set."""
    return sorted((root / SETS[name][0]).parent.glob("*.pdf"))


def normalize(text: str) -> str:
    """Fold case and whitespace; remove whitespace entirely in Chinese text."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _CJK.search(text):
        return re.sub(r"\s+", "", text)
    return " ".join(text.split())


def is_correct(question: Question, path: str, page: int | None, text: str) -> bool:
    """Whether a hit answers the question: right PDF, right page, answer in its text."""
    return (
        Path(path).name == question.pdf
        and page == question.page
        and holds_phrase(question.answer, text)
    )


def holds_phrase(answer: str, text: str) -> bool:
    """Whether `text` holds the expected phrase (whitespace ignored when either is Chinese).

    A Chinese page may hold a Latin answer ("Mongolian Chinggis Khaan, ... Chinese: 成吉思汗"):
    `normalize` drops the page's spaces, so the answer's must go too.
    """
    phrase, found = normalize(answer), normalize(text)
    if phrase in found:
        return True
    return bool(_CJK.search(answer + text)) and "".join(phrase.split()) in "".join(found.split())


Ranker = Callable[[Question], list[tuple[str, int | None, str]]]


def halves(questions: list[Question]) -> dict[str, list[Question]]:
    """All questions, the tuning half (even lines) and the held-out half (odd lines)."""
    return {"all": questions, "tune": questions[0::2], "held": questions[1::2]}


def score(questions: list[Question], rank: Ranker) -> tuple[float, float]:
    """(recall@5, MRR@10) of a ranker that returns (path, page, text) hits, best first."""
    found, reciprocal = 0, 0.0
    for q in questions:
        hits = rank(q)[:10]
        first = next((i for i, h in enumerate(hits, 1) if is_correct(q, *h)), None)
        found += first is not None and first <= 5
        reciprocal += 1.0 / first if first else 0.0
    return found / len(questions), reciprocal / len(questions)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--chunk-tokens", type=int, default=None)
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("LANTHORN_HOME", tempfile.mkdtemp(prefix="lanthorn-bench-"))
    from engine.knowledge.embedder import load_embedder

    started = time.perf_counter()
    embedder = load_embedder()
    print(f"embedder {embedder.model_id} ({embedder.backend}), loaded in "
          f"{time.perf_counter() - started:.1f} s")
    print(f"{'set':<8} {'questions':>9} {'pages/s':>8}  {'retriever':<11} {'recall@5':>8} "
          f"{'MRR@10':>7}   tune half     held-out half")
    for name in args.sets:
        _bench_set(name, embedder, args.chunk_tokens, args.tune)


def _bench_set(name: str, embedder: object, chunk_tokens: int | None, tune: bool) -> None:
    from engine.knowledge import hybrid, ingest
    from engine.knowledge.service import KnowledgeBase
    from engine.storage.db import Database

    questions = load_questions(name)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(
            Database(Path(tmp) / "kb.db"), index_folder=Path(tmp), owns_db=True,
            embedder_loader=lambda folder: embedder,  # type: ignore[arg-type,return-value]
            chunk_tokens=chunk_tokens or ingest.CHUNK_TOKENS,
        )
        started = time.perf_counter()
        report = kb.add(set_pdfs(name))
        elapsed = time.perf_counter() - started
        assert not report.failed, report.failed
        pages = sum(s.pages for s in kb.list_sources())
        cached = {q: kb.rankings(q.text, hybrid.CANDIDATES) for q in questions}

        def ranker(pick: Callable[[hybrid.Ranked, hybrid.Ranked, bool], hybrid.Ranked],
                   rerank: bool = False, by_sentence: bool = True) -> Ranker:
            def rank(q: Question) -> list[tuple[str, int | None, str]]:
                ranked = pick(*cached[q])
                if rerank:
                    started = time.perf_counter()
                    ranked = kb.rerank(q.text, ranked, by_sentence=by_sentence)
                    if by_sentence:
                        rerank_s.append(time.perf_counter() - started)
                hits = kb.hits(ranked, 10)
                return [(h.location.path, h.location.page, h.text) for h in hits]

            return rank

        rerank_s: list[float] = []
        rows = {
            "ours": ranker(hybrid.combine, rerank=True),
            "no-sentence": ranker(hybrid.combine, rerank=True, by_sentence=False),
            "dense-only": ranker(lambda d, k, r: d),
            "BM25-only": ranker(lambda d, k, r: k),
        }
        figures = {}
        for label, rank in rows.items():
            split = {part: score(qs, rank) for part, qs in halves(questions).items()}
            figures[label] = split["all"]
            recall, mrr = split["all"]
            print(f"{name:<8} {len(questions):>9} {pages / elapsed:>8.1f}  {label:<11} "
                  f"{recall:>8.3f} {mrr:>7.3f}   {_pair(split['tune'])}   "
                  f"{_pair(split['held'])}", flush=True)
        print(f"{name:<8} ours ÷ best single: {_ratios(figures)}   rerank "
              f"{1000 * statistics.median(rerank_s):.1f} ms p50 per query", flush=True)
        if tune:
            _tune(halves(questions)["tune"], ranker)
        kb.close()


def _pair(figures: tuple[float, float]) -> str:
    return f"{figures[0]:.3f} / {figures[1]:.3f}"


def _ratios(figures: dict[str, tuple[float, float]]) -> str:
    """Ours over the best single retriever, per figure (the best may differ per figure)."""
    parts = []
    for index, label in enumerate(("recall@5", "MRR@10")):
        best = max(figures["dense-only"][index], figures["BM25-only"][index])
        ours = figures["ours"][index]
        parts.append(f"{label} {ours / best:.3f}x" if best else f"{label} n/a")
    return "   ".join(parts)


def _tune(questions: list[Question], ranker: Callable[..., Ranker]) -> None:
    """Fixed weights, then the per-query choice (`hybrid.choose`) at other thresholds."""
    from engine.knowledge import hybrid

    for dense_w in (0.3, 0.4, 0.5, 0.55, 0.6, 0.7):
        fusion = hybrid.Fusion(dense_w, 1.0 - dense_w)
        recall, mrr = score(questions, ranker(lambda d, k, r, f=fusion: hybrid.fuse(d, k, f)))
        print(f"    tune dense={dense_w:.2f} keyword={1 - dense_w:.2f}: "
              f"recall@5 {recall:.3f} MRR@10 {mrr:.3f}", flush=True)
    for agreement in (0.3, 0.4, 0.5):
        for dense_w in (0.6, 0.65, 0.7):
            rank = ranker(_choosing(agreement, hybrid.Fusion(dense_w, 1.0 - dense_w)),
                          rerank=True)
            recall, mrr = score(questions, rank)
            print(f"    tune dense={dense_w:.2f} when under {agreement:.1f} of the top 10 agree: "
                  f"recall@5 {recall:.3f} MRR@10 {mrr:.3f}", flush=True)


def _choosing(agreement: float, disagreeing: Fusion) -> Callable[[Ranked, Ranked, bool], Ranked]:
    """`hybrid.combine` with another threshold and fusion for retrievers that disagree."""
    from engine.knowledge import hybrid

    def pick(dense: Ranked, keyword: Ranked, reads: bool) -> Ranked:
        if not reads:
            return hybrid.combine(dense, keyword, reads)
        depth = hybrid.AGREEMENT_DEPTH
        shared = len({i for i, _ in dense[:depth]} & {i for i, _ in keyword[:depth]}) / depth
        fusion = hybrid.READABLE if shared >= agreement else disagreeing
        return hybrid.fuse(dense, keyword, fusion)

    return pick


if __name__ == "__main__":
    main()
