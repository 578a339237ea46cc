"""Helpers shared by the rule families: section input, Chinese numerals, sentence spans, fact texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.facts.sheet import FactSheet

# (section_id, heading, text, target_chars or None): what review_sections takes.
SectionInput = tuple[str, str, str, int | None]

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
CN_NUM_CHARS = "〇零一二三四五六七八九两十百千万"
CN_NUM_RE = f"[{CN_NUM_CHARS}]+"

PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·,.;:?!\"'()[]<> \t\n\u3000～~-_")


@dataclass(frozen=True)
class Sec:
    """One section as the rules see it."""

    id: str
    heading: str
    text: str
    target: int | None


def as_secs(sections: list[SectionInput]) -> list[Sec]:
    """Tuples to Sec objects (text None counts as empty)."""
    return [Sec(s[0], s[1] or "", s[2] or "", s[3] if len(s) > 3 else None) for s in sections]


def cn_to_int(s: str) -> int | None:
    """三十二 -> 32, 一百零五 -> 105, 二〇二五 -> 2025, 两 -> 2; None when it is not a numeral."""
    if not s or any(ch not in _CN_DIGIT and ch not in _CN_UNIT for ch in s):
        return None
    if not any(ch in _CN_UNIT for ch in s):  # digit by digit: 二〇二五
        return int("".join(str(_CN_DIGIT[ch]) for ch in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch == "万":
            section = (section + (digit or 0)) * 10_000
            total += section
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + section + (digit or 0)


def number_values(text: str) -> set[float]:
    """Every number a text states, Arabic or Chinese, as values."""
    out: set[float] = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", text)}
    for m in re.findall(CN_NUM_RE, text):
        v = cn_to_int(m)
        if v is not None:
            out.add(float(v))
    return out


def norm(text: str) -> str:
    """Text without punctuation and spaces, for lenient containment tests."""
    return "".join(ch for ch in text if ch not in PUNCT)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text with punctuation removed."""
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def fact_texts(facts: FactSheet) -> list[str]:
    """Every string the user typed into the sheet (all fields), plus dates in the document's form."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None and not isinstance(value, bool):
            out.append(str(value))

    walk(facts.model_dump(mode="json"))
    out.extend(it.text for it in facts.items())  # the dates as 2025年3月5日
    return out


def masked(text: str, spans: list[tuple[int, int]], fill: str = "\x00") -> str:
    """The text with the spans overwritten (same length, so offsets stay valid)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = fill
    return "".join(chars)
