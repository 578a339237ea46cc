"""Rows of cells and a column mapping made into ledger records; every row not read is refused with its reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from drafter.errors import LedgerError
from drafter.facts.ledger.dates import CellError, parse_count, parse_date, parse_rough, year_in
from drafter.facts.ledger.header import (
    COLUMN_LABELS,
    COLUMN_NAMES,
    cell_text,
    find_header,
    header_table,
    normalize_header,
    row_mapping,
)
from drafter.facts.ledger.models import Cell, Ledger, LedgerNote, LedgerRecord, LedgerTable, RefusedRow

TEXT_COLUMNS = ("kind", "topic", "content", "place", "host", "note")
MAX_TEXT = 2_000  # characters kept of one cell (a pasted minute of several pages is cut, and the row says so)
MAX_DATES = 12  # dates one cell may hold as as many meetings (a month's weekly 党小组 at most); a cell of thousands
# would multiply the records past the file's row cap


def check_mapping(mapping: Mapping[str, int], width: int | None = None) -> dict[str, int]:
    """A mapping given by the caller, validated: known column names, indexes in range, a date column."""
    out: dict[str, int] = {}
    for column, index in mapping.items():
        if column not in COLUMN_NAMES:
            raise LedgerError(f"列对应中的“{column}”不是可用的列名",
                              hint="可用：" + "、".join(f"{c}（{COLUMN_LABELS[c]}）" for c in COLUMN_NAMES))
        if not isinstance(index, int) or index < 0 or (width is not None and index >= width):
            raise LedgerError(f"{COLUMN_LABELS[column]}列的位置“{index}”超出了表格范围",
                              hint=f"表格共有{width}列，请从中选择" if width else "请重新选择这一列")
        out[column] = index
    if "date" not in out:
        raise LedgerError("列对应中没有日期列", hint="请指定哪一列是会议或活动的时间")
    return out


def _year_hint(table: LedgerTable, header_index: int, year: int | None) -> int | None:
    """The year for dates without one: the caller's, else a title's (2025年…台账), else the file name's."""
    if year:
        return year
    for row in table.rows[: max(header_index, 0)]:
        for cell in row:
            if (found := year_in(cell_text(cell))) is not None:
                return found
    return year_in(table.title) or year_in(table.source, loose=True) or year_in(table.sheet, loose=True)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # a date typed in a text column
    return cell_text(value)


def build_ledger(table: LedgerTable, mapping: Mapping[str, int] | None = None, *, year: int | None = None) -> Ledger:
    """Records of every data row below the header; `mapping` (column -> 0-based index) overrides the one found."""
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    try:
        header = find_header(rows)
        header_index, names, found = header.index, header.names, header.mapping
    except LedgerError:
        if mapping is None:
            raise
        header_index, names, found = -1, [], {}  # no header row: the caller says which column is which
    used = check_mapping(mapping if mapping is not None else found, width)
    year_hint = _year_hint(table, header_index, year)
    ledger = Ledger(source=table.source, sheet=table.sheet, header_row=header_index + 1, mapping=used,
                    headers=names + [""] * (width - len(names)), year=year_hint)
    for other in table.others:
        ledger.notes.append(LedgerNote(row=0, reason=f"“{other}”也像一份台账，本次只读入了“{table.sheet}”；"
                                                     "如需导入，请把它另存为单独的文件"))
    seen: dict[tuple, int] = {}
    htable = header_table()
    at = used.get("present")
    both = at is not None and at < len(names) and normalize_header(names[at]) in htable.both_counts
    previous: dt.date | None = None  # the date of the row above, for a date cell that says "同上"
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        number = index + 1
        if all(not _text(c) for c in cells):
            continue  # a blank row says nothing
        shown = [_text(c) for c in cells]
        again = row_mapping(cells, htable)
        if "date" in again and len(again) >= htable.min_columns:
            ledger.refused.append(RefusedRow(row=number, reason="这是重复的表头行（表格跨页时常见），不是记录",
                                             cells=shown))
            continue
        found = _record(cells, number, used, year_hint, ledger, both_counts=both, previous=previous)
        if isinstance(found, RefusedRow):
            found.cells = shown
            ledger.refused.append(found)
            continue
        record = found[0]
        if record.key() in seen:
            ledger.notes.append(LedgerNote(row=number, reason=f"与第{seen[record.key()]}行的日期、类别、主题都相同，"
                                                              "请确认是否重复登记（两个党小组同日开会请在主题或类别里写明小组）"))
        seen.setdefault(record.key(), number)
        if year_hint and record.date.year != year_hint:
            ledger.notes.append(LedgerNote(row=number, reason=f"日期{record.date.isoformat()}不在{year_hint}年，请核对"))
        ledger.records += found
        previous = None if record.undated else found[-1].date
    return ledger


