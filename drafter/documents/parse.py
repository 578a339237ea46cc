"""Parse any document text into title / opening / sections / ending / closing (落款)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field

from drafter.text.clean import clean_text
from drafter.text.numerals import cn_digits, cn_to_int
from drafter.text.sentences import MARKERS, SENTENCE_ENDS

Style = Literal["cn", "paren_cn", "ordinal", "arabic", "paren_arabic", "circled"]

# Outer to inner: 一、 → （一） → 第一， → 1、/1. → （1） → ①. A heading nests under the nearest
# open heading of an outer style, so a text whose top level is "1、" (seed 003 篇三) still works.
_RANK: dict[str, int] = {"cn": 0, "paren_cn": 1, "ordinal": 2, "arabic": 3, "paren_arabic": 4, "circled": 5}

_CN = "一二三四五六七八九十"
_MARKERS: list[tuple[Style, re.Pattern[str]]] = [
    ("paren_cn", re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、，,.．]?\s*")),
    ("paren_arabic", re.compile(r"^(?:[（(]\s*(\d{1,2})\s*[）)]|(\d{1,2})[)）])\s*[、，,.．]?\s*")),
    ("ordinal", re.compile(rf"^第([{_CN}]{{1,3}})\s*[，,、:：]\s*")),
    ("cn", re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*")),
    # The shared marker: "1." is never a decimal ("62.5%", "3.5万元") and "1、" never starts a year ("2012年").
    ("arabic", re.compile(rf"^(?={MARKERS[2]})(\d{{1,2}})\s*[、．.]\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
]

_TRIM = "。！？!?；;：:，,、. \u3000"
# A whole line counts as a heading up to this length; longer marker lines are numbered paragraphs.
_HEADING_MAX = {"cn": 64, "paren_cn": 64}
_HEADING_MAX_DEFAULT = 44
# "一、短标题。正文……" splits at the first sentence end when the part before it is this short.
_SPLIT_MAX = 36
_COLON_SPLIT_MAX = 20

_DATE = re.compile(
    r"^(?:"
    r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?"
    r"|[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"
    r"|(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?"
    r"|(?:19|20)\d{2,6}"  # dates that lost 年/月/日 when copied from the web ("20131" in seed 001)
    r")$"
)
_UNIT_AND_DATE = re.compile(r"^(\S.{1,38}?)\s+(\S+)$")
_NO_UNIT_CHARS = re.compile(r"[。，,；;：:！？!?“”\"]")
# Paragraphs after the last section that begin like this are the document's ending, not its body.
_ENDING_STARTS = ("总之", "总而言之", "综上", "回顾", "以上", "展望", "我们相信", "我们有理由相信", "最后")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_BOLD = re.compile(r"^\*\*(.+)\*\*$")


class ParsedSection(BaseModel):
    """A numbered section: its marker, heading, own body paragraphs and sub-sections."""

    number: int
    marker: str  # as written, e.g. "一、", "(一)、", "1.", "第一,"
    style: Style
    heading: str  # without the marker and trailing punctuation; "" for a numbered paragraph
    level: int  # depth in the tree: 1 = top level
    sep: str = ""  # what separated heading and body on the heading's own line ("。", "："), "" if none
    body: str = ""  # paragraphs before the first child, joined by "\n"
    children: list[ParsedSection] = Field(default_factory=list)

    @property
    def heading_line(self) -> str:
        """The heading as it would be printed: marker plus heading."""
        return f"{self.marker}{self.heading}"

    def walk(self) -> Iterator[ParsedSection]:
        """This section and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        """The whole section as text: heading line, body and every sub-section."""
        parts: list[str] = []
        if self.heading and self.body:
            parts.append(f"{self.heading_line}{self.sep or chr(10)}{self.body}")
        elif self.heading:
            parts.append(self.heading_line)
        elif self.body:
            parts.append(f"{self.marker}{self.body}")
        parts.extend(child.text() for child in self.children)
        return "\n".join(parts)


class Closing(BaseModel):
    """The 落款: unit name (may be missing) and the date as written."""

    unit: str | None = None
    date_text: str

    @property
    def year(self) -> int | None:
        """The year of the date, also for 二〇二五年 and garbled "20131"."""
        return year_of(self.date_text)


class ParsedDoc(BaseModel):
    """A document split into its parts."""

    title: str = ""
    opening: list[str] = Field(default_factory=list)
    sections: list[ParsedSection] = Field(default_factory=list)
    ending: list[str] = Field(default_factory=list)  # concluding paragraphs after the last section
    closing: Closing | None = None

    @property
    def headings(self) -> list[str]:
        """Top-level headings without markers."""
        return [s.heading for s in self.sections]

    def walk(self) -> Iterator[ParsedSection]:
        """Every section, depth first."""
        for section in self.sections:
            yield from section.walk()

    def find(self, keywords: tuple[str, ...] | list[str], *, max_level: int | None = None) -> ParsedSection | None:
        """The first section (outer levels first) whose heading contains one of the keywords."""
        found = [s for s in self.walk() if s.heading and any(k in s.heading for k in keywords)
                 and (max_level is None or s.level <= max_level)]
        return min(found, key=lambda s: s.level) if found else None

    def opening_text(self) -> str:
        """The opening paragraphs joined by newlines."""
        return "\n".join(self.opening)


def year_of(text: str) -> int | None:
    """The first plausible year (1990–2099) in a date or title, Arabic or Chinese numerals."""
    if m := re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d{3})", text):
        return int(m.group(1))
    if m := re.search(r"([〇○零一二三四五六七八九]{4})年", text):
        return int(cn_digits(m.group(1)) or 0)
    return None


