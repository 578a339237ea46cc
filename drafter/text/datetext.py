"""Dates as people type them (2025-03-05, 2025/3/5, 3月5日, 2025年3月5日), read into dates with Chinese messages."""

from __future__ import annotations

import datetime as dt
import re

from drafter.errors import InputError

FORMS = "2025-03-05、2025/3/5、3月5日或2025年3月5日"
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_SHORT = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_MONTH = re.compile(r"(\d{1,2})\s*月?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_date(text: str | dt.date | None, year: int | None = None) -> dt.date | None:
    """The date in a typed text (a day without a year is in `year`); None when empty; InputError when unreadable."""
    if text is None or isinstance(text, dt.date):
        return text
    raw = str(text).translate(_FULLWIDTH).strip()
    if not raw:
        return None
    full = _FULL.fullmatch(raw)
    short = None if full else _SHORT.fullmatch(raw)
    if full:
        y, m, d = (int(x) for x in full.groups())
    elif short and year:
        y, (m, d) = year, (int(x) for x in short.groups())
    else:
        hint = "" if not short else "（这里需要写出年份）"
        raise InputError(f"日期“{text}”无法识别{hint}，请写成 {FORMS}")
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise InputError(f"日期“{text}”不存在（{y}年没有{m}月{d}日），请检查后重写") from None


def parse_month(text: str | int | None) -> int | None:
    """A month typed as 3, 3月 or ３月; None when empty; InputError when it is not 1–12."""
    if text is None or isinstance(text, int):
        return text
    raw = str(text).translate(_FULLWIDTH).strip()
    if not raw:
        return None
    m = _MONTH.fullmatch(raw)
    if not m or not 1 <= int(m.group(1)) <= 12:
        raise InputError(f"月份“{text}”无法识别，请写 1 到 12 之间的数字，如 3 或 3月")
    return int(m.group(1))
