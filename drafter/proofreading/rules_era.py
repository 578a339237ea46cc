"""Era rule: slogans, campaigns and years that date a text and do not fit the report's year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from drafter.errors import TemplateError
from drafter.proofreading.findings import Finding, Severity, Where
from drafter.settings import RESOURCE_ROOT
from drafter.text.numerals import cn_to_int

ERA_FILE = RESOURCE_ROOT / "templates" / "era_markers.yaml"


@dataclass(frozen=True)
class EraMarker:
    """One phrase family and the years it is current."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    start: int | None
    end: int | None
    severity: Severity
    note: str
    # Standing forms of a campaign after its year (常态化长效化开展党史学习教育): a hit inside one is not stale
    # from `start` up to `standing_to` (None: for good).
    standing: tuple[re.Pattern[str], ...] = ()
    standing_to: int | None = None

    def fits(self, year: int) -> bool:
        """Whether a report of this year may use the phrase."""
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Anniversary:
    """An anniversary whose number follows from the year (建党N周年)."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    base: int
    note: str


@dataclass(frozen=True)
class EraTable:
    """The whole era table."""

    markers: tuple[EraMarker, ...]
    anniversaries: tuple[Anniversary, ...]
    year_tolerance: int


@cache
def load_era_table(path: Path = ERA_FILE) -> EraTable:
    """Read templates/era_markers.yaml (cached); a broken file is a developer's error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        markers = tuple(
            EraMarker(id=m["id"], patterns=tuple(re.compile(p) for p in m["patterns"]), start=m.get("from"),
                      end=m.get("to"), severity=m.get("severity", "error"), note=m["note"],
                      standing=tuple(re.compile(p) for p in m.get("standing", ())), standing_to=m.get("standing_to"))
            for m in data.get("markers", []))
        annivs = tuple(
            Anniversary(id=a["id"], patterns=tuple(re.compile(p) for p in a["patterns"]), base=int(a["base"]),
                        note=a["note"])
            for a in data.get("anniversaries", []))
        return EraTable(markers, annivs, int(data.get("year_tolerance", 1)))
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise TemplateError(f"时代用语表 {path.name} 无法读取：{exc}") from None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|学年|—|-|－|~|～|至))")
# A date is not a stale year: a range (2010-2020年, 2011年9月~2014年8月, 2010年6月至今), a start (2013年以来,
# 自2013年), a title (《……规划纲要（2010-2020年）》); a year after the report's is a target (到2035年).
_DAY = r"(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
_RANGE = re.compile(rf"(?<!\d)(?:19|20)\d{{2}}\s*(?:年|学年)?{_DAY}\s*(?:[-—–－~～]+|至|到)\s*(?:(?:19|20)\d{{2}}|今)")
_SINCE = re.compile(rf"(?<!\d)(?:19|20)\d{{2}}\s*年{_DAY}(?:以来|起|至今|开始|以后|来)")
_FROM = re.compile(r"(?:自|从|始于|成立于|建于|创办于|创建于|早在)\s*(?:19|20)\d{2}")
_TITLE = re.compile(r"《[^《》\n]*》")


def _dated_spans(text: str) -> list[tuple[int, int]]:
    """Where years are dates of something, not the year the text is about."""
    return [(m.start(), m.end()) for rx in (_RANGE, _SINCE, _FROM, _TITLE) for m in rx.finditer(text)]


_STATED_YEAR = re.compile(r"(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3}")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def _dated_anniversary(text: str, start: int, base: int, n: int) -> bool:
    """Whether the anniversary comes with its own year just before it (到二〇二九年……成立八十周年时)."""
    for m in _STATED_YEAR.finditer(text[max(0, start - 24):start]):
        y = m.group() if m.group().isdigit() else "".join(_CN_DIGIT.get(c, "?") for c in m.group())
        if y.isdigit() and int(y) - base == n:
            return True
    return False


def _standing(mk: EraMarker, text: str, year: int) -> list[tuple[int, int]]:
    """The spans of the marker's standing forms, when the report's year allows them."""
    if not mk.standing or (mk.start is not None and year < mk.start) or \
            (mk.standing_to is not None and year > mk.standing_to):
        return []
    return [(m.start(), m.end()) for p in mk.standing for m in p.finditer(text)]


def find_era(section_id: str | None, text: str, year: int, fact_texts: list[str] | None = None,
             where: Where = "text") -> list[Finding]:
    """Dated phrases and stale years; a phrase the user's own facts contain is theirs to keep."""
    table = load_era_table()
    facts_blob = "\n".join(fact_texts or [])
    out: list[Finding] = []
    for mk in table.markers:
        if mk.fits(year):
            continue
        if facts_blob and any(p.search(facts_blob) for p in mk.patterns):
            continue
        hits: list[tuple[int, int]] = []
        standing = _standing(mk, text, year)
        for p in mk.patterns:
            for m in p.finditer(text):
                if any(x <= m.start() and m.end() <= y for x, y in standing):
                    continue
                if not any(a < m.end() and m.start() < b for a, b in hits):
                    hits.append((m.start(), m.end()))
        for a, b in sorted(hits):
            out.append(Finding(section_id=section_id, start=a, end=b, text=text[a:b], severity=mk.severity,
                               rule="era", where=where, kind=mk.id,
                               message=f"“{text[a:b]}”与{year}年度不符：{mk.note}"))
    for an in table.anniversaries:
        expected = year - an.base
        for p in an.patterns:
            for m in p.finditer(text):
                raw = m.group("n")
                n = int(raw) if raw.isdigit() else cn_to_int(raw)
                if n is None or abs(n - expected) <= 1 or (facts_blob and m.group() in facts_blob) or \
                        _dated_anniversary(text, m.start(), an.base, n):
                    continue
                out.append(Finding(section_id=section_id, start=m.start(), end=m.end(), text=m.group(),
                                   severity="error", rule="era", where=where, kind=an.id,
                                   message=an.note.format(year=year, expected=expected) + "，请改正"))
    dated = _dated_spans(text) if _YEAR.search(text) else []
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if y >= year - table.year_tolerance or (facts_blob and m.group(1) in facts_blob) or \
                any(a <= m.start() < b for a, b in dated):
            continue
        out.append(Finding(section_id=section_id, start=m.start(1), end=m.end(1), text=m.group(1),
                           severity="warning", rule="era", where=where, kind="year",
                           message=f"年份“{y}”与报告年度{year}年相差较远，事实材料中也没有，"
                                   "多半是旧稿留下的，请核对"))
    return out
