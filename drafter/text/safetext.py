"""User text made safe to show: Markdown/HTML marks as character references (md_escape), facts on one line."""

from __future__ import annotations

import re

# Markdown syntax (images, links, emphasis, headings, lists, tables, code, Streamlit's :color[] directives) and
# HTML. A character reference is shown as the character but never parsed as syntax, in Markdown text and in raw
# HTML blocks alike (where a backslash escape would show the backslash).
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~:$<>&\"'=")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}


def md_escape(text: str) -> str:
    """The text shown as itself by st.markdown (with or without unsafe_allow_html), buttons, captions, toasts."""
    return text.translate(_TABLE)


_BREAK = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


def one_line(text: str) -> str:
    """The text without line breaks (joined; a space only between two Latin letters or digits): a fact rendered
    into the draft cannot start a line of its own ("\n一、…" would be a heading in the exports)."""
    return _BREAK.sub(_join, text)


def _join(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""