def _more_dates(shown: str, first: dt.date) -> list[dt.date]:
    """The dates after the first of a cell holding several ("2025年8月5日、8月7日" → [8月7日]; "3月4日、11日、25日"
    → [3月11日, 3月25日]); [] when the cell holds one, or the rest cannot all be read."""
    found = _TWO.search(shown)
    if found is None:
        return []
    parts = re.split(r"[、，,；;和及与/\n]", shown[found.end() - 1:], maxsplit=MAX_DATES)
    if len(parts) >= MAX_DATES:
        raise CellError(f"日期一格里写了{MAX_DATES}个以上的日期")
    out, month = [], first
    for part in parts:
        part = part.strip()
        try:
            day = parse_date(part, first.year)
        except CellError:
            m = re.match(r"(\d{1,2})\s*[日号]?(?:[（(].*)?$", part)
            try:
                day = month.replace(day=int(m.group(1))) if m else None
            except ValueError:
                day = None
        if day is None:
            return []
        out.append(day)
        month = day
    return out


# A date cell holding who filled the form in ("填表人：王丽"): a signature line, not a bad date.
_SIGNATURE = re.compile(r"填表|记录人|审核|制表|负责人|签字|签名")
# "2025.7.15—7.25", "3月5日至6日": a span, read as its first day (the secretary is told).
_DAY = r"(?:\d{1,2}\s*[日号]|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})"  # a day written out: "5日", "2025.7.15"
_SPAN = r"(?:[—~～至到]|--?)"  # what joins the first and the last day of a span
_RANGE = re.compile(rf"{_DAY}\s*{_SPAN}\s*\d")
# two dates in one cell ("2025年8月5日、8月7日"): two meetings written in one row
_TWO = re.compile(rf"{_DAY}\s*[、，,；;和及与/\n]\s*\d")


