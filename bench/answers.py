"""Grounded answers on the shared question sets: ours vs the LangChain "stuff" baseline.

For each set one knowledge base holds its PDFs (real pypdf, MiniLM, FAISS, SQLite). Two figures:
- answered: the answer contains the expected phrase (after folding case and whitespace; all
  whitespace removed for Chinese) AND cites the page that holds it;
- declined: for questions the documents cannot answer (written here, 15 per language), the
  reply says the documents do not cover it;
- refused answerable: answerable questions of the set that were declined all the same (the
  worst outcome for a grounded app; goal 0 on qa and zh).

Two more per system: grounded time to first token (from the question to the first word of
the answer, search included; median over the answerable questions, with ours / stuff measured in
the same run, the two systems asked in turn question by question, both models loaded), and for
ours the evidence shown before the model writes (`AnswerDelta.evidence`): the hit rate (one of
its sentences holds the expected phrase; on the expected page: the page rate) and its latency
(from the question to the evidence delta, median).

Ours is the whole pipeline (`ChatSession.stream_answer`: hybrid retrieval, coverage, prompt
assembly, citations). The baseline is LangChain's "stuff" chain rebuilt directly (LangChain is
not a dependency): the top-4 dense chunks pasted into its classic QA prompt, answered by the same
GGUF through raw llama-cpp-python with the same sampling, in the same run. LangChain apps show
the pages of the chunks they pasted as the answer's sources, so the baseline "cites" those four
pages (generous: it never says which one it used); it declines when its answer says it does
not know. It takes the thread count ours would take at each question (engine/llm/threads.py):
with llama.cpp's spin-waiting threads fixed at the core count, one busy core makes it many
times slower (measured here under load 15: one baseline answer took over ten minutes), so the
first-token ratio would measure the threads, not the prompt. Both answer with the default
sampling settings, capped at 160 tokens.

Run: `python -m bench.answers` (qa + zh and the unanswerable questions; about 10 minutes with
the starter model on 2 cores). `--sets qa zh wiki_en wiki_zh`, `--limit N` questions per set,
`--model PATH` for another GGUF (report its figures too).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.retrieval import Question, holds_phrase, load_questions, set_pdfs
from engine.types import AnswerPhase

UNANSWERABLE = {
    "en": [
        "What is the capital of France?",
        "Who won the 2018 FIFA World Cup?",
        "How do I bake sourdough bread at home?",
        "What year did the Berlin Wall fall?",
        "Who painted the Mona Lisa?",
        "What is the population of Tokyo?",
        "How many moons does Jupiter have?",
        "What is the price of a Tesla Model 3?",
        "Which programming language was created by Guido van Rossum?",
        "How tall is Mount Everest?",
        "Who wrote Pride and Prejudice?",
        "What is the best way to learn to play the guitar?",
        "When was the Eiffel Tower built?",
        "What does a blockchain consensus algorithm do?",
        "How many players are on a basketball team?",
    ],
    "zh": [
        "法国的首都是哪里？",
        "2018年世界杯冠军是哪个国家？",
        "怎样在家做酸面包？",
        "柏林墙是哪一年倒塌的？",
        "《蒙娜丽莎》是谁画的？",
        "东京有多少人口？",
        "木星有多少颗卫星？",
        "特斯拉Model 3的价格是多少？",
        "珠穆朗玛峰有多高？",
        "《傲慢与偏见》的作者是谁？",
        "埃菲尔铁塔是什么时候建成的？",
        "篮球比赛每队上场几名球员？",
        "如何学习弹吉他？",
        "区块链的共识算法有什么作用？",
        "Python编程语言是谁发明的？",
    ],
}
SET_LANGUAGE = {"qa": "en", "zh": "zh", "wiki_en": "en", "wiki_zh": "zh"}
STUFF_TEMPLATE = (
    "Use the following pieces of context to answer the question at the end. If you don't know "
    "the answer, just say that you don't know, don't try to make up an answer.\n\n"
    "{context}\n\nQuestion: {question}\nHelpful Answer:"
)
STUFF_K = 4
ANSWER_TOKENS = 160  # both systems: short factual answers, and a bench that ends in minutes
_DONT_KNOW = re.compile(
    r"don'?t know|do not know|not (?:mentioned|provided|specified|stated|say)|no information|"
    r"does not (?:provide|mention|say|contain)|can(?:no|')t (?:answer|be answered)|unable to|"
    r"不知道|没有提到|没有提供|无法回答|未提及|不清楚|没有涉及",
    re.IGNORECASE,
)


@dataclass
class Reply:
    """One answer of a system: text, cited (file, page) pairs, declined, and its timings."""

    text: str
    cited: list[tuple[str, int | None]]
    declined: bool
    first_token: float | None = None  # seconds from the question to the first word
    evidence: tuple[Any, ...] = ()  # ours: the evidence citations shown before the answer
    evidence_after: float | None = None  # seconds from the question to the evidence


@dataclass
class Tally:
    """Counts of one system on one set."""

    answered: int = 0
    asked: int = 0
    refused: int = 0  # answerable questions the system declined ("not covered")
    declined: int = 0
    unanswerable: int = 0
    seconds: float = 0.0
    first_tokens: list[float] = dataclasses.field(default_factory=list)
    evidence_hits: int = 0
    evidence_pages: int = 0
    evidence_after: list[float] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        """One printed line: both shares with their counts, and the median first token."""
        share = self.answered / self.asked if self.asked else 0.0
        decline = self.declined / self.unanswerable if self.unanswerable else 0.0
        return (
            f"answered+cited {self.answered}/{self.asked} = {share:.2f}   "
            f"declined {self.declined}/{self.unanswerable} = {decline:.2f}   "
            f"refused answerable {self.refused}/{self.asked}   "
            f"first token p50 {median(self.first_tokens):.2f} s   ({self.seconds:.0f} s)"
        )

    def evidence_line(self) -> str:
        """The evidence hit rate (phrase, page) and its latency."""
        asked = self.asked or 1
        return (
            f"evidence holds the answer {self.evidence_hits}/{self.asked} = "
            f"{self.evidence_hits / asked:.2f}   on its page {self.evidence_pages}/{self.asked}"
            f" = {self.evidence_pages / asked:.2f}   latency p50 "
            f"{median(self.evidence_after) * 1000:.0f} ms"
        )


def median(values: list[float]) -> float:
    """The median (0.0 for none)."""
    return statistics.median(values) if values else 0.0


# ------------------------------------------------------------------ the two systems
class Ours:
    """The whole Lanthorn pipeline, one-shot answers."""

    def __init__(self, kb: Any, db: Any, model_path: str) -> None:
        from engine.chat.model_slot import ModelSlot
        from engine.chat.session import ChatSession
        from engine.chat.store import ConversationStore
        from engine.config import ModelSettings, Settings

        base = Settings()
        self.settings = dataclasses.replace(
            base,
            model=ModelSettings(path=model_path),
            sampling=dataclasses.replace(base.sampling, seed=1, max_tokens=ANSWER_TOKENS),
        )
        self.slot = ModelSlot()
        self.session = ChatSession(
            ConversationStore(db), self.slot, lambda: self.settings, db=db, knowledge=lambda: kb
        )

    def ask(self, question: str) -> Reply:
        """The answer, its citations and timings (first token, evidence)."""
        started = time.perf_counter()
        pieces: list[str] = []
        reply = Reply(text="", cited=[], declined=False)
        for delta in self.session.stream_answer(question):
            now = time.perf_counter() - started
            if delta.evidence and reply.evidence_after is None:
                reply.evidence, reply.evidence_after = delta.evidence, now
            if delta.phase is AnswerPhase.WRITING and reply.first_token is None:
                reply.first_token = now
            pieces.append(delta.text)
            if delta.done:
                reply.cited = [(Path(c.location.path).name, c.location.page)
                               for c in delta.citations]
                reply.declined = delta.covered is False
        reply.text = "".join(pieces)
        return reply

    def close(self) -> None:
        """Free the model."""
        self.slot.close()


class Stuff:
    """LangChain's "stuff" QA chain: top-4 dense chunks in one prompt, raw llama-cpp-python."""

    def __init__(self, kb: Any, model_path: str, sampling: Any) -> None:
        import llama_cpp

        from engine.llm.threads import LoadMeter

        self.kb = kb
        self.sampling = sampling
        self.threads = os.cpu_count() or 2
        self.llm = llama_cpp.Llama(model_path, n_ctx=8192, n_threads=self.threads, verbose=False)
        self.load = LoadMeter()

    def _fit_threads(self) -> None:
        """The thread count ours would take now (engine/llm/threads.py): see the module doc."""
        import llama_cpp

        from engine.llm.threads import threads_for

        used = threads_for(self.threads, self.load.others_busy(), self.load.cores)
        llama_cpp.llama_set_n_threads(self.llm.ctx, used, used)

    def ask(self, question: str) -> Reply:
        """The answer, the pasted chunks' (file, page) pairs, declined, first token."""
        started = time.perf_counter()
        self._fit_threads()
        dense, _, _ = self.kb.rankings(question, STUFF_K)
        hits = self.kb.hits(dense, STUFF_K)
        context = "\n\n".join(h.text for h in hits)
        prompt = STUFF_TEMPLATE.format(context=context, question=question)
        s = self.sampling
        pieces: list[str] = []
        first: float | None = None
        for chunk in self.llm.create_chat_completion(
            [{"role": "user", "content": prompt}],
            temperature=s.temperature, top_p=s.top_p, top_k=s.top_k,
            repeat_penalty=s.repeat_penalty, max_tokens=s.max_tokens, seed=1, stream=True,
        ):
            piece = chunk["choices"][0]["delta"].get("content") or ""
            if piece and first is None:
                first = time.perf_counter() - started
            pieces.append(piece)
        answer = "".join(pieces)
        cited = [(Path(h.location.path).name, h.location.page) for h in hits]
        return Reply(text=answer, cited=cited, declined=bool(_DONT_KNOW.search(answer)),
                     first_token=first)

    def close(self) -> None:
        """Free the model."""
        self.llm.close()


