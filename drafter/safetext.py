"""User text for Markdown: every ASCII mark that could make Markdown or HTML becomes a character reference."""

from __future__ import annotations

# Markdown syntax (images, links, emphasis, headings, lists, tables, code, Streamlit's :color[] directives) and
# HTML. A character reference is shown as the character but never parsed as syntax, in Markdown text and in raw
# HTML blocks alike (where a backslash escape would show the backslash).
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~:$<>&\"'=")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}


def md_escape(text: str) -> str:
    """The text shown as itself by st.markdown (with or without unsafe_allow_html), buttons, captions, toasts."""
    return text.translate(_TABLE)
