"""Markdown and plain-text export (the reviewer's `drafter check` reads the Markdown shape)."""

from __future__ import annotations

import re

from drafter.documents.draft import Draft
from drafter.text.clean import clean_text

_LEADING_SPACE = re.compile(r"^[\s\u3000\u00a0\ufeff]+")
# A line that Markdown would read as a heading, quote, list, rule, fence or table row instead of a paragraph.
_BLOCK_START = re.compile(r"^(?:#|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|={2,}|-{2,}|`{3,}|~{3,}|\|)")


def md_paragraph(line: str) -> str:
    """A paragraph line that stays a paragraph of plain text: no heading, list or raw HTML, no image to fetch."""
    line = line.replace("\\", "\\\\").replace("![", "!\\[").replace("<", "\\<")
    return "\\" + line if _BLOCK_START.match(line) else line


def _one_line(text: str) -> str:
    """Cleaned text on a single line (titles, headings and the 落款 cannot span lines)."""
    return " ".join(part.strip() for part in clean_text(text).split("\n") if part.strip())


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines of a section text without typed indentation."""
    out = []
    for raw in clean_text(text).split("\n"):
        line = _LEADING_SPACE.sub("", raw).rstrip()
        if line:
            out.append(line)
    return out


def _parts(draft: Draft) -> tuple[str, list[tuple[str, list[str]]], tuple[str, str]]:
    """Title, (heading, paragraphs) per section, and the 落款 (unit, date)."""
    sections = [(_one_line(s.heading), _paragraphs(s.text)) for s in draft.shown_sections()]
    return _one_line(draft.title), sections, (_one_line(draft.signature.unit), draft.signature.date_cn)


def to_markdown(draft: Draft) -> str:
    """`# title`, opening paragraphs, `## heading` per section, then the unit and the date as paragraphs."""
    title, sections, (unit, date) = _parts(draft)
    blocks = [f"# {md_paragraph(title)}"]
    for heading, paragraphs in sections:
        if heading:
            blocks.append(f"## {md_paragraph(heading)}")
        blocks.extend(md_paragraph(p) for p in paragraphs)
    blocks.extend([md_paragraph(unit), date])
    return "\n\n".join(blocks) + "\n"


def to_text(draft: Draft) -> str:
    """Title, a blank line, one paragraph per line, a blank line, then the unit and the date."""
    title, sections, (unit, date) = _parts(draft)
    lines: list[str] = []
    for heading, paragraphs in sections:
        if heading:
            lines.append(heading)
        lines.extend(paragraphs)
    return "\n".join([title, "", *lines, "", unit, date]) + "\n"
