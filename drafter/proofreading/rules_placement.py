"""Where things stand in the document: a fact told twice, an honour after "未来，支部将……", activities listed in
the opening (class 4); ordinals with gaps and stray sub-headings (class 6)."""

from __future__ import annotations

import re

from drafter.documents.parse import match_marker
from drafter.proofreading.findings import Finding
from drafter.proofreading.genre_doc import Doc, finding, genre_data
from drafter.text.checks import future_claim
from drafter.text.numerals import cn_number, cn_to_int
from drafter.text.sentences import sentence_spans

_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
# A figure with its unit; small counts ("2名", "3天") recur naturally and are left out below.
_FIGURE = re.compile(r"(?<![\d.年月])(\d+(?:\.\d+)?)(万元|万斤|万人|公里|平方米|余人|余名|人次|名|人|篇|条|户|元|斤|%|个|项|场|期|次)")
# "应到28人，实到26人", "参会率96%": who came to each meeting recurs from record to record; it is no fact told twice
_ATTENDANCE = re.compile(r"(?:应到|实到|参加|到会|出席|参会|参会率|出席率)$")
_ATTENDED = re.compile(r"^(?:名?党员)?(?:参加|到会|参会|出席)")  # "29名党员参加": the same, said the other way round
_RANK = {"cn": 0, "paren_cn": 1, "ordinal": 2, "arabic": 3, "paren_arabic": 4, "circled": 5}
_INLINE = re.compile(r"(?:^|[，。；：,;:])([一二三四五六七八九十])是")
_FUTURE_SELF = re.compile(r"将|要|力争|争取|确保|争创|创建|努力")


def _sentences(doc: Doc):
    """(section, start, end, sentence) over the whole document, in order."""
    for sec in doc.secs:
        for a, b in sentence_spans(sec.text):
            yield sec, a, b, sec.text[a:b]


def find_repeats(doc: Doc) -> list[Finding]:
    """The same dated event, figure or activity title told in two sentences of the document."""
    titles: list[str] = []
    shared: set[str] = set()  # figures two facts of the sheet both state ("查摆问题11条", "11条问题已整改10条")
    if doc.facts is not None:
        skip = {doc.facts.theme or "", doc.facts.guiding}
        titles = [a.title for a in doc.facts.activities if len(a.title) >= 5 and a.title not in skip]
        counts: dict[str, int] = {}
        for it in doc.facts.items():
            for fig in {m.group(0) for m in _FIGURE.finditer(it.text)}:
                counts[fig] = counts.get(fig, 0) + 1
        shared = {fig for fig, n in counts.items() if n > 1}
    seen: dict[str, str] = {}
    out: list[Finding] = []
    for sec, a, b, s in _sentences(doc):
        keys = [f"{m.group(1)}月{m.group(2)}日" for m in _FULL_DATE.finditer(s)]
        keys += [m.group(0) for m in _FIGURE.finditer(s) if _notable(m.group(1), m.group(2)) and m.group(0) not in shared
                 and not _ATTENDANCE.search(s[max(0, m.start() - 4):m.start()])
                 and not _ATTENDED.search(s[m.end():m.end() + 6])]
        keys += [t for t in titles if t in s]
        told = next((k for k in dict.fromkeys(keys) if k in seen and seen[k] != s), None)
        if told:
            out.append(finding(sec, a, b, "genre_repeat",
                               f"“{told}”在前文“{_short(seen[told])}”中已经写过；同一事实只写一次，请删去这一句或并入前文"))
        for k in keys:
            seen.setdefault(k, s)
    return out


def _notable(number: str, unit: str) -> bool:
    """A figure worth tracking: two digits or more, or a decimal; not 100%."""
    return ("." in number or len(number) >= 2) and f"{number}{unit}" != "100%"


def _short(sentence: str) -> str:
    return sentence if len(sentence) <= 24 else sentence[:22] + "…"


def find_wrong_place(doc: Doc) -> list[Finding]:
    """An honour told after "未来，支部将……" in the same section: this year's result appended to next year's plan."""
    honours = genre_data().words("honour_words")
    out: list[Finding] = []
    for sec in doc.secs:
        future_seen = False
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b]
            if future_claim(s, doc.year) or s.startswith("未来"):
                future_seen = True
                continue
            if future_seen and any(h in s for h in honours) and not _FUTURE_SELF.search(s):
                out.append(finding(sec, a, b, "genre_misplaced",
                                   "这项荣誉接在对未来的打算之后，位置不对；请移到写成绩的小节，放在打算之前"))
    return out