# ------------------------------------------------------------------ running
def build_kb(home: Path, pdfs: list[Path], embedder: Any) -> tuple[Any, Any]:
    """A knowledge base holding `pdfs` in a fresh folder (the embedder loaded once, shared)."""
    from engine.knowledge.service import KnowledgeBase
    from engine.storage.db import Database

    db = Database(home / "lanthorn.db")
    kb = KnowledgeBase(db, index_folder=home, embedder_loader=lambda folder: embedder)
    report = kb.add(pdfs)
    for failure in report.failed:
        print(f"  could not index {failure.path}: {failure.error}")
    return kb, db


def record(tally: Tally, reply: Reply, seconds: float, question: Question | None) -> None:
    """Count one reply (`question` None: an unanswerable one)."""
    tally.seconds += seconds
    if question is None:
        tally.unanswerable += 1
        tally.declined += reply.declined
        return
    tally.asked += 1
    tally.refused += reply.declined
    phrase = holds_phrase(question.answer, reply.text)
    tally.answered += phrase and (question.pdf, question.page) in reply.cited
    if reply.first_token is not None:
        tally.first_tokens.append(reply.first_token)
    if reply.evidence_after is not None:
        tally.evidence_after.append(reply.evidence_after)
    tally.evidence_hits += any(holds_phrase(question.answer, c.quote) for c in reply.evidence)
    tally.evidence_pages += any(
        (Path(c.location.path).name, c.location.page) == (question.pdf, question.page)
        for c in reply.evidence
    )


