"""Small text helpers shared by every module: cleaning user text, counting characters, Chinese dates."""

from __future__ import annotations

import re
from datetime import date

# XML 1.0 forbids these; python-docx would write a file Word refuses to open.
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_CN_DIGITS = "〇一二三四五六七八九"


def clean_text(text: str) -> str:
    """Drop control characters, lone surrogates and other XML-illegal code points; normalise newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL_XML.sub("", text)
    # Non-characters in the supplementary planes (U+1FFFE, U+1FFFF, …) are XML-illegal too.
    return "".join(ch for ch in text if (ord(ch) & 0xFFFE) != 0xFFFE)


def count_chars(text: str) -> int:
    """Length as a secretary counts it: visible characters, whitespace not counted."""
    return sum(1 for ch in text if not ch.isspace())


def count_cjk(text: str) -> int:
    """Number of CJK ideographs in text."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def cn_date(d: date) -> str:
    """2025-03-05 -> 2025年3月5日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: date) -> str:
    """2025-03-05 -> 3月5日."""
    return f"{d.month}月{d.day}日"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一 (for heading ordinals up to 99)."""
    if n <= 0 or n >= 100:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
