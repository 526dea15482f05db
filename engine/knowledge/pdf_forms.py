"""Text a page carries outside its content stream: form field values and free-text annotations.

What was typed into a form field is kept in the field's value (/V); a viewer draws it from the
widget's appearance stream, which text extraction skips (pypdf's and PDFium's alike). A
free-text annotation (a typed comment on the page) keeps its text in /Contents. Both are
indexed with the page they sit on, each as its own paragraph after the page's text that says
what it is:

    [Form field "Name"] Hello World
    [Free-text annotation] Check the totals.

so a quote or a citation never passes a typed value off as the document's printed text.
Check boxes and radio buttons hold names (/Yes, /Off) rather than text and are left out, and
so are hidden annotations. The child process sends `Mark`s (kind, name, raw value); the parent
cleans them into paragraphs with `marked_paragraph`.
"""

from __future__ import annotations

from typing import Any, Literal

from engine.knowledge.cleaning import join_lines, prepare_lines

Kind = Literal["field", "note"]
Mark = tuple[Kind, str, str]

HIDDEN_FLAGS = 0x2 | 0x20  # annotation flags Hidden and NoView
_TEXT_FIELDS = ("/Tx", "/Ch")  # text and choice fields; buttons hold names, signatures no text
_MAX_PARENTS = 32  # a field tree deeper than this is damaged (or a loop)
_NAME_CHARS = 80
_LABELS: dict[str, str] = {"field": "Form field", "note": "Free-text annotation"}


def page_marks(page: Any) -> list[Mark]:
    """The field values and free-text annotations on one pypdf page, in annotation order."""
    annots = page.get("/Annots")
    if annots is None:
        return []
    found: list[Mark] = []
    for ref in annots.get_object():
        annot = ref.get_object()
        if not hasattr(annot, "get") or int(_get(annot, "/F") or 0) & HIDDEN_FLAGS:
            continue
        mark = _mark(annot)
        if mark is not None and mark not in found:  # one field may have several widgets
            found.append(mark)
    return found


def _mark(annot: Any) -> Mark | None:
    subtype = _get(annot, "/Subtype")
    if subtype == "/FreeText":
        text = _text(_get(annot, "/Contents"))
        return ("note", "", text) if text.strip() else None
    if subtype != "/Widget" or _inherited(annot, "/FT") not in _TEXT_FIELDS:
        return None
    text = _text(_inherited(annot, "/V"))
    if not text.strip():
        return None
    name = _text(_inherited(annot, "/TU")) or _text(_inherited(annot, "/T"))
    return ("field", name, text)


def _inherited(annot: Any, key: str) -> Any:
    """A field attribute, looked up the field tree (/FT and /V are inherited from parents)."""
    node = annot
    for _ in range(_MAX_PARENTS):
        if key in node:
            return _get(node, key)
        node = _get(node, "/Parent")
        if not hasattr(node, "get"):
            return None
    return None


def _get(node: Any, key: str) -> Any:
    value = node.get(key)
    return value.get_object() if hasattr(value, "get_object") else value


def _text(value: Any) -> str:
    """A text string as text; a choice field's several values joined; anything else nothing."""
    from pypdf.generic import NameObject

    if isinstance(value, str) and not isinstance(value, NameObject):  # a name is a str too
        return value
    if isinstance(value, list):
        return "; ".join(item for item in (_text(v.get_object()) for v in value) if item)
    return ""


def marked_paragraph(kind: str, name: str, text: str) -> str:
    """One cleaned paragraph that says where its text came from, e.g. '[Form field "A"] x'."""
    body = join_lines(prepare_lines(text)).replace("\n\n", " ")
    label = _LABELS.get(kind, "Annotation")
    name = " ".join(join_lines(prepare_lines(name)).split())[:_NAME_CHARS]
    return f'[{label} "{name}"] {body}' if name else f"[{label}] {body}"
