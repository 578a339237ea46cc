"""Cells of a ledger read as values: dates in every form a ledger writes them, numbers of people, the year."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from drafter.text.numerals import cn_to_int

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); serials in this range are 1954–2119.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)

# Year, month and day with any of - / . 年 between them; what follows (日, 上午, 14:30, "-6日") is ignored, so a
# range such as 2025年3月5日-6日 gives its first day.
_YMD = re.compile(r"(?<!\d)(\d{4}|\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\D|$)")
_MD = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号)?")
_MD_SLASH = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})(?!\d|\s*/)")
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*(?:年|年度)")
_YEAR_LOOSE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_COUNT = re.compile(r"^(\d{1,5})\s*(?:人|名|位|个)?$")
_COUNT_NOTED = re.compile(r"^(\d{1,5})\s*(?:人|名|位)?\s*[(（][^()（）]*[)）]$")

FORMS = "2025-03-05、2025/3/5、2025.3.5、2025年3月5日或Excel日期格式"


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; str() is a Chinese reason."""


def _norm(text: str) -> str:
    """Full-width digits and marks to ASCII, Chinese numerals of a date to digits, spaces trimmed."""
    text = unicodedata.normalize("NFKC", text).strip()
    # 二〇二五年三月十五日 -> 2025年3月15日 (numerals before 年/月/日/号 only; drafter.text.numerals reads them)
    return re.sub(r"([〇零一二三四五六七八九十]+)(?=\s*[年月日号])", lambda m: str(cn_to_int(m.group(1))), text)


def _make(year: int, month: int, day: int, shown: str) -> dt.date:
    """A date, or a CellError that names the cell when the date does not exist (2025-02-30)."""
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"日期“{shown}”不存在，请核对月份和日期") from None


def parse_date(value: object, year: int | None = None) -> dt.date:
    """A date from a cell: date/datetime, an Excel serial number, or text in any common form; else CellError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"日期“{value}”无法识别，请写成{FORMS}")
    if isinstance(value, int | float):
        return _from_number(value, str(value))
    shown = str(value).strip()
    text = _norm(shown)
    if not text:
        raise CellError("没有日期")
    if _SERIAL.match(text):  # an Excel date exported to CSV without its format
        return _from_number(float(text), shown)
    if m := _COMPACT.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _YMD.search(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _MD.search(text) or _MD_SLASH.match(text):
        if year is None:
            raise CellError(f"日期“{shown}”没有年份，请写明年份，或在导入时指定年度")
        return _make(year, int(m[1]), int(m[2]), shown)
    if re.fullmatch(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*月?(?:份)?", text):
        raise CellError(f"日期“{shown}”只有年和月，请补上是哪一天（如{shown.rstrip('月份')}.20）")
    raise CellError(f"日期“{shown}”无法识别，请写成{FORMS}")


# A part of a month ("4月上旬", "2025年11月底") or a month alone ("2025.5", "5月份"): the day the record is counted
# and sorted by (never told).
_ROUGH = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(上旬|中旬|下旬|初|底|末)$")
_ROUGH_DAY = {"初": 3, "上旬": 5, "中旬": 15, "下旬": 25, "底": 28, "末": 28}
_MONTH_ONLY = re.compile(r"^(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?|(\d{1,2})\s*月)(?:份)?$")


def parse_rough(value: object, year: int | None = None) -> tuple[dt.date, str] | None:
    """(a day to count by, the words to tell) of a cell that gives only a part of a month ("4月上旬") or only a
    month ("2025.5" → "5月"); None for anything else."""
    shown = str(value).strip() if isinstance(value, str) else ""
    text = _norm(shown) if shown else ""
    if m := _ROUGH.match(text):
        if m[1] is None and year is None:
            return None
        return _make(int(m[1] or year), int(m[2]), _ROUGH_DAY[m[3]], shown), f"{int(m[2])}月{m[3]}"
    if m := _MONTH_ONLY.match(text):
        month = int(m[2] or m[3])
        if (m[1] is None and year is None) or not 1 <= month <= 12:
            return None
        return _make(int(m[1] or year), month, 15, shown), f"{month}月"
    return None


def _from_number(number: float, shown: str) -> dt.date:
    """An Excel serial (45721 = 2025-03-05) or a number such as 20250305."""
    if _SERIAL_RANGE[0] <= number < _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(number))
    if number == int(number) and 19000101 <= number <= 21001231:
        n = int(number)
        return _make(n // 10000, n // 100 % 100, n % 100, shown)
    raise CellError(f"日期“{shown}”无法识别，请把这一列设为日期格式，或写成{FORMS}")


def parse_count(value: object) -> int | None:
    """A number of people: 12, 12.0, "12人", "１２"; None for a blank cell; CellError for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != int(value) or value < 0:
            raise CellError(f"人数“{value}”不是整数")
        return int(value)
    shown = str(value).strip()
    text = unicodedata.normalize("NFKC", shown).replace(" ", "")
    if not text or text in ("-", "—", "/", "无"):
        return None
    if m := _COUNT.match(text):
        return int(m[1])
    if m := _COUNT_NOTED.match(text):  # "13（线上4人）": the count, then how it was made up
        return int(m[1])
    # "12/13" (应到/实到 in one cell), "全体党员", "约20": not one count; the caller keeps the row and says so.
    raise CellError(f"人数“{shown}”不是一个数字，未读入，请在这一格只写人数")


def year_in(text: str, *, loose: bool = False) -> int | None:
    """The first year written as 2025年 (a title row such as “XX党支部2025年三会一课台账”), else None;
    `loose` also takes a bare 2025 (a file name such as 台账2025.xlsx)."""
    m = (_YEAR_LOOSE if loose else _YEAR).search(unicodedata.normalize("NFKC", text or ""))
    return int(m[1]) if m else None
