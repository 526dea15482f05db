"""Say in plain words why a PDF parser gave up, without its class names or install commands.

pypdf's exceptions are written for programmers: `DependencyError` ends in "Install it with:
pip install pypdf[brotli]", `LimitReachedError` is raised for a decompression bomb and for a
number longer than 64 characters alike, and `DeprecationError` (not even a `PyPdfError`) leaks
from code paths that damaged fonts reach. The reader shows these reasons to a person in a
source's notice, so each is mapped here to what it means for the file; anything unknown keeps
the library's own words (they name the damage, "trailer cannot be read") minus any sentence
that tells the user to run a command.

Only a decompression limit stops a whole file: it is the one limit that protects memory. The
others (a cycle in the page tree, a 65-digit number, too many tokens) mark damage, so the
page, or the file, is handed to the second parser like any other damage.
"""

from __future__ import annotations

import re

_REASON_CHARS = 160
_INSTALL_HINT = re.compile(r"[^.;]*\b(?:pip install|install it)\b[^.;]*[.;]?", re.IGNORECASE)
_EXPANSION = ("decompress", "declared stream length", "requested length", "output length")
_PYPDF_TYPE = re.compile(r"\b([A-Z][a-z]+)Object\b")  # "got DictionaryObject" -> "got dictionary"


def is_expansion_limit(exc: BaseException) -> bool:
    """Whether pypdf stopped because data would expand past its decompression limits."""
    if type(exc).__name__ != "LimitReachedError":
        return False
    text = str(exc).casefold()
    return any(marker in text for marker in _EXPANSION)


def needs_decoder(exc: BaseException) -> bool:
    """Whether the file uses a compression this installation has no decoder for.

    pypdf raises `DependencyError`, or wraps its text in a `PdfReadError` ("Trailer cannot be
    read: brotli is required for BrotliDecode ...") when the trailer itself is compressed.
    """
    text = str(exc).casefold()
    return type(exc).__name__ == "DependencyError" or " is required for " in text


def reason(exc: BaseException) -> str:
    """One short, lower-case phrase saying what is wrong with the file, fit to show a user."""
    kind = type(exc).__name__
    text = " ".join(str(exc).split())
    if needs_decoder(exc):
        return _missing_decoder(text)
    if kind == "LimitReachedError":
        return _limit(text)
    if kind == "DeprecationError":
        return "it uses a construct the PDF reader cannot handle (the file may be damaged)"
    if isinstance(exc, RecursionError):
        return "its objects are nested too deeply to read (the file may be damaged)"
    return _plain(text)


def _missing_decoder(text: str) -> str:
    lowered = text.casefold()
    if "brotli" in lowered:
        return "it uses Brotli compression, which this installation cannot decode"
    if "jbig2" in lowered:
        return "its images use JBIG2 compression, which cannot be decoded here"
    return "it uses a compression that this installation cannot decode"


def _limit(text: str) -> str:
    lowered = text.casefold()
    if any(marker in lowered for marker in _EXPANSION):
        return "it holds compressed data that expands past the reader's safety limit"
    if "stream length of" in lowered:  # pypdf reads at most 64 characters for one number or name
        return "it holds a number or name far longer than a real one (the file is damaged)"
    if "cycl" in lowered or "loop" in lowered or "self reference" in lowered:
        return "its structure refers back to itself (the file is damaged)"
    return "its structure is far larger than a real one (the file may be damaged)"


def _plain(text: str) -> str:
    text = "".join(char for char in text if char.isprintable())  # a damaged byte, quoted
    text = _INSTALL_HINT.sub("", text).strip().rstrip(".:")
    text = _PYPDF_TYPE.sub(lambda match: match.group(1).lower(), text)
    if not text:
        return "its data cannot be parsed"
    if len(text) > _REASON_CHARS:
        text = text[: _REASON_CHARS - 1].rstrip() + "…"
    return text[:1].lower() + text[1:]