def score(systems: dict[str, Any], questions: list[Question],
          unanswerable: list[str]) -> dict[str, Tally]:
    """Ask every question of both systems in turn (who goes first alternates)."""
    tallies = {name: Tally() for name in systems}
    asked: list[tuple[str, Question | None]] = [(q.text, q) for q in questions]
    asked += [(text, None) for text in unanswerable]
    for index, (text, question) in enumerate(asked):
        order = list(systems) if index % 2 == 0 else list(reversed(systems))
        for name in order:
            started = time.perf_counter()
            reply = systems[name].ask(text)
            record(tallies[name], reply, time.perf_counter() - started, question)
    return tallies


def run_set(name: str, limit: int | None, model_path: str, embedder: Any) -> Iterator[str]:
    from engine.config import SamplingSettings

    questions = load_questions(name)[:limit]
    unanswerable = UNANSWERABLE[SET_LANGUAGE[name]][:limit]
    with tempfile.TemporaryDirectory(prefix=f"bench-answers-{name}-") as folder:
        started = time.perf_counter()
        kb, db = build_kb(Path(folder), set_pdfs(name), embedder)
        yield (f"{name}: {len(questions)} questions, {len(unanswerable)} unanswerable "
               f"(indexed in {time.perf_counter() - started:.0f} s; load {load()})")
        sampling = dataclasses.replace(SamplingSettings(), seed=1, max_tokens=ANSWER_TOKENS)
        systems = {"ours": Ours(kb, db, model_path), "stuff": Stuff(kb, model_path, sampling)}
        try:
            tallies = score(systems, questions, unanswerable)
        finally:
            for system in systems.values():
                system.close()
            kb.close()
            db.close()
        ours, stuff = tallies["ours"], tallies["stuff"]
        yield f"  ours     {ours.line()}"
        yield f"  stuff    {stuff.line()}"
        yield f"  ratio    {ratios(ours, stuff)}"
        yield f"  evidence {ours.evidence_line()}   (load {load()})"


def load() -> str:
    """The 1-minute load average, to print next to every figure."""
    return f"{os.getloadavg()[0]:.2f}"


def ratios(ours: Tally, stuff: Tally) -> str:
    """Ours over the baseline for both shares ("inf" when the baseline scored none)."""

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}x" if b else ("inf" if a else "n/a")

    time_ratio = f"{ours.seconds / stuff.seconds:.2f}x" if stuff.seconds else "n/a"
    first = median(stuff.first_tokens)
    first_ratio = f"{median(ours.first_tokens) / first:.2f}x" if first else "n/a"
    return (
        f"answered+cited {ratio(ours.answered, stuff.answered)}   "
        f"declined {ratio(ours.declined, stuff.declined)}   time {time_ratio}   "
        f"first token {first_ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["qa", "zh"], choices=sorted(SET_LANGUAGE))
    parser.add_argument("--limit", type=int, default=None, help="questions per set (a subset)")
    parser.add_argument("--model", metavar="PATH", help="a GGUF file (default: the starter)")
    args = parser.parse_args()
    os.environ.setdefault("LANTHORN_HOME", tempfile.mkdtemp(prefix="lanthorn-bench-"))
    from engine.bundled import starter_chat_model
    from engine.knowledge.embedder import load_embedder

    model_path = args.model or str(starter_chat_model())
    embedder = load_embedder()
    print(f"model: {Path(model_path).name}; baseline: LangChain-style stuff, top-{STUFF_K} dense")
    for name in args.sets:
        for line in run_set(name, args.limit, model_path, embedder):
            print(line, flush=True)


if __name__ == "__main__":
    main()
