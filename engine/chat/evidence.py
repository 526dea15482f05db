"""Evidence first: the sentences of the retrieved passages that most likely answer the question.

The starter model (135M parameters) answers few questions right, though retrieval finds the
right page for nearly all of them; the sentence that answers is usually in the first passages.
So before the model writes, `pick` scores every sentence of the passages and shows the best one
or two, each a `Citation` with the exact offsets of its page (the viewer highlights it). No
model runs: a question's sentences are scored in a few milliseconds.

A sentence scores by the question's words it holds, each weighted by its rarity in the knowledge
base (the weights coverage uses, engine/chat/retrieval.py), plus:
- the share of the question's neighbouring word pairs it holds as phrases;
- an answer of the asked kind: a number the question does not name when it asks "how many",
  "what year", "多少"...; an address when it asks where to download or find something;
- a short sentence (a heading, a table cell) takes the next one along, as citation quotes do.
Passages later in the ranking lose a little (`RANK_PENALTY`), so a tie goes to the better hit.

Measured on the shared sets (bench/answers.py): one of the sentences holds the expected answer
for 14 of 19 qa questions (0.74; on the expected page 18/19), and 15 of 15 zh (scored on the
same retrievals); about 10 ms per question (139 ms p50 from the question, search included,
under load 13). The embedder on sentence windows was not tried: the misses are a table row,
an answer two sentences after the one that matches, and "superior to cosine" (no shared word).

The model still reads the whole passages. Trimming them to the sentences around the evidence
was measured (qa: 1,426 new prompt tokens to 268, first token 0.34x the stuff baseline's; zh
0.18x) but not kept: with the trimmed prompt the starter model cited its sources less often in
the seeded answers the tests check (5 of them lost their citation), and the bench's answered
and cited share (1/19 against 0/19) is too small to tell the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from engine.chat.citations import MIN_QUOTE_CHARS, narrow, sentences
from engine.chat.retrieval import Passage, Span
from engine.knowledge import keyword_index
from engine.knowledge.proximity import word_pairs
from engine.types import Citation

LIMIT = 2
SECOND_SHARE = 0.75  # a second sentence is shown only when it scores this share of the best
RANK_PENALTY = 0.03  # per place of its passage in the ranking
PHRASE_WEIGHT = 0.3
KIND_WEIGHT = 0.35  # a number / an address when the question asks for one

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGITS = re.compile(r"(?<![^\W\d_])\d+(?:[.,]\d+)*")  # not a footnote mark: "units3", "p1"
_ADDRESS = re.compile(r"https?://|www\.|github\.com|\w\.(?:com|org|net|io)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:19|20)\d\d[a-z]?(?=\)|;)")  # "(Lee et al., 2019)" is no answer
_ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|large|big|long|fast|old|far|high|tall|often)\b|\bwhat (?:year|date|"
    r"number|percentage|score|accuracy)\b|\bwhen\b|\b(?:dimension|size|margin|latency)\b|"
    r"多少|几|多大|多长|多高|多远|哪一年|何时|什么时候|频率|面积|长度|高度",
    re.IGNORECASE,
)
_ASKS_ADDRESS = re.compile(r"\b(?:download|url|website|link|repository|code)\b|网址|下载",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """One sentence (or a short one with the next) of a passage's chunk, with its score."""

    passage: int  # index in the ranking
    span: Span
    start: int  # offsets within `span.text`
    end: int
    score: float

    @property
    def page_start(self) -> int:
        """Where the sentence starts in its page's text."""
        return self.span.start + self.start


