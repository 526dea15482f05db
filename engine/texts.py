"""The engine's own notices and errors in the interface language (no Qt).

Sources keep the English sentences the indexer wrote (they are stored, logged and tested in
English); what the person reads is translated when it leaves the engine, in the language chosen
in Settings (`settings.ui.language`). Each catalog entry is one English sentence with
`{placeholders}` and its translations; `localize` replaces every catalog sentence found in a
text and leaves anything else (a file name, a reason from a PDF library) as it is.

Decision: a typed catalog module rather than gettext .po/.mo files. The sentences are few, the
engine has no build step, and a module is checked by mypy and by a test that every sentence has
every language with the same placeholders; Qt's own .ts files stay the window's. Answers are not
translated here: their sentences follow the question's language (`engine.chat.answer_texts`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache

from engine import error_texts

LANGUAGES = ("zh_CN",)

_SCAN = "its text is not searchable (it needs OCR)."
_SCANS = "their text is not searchable (it needs OCR)."
_PDFIUM = "the second PDF reader (PDFium), as the first could not read"

CATALOG: dict[str, dict[str, str]] = {
    "Cancelled.": {"zh_CN": "已取消。"},
    "Indexing was cancelled; add the file again to continue.": {
        "zh_CN": "索引已取消；再次添加该文件即可继续。",
    },
    "{name} is encrypted and needs a password.": {"zh_CN": "{name} 已加密，需要密码。"},
    "Add it again and give its password.": {"zh_CN": "请重新添加并输入它的密码。"},
    "The password given for {name} is wrong.": {"zh_CN": "为 {name} 输入的密码不正确。"},
    "Check the password and add the file again.": {"zh_CN": "请检查密码，然后重新添加该文件。"},
    f"The only page is a scanned image; {_SCAN}": {
        "zh_CN": "唯一的一页是扫描图像，其中的文字无法搜索（需要 OCR）。",
    },
    f"1 of {{total}} pages is a scanned image; {_SCAN}": {
        "zh_CN": "{total} 页中有 1 页是扫描图像，其中的文字无法搜索（需要 OCR）。",
    },
    f"{{count}} of {{total}} pages are scanned images; {_SCANS}": {
        "zh_CN": "{total} 页中有 {count} 页是扫描图像，其中的文字无法搜索（需要 OCR）。",
    },
    "No text layer: its only page is a scanned image, so nothing in it is searchable "
    "(it needs OCR).": {
        "zh_CN": "没有文字层：唯一的一页是扫描图像，因此其中没有可搜索的内容（需要 OCR）。",
    },
    "No text layer: all {count} pages are scanned images, so nothing in it is searchable "
    "(it needs OCR).": {
        "zh_CN": "没有文字层：全部 {count} 页都是扫描图像，因此其中没有可搜索的内容（需要 OCR）。",
    },
    "The only page has no text.": {"zh_CN": "唯一的一页没有文字。"},
    "1 of {total} pages has no text.": {"zh_CN": "{total} 页中有 1 页没有文字。"},
    "{count} of {total} pages have no text.": {"zh_CN": "{total} 页中有 {count} 页没有文字。"},
    "The only page could not be read: {reason}.": {"zh_CN": "唯一的一页无法读取：{reason}。"},
    "{count} of {total} pages could not be read (e.g. page {page}): {reason}.": {
        "zh_CN": "{total} 页中有 {count} 页无法读取（例如第 {page} 页）：{reason}。",
    },
    "The file's end was missing; it was repaired before reading, as PDF viewers do.": {
        "zh_CN": "文件末尾缺失；已像 PDF 阅读器那样在读取前修复。",
    },
    f"The only page was read with {_PDFIUM} it.": {
        "zh_CN": "唯一的一页由第二个 PDF 阅读器（PDFium）读取，因为第一个无法读取它。",
    },
    f"All {{total}} pages were read with {_PDFIUM} the file.": {
        "zh_CN": "全部 {total} 页由第二个 PDF 阅读器（PDFium）读取，因为第一个无法读取该文件。",
    },
    f"Page {{page}} was read with {_PDFIUM} it.": {
        "zh_CN": "第 {page} 页由第二个 PDF 阅读器（PDFium）读取，因为第一个无法读取它。",
    },
    f"Pages {{pages}} were read with {_PDFIUM} them.": {
        "zh_CN": "第 {pages} 页由第二个 PDF 阅读器（PDFium）读取，因为第一个无法读取它们。",
    },
    "Nothing in this document is searchable.": {"zh_CN": "这个文档中没有可搜索的内容。"},
    "No searchable text.": {"zh_CN": "没有可搜索的文字。"},
    "The document has no pages.": {"zh_CN": "这个文档没有页面。"},
    "The only page has searchable text.": {"zh_CN": "唯一的一页有可搜索的文字。"},
    "All {total} pages have searchable text.": {"zh_CN": "全部 {total} 页都有可搜索的文字。"},
    **{english: {"zh_CN": chinese} for english, chinese in error_texts.ZH_CN.items()},
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUMBERS = ("count", "total", "page")  # placeholders that hold one number


def language_of(setting: str) -> str:
    """The catalog language for a UI language setting ("zh_CN", "zh", ...); "" for English."""
    return "zh_CN" if setting.lower().startswith("zh") else ""


def localize(text: str, language: str) -> str:
    """`text` with every catalog sentence in `language` ("" or an unknown one: unchanged)."""
    language = language_of(language or _system_language())
    if not language or not text:
        return text
    for pattern, translated in _compiled(language):
        text = pattern.sub(_filler(translated), text)
    return text


def _filler(translated: str) -> Callable[[re.Match[str]], str]:
    return lambda match: translated.format(**match.groupdict())


def _system_language() -> str:
    """The system's language when the setting is empty (follow the system), as Qt reads it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return value
    return ""


@cache
def _compiled(language: str) -> list[tuple[re.Pattern[str], str]]:
    """Each English sentence as a pattern (placeholders match lazily), longest first."""
    compiled = []
    for english in sorted(CATALOG, key=len, reverse=True):
        parts = _PLACEHOLDER.split(english)
        regex = "".join(
            _group(part) if odd else re.escape(part) for odd, part in
            ((i % 2 == 1, p) for i, p in enumerate(parts))
        )
        compiled.append((re.compile(regex), CATALOG[english][language]))
    return compiled


def _group(name: str) -> str:
    return f"(?P<{name}>\\d+)" if name in _NUMBERS else f"(?P<{name}>[^\\n]+?)"
