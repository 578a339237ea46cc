"""Effect phrases mined from the sample library: the few-shot form a 1.5B model can use.

Whole samples made the small model copy their facts (花博会, 百年校庆 into a 2025 draft). What it can use is the
genre's way of stating an effect — "党员队伍不断壮大", "支部建设更加规范" — with no unit, name, number or dated
slogan in it. Such clauses are cut from every sample (shipped and the user's), filtered, and offered per theme.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# "<subject> 不断/进一步/更加/得到/稳步 <result>": the genre's effect clause, short enough to carry no fact.
_EFFECT = re.compile(r"^(?:使|让)?([\u4e00-\u9fff]{2,9}?)(不断|进一步|更加|得到|稳步|明显|显著|有效)([\u4e00-\u9fff]{2,5})$")
_SPLIT = re.compile(r"[，。；！？,;!?\n：:、（）()]")
# Words that date a phrase, tie it to one kind of unit, or make it a plan rather than an effect.
_NEVER = re.compile(
    r"十[五六七八九]大|十[五六七八九]届|科学发展观|创先争优|群众路线|两学一做|三严三实|先进性|和谐社会|世博|"
    r"我[校村院局司]|[校课医患诊]|教[师学育]|师生|学生|老师|村民|农户|企业|公司|员工|职工|居民|病人|"
    r"今年|去年|明年|有待|不足|问题|还需|仍|将|要|努力|争取|力争|希望|我们|小编|[A-Za-z0-9０-９]"
)
_RESULTS = ("壮大", "优化", "提高", "提升", "增强", "加强", "规范", "完善", "坚实", "转变", "改进", "推进", "巩固",
            "深化", "凝聚", "彰显", "发挥", "浓厚", "扎实", "有力", "明显", "显著", "严明", "纯洁", "活跃", "密切")


@dataclass(frozen=True)
class Exemplar:
    """One effect phrase and the sample it came from."""

    text: str
    sample_id: str


def effect_phrases(text: str) -> list[str]:
    """The effect clauses of one document text that pass the filters, in order, without repeats."""
    out: list[str] = []
    for clause in _SPLIT.split(text):
        clause = clause.strip().strip("\u3000 ")
        m = _EFFECT.match(clause)
        if not m or _NEVER.search(clause) or not m.group(3).startswith(_RESULTS):
            continue
        phrase = clause.lstrip("使让")
        if phrase not in out:
            out.append(phrase)
    return out


@functools.lru_cache(maxsize=8)
def _mine(texts: tuple[tuple[str, str], ...]) -> tuple[Exemplar, ...]:
    seen: set[str] = set()
    out: list[Exemplar] = []
    for sample_id, text in texts:
        for phrase in effect_phrases(text):
            if phrase not in seen:
                seen.add(phrase)
                out.append(Exemplar(phrase, sample_id))
    return tuple(out)


def mine(library: Iterable) -> tuple[Exemplar, ...]:
    """Every effect phrase of a sample library (anything iterable over objects with .id and .text)."""
    return _mine(tuple((s.id, s.text) for s in library))


def for_theme(exemplars: Iterable[Exemplar], keywords: Iterable[str], n: int = 3, *,
              avoid: Iterable[str] = ()) -> list[str]:
    """Up to n phrases for a section theme: those sharing a keyword's characters first, then general ones."""
    words = [k for k in keywords if k]
    avoid = set(avoid)
    pool = [e.text for e in exemplars if e.text not in avoid]

    def score(phrase: str) -> int:
        return sum(1 for k in words if k in phrase) * 10 + sum(1 for k in words for c in k if c in phrase)

    ranked = sorted(pool, key=lambda p: -score(p))
    return ranked[:n]
