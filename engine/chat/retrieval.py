"""Retrieval for a conversation: what to search, which passages to quote, is it covered at all.

Follow-ups. A question such as "and how long does it take to build it?" means nothing to a
search index on its own. Asking the model to rewrite it is unreliable with the small starter
model (135M parameters), so the rewrite is a rule: a question that is short or leans on what
came before (a pronoun such as "it"/"它", an opening such as "and"/"那") is searched together
with the previous question (itself rewritten the same way, so a chain of follow-ups keeps its
subject); the keyword index drops the question words, and the embedding reads the whole.

Passages. Hits from the same page whose character spans touch or overlap are merged into one
passage, so the model reads a whole passage once instead of two halves with a repeated seam.

Coverage. The fused rank scores of hybrid search only order hits; they are not comparable
between questions, so they cannot say "nothing here is relevant". Coverage is judged with two
calibrated signals instead: the cosine between the query and the passage embeddings (when the
embedding model reads the query's language) and the share of the question's keywords the
passage holds within a short window (a sentence or two), each keyword weighted by its rarity in
the knowledge base (a word no document contains, such as "France" asked of a paper on
retrieval, weighs the most). The cosines come from the dense candidates of the knowledge base's
`rankings`; when its model cannot read the query, coverage rests on the keywords alone. The
floor was tuned on the shared question sets against questions those documents cannot answer.

One score is not enough either way, so two more signals can overrule it (`Coverage` records
all three, and why, for `ask --json` and the log):
- strong keyword evidence covers a question below the floor: one passage holds, within the
  window, at least `STRONG_TERMS` of the question's words that are rare in the knowledge base,
  and they carry most of the weight of the question's words the knowledge base holds at all.
  A word no document holds ("download") then no longer sinks a question whose other words
  point at one sentence (measured: "Where can I download the DPR code and trained models?" was
  refused at 0.23 while its answer is a footnote on page 1);
- a number the question names (a year, a count: two digits or more) that no retrieved passage
  holds makes a keyword-only verdict "not covered": "2018年世界杯冠军是哪个国家？" matched
  a passage on another sport's world cup (0.53) that never says 2018. Numbers are checked only
  when the embedding cannot read the question: with it, the cosine already weighs them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from engine.cancel import CancelToken
from engine.config import KnowledgeSettings
from engine.knowledge import keyword_index
from engine.knowledge.hybrid import Ranked
from engine.knowledge.proximity import proximity_mass, rarity, window_for, window_terms
from engine.types import Considered, Coverage, Hit, Location, Source, SourceStatus

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # numpy and the knowledge store load when the knowledge base opens
    import numpy as np

    from engine.knowledge.chunk_reader import StoredChunk

# Tuned on the shared question sets (qa, zh, a sample of wiki_en and wiki_zh) against 15
# unanswerable questions per language (see bench/answers.py). At 0.34: English (dense and
# keywords) covers 98% of answerable questions and says "not covered" to 97% of the others;
# Chinese (keywords only, the bundled embedder reads English) 94% and 87%.
DEFAULT_RELEVANCE_FLOOR = 0.34
DENSE_WEIGHT = 0.6
KEYWORD_ONLY_SCALE = 0.9  # keyword overlap alone, put on the scale of the combined signal
DENSE_CANDIDATES = 50
NOISE_SHARE = 0.6  # passages under this share of the floor are not worth the prompt tokens
STRONG_TERMS = 2  # rare question words in one window that make keyword evidence strong
STRONG_SHARE = 0.6  # ... when they carry this share of the weight of the words the base holds
RARE_SHARE = 0.05  # a word held by at most this share of the chunks is rare
MERGE_GAP = 2  # characters between two chunks that still count as touching
_FOLLOW_UP_TERMS = 3  # fewer content words than this: the question needs its context
_CONTEXT_CHARS = 400  # a chain of follow-ups keeps its subject, not every word said

_PRONOUN_TEXT = """it its it's itself they them their theirs this that these those he him his
she her there one ones former latter same such"""
_PRONOUNS_EN = frozenset(_PRONOUN_TEXT.split())
_OPENINGS_EN = ("and ", "but ", "also ", "so ", "then ", "or ", "what about", "how about")
_PRONOUNS_ZH = ("它", "它们", "他们", "她们", "这个", "那个", "这些", "那些", "该", "此", "其")
_OPENINGS_ZH = ("那", "还有", "而", "另外", "那么", "它", "他", "她")
_WORD = re.compile(r"[\w']+")
_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])[0-9][0-9,]*[0-9](?![0-9A-Za-z])")


class KnowledgeLike(Protocol):
    """What grounding needs from the knowledge base (`engine.knowledge.service`)."""

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Best passages first."""
        ...

    def list_sources(self) -> list[Source]:
        """Every source with its status."""
        ...

    def rankings(self, query: str, candidates: int) -> tuple[Ranked, Ranked, bool]:
        """Dense and keyword candidates, and whether the embedding model reads the query."""
        ...

    def ready_source(self, source_id: int) -> Source:
        """A completely indexed source."""
        ...

    def chunks(self, source_id: int) -> list[StoredChunk]:
        """A source's chunks in reading order."""
        ...

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray | None:
        """Stored embeddings of these chunks; None when any is missing."""
        ...

    def chunk_count(self) -> int:
        """Chunks of ready sources."""
        ...

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each keyword term."""
        ...

    def chunks_holding(self, terms: Sequence[str], chunk_ids: Sequence[int]) -> dict[str, set[int]]:
        """For each keyword term, which of `chunk_ids` hold it."""
        ...


KnowledgeProvider = Callable[[], KnowledgeLike | None]


@dataclass(frozen=True)
class Span:
    """One stored chunk inside a passage: `text` is exactly the page's text at [start, end).

    `start_s`/`end_s`: the seconds the chunk spans, for timed sources.
    """

    chunk_id: int
    start: int
    end: int
    text: str
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class Passage:
    """Neighbouring chunks of one page, merged; quoted in the prompt as one numbered source.

    `location` spans all the merged chunks (characters, and seconds for timed sources).
    """

    location: Location
    text: str
    spans: tuple[Span, ...]
    relevance: float = 0.0


@dataclass(frozen=True)
class Retrieval:
    """What was searched, the passages worth quoting (best first) and the coverage verdict.

    When not covered, `passages` is empty and `verdict.considered` holds what was looked at.
    """

    query: str
    passages: tuple[Passage, ...]
    covered: bool
    best: float
    verdict: Coverage | None = None
    weights: Mapping[str, float] = field(default_factory=dict)  # question words by rarity


def has_ready_sources(knowledge: KnowledgeLike) -> bool:
    """Whether anything is searchable; a plain SQL read, no embedding model is loaded."""
    return any(s.status is SourceStatus.READY for s in knowledge.list_sources())


def still_indexing(knowledge: KnowledgeLike) -> tuple[Source, ...]:
    """Sources queued or being indexed: not searchable yet (a plain SQL read)."""
    waiting = (SourceStatus.QUEUED, SourceStatus.INDEXING)
    return tuple(s for s in knowledge.list_sources() if s.status in waiting)


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
    return f"{question} {context}"[:_CONTEXT_CHARS]


# ------------------------------------------------------------------ passages
def merge_adjacent(hits: Sequence[Hit]) -> list[Passage]:
    """Merge hits of the same page whose spans touch; keep the order of each group's best hit."""
    groups: dict[tuple[int, int | None], list[Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.location.source_id, hit.location.page), []).append(hit)
    ranked: list[tuple[int, Passage]] = []
    rank_of = {hit.chunk_id: rank for rank, hit in enumerate(hits)}
    for members in groups.values():
        ordered = sorted(members, key=lambda h: (h.location.start, h.location.end))
        for run in _touching_runs(ordered):
            ranked.append((min(rank_of[h.chunk_id] for h in run), _passage(run)))
    return [passage for _, passage in sorted(ranked, key=lambda item: item[0])]


