"""Export a draft: Word in the GB/T 9704 layout, Markdown, plain text, and the file name to offer."""

from __future__ import annotations

import re

from drafter.documents.draft import Draft
from drafter.documents.export.annex import has_annex
from drafter.documents.export.docx import to_docx
from drafter.documents.export.markdown import to_markdown, to_text
from drafter.text.clean import clean_text

__all__ = ["export_filename", "has_annex", "to_docx", "to_markdown", "to_text"]

# Characters Windows, macOS or a browser download refuse in a file name.
_ILLEGAL_NAME = re.compile(r'[\\/:*?"<>|\s\u0000-\u001f\u007f]+')


def export_filename(draft: Draft, ext: str) -> str:
    """E.g. "XX党支部-2025年度工作总结.docx": branch display name, year, kind; unsafe characters removed."""
    label = draft.kind_label
    year = f"{draft.facts.year}" if label.startswith("年度") else f"{draft.facts.year}年"
    branch = _ILLEGAL_NAME.sub("", clean_text(draft.facts.branch.display_name)).strip(". ")[:60]
    stem = f"{branch}-{year}{label}" if branch else f"{year}{label}"
    ext = _ILLEGAL_NAME.sub("", ext).lstrip(".")
    return f"{stem}.{ext}" if ext else stem