def _record(cells: list[Cell], number: int, mapping: dict[str, int], year: int | None, ledger: Ledger, *,
            both_counts: bool = False, previous: dt.date | None = None) -> list[LedgerRecord] | RefusedRow:
    """One data row as its record (more when its date cell holds several days: "2025年8月5日、8月7日" is two
    meetings, two 党小组 …), or the reason it cannot be one. `both_counts`: the 实到 column holds "应到/实到";
    `previous`: the date of the row above (a cell that says "同上")."""

    def cell(column: str) -> Cell:
        i = mapping.get(column)
        return cells[i] if i is not None and i < len(cells) else None

    raw_date = cell("date")
    kind = _text(cell("kind"))
    undated = False
    if not _text(raw_date):
        if not kind and not _text(cell("topic")):
            return RefusedRow(row=number, reason="没有日期、类别和主题，像是说明或签名行，未读入；"
                                                 "如果是一条记录，请补填日期和类别")
        if year is None or not kind or kind in NOT_A_MEETING:
            return RefusedRow(row=number, reason="没有日期，无法读入；请在时间列填写日期（如2025年3月5日）")
        # a meeting the 类别 names, its date left blank: it was held, so it counts in the year (in no month)
        undated = True
        ledger.notes.append(LedgerNote(row=number, reason="没有日期：计入全年次数，但不算在哪个月，文中也不写日期；"
                                                         "请在台账中补上日期"))
    shown = _text(raw_date)
    if shown in SAME_AS_ABOVE and previous is not None:
        raw_date = previous
        ledger.notes.append(LedgerNote(row=number, reason=f"日期写的是“{shown}”，按上一行的日期（{previous.month}月"
                                                         f"{previous.day}日）计数，请核对"))
    if undated:
        raw_date = dt.date(year, 1, 1)  # for sorting only (LedgerRecord.undated): never told, counted in no month
    if isinstance(raw_date, str) and _SIGNATURE.search(shown):
        return RefusedRow(row=number, reason=f"日期列写的是“{shown[:20]}”，像是说明或签名行，未读入；"
                                             "如果是一条记录，请在日期列填写日期")
    date_text = ""
    try:
        date = parse_date(raw_date, year)
    except CellError as exc:
        rough = parse_rough(raw_date, year)
        # a month alone is a meeting in that month when the row says what it was; "8月 | 其他 | 暂停集中活动" is not
        if rough is not None and rough[1].endswith("月") and (not kind or kind in NOT_A_MEETING):
            rough = None
        if rough is None and (month := _no_such_day(shown, year)) is not None:
            # "2025.6.31": a day that does not exist, the month plain; the meeting was held, counted in that month
            rough = month
            ledger.notes.append(LedgerNote(row=number, reason=f"日期“{shown}”不存在，按{month[0].month}月计数，文中只写"
                                                             f"“{month[1]}”；请在台账中改正日期"))
        elif rough is not None:
            ledger.notes.append(LedgerNote(row=number, reason=f"日期“{shown}”没有写哪一天，按{rough[0].month}月计数，"
                                                             f"文中写作“{rough[1]}”；知道日期的话请在台账中补上"))
        if rough is None:
            return RefusedRow(row=number, reason=f"{exc}，这一行未读入")
        # "4月上旬": a real meeting with a rough date is counted in its month and told as the cell says it
        date, date_text = rough
    date_end, more = None, []
    if isinstance(raw_date, str) and _RANGE.search(shown):
        date_end = range_end(shown, date)
        ledger.notes.append(LedgerNote(row=number, reason=f"日期“{shown}”是一段时间，按第一天（{date.month}月{date.day}日）"
                                                         "计数，请核对"))
    elif isinstance(raw_date, str):
        try:
            more = _more_dates(shown, date)
        except CellError as exc:
            return RefusedRow(row=number, reason=f"{exc}，这一行未读入；请一次会议或活动写一行")
    if more:
        days = "、".join(f"{d.month}月{d.day}日" for d in [date, *more])
        n = "两三四五六七八九十"[len(more) - 1] if len(more) <= 9 else str(len(more) + 1)
        ledger.notes.append(LedgerNote(row=number, reason=f"日期“{shown}”有{n}个日期，按{n}次计数（{days}）；"
                                                         "如果是一次活动，请只写一个日期"))
    texts = {}
    for column in TEXT_COLUMNS:
        text = _text(cell(column))
        if len(text) > MAX_TEXT:
            ledger.notes.append(LedgerNote(row=number, reason=f"{COLUMN_LABELS[column]}超过{MAX_TEXT}字，只读入了前{MAX_TEXT}字"))
            text = text[:MAX_TEXT]
        texts[column] = text
    if "topic" not in mapping and not texts["topic"]:
        # one column for name and content ("活动名称及内容"): "重阳节“老干部看水利”：参观……" names its activity
        # before the colon, as a 主题 column would
        texts["topic"], texts["content"] = _named(texts["content"])
    if not texts["kind"] and not texts["topic"]:
        return RefusedRow(row=number, reason="只有日期，没有类别也没有主题，无法判断是什么会议或活动；请补填类别或主题")
    counts: dict[str, int | None] = {}
    pairs = _both_counts(_text(cell("present"))) if both_counts else []
    for column in ("expected", "present"):
        if pairs and (column == "present" or "expected" not in mapping):
            counts[column] = pairs[0][column == "present"]  # "27/23" under "应到/实到"
            continue
        try:
            counts[column] = parse_count(cell(column))
        except CellError as exc:
            counts[column] = None
            ledger.notes.append(LedgerNote(row=number, reason=f"{COLUMN_LABELS[column]}：{exc}"))
    if counts["expected"] is not None and counts["present"] is not None and counts["present"] > counts["expected"]:
        ledger.notes.append(LedgerNote(row=number, reason=f"实到{counts['present']}人多于应到{counts['expected']}人，请核对"))
    record = LedgerRecord(row=number, date=date, date_end=date_end, date_text=date_text, undated=undated,
                          expected=counts["expected"], present=counts["present"], **texts)
    # the other meetings of a row of several dates: the row's head-count is told once, so the rate over the rows
    # stays what a reader computes from them — unless the cell gives each its own ("13/12\n10/8\n8/5")
    own = pairs[1:] if len(pairs) == len(more) + 1 else [(None, None)] * len(more)
    return [record, *(record.model_copy(update={"date": d, "expected": e, "present": p})
                      for d, (e, p) in zip(more, own, strict=True))]


NOT_A_MEETING = ("其他", "其它", "备注", "说明")  # a 类别 that names no meeting or activity
SAME_AS_ABOVE = ("同上", "同前", "〃", "”", "同上行")  # a date cell that repeats the row above


def _both_counts(text: str) -> list[tuple[int, int]]:
    """(应到, 实到) of each line of a cell in an "应到/实到" column that gives them ("27/23", "28/21\n夜班7人" →
    [(28, 21)], "13/12\n10/8" → two); [] when its first line does not (read as one count)."""
    pairs = []
    for line in text.splitlines():
        m = re.match(r"\s*(\d{1,5})\s*[/／]\s*(\d{1,5})\s*(?:人)?\s*(?:[(（].*)?$", line)
        if not m:
            break
        pairs.append((int(m[1]), int(m[2])))
    return pairs