def _touching_runs(members: list[Hit]) -> list[list[Hit]]:
    runs: list[list[Hit]] = []
    for hit in members:
        if runs and hit.location.start <= max(h.location.end for h in runs[-1]) + MERGE_GAP:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _passage(run: list[Hit]) -> Passage:
    first = run[0].location
    text, end = run[0].text, first.end
    for hit in run[1:]:
        where = hit.location
        if where.end <= end:
            continue  # wholly inside what is already there
        if where.start <= end:
            text += hit.text[end - where.start :]
        else:
            text += " " + hit.text  # a gap of a space or two between touching chunks
        end = where.end
    times = [h.location.start_s for h in run if h.location.start_s is not None]
    ends = [h.location.end_s for h in run if h.location.end_s is not None]
    location = replace(
        first,
        end=end,
        start_s=min(times) if times else None,
        end_s=max(ends) if ends else None,
    )
    spans = tuple(
        Span(chunk_id=h.chunk_id, start=h.location.start, end=h.location.end, text=h.text,
             start_s=h.location.start_s, end_s=h.location.end_s)
        for h in run
    )
    return Passage(location=location, text=text, spans=spans)


# ------------------------------------------------------------------ coverage
class Retriever:
    """Searches the knowledge base for a conversation turn and judges coverage. Blocking."""

    def __init__(self, knowledge: KnowledgeLike, settings: KnowledgeSettings) -> None:
        self._knowledge = knowledge
        self._k = settings.top_k
        self.floor = settings.relevance_floor or DEFAULT_RELEVANCE_FLOOR

    def retrieve(
        self,
        question: str,
        earlier_questions: Sequence[str] = (),
        cancel: CancelToken | None = None,
    ) -> Retrieval:
        """Search for `question` (with its context when it is a follow-up) and judge coverage.

        `cancel` is checked between the steps (search, keyword overlap, query cosines), each a
        fraction of a second once the embedding model is loaded.

        Raises:
            ModelError: the embedding model cannot be loaded.
            Cancelled: `cancel` was set.
        """
        cancel = cancel or CancelToken()
        query = search_query(question, earlier_questions)
        cancel.raise_if_cancelled()
        hits = self._knowledge.search(query, k=self._k)
        cancel.raise_if_cancelled()
        scores, evidence = self._scores(query, hits, cancel)
        scored = [
            _with_relevance(p, max(scores.get(s.chunk_id, 0.0) for s in p.spans))
            for p in merge_adjacent(hits)
        ]
        best = max((p.relevance for p in scored), default=0.0)
        verdict = self._verdict(query, best, scored, evidence)
        if not verdict.covered:
            log.info("Not covered: %s (%s)", question, verdict.reason)
            considered = tuple(Considered(location=p.location, relevance=p.relevance, text=p.text)
                               for p in scored)
            return Retrieval(query, (), False, best, replace(verdict, considered=considered),
                             weights=evidence.weights)
        kept = tuple(p for p in scored if p.relevance >= self.floor * NOISE_SHARE)
        if not kept:  # covered on keyword evidence alone: the passages that hold it
            kept = tuple(p for p in scored if any(s.chunk_id in evidence.chunks
                                                  for s in p.spans))
        return Retrieval(query, kept, True, best, verdict, weights=evidence.weights)

    def _verdict(self, query: str, best: float, passages: Sequence[Passage],
                 evidence: _Evidence) -> Coverage:
        numbers = _missing_numbers(query, passages) if not evidence.dense else ()
        verdict = Coverage(covered=False, reason="", relevance=best, floor=self.floor,
                          rare_terms=evidence.terms, rare_share=evidence.share,
                          missing_numbers=numbers)
        if numbers:
            reason = f"no passage holds the number {', '.join(numbers)} the question names"
            return replace(verdict, reason=reason)
        if best >= self.floor:
            reason = f"relevance {best:.2f} >= {self.floor:.2f}"
            return replace(verdict, covered=True, reason=reason)
        if evidence.strong:
            reason = (f"relevance {best:.2f} < {self.floor:.2f}, but one passage holds the rare "
                      f"words {', '.join(evidence.terms)}")
            return replace(verdict, covered=True, reason=reason)
        return replace(verdict, reason=f"relevance {best:.2f} < {self.floor:.2f} and no strong "
                       "keyword evidence")

    def _scores(
        self, query: str, hits: Sequence[Hit], cancel: CancelToken | None = None
    ) -> tuple[dict[int, float], _Evidence]:
        if not hits:
            return {}, _Evidence()
        overlap, evidence = self._keyword_overlap(query, hits)
        if cancel is not None:
            cancel.raise_if_cancelled()
        dense = self._dense(query, [h.chunk_id for h in hits])
        evidence = replace(evidence, dense=dense is not None)
        return _combine(overlap, dense), evidence

    def relevance(
        self, query: str, hits: Sequence[Hit], cancel: CancelToken | None = None
    ) -> dict[int, float]:
        """A calibrated relevance in [0, 1] per hit's chunk id (see the module docstring)."""
        return self._scores(query, hits, cancel)[0]

    def _keyword_overlap(
        self, query: str, hits: Sequence[Hit]
    ) -> tuple[dict[int, float], _Evidence]:
        terms = keyword_index.query_terms(query)
        if not terms:
            return {h.chunk_id: 0.0 for h in hits}, _Evidence()
        total = max(1, self._knowledge.chunk_count())
        frequency = self._knowledge.document_frequency(terms)
        weight = rarity(frequency, total)
        mass = sum(weight.values()) or 1.0
        holding = self._knowledge.chunks_holding(terms, [h.chunk_id for h in hits])
        window = window_for(query)
        overlap = {
            h.chunk_id: proximity_mass(h.text, {t: weight[t] for t in terms
                                                if h.chunk_id in holding[t]}, window) / mass
            for h in hits
        }
        held = {t: weight[t] for t in terms if frequency[t] > 0}
        rare = {t: w for t, w in held.items() if frequency[t] <= RARE_SHARE * total}
        return overlap, replace(_strongest(hits, holding, held, rare, window), weights=weight)

    def _dense(self, query: str, ids: list[int]) -> dict[int, float] | None:
        """Query-passage cosines; None when the embedding model cannot read the query."""
        dense, _, reads = self._knowledge.rankings(query, DENSE_CANDIDATES)
        if not reads or not dense:
            return None
        scores = {int(i): float(score) for i, score in dense}
        lowest = min(scores.values())  # a hit below the dense candidates is at most this close
        return {i: max(0.0, scores.get(i, lowest)) for i in ids}


