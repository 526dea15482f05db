"""Markdown to the HTML subset QTextDocument renders, safe for text a document may have planted.

markdown-it-py parses (CommonMark + GitHub tables and strikethrough) with raw HTML off, so an
`<img>` in an answer is shown as text. Images become plain text links: nothing is fetched until
the person clicks, and the view refuses every resource load besides (see `markdown_view`).
Fenced code is highlighted with Pygments and gets a "Copy" link; `[n]` citation markers become
links the view turns into citation clicks.

markdown-it-py is imported on the first render (~0.1 s and 60 modules on a loaded machine): the
window's first paint shows the reopened chat as plain text and renders it right after.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

COPY_SCHEME = "lanthorn-copy"
CITE_SCHEME = "lanthorn-cite"
_CITE = re.compile(r"\[(\d{1,3})\]")
_CODE_BG = "#f4f4f6"


@dataclass
class Rendered:
    """HTML for a QTextDocument and the code blocks its copy links refer to (by index)."""

    html: str
    code_blocks: list[str] = field(default_factory=list)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


def render(text: str, citations: Sequence[int] = (), copy_label: str = "Copy") -> Rendered:
    """Render Markdown `text`; `[n]` for n in `citations` becomes a citation link."""
    code_blocks: list[str] = []
    env: dict[str, Any] = {"cites": set(citations), "code": code_blocks, "copy": copy_label}
    tokens = _parser().parse(text, env)
    body = _Renderer(env).render(tokens)
    return Rendered(html=body, code_blocks=code_blocks)


class _Renderer:
    """Walks markdown-it tokens; markdown-it's own HTML renderer is used for everything else."""

    def __init__(self, env: dict[str, Any]) -> None:
        from markdown_it.renderer import RendererHTML

        self._env = env
        self._options = _parser().options
        self._html = RendererHTML()

    def render(self, tokens: list[Token]) -> str:
        out: list[str] = []
        for i, token in enumerate(tokens):
            if token.type in ("fence", "code_block"):
                out.append(self._code(token))
            elif token.type == "inline":
                out.append(self._inline(token.children or []))
            elif token.type == "table_open":
                out.append('<table border="1" cellspacing="0" cellpadding="4">')
            else:
                out.append(self._html.renderToken(tokens, i, self._options, self._env))
        return "".join(out)

    def _inline(self, children: list[Token]) -> str:
        out: list[str] = []
        for i, token in enumerate(children):
            if token.type == "image":
                out.append(self._image(token))
            elif token.type == "text":
                out.append(self._text(token.content))
            elif token.type == "code_inline":
                out.append(f"<code>{html.escape(token.content)}</code>")
            elif token.type in ("softbreak",):
                out.append("\n")
            elif token.type == "hardbreak":
                out.append("<br/>")
            else:
                out.append(self._html.renderToken(children, i, self._options, self._env))
        return "".join(out)

    def _text(self, content: str) -> str:
        cites: set[int] = self._env["cites"]
        parts: list[str] = []
        last = 0
        for match in _CITE.finditer(content):
            n = int(match.group(1))
            if n not in cites:
                continue
            parts.append(html.escape(content[last : match.start()]))
            parts.append(f'<a href="{CITE_SCHEME}:{n}"><sup>[{n}]</sup></a>')
            last = match.end()
        parts.append(html.escape(content[last:]))
        return "".join(parts)

    @staticmethod
    def _image(token: Token) -> str:
        # Never an <img>: a planted image would leak data the moment it loaded.
        src = str(token.attrGet("src") or "")
        alt = token.content or src
        return (
            f'<a href="{html.escape(src, quote=True)}" title="{html.escape(src, quote=True)}">'
            f"[{html.escape(alt)}]</a>"
        )

    def _code(self, token: Token) -> str:
        code = token.content.rstrip("\n")
        index = len(self._env["code"])
        self._env["code"].append(code)
        body = _highlight(code, token.info.strip().split(" ")[0] if token.info else "")
        copy = html.escape(self._env["copy"])
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" bgcolor="{_CODE_BG}">'
            f'<tr><td align="right"><a href="{COPY_SCHEME}:{index}">{copy}</a></td></tr>'
            f"<tr><td><pre>{body}</pre></td></tr></table>"
        )


def _highlight(code: str, language: str) -> str:
    if not language:
        return html.escape(code)
    # Pygments loads with the first fenced code block, not at start-up (~35 ms).
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return html.escape(code)
    formatter = HtmlFormatter(nowrap=True, noclasses=True, style="friendly")
    return str(highlight(code, lexer, formatter)).rstrip("\n")
