"""Landmarks of a document (its head, links, footnotes) indexed on their own; tables' captions.

Some answers sit in places a 256-token chunk hides: the footnote "The code and trained models
have been released at https://github.com/..." at the bottom of a paper's first page is one
sentence among 200 tokens of text about something else, so neither BM25 (length-normalised)
nor the embedding (averaged over the chunk) ranks it near the top for "Where can I download the
code?" (measured on the shared 13-page paper: pages 7, 3, 12, 2, 3, and the answer refused).
And a question about the document itself ("What is the title of the paper?") shares no word
with its first lines.

So, beside the ordinary chunks, each page yields small landmark chunks: the head of the first
page (the title block: the first sentence, at most `HEAD_TOKENS`), and every sentence that holds
a link or an e-mail address, or that starts like a footnote. A landmark is a span of the page
like any chunk (so it is cited and highlighted exactly) and carries a `label` that is indexed
with it but never quoted: "title", "link", "footnote". Landmarks overlap ordinary chunks;
passages that overlap are merged before quoting, so the prompt never repeats them.

Measured with bench/retrieval.py (with the document title in the keyword terms, ingest.py):
qa recall@5 0.895 -> 0.947 (BM25 alone 0.895 -> 0.895, MRR 0.745 -> 0.786); "Where can I
download the DPR code and trained models?" now finds the footnote on page 1 first, and "What
is the title of the paper?" the title block. The label words can also pull the title block up
for a question that merely says "the authors" (one qa question ranks it first, the answer
second).

Tables: a chunk of table rows ("Single ORQA (Lee et al., 2019) 33.3 45.0 ...") holds names and
numbers but none of the words a question about it uses; its caption ("Table 4: End-to-end QA
(Exact Match) Accuracy.") does, and PDF text often puts the caption after the rows, in the next
chunk. So a chunk whose words are mostly numbers is indexed (keyword terms only, never quoted)
with the nearest caption of its page (`table_context`). Measured on qa (bench/retrieval.py):
ours 0.947 / 0.820 -> 1.000 / 0.833, BM25 alone 0.895 / 0.786 -> 0.947 / 0.804: "What
exact-match score does ORQA get ... in the end-to-end results table?" was past the top 30 of
both retrievers and is now 4th. Section headings were tried too (a numbered heading line kept as
its own paragraph, and the section's heading read with every chunk of it): qa MRR@10 0.833 ->
0.811 for the paragraph split alone (chunks cut elsewhere), and the heading words lowered it
again (0.800 -> 0.791, measured before the captions): every chunk of a section shares them.
So headings are neither split off nor indexed.

Sources indexed before landmarks (or table captions) existed keep their chunks and are searched
as before: no migration and no forced re-index (removing a source and adding it again gives it
landmarks and captions). Nothing new is stored: the caption lives in the keyword terms only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from engine.knowledge.chunking import sentence_spans
from engine.knowledge.documents import ChunkDraft, Segment

HEAD_TOKENS = 64  # a title block with its authors; more would be the abstract
_LINK = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|org|net|io|edu)/\S*",
    re.IGNORECASE,
)
# "1The code ...", "∗Equal contribution", "† Work done at ...": a marker glued to a capital.
_FOOTNOTE = re.compile(r"^(?:\d{1,2}[A-Z][a-z]|[*∗†‡§¶]\s?[A-Z])")
_LABELS = {
    "title": "title heading authors document",
    "link": "link url address web site",
    "footnote": "footnote note",
}


def label_words(label: str) -> str:
    """The words a landmark's label adds to its keyword terms and its embedded text."""
    return _LABELS.get(label, "")


def landmarks(segment: Segment, count_tokens: Callable[[str], int],
              max_tokens: int) -> Iterator[ChunkDraft]:
    """The landmark chunks of a page (none for a timed segment or an empty page)."""
    if segment.timed or not segment.text.strip():
        return
    text = segment.text
    seen: set[tuple[int, int]] = set()
    if segment.number == 1:
        head = _head(text, count_tokens)
        if head is not None:
            seen.add(head)
            yield _draft(segment, *head, "title", count_tokens)
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        label = _label(sentence)
        if not label or (start, end) in seen:
            continue
        if count_tokens(f"{label_words(label)} {sentence}") <= max_tokens:
            seen.add((start, end))
            yield _draft(segment, start, end, label, count_tokens)


def _label(sentence: str) -> str:
    if _LINK.search(sentence):
        return "link"
    return "footnote" if _FOOTNOTE.match(sentence) else ""


def _head(text: str, count_tokens: Callable[[str], int]) -> tuple[int, int] | None:
    """The first sentence of the page, cut at a word to fit `HEAD_TOKENS`."""
    first = next(sentence_spans(text), None)
    if first is None:
        return None
    start, end = first
    while count_tokens(text[start:end]) > HEAD_TOKENS:
        cut = text.rfind(" ", start, start + (end - start) * 3 // 4)
        if cut <= start:
            break
        end = cut
    return start, end


def _draft(segment: Segment, start: int, end: int, label: str,
           count_tokens: Callable[[str], int]) -> ChunkDraft:
    piece = segment.text[start:end]
    return ChunkDraft(page=segment.number, start=start, end=end, text=piece,
                      token_count=count_tokens(piece), label=label)


# "Table 4: End-to-end QA (Exact Match) Accuracy." PDF text often glues a caption to the end of
# the table rows it follows, so it is found anywhere, up to its first sentence end.
_CAPTION = re.compile(r"\b(?:Table|Figure|Fig\.)\s?\d{1,3}:\s[^\n]{3,200}?(?:\.(?=\s)|$|\n)")
_NUMBER = re.compile(r"^[-+(]?[\d.,%]+[)%]?$|^-$")
TABLE_NUMBER_SHARE = 0.3  # at least this share of a chunk's words are numbers: a table's rows


def captions(text: str) -> list[tuple[int, str]]:
    """Where each table or figure caption of a page starts, and its first sentence."""
    return [(m.start(), m.group().strip()) for m in _CAPTION.finditer(text)]


def is_table(text: str) -> bool:
    """Whether a chunk reads like rows of a table (numbers, not sentences)."""
    words = text.split()
    numbers = sum(1 for word in words if _NUMBER.match(word))
    return bool(words) and numbers >= TABLE_NUMBER_SHARE * len(words)


def table_context(draft: ChunkDraft, found: list[tuple[int, str]]) -> str:
    """The caption nearest a table chunk (`found`: its page's `captions`), or "" for prose."""
    if not found or not is_table(draft.text):
        return ""
    return min(found, key=lambda c: max(c[0] - draft.end, draft.start - c[0], 0))[1]