@dataclass(frozen=True)
class _Evidence:
    """The rare question words the best window of any hit holds together."""

    terms: tuple[str, ...] = ()
    share: float = 0.0
    chunks: frozenset[int] = frozenset()
    dense: bool = False
    weights: Mapping[str, float] = field(default_factory=dict)

    @property
    def strong(self) -> bool:
        return len(self.terms) >= STRONG_TERMS and self.share >= STRONG_SHARE


def _strongest(hits: Sequence[Hit], holding: dict[str, set[int]], held: dict[str, float],
               rare: dict[str, float], window: int) -> _Evidence:
    """The hit whose window holds the most weight of rare words (as a share of `held`)."""
    mass = sum(held.values())
    best = _Evidence()
    for hit in hits:
        present = {t: w for t, w in rare.items() if hit.chunk_id in holding[t]}
        found = window_terms(hit.text, present, window)
        share = sum(rare[t] for t in found) / mass if mass else 0.0
        if share > best.share:
            best = _Evidence(terms=tuple(sorted(found)), share=share)
        if found and share == best.share:
            best = replace(best, chunks=best.chunks | {hit.chunk_id})
    return best


def _combine(overlap: dict[int, float], dense: dict[int, float] | None) -> dict[int, float]:
    if dense is None:
        return {i: KEYWORD_ONLY_SCALE * o for i, o in overlap.items()}
    return {i: DENSE_WEIGHT * dense[i] + (1.0 - DENSE_WEIGHT) * o for i, o in overlap.items()}


def _missing_numbers(query: str, passages: Sequence[Passage]) -> tuple[str, ...]:
    """Numbers of two or more digits in `query` that none of `passages` holds (commas aside)."""
    texts = [p.text.replace(",", "") for p in passages]
    numbers = dict.fromkeys(n.replace(",", "") for n in _NUMBER.findall(query))
    return tuple(n for n in numbers if not any(n in text for text in texts))


def _with_relevance(passage: Passage, relevance: float) -> Passage:
    return replace(passage, relevance=relevance)