def find_opening_list(doc: Doc) -> list[Finding]:
    """The opening paragraph lists activities (dated events, activity titles): it should only summarise."""
    titles = [a.title for a in doc.facts.activities if len(a.title) >= 4] if doc.facts is not None else []
    out: list[Finding] = []
    for sec in doc.secs:
        if doc.roles.get(sec.id) != "opening":
            continue
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b]
            if _FULL_DATE.search(s) or any(t in s for t in titles):
                out.append(finding(sec, a, b, "genre_misplaced",
                                   "开篇段只概述全年工作，不列举具体活动；请把这一句移到相应的小节"))
    return out


def find_structure(doc: Doc) -> list[Finding]:
    """Ordinals that skip or do not start at one (（二）（三） with no （一）), inline 一是……三是 with no 二是,
    stray sub-heading lines (a heading with nothing under it, "主要任务完成情况：（一）……")."""
    out: list[Finding] = []
    top = [0]  # the last 一、 number: headings and long 一、 paragraphs (a file's sections) count alike
    for sec in doc.secs:
        found = match_marker(sec.heading) if sec.heading else None
        if found and found[0] == "cn":
            if found[1] != top[0] + 1:
                out.append(Finding(section_id=sec.id, start=0, end=len(sec.heading), text=sec.heading,
                                   severity="warning", rule="genre_structure", where="heading",
                                   message=f"一级标题序号应为“{cn_number(top[0] + 1)}、”，现为“{found[2]}”；请按顺序编号"))
            top[0] = found[1]
        out += _ordinals(sec, top) + _inline(sec)
    return out


def _ordinals(sec, top: list[int]) -> list[Finding]:
    """Line ordinals of one section, level by level; an outer level resets the inner ones."""
    out: list[Finding] = []
    last: dict[str, int] = {"cn": top[0]}
    lines = sec.text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        start = pos + len(line) - len(line.lstrip())
        pos += len(line) + 1
        s = line.strip()
        found = match_marker(s)
        if s and (m := re.match(r"^([^，。；：:]{2,16})[：:]\s*(?=[（(][一二三四五六七八九十]+[）)])", s)):
            out.append(finding(sec, start, start + len(m.group(0)), "genre_structure",
                               f"“{m.group(1)}：”是多出来的小标题，后面的（一）（二）……应直接作为本节的层次；请删去这几个字"))
            found = match_marker(s[m.end():])
        if not found:
            continue
        style, number, marker, rest = found
        for other in list(last):
            if _RANK[other] > _RANK[style]:
                del last[other]
        want = last.get(style, 0) + 1
        heading_only = len(rest) <= 30 and not re.search(r"[。；！？]", rest)
        if style == "cn" and heading_only:
            out.append(finding(sec, start, start + len(s), "genre_structure",
                               f"“{s}”是一级标题，却写在本节正文里；请删去，或把它单列为一节"))
        elif number != want:
            out.append(finding(sec, start, start + len(s), "genre_structure",
                               f"序号“{marker}”前缺少“{_marker_like(marker, want)}”：序号应从一开始、依次排列；请补齐或改正编号"))
        elif heading_only and style in ("paren_cn", "arabic") and not any(x.strip() for x in lines[i + 1:]):
            out.append(finding(sec, start, start + len(s), "genre_structure",
                               f"小标题“{s}”下面没有内容；请补写，或删去这个小标题"))
        last[style] = number
    top[0] = last.get("cn", top[0])
    return out


def _inline(sec) -> list[Finding]:
    """一是……二是……三是…… must run without gaps; they often stand one a paragraph, so a sub-heading line, not
    a paragraph, starts a new list."""
    out: list[Finding] = []
    pos = 0
    want = 1
    for para in sec.text.split("\n"):
        if match_marker(para.strip()):
            want = 1
        for m in _INLINE.finditer(para):
            n = cn_to_int(m.group(1)) or 0
            if n != want and n != 1:
                a = pos + m.start(1)
                out.append(finding(sec, a, a + 2, "genre_structure",
                                   f"“{m.group(1)}是”前缺少“{cn_number(want)}是”：列举应依次排列；请补齐或改正"))
            want = n + 1
        pos += len(para) + 1
    return out


def _marker_like(marker: str, n: int) -> str:
    """The marker with number n in the same style: （二） → （一）, 3. → 2."""
    m = re.search(r"[一二三四五六七八九十]+|\d+", marker)
    if not m:
        return str(n)
    num = str(n) if m.group().isdigit() else cn_number(n)
    return marker[:m.start()] + num + marker[m.end():]
