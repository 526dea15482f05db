"""Retrieval for a conversation: what to search, which passages to quote, is it covered at all.

Follow-ups. A question such as "and how long does it take to build it?" means nothing to a
search index on its own. Asking the model to rewrite it is unreliable with the small starter
model (135M parameters), so the rewrite is a rule: a question that is short or leans on what
came before (a pronoun such as "it"/"它", an opening such as "and"/"那") is searched together
with the key words of the previous question (itself rewritten the same way, so a chain of
follow-ups keeps its subject).

Passages. Hits from the same page whose character spans touch or overlap are merged into one
passage, so the model reads a whole passage once instead of two halves with a repeated seam.

Coverage. The fused rank scores of hybrid search only order hits; they are not comparable
between questions, so they cannot say "nothing here is relevant". Coverage is judged with two
calibrated signals instead: the cosine between the query and the passage embeddings (when the
embedding model reads the query's language) and the share of the question's keywords the
passage holds, each keyword weighted by its rarity in the knowledge base (a word no document
contains, such as "France" asked of a paper on retrieval, weighs the most). The floor was tuned
on the shared question sets against questions those documents cannot answer (bench/answers.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from engine.chat.chunk_reader import ChunkReader
from engine.config import KnowledgeSettings
from engine.knowledge import keyword_index
from engine.types import Hit, Source, SourceStatus

# Tuned with bench/answers.py on qa, zh, wiki_en and wiki_zh against unanswerable questions.
DEFAULT_RELEVANCE_FLOOR = 0.42
DENSE_WEIGHT = 0.5
NOISE_SHARE = 0.6  # passages under this share of the floor are not worth the prompt tokens
MERGE_GAP = 2  # characters between two chunks that still count as touching
_FOLLOW_UP_TERMS = 3  # fewer content words than this: the question needs its context
_CONTEXT_TERMS = 8

_PRONOUN_TEXT = """it its it's itself they them their theirs this that these those he him his
she her there one ones former latter same such"""
_PRONOUNS_EN = frozenset(_PRONOUN_TEXT.split())
_OPENINGS_EN = ("and ", "but ", "also ", "so ", "then ", "or ", "what about", "how about")
_PRONOUNS_ZH = ("它", "它们", "他们", "她们", "这个", "那个", "这些", "那些", "该", "此", "其")
_OPENINGS_ZH = ("那", "还有", "而", "另外", "那么", "它", "他", "她")
_WORD = re.compile(r"[\w']+")


class KnowledgeLike(Protocol):
    """What retrieval needs from the knowledge base (`engine.knowledge.service`)."""

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Best passages first."""
        ...

    def list_sources(self) -> list[Source]:
        """Every source with its status."""
        ...


KnowledgeProvider = Callable[[], KnowledgeLike | None]


@dataclass(frozen=True)
class Span:
    """One stored chunk inside a passage: `text` is exactly the page's text at [start, end)."""

    chunk_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """Neighbouring chunks of one page, merged; quoted in the prompt as one numbered source."""

    source_id: int
    title: str
    path: str
    page: int | None
    start: int
    end: int
    text: str
    spans: tuple[Span, ...]
    relevance: float = 0.0
    start_s: float | None = None
    end_s: float | None = None
    url: str | None = None


@dataclass(frozen=True)
class Retrieval:
    """What was searched, the passages worth quoting (best first) and the coverage verdict."""

    query: str
    passages: tuple[Passage, ...]
    covered: bool
    best: float


def has_ready_sources(knowledge: KnowledgeLike) -> bool:
    """Whether anything is searchable; a plain SQL read, no embedding model is loaded."""
    return any(s.status is SourceStatus.READY for s in knowledge.list_sources())


# ------------------------------------------------------------------ follow-ups
def search_query(question: str, earlier_questions: Sequence[str]) -> str:
    """The text to search for `question`, given the user's earlier questions (oldest first)."""
    context = ""
    for earlier in earlier_questions[-3:]:
        context = _with_context(earlier, context)
    return _with_context(question, context)


def needs_context(question: str) -> bool:
    """Whether a question leans on an earlier turn (pronoun, "and ..." opening, or too short)."""
    text = question.strip().lower()
    if any(text.startswith(opening) for opening in _OPENINGS_EN + _OPENINGS_ZH):
        return True
    if any(word in _PRONOUNS_EN for word in _WORD.findall(text)):
        return True
    if any(pronoun in text for pronoun in _PRONOUNS_ZH):
        return True
    return len(keyword_index.query_terms(question)) < _FOLLOW_UP_TERMS


def _with_context(question: str, context: str) -> str:
    if not context or not needs_context(question):
        return question
    own = set(keyword_index.query_terms(question))
    borrowed = [t for t in keyword_index.query_terms(context) if t not in own][:_CONTEXT_TERMS]
    return f"{question} {' '.join(borrowed)}".strip()


