"""The sentences Lanthorn itself writes into answers, by language: one catalog, no logic.

These are not the model's words but the engine's own: that the documents do not cover a
question, that an answer cites none of its sources, the label of an answer from the model's
general knowledge, and the frame of a summary (its title, what share it read, its overview).
They are stored with the answer, so they are written in the language of the question (or of the
summarized source), not the interface's. Keyed by language and by name, they can move into the
translation files as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.knowledge import language
from engine.types import Location, Source

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "not_covered": (
            "Your documents do not cover this question: nothing in the knowledge base is "
            "relevant enough to answer it. I can answer from the model's general knowledge "
            "instead; that answer will be marked as not coming from your documents."
        ),
        "still_indexing": (
            "Some documents are still being indexed and were not searched yet: {sources}. "
            "Ask again when they are ready."
        ),
        "indexing_pages": "{name} (page {done} of {total})",
        "indexing_queued": "{name} (waiting its turn)",
        "unsupported": (
            "Unsupported: this answer cites none of the passages found in your documents. "
            "Check it against the sources before relying on it."
        ),
        "general_label": "From the model's general knowledge, not from your documents: ",
        "summary_title": "Summary of {title}",
        "summary_selection": (
            "This summary reads a representative selection: {read} of {total} passages "
            "({share}%), chosen across the whole document, because reading all of it would "
            "take too long on this computer."
        ),
        "summary_overview": "Overview",
        "summary_skipped": (
            "Time ran short on this computer, so {skipped} of the {planned} parts of the "
            "selection were left out."
        ),
        "playlist_title": "Summary of the playlist {title}",
        "playlist_overview": "The whole playlist",
        "playlist_failed": "Not summarized ({count} of {total} videos):",
        "playlist_not_ready": "not indexed yet ({status})",
        "playlist_empty": "None of the videos of this playlist is indexed, so there is nothing "
        "to summarize yet.",
    },
    "zh": {
        "not_covered": (
            "你的文档没有涉及这个问题：知识库中没有足够相关的内容可以回答它。"
            "我可以改用模型的通用知识来回答，该回答会标明并非来自你的文档。"
        ),
        "still_indexing": "部分文档仍在建立索引，尚未被搜索：{sources}。请在它们就绪后再问一次。",
        "indexing_pages": "{name}（第 {done} 页，共 {total} 页）",
        "indexing_queued": "{name}（排队等候中）",
        "unsupported": "无依据：这个回答没有引用在你的文档中找到的任何段落，请先对照原文核实。",
        "general_label": "以下来自模型的通用知识，并非来自你的文档：",
        "summary_title": "《{title}》摘要",
        "summary_selection": (
            "本摘要只读取了有代表性的部分：共 {total} 个段落中的 {read} 个（{share}%），"
            "均匀选自全文，因为在这台电脑上读完全文耗时过长。"
        ),
        "summary_overview": "概述",
        "summary_skipped": (
            "由于这台电脑上的时间不够，所选的 {planned} 个部分中有 {skipped} 个被略过。"
        ),
        "playlist_title": "播放列表《{title}》摘要",
        "playlist_overview": "整个播放列表",
        "playlist_failed": "未能总结的视频（共 {total} 个中的 {count} 个）：",
        "playlist_not_ready": "尚未索引（{status}）",
        "playlist_empty": "这个播放列表中还没有已索引的视频，暂时无法总结。",
    },
}


def language_of(text: str) -> str:
    """The catalog language to answer `text` in: Chinese text gets "zh", anything else "en"."""
    return "zh" if language.detect(text) == "zh" else "en"


def answer_text(key: str, lang: str, **values: object) -> str:
    """The catalog's sentence `key` in `lang`, with `{placeholders}` filled from `values`."""
    return CATALOG[lang][key].format(**values)


NOTES = ("unsupported", "general_label")  # written under or over the model's words


def without_notes(text: str) -> str:
    """`text` without the engine's notes: they are never the model's words, never cited.

    Earlier answers reach the prompt without them (a small model copies them otherwise, and
    the copy then received a citation marker); a copied one is taken out before citing.
    """
    notes = [sentences[key].strip() for sentences in CATALOG.values() for key in NOTES]
    if not any(note in text for note in notes):
        return text
    for note in notes:
        text = text.replace(note, "")
    return text.strip()


def not_covered_text(question: str) -> str:
    """The reply when nothing in the documents is relevant, in the question's language."""
    return answer_text("not_covered", language_of(question))


def still_indexing_text(question: str, sources: Sequence[Source]) -> str:
    """The sentence that names the sources still being indexed, with their progress.

    "freeculture.pdf (page 97 of 352)"; a source whose pages are not known yet is waiting.
    """
    lang = language_of(question)
    separator = "、" if lang == "zh" else ", "
    named = separator.join(_progress(lang, s) for s in sources)
    return answer_text("still_indexing", lang, sources=named)


def _progress(lang: str, source: Source) -> str:
    name = Location(source_id=source.id, title=source.title, path=source.path).name
    if source.pages:
        return answer_text("indexing_pages", lang, name=name, done=source.pages_done,
                           total=source.pages)
    return answer_text("indexing_queued", lang, name=name)


def unsupported_text(question: str) -> str:
    """The note under an answer that cites nothing although sources were given."""
    return answer_text("unsupported", language_of(question))


def general_label(question: str) -> str:
    """The label that opens an answer from general knowledge."""
    return answer_text("general_label", language_of(question))