def _lines(text: str) -> list[str]:
    """Non-empty stripped lines; U+3000, NBSP and Markdown heading/bold marks removed."""
    out: list[str] = []
    for raw in clean_text(text.lstrip("\ufeff")).split("\n"):
        line = raw.strip()  # str.strip() also drops U+3000 and NBSP
        line = _MD_HEADING.sub("", line)
        if m := _MD_BOLD.match(line):
            line = m.group(1).strip()
        if line:
            out.append(line)
    return out


def match_marker(line: str) -> tuple[Style, int, str, str] | None:
    """(style, number, marker as written, rest of the line) when the line starts with a heading marker."""
    for style, pattern in _MARKERS:
        if m := pattern.match(line):
            raw = next(g for g in m.groups() if g)
            if style in ("cn", "paren_cn", "ordinal"):
                number = _ordinal(raw)
            elif style == "circled":
                number = ord(raw) - ord("①") + 1
            else:
                number = int(raw)
            return style, number, m.group(0).strip(), line[m.end():].strip()
    return None


def split_heading(style: Style, rest: str) -> tuple[str, str, str]:
    """Split the text after a marker into (heading, separator, same-line body); heading "" for a numbered paragraph."""
    limit = _HEADING_MAX.get(style, _HEADING_MAX_DEFAULT)
    core = rest.rstrip(_TRIM)
    internal = [i for i, ch in enumerate(core) if ch in SENTENCE_ENDS]
    # "抓好专题学习：结合……" and "突出“三性”：即……": a short lead phrase before a colon is the heading.
    colon = min((i for i in (core.find("："), core.find(":")) if i > 0), default=-1)
    if 0 < colon <= _COLON_SPLIT_MAX and (not internal or colon < internal[0]):
        return rest[:colon].strip(), rest[colon], rest[colon + 1:].strip()
    if not internal:
        return (core, "", "") if len(core) <= limit else ("", "", rest)
    if internal[0] <= _SPLIT_MAX:
        i = internal[0]
        return rest[:i].strip(), rest[i], rest[i + 1:].strip()
    return "", "", rest


def _closing(lines: list[str]) -> tuple[Closing | None, int]:
    """The 落款 at the end of lines and how many lines it takes."""
    if not lines:
        return None, 0
    last = lines[-1]
    if _DATE.match(last):
        date, used = last, 1
        if len(lines) >= 2 and _is_unit(lines[-2]):
            return Closing(unit=lines[-2], date_text=date), 2
        return Closing(date_text=date), used
    if (m := _UNIT_AND_DATE.match(last)) and _DATE.match(m.group(2)) and _is_unit(m.group(1)):
        return Closing(unit=m.group(1).strip(), date_text=m.group(2)), 1
    return None, 0


def _is_unit(line: str) -> bool:
    """A short line without sentence punctuation or a heading marker: the unit name of a 落款."""
    return (len(line) <= 40 and not _NO_UNIT_CHARS.search(line) and match_marker(line) is None
            and not line.startswith(_ENDING_STARTS) and not _DATE.match(line))


def _looks_like_title(line: str) -> bool:
    return (len(line) <= 80 and match_marker(line) is None and not _DATE.match(line)
            and line[-1] not in "。！？!?；;，,：:")


def parse_document(text: str) -> ParsedDoc:
    """Split a document into title, opening, nested sections, ending and closing; never raises on odd text."""
    lines = _lines(text)
    doc = ParsedDoc()
    if not lines:
        return doc
    start = 0
    if _looks_like_title(lines[0]):
        doc.title = lines[0]
        start = 1
        # A subtitle line "——某某学校2012年党支部工作总结" belongs to the title.
        if len(lines) > 1 and lines[1].startswith(("——", "—", "--")) and len(lines[1]) <= 60:
            doc.title = f"{doc.title} {lines[1]}"
            start = 2
    closing, used = _closing(lines[start:])
    doc.closing = closing
    body = lines[start:len(lines) - used]

    stack: list[ParsedSection] = []
    paragraphs: dict[int, list[str]] = {}  # id(section) -> its body paragraphs
    last_heading = -1
    for idx, line in enumerate(body):
        found = match_marker(line)
        if found is None:
            (paragraphs.setdefault(id(stack[-1]), []) if stack else doc.opening).append(line)
            continue
        style, number, marker, rest = found
        heading, sep, same_line = split_heading(style, rest)
        while stack and _RANK[stack[-1].style] >= _RANK[style]:
            stack.pop()
        section = ParsedSection(number=number, marker=marker, style=style, heading=heading, level=len(stack) + 1,
                                sep=sep if same_line else "")
        (stack[-1].children if stack else doc.sections).append(section)
        stack.append(section)
        if same_line:
            paragraphs.setdefault(id(section), []).append(same_line)
        last_heading = idx

    if stack:
        _split_ending(doc, stack[-1], paragraphs, len(body) - 1 - last_heading)
    for section in doc.walk():
        section.body = "\n".join(paragraphs.get(id(section), []))
    return doc


def _split_ending(doc: ParsedDoc, last: ParsedSection, paragraphs: dict[int, list[str]], trailing: int) -> None:
    """Move concluding paragraphs ("回顾……", "总之……") from the last section into doc.ending."""
    own = paragraphs.get(id(last), [])
    tail = own[len(own) - trailing:] if trailing else []
    for k, para in enumerate(tail):
        # Keep at least one paragraph in the section so a lone "总之……" body is not stolen.
        if para.startswith(_ENDING_STARTS) and (len(own) - trailing + k > 0 or last.children):
            cut = len(own) - trailing + k
            doc.ending = own[cut:]
            paragraphs[id(last)] = own[:cut]
            return


def _ordinal(s: str) -> int:
    """一 -> 1, 十二 -> 12, 二十一 -> 21 (0 when it is not a numeral)."""
    return cn_to_int(s) or 0