@dataclass(frozen=True)
class Query:
    """What a sentence is scored against: the question's terms, weights, phrases, kind."""

    weights: Mapping[str, float]
    pairs: tuple[re.Pattern[str], ...]
    numbers: frozenset[str]
    asks_number: bool
    asks_address: bool

    @classmethod
    def of(cls, question: str, weights: Mapping[str, float] | None = None) -> Query:
        """The question's terms weighted by `weights` (rarity; 1.0 for a term not in it)."""
        terms = keyword_index.query_terms(question)
        given = weights or {}
        return cls(
            weights={t: given.get(t, 1.0) for t in terms},
            pairs=tuple(word_pairs(question)),
            numbers=frozenset(_DIGITS.findall(question)),
            asks_number=bool(_ASKS_NUMBER.search(question)),
            asks_address=bool(_ASKS_ADDRESS.search(question)),
        )

    def score(self, sentence: str) -> float:
        """How likely `sentence` answers: weighted terms, phrases and the asked kind."""
        lowered = sentence.lower()
        mass = sum(self.weights.values()) or 1.0
        held = sum(w for t, w in self.weights.items() if _holds(lowered, t)) / mass
        if not held:
            return 0.0
        phrased = sum(1 for p in self.pairs if p.search(lowered)) / max(1, len(self.pairs))
        return held + PHRASE_WEIGHT * phrased + self._kind(sentence)

    def _kind(self, sentence: str) -> float:
        """A bonus for an answer of the asked kind: a new number, an address."""
        if self.asks_address and _ADDRESS.search(sentence):
            return KIND_WEIGHT
        if not self.asks_number:
            return 0.0
        numbers = set(_DIGITS.findall(_REFERENCE.sub("", sentence))) - self.numbers
        if not numbers:
            return 0.0
        # a lone digit is as often a list item or an index as an answer
        return KIND_WEIGHT if any(len(n) > 1 for n in numbers) else KIND_WEIGHT / 2


def _holds(lowered: str, term: str) -> bool:
    """Whether a term occurs: Chinese anywhere, other words at a word start (by their stem)."""
    if _HAN.search(term):
        return term in lowered
    return re.search(rf"(?<![^\W_]){re.escape(stem(term))}", lowered) is not None


def stem(word: str) -> str:
    """The part every inflection of an English word shares: "splitting" -> "split"."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word[: max(4, len(word) - 1)] if len(word) > 5 else word


def candidates(query: Query, passages: Sequence[Passage]) -> list[Candidate]:
    """Every sentence of the passages' chunks, scored (one per place on a page)."""
    seen: set[tuple[int, int | None, int]] = set()
    found: list[Candidate] = []
    for rank, passage in enumerate(passages):
        for span in passage.spans:
            bounds = sentences(span.text)
            for index, (start, end) in enumerate(bounds):
                where = (passage.location.source_id, passage.location.page, span.start + start)
                if where in seen:
                    continue  # the same sentence in an overlapping chunk
                seen.add(where)
                while end - start < MIN_QUOTE_CHARS and index + 1 < len(bounds):
                    index += 1
                    end = bounds[index][1]
                score = query.score(span.text[start:end]) - RANK_PENALTY * rank
                found.append(Candidate(passage=rank, span=span, start=start, end=end,
                                       score=score))
    return found


def pick(
    question: str,
    passages: Sequence[Passage],
    weights: Mapping[str, float] | None = None,
    limit: int = LIMIT,
) -> tuple[Citation, ...]:
    """The one or two sentences most likely to answer, as citations numbered 1, 2.

    A second sentence is shown when it scores nearly as well and is elsewhere.
    """
    query = Query.of(question, weights)
    ranked = sorted(candidates(query, passages), key=lambda c: -c.score)
    chosen: list[Candidate] = []
    for candidate in ranked:
        if len(chosen) == limit or candidate.score <= 0:
            break
        if chosen and candidate.score < SECOND_SHARE * chosen[0].score:
            break
        if any(_overlaps(candidate, c) for c in chosen):
            continue
        chosen.append(candidate)
    return tuple(_citation(n, passages[c.passage], c, query) for n, c in enumerate(chosen, 1))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return (a.span.chunk_id == b.span.chunk_id or a.passage == b.passage) and \
        a.page_start < b.span.start + b.end and b.page_start < a.span.start + a.end


def _citation(n: int, passage: Passage, c: Candidate, query: Query) -> Citation:
    start, end = narrow(c.span.text, c.start, c.end, dict(query.weights))
    where = replace(passage.location, start=c.span.start + start, end=c.span.start + end)
    if c.span.start_s is not None:
        where = replace(where, start_s=c.span.start_s, end_s=c.span.end_s)
    return Citation(n=n, location=where, quote=c.span.text[start:end])
