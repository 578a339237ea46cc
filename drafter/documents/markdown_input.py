"""Read a Markdown or plain-text draft (title, opening, 一、 sections, 落款) into sections for the review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.documents.draft import SectionInput
from drafter.errors import InputError
from drafter.text.clean import clean_text
from drafter.text.sentences import heading_level

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_SUBHEAD_MD = re.compile(r"^#{3,6}\s+(.+?)\s*#*\s*$")  # (一) and 1. sub-headings the export writes as ###
_DATE_LINE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape the Markdown export writes (drafter.documents.export)
MAX_HEADING = 40  # a longer 一、 line is a paragraph that starts with an ordinal, not a heading
MAX_UNIT = 40


@dataclass
class ParsedDraft:
    """A draft read from a file: title, sections in order, and the 落款 if present."""

    title: str = ""
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (id, heading, text)
    signature_unit: str = ""
    signature_date: str = ""

    def as_input(self) -> list[SectionInput]:
        """The sections as review_sections takes them (no targets: a file carries none)."""
        return [(sid, heading, text, None) for sid, heading, text in self.sections]

    def year_hint(self) -> int | None:
        """The report year as the title states it (e.g. 2025年度…), if it does."""
        m = _YEAR.search(self.title)
        return int(m.group()) if m else None


def parse_draft_text(text: str) -> ParsedDraft:
    """Markdown (# title, ## 一、heading) or plain text (first line title, 一、 headings); last two lines 落款."""
    lines = [ln.rstrip() for ln in clean_text(text).split("\n")]
    # Front matter (--- … ---) is metadata, not text to review.
    if lines and lines[0].strip() == "---" and "---" in (ln.strip() for ln in lines[1:]):
        lines = lines[[ln.strip() for ln in lines].index("---", 1) + 1:]
    out = ParsedDraft()

    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) >= 2 and _DATE_LINE.match(lines[nonblank[-1]].strip()):
        unit = lines[nonblank[-2]].strip()
        out.signature_date = lines[nonblank[-1]].strip()
        lines = lines[:nonblank[-1]]
        if len(unit) <= MAX_UNIT and not unit.endswith(("。", "：", ":")) and not _H2.match(unit):
            out.signature_unit = unit
            lines = lines[:nonblank[-2]]
    markdown = any(_H1.match(ln.strip()) or _H2.match(ln.strip()) for ln in lines)

    current_id, current_heading, body = "opening", "", []
    n = 0

    def flush() -> None:
        text = "\n".join(b.strip() for b in body).strip()
        text = re.sub(r"\n{2,}", "\n", text)
        if text or current_heading:
            out.sections.append((current_id, current_heading, text))

    for ln in lines:
        s = ln.strip().lstrip("\u3000")
        if not s:
            body.append("")
            continue
        heading = None
        if markdown:
            if (m := _H1.match(s)) and not out.title and not out.sections and not any(body):
                out.title = _ESCAPED.sub(r"\1", m.group(1))
                continue
            if m := _H2.match(s):
                heading = _ESCAPED.sub(r"\1", m.group(1))
            elif m := _SUBHEAD_MD.match(s):
                body.append(m.group(1))
                continue
            s = _ESCAPED.sub(r"\1", s)
        else:
            if not out.title and not any(body) and not heading_level(s) == 1:
                out.title = s
                continue
            if heading_level(s) == 1 and len(s) <= MAX_HEADING:
                heading = s
        if heading is not None:
            flush()
            n += 1
            current_id, current_heading, body = f"s{n}", heading, []
            continue
        body.append(s)
    flush()
    return out


def read_draft_file(path: str | Path) -> ParsedDraft:
    """Read a .md or .txt draft from disk."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取文稿 {p.name}：{exc.__class__.__name__}", hint="请确认路径正确且为 UTF-8 编码的 .md/.txt 文件") from None
    parsed = parse_draft_text(text)
    if not parsed.sections:
        raise InputError(f"文稿 {p.name} 没有正文", hint="Markdown 用“## 一、标题”分节，纯文本用“一、”开头的小标题")
    return parsed
