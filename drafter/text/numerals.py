"""Chinese numerals and dates, the one place that reads or writes them: 十二 ↔ 12, 2025年3月5日."""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = "〇一二三四五六七八九"
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
CN_NUM_CHARS = "〇零一二三四五六七八九两十百千万"
CN_NUM_RE = f"[{CN_NUM_CHARS}]+"
# The characters of an ordinal as headings and enumerations write it: 一、 （二） 三是.
CN_ORDINAL_CHARS = "一二三四五六七八九十"
CN_ORDINAL = f"[{CN_ORDINAL_CHARS}]"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一 (for heading ordinals up to 99)."""
    if n <= 0 or n >= 100:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


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


def cn_digits(s: str) -> str | None:
    """二〇二五 -> "2025", 〇五 -> "05" (digit by digit, zeros kept); None when a character is not a digit."""
    if not s or any(ch not in _CN_DIGIT for ch in s):
        return None
    return "".join(str(_CN_DIGIT[ch]) for ch in s)


def cn_decimal(whole: str, frac: str) -> str | None:
    """一点五 -> "1.5", 十二点五 -> "12.5", 零点零五 -> "0.05"; None when either part is not a plain numeral."""
    w, f = cn_to_int(whole), cn_digits(frac)
    return None if w is None or f is None else f"{w}.{f}"


def number_values(text: str) -> set[float]:
    """Every number a text states, Arabic or Chinese, as values."""
    out: set[float] = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", text)}
    for m in re.findall(CN_NUM_RE, text):
        v = cn_to_int(m)
        if v is not None:
            out.add(float(v))
    return out


def cn_date(d: date) -> str:
    """2025-03-05 -> 2025年3月5日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: date) -> str:
    """2025-03-05 -> 3月5日."""
    return f"{d.month}月{d.day}日"