def _no_such_day(shown: str, year: int | None) -> tuple[dt.date, str] | None:
    """(the 15th of its month, "6月") of a date whose day does not exist ("2025.6.31"); None otherwise."""
    m = re.search(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?", shown)
    if not m or not 1 <= int(m[2]) <= 12 or not (m[1] or year):
        return None
    y, month = int(m[1] or year), int(m[2])
    try:
        dt.date(y, month, int(m[3]))
        return None  # the day exists: the cell's fault is another
    except ValueError:
        return dt.date(y, month, 15), f"{month}月"


_NAMED = re.compile(r"^([^，,。；;：:]{2,30})[：:]\s*(\S.*)$", re.S)


# a name that only says the 类别 again ("书记讲党课：学习贯彻……"): the first clause after it is the 主题
_LABEL = re.compile(r"^(?:支部)?(?:书记|专题)?讲?(?:党课|主题党日|党日活动|党员大会|支委会|党小组会|组织生活会)$")


def _named(content: str) -> tuple[str, str]:
    """(name, the rest) of a cell that opens with a name and a colon, or a short first line ("民营企业“法治体检”\n
    党员律师分4组……" in a "主题及主要内容" column); ("", the cell) otherwise."""
    first, newline, rest = content.partition("\n")
    if newline and rest.strip() and len(first.strip()) <= 25 and not re.search(r"[。；;]", first):
        return first.strip(), rest.strip()
    found = _NAMED.match(content)
    if not found:
        return "", content
    name, rest = found.group(1).strip(), found.group(2).strip()
    if _LABEL.match(name):  # a short rest is the title whole ("学习贯彻……精神，离岗不离党、退休不褪色")
        short = len(rest) <= 30 and "。" not in rest
        name, _, rest = (rest, "", "") if short else rest.partition("，")
    return name.strip(), rest.strip()


_END = re.compile(r"(?:(\d{4})\s*[-/.年]\s*)?(?:(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*[日号]?\s*(?:[（(].*)?$")


def range_end(shown: str, start: dt.date) -> dt.date | None:
    """The last day of a span written in one cell ("2025.7.15—7.25", "3月5日至6日", "2025-07-15~2025-07-25"), or
    None when it cannot be read or is not after the first day within three months."""
    tail = re.split(_SPAN, shown, maxsplit=1)[-1]
    m = _END.search(tail.strip())
    if not m:
        return None
    year, month, day = int(m.group(1) or start.year), int(m.group(2) or start.month), int(m.group(3))
    try:
        end = dt.date(year, month, day)
    except ValueError:
        return None
    return end if start < end <= start + dt.timedelta(days=92) else None


def remap(table: LedgerTable, mapping: Mapping[str, int], *, year: int | None = None) -> Ledger:
    """The same table read again with a mapping the secretary changed (the preview's editable mapping)."""
    return build_ledger(table, dict(mapping), year=year)


def parse_mapping_spec(specs: list[str], headers: list[str]) -> dict[str, int | None]:
    """`date=2,kind=B,topic=主题,note=` (1-based number, Excel letter, header as written; empty: not read) ->
    column -> 0-based index or None."""
    out: dict[str, int | None] = {}
    for spec in specs:
        for part in filter(None, (p.strip() for p in spec.replace("，", ",").split(","))):
            column, sep, where = (s.strip() for s in part.partition("="))
            if not sep or column not in COLUMN_NAMES:
                raise LedgerError(f"列对应“{part}”写法有误",
                                  hint="请写成 列名=列号，如 date=2,kind=3；列名可用：" + "、".join(COLUMN_NAMES))
            out[column] = _column_index(where, headers, part) if where else None
    return out


def override(mapping: Mapping[str, int], changes: Mapping[str, int | None]) -> dict[str, int]:
    """A mapping with some columns moved (index) or dropped (None), the others as they were."""
    out = {c: i for c, i in mapping.items() if c not in changes}
    out.update({c: i for c, i in changes.items() if i is not None})
    return out


def _column_index(where: str, headers: list[str], part: str) -> int:
    if where.isdigit() and int(where) >= 1:
        return int(where) - 1
    if where.isascii() and where.isalpha() and len(where) <= 2:
        n = 0
        for ch in where.upper():
            n = n * 26 + ord(ch) - 64
        return n - 1
    if where in headers:
        return headers.index(where)
    raise LedgerError(f"列对应“{part}”中的列“{where}”找不到",
                      hint="请写列号（从1数起）、Excel 列字母（A、B…）或表头原文")