# ------------------------------------------------------------------ passages
def merge_adjacent(hits: Sequence[Hit]) -> list[Passage]:
    """Merge hits of the same page whose spans touch; keep the order of each group's best hit."""
    groups: dict[tuple[int, int | None], list[Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.source_id, hit.page), []).append(hit)
    ranked: list[tuple[int, Passage]] = []
    rank_of = {hit.chunk_id: rank for rank, hit in enumerate(hits)}
    for members in groups.values():
        for run in _touching_runs(sorted(members, key=lambda h: (h.start, h.end))):
            ranked.append((min(rank_of[h.chunk_id] for h in run), _passage(run)))
    return [passage for _, passage in sorted(ranked, key=lambda item: item[0])]


def _touching_runs(members: list[Hit]) -> list[list[Hit]]:
    runs: list[list[Hit]] = []
    for hit in members:
        if runs and hit.start <= max(h.end for h in runs[-1]) + MERGE_GAP:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _passage(run: list[Hit]) -> Passage:
    first = run[0]
    text, end = first.text, first.end
    for hit in run[1:]:
        if hit.end <= end:
            continue  # wholly inside what is already there
        if hit.start <= end:
            text += hit.text[end - hit.start :]
        else:
            text += " " + hit.text  # a gap of a space or two between touching chunks
        end = hit.end
    times = [h.start_s for h in run if h.start_s is not None]
    ends = [h.end_s for h in run if h.end_s is not None]
    return Passage(
        source_id=first.source_id,
        title=first.title,
        path=first.path,
        page=first.page,
        start=first.start,
        end=end,
        text=text,
        spans=tuple(Span(h.chunk_id, h.start, h.end, h.text) for h in run),
        start_s=min(times) if times else None,
        end_s=max(ends) if ends else None,
        url=first.url,
    )


# ------------------------------------------------------------------ coverage
class Retriever:
    """Searches the knowledge base for a conversation turn and judges coverage. Blocking."""

    def __init__(
        self, knowledge: KnowledgeLike, reader: ChunkReader, settings: KnowledgeSettings
    ) -> None:
        self._knowledge = knowledge
        self._reader = reader
        self._k = settings.top_k
        self.floor = settings.relevance_floor or DEFAULT_RELEVANCE_FLOOR

    def retrieve(self, question: str, earlier_questions: Sequence[str] = ()) -> Retrieval:
        """Search for `question` (with its context when it is a follow-up) and judge coverage.

        Raises:
            ModelError: the embedding model cannot be loaded.
        """
        query = search_query(question, earlier_questions)
        hits = self._knowledge.search(query, k=self._k)
        scores = self.relevance(query, hits)
        scored = [
            _with_relevance(p, max(scores.get(s.chunk_id, 0.0) for s in p.spans))
            for p in merge_adjacent(hits)
        ]
        best = max((p.relevance for p in scored), default=0.0)
        covered = best >= self.floor
        kept = tuple(p for p in scored if p.relevance >= self.floor * NOISE_SHARE)
        return Retrieval(query, kept if covered else (), covered, best)

    def relevance(self, query: str, hits: Sequence[Hit]) -> dict[int, float]:
        """A calibrated relevance in [0, 1] per hit's chunk id (see the module docstring)."""
        if not hits:
            return {}
        ids = [h.chunk_id for h in hits]
        overlap = self._keyword_overlap(query, ids)
        dense = self._dense(query, ids)
        if dense is None:
            return overlap
        return {
            i: DENSE_WEIGHT * dense[i] + (1.0 - DENSE_WEIGHT) * overlap[i] for i in ids
        }

    def _keyword_overlap(self, query: str, ids: list[int]) -> dict[int, float]:
        terms = keyword_index.query_terms(query)
        if not terms:
            return dict.fromkeys(ids, 0.0)
        total = max(1, self._reader.chunk_count())
        frequency = self._reader.document_frequency(terms)
        weight = {t: math.log((total + 1) / (frequency[t] + 0.5)) for t in terms}
        mass = sum(weight.values()) or 1.0
        holding = self._reader.chunks_holding(terms, ids)
        return {i: sum(weight[t] for t in terms if i in holding[t]) / mass for i in ids}

    def _dense(self, query: str, ids: list[int]) -> dict[int, float] | None:
        embed: Any = getattr(self._knowledge, "embed_query", None)
        if embed is None:
            return None
        vector = embed(query)
        if vector is None:
            return None  # the embedding model cannot read the query's language
        stored = self._reader.vectors(ids)
        query_vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if stored is None or stored.shape[1] != query_vector.shape[0]:
            return None
        cosines = stored @ query_vector
        return {i: float(max(0.0, c)) for i, c in zip(ids, cosines, strict=True)}


def _with_relevance(passage: Passage, relevance: float) -> Passage:
    return replace(passage, relevance=relevance)
