"""Ledger files read as rows of cells: .xlsx (openpyxl), .csv (UTF-8/BOM or GBK) and a table in .docx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from drafter.errors import InputError, LedgerError
from drafter.facts.ledger.build import build_ledger
from drafter.facts.ledger.header import find_header, header_table
from drafter.facts.ledger.models import Cell, Ledger, LedgerTable
from drafter.text.clean import clean_text
from drafter.text.safeinput import safe_docx_bytes

MAX_BYTES = 10 * 1024 * 1024  # a year's ledger is tens of KB; photos pasted into a .docx stay well under this
MAX_ROWS = 5_000  # non-blank rows; a branch holds a few hundred meetings a year at most
MAX_COLUMNS = 64  # cells further right are not read (sheets formatted to column XFD would cost seconds)
MAX_SCAN = 100_000  # rows looked at in a sheet, blank or not (sheets formatted down to row 65,536 still pass)
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".docx")


def _too_many_rows(source: str) -> LedgerError:
    return LedgerError(f"台账“{source}”超过{MAX_ROWS}行，无法导入",
                       hint="请只导入一个年度的台账，或把表格拆成几个文件分别导入")


def _clean(value: object) -> Cell:
    """Text cells without control characters (they would break the .docx later); other values as they are."""
    if isinstance(value, str):
        return clean_text(value).strip()
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    if isinstance(value, dt.time):  # a time-only cell (14:30) is not a date; keep it readable
        return value.strftime("%H:%M")
    return clean_text(str(value)).strip()


def _blank(row: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c) for c in row)


def _trim(row: list[Cell]) -> list[Cell]:
    while row and (row[-1] is None or row[-1] == ""):
        row.pop()
    return row


def _capped(rows: list[list[Cell]], source: str) -> list[list[Cell]]:
    if sum(1 for r in rows if not _blank(r)) > MAX_ROWS:
        raise _too_many_rows(source)
    return rows


def _score(rows: list[list[Cell]]) -> int:
    """How many columns the best header row among these rows names (0 when none)."""
    try:
        return len(find_header(rows).mapping)
    except LedgerError:
        return 0


# --- .xlsx -------------------------------------------------------------------------------------------------


def _merged_ranges(data: bytes, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of a sheet, 1-based; read-only mode skips them."""
    out = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(sheet_path.lstrip("/")) as fh:
            for _event, el in iterparse(fh):
                if el.tag.endswith("}mergeCell") and (ref := el.get("ref")):
                    m = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", ref)
                    if m:
                        out.append((int(m[2]), _col(m[1]), int(m[4]), _col(m[3])))
                el.clear()
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError):
        return []
    return out


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _xlsx_rows(ws, source: str, limit: int | None = None) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    filled = 0
    for i, values in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
        if limit is not None and i >= limit:
            break
        if i >= MAX_SCAN:
            raise _too_many_rows(source)
        row = _trim([_clean(v) for v in values])
        filled += bool(row)
        if filled > MAX_ROWS:
            raise _too_many_rows(source)
        rows.append(row)
    return rows


def _fill_down(rows: list[list[Cell]], ranges: list[tuple[int, int, int, int]]) -> None:
    """A cell merged down several rows (类别 “党小组会” over three groups) holds for each row it covers."""
    for r1, c1, r2, _c2 in ranges:
        if r2 <= r1 or r1 > len(rows) or c1 > MAX_COLUMNS:
            continue
        top = rows[r1 - 1][c1 - 1] if c1 <= len(rows[r1 - 1]) else None
        for r in range(r1, min(r2, len(rows))):
            row = rows[r]
            row += [None] * (c1 - len(row))
            if row[c1 - 1] in (None, ""):
                row[c1 - 1] = top


def read_xlsx(data: bytes, source: str) -> LedgerTable:
    """The sheet that looks most like a ledger; other candidate sheets are named so nothing is ignored silently."""
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about parts it does not read (data validation, conditional formats): values are unaffected.
        warnings.simplefilter("ignore")
        return _read_xlsx(data, source, openpyxl)


def _read_xlsx(data: bytes, source: str, openpyxl) -> LedgerTable:
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a damaged or encrypted file
        raise LedgerError(f"无法打开 Excel 文件“{source}”：{type(exc).__name__}",
                          hint="请确认文件未加密、未损坏，可在 Excel 中打开后另存为 .xlsx 再试") from exc
    try:
        scored = []
        for ws in wb.worksheets:
            ws.reset_dimensions()  # a wrong <dimension> in the file must not cut rows off
            scored.append((_score(_xlsx_rows(ws, source, limit=header_table().max_scan + 2)), ws))
        best_score, best = max(scored, key=lambda t: t[0]) if scored else (0, None)
        if best is None or best_score == 0:
            return LedgerTable(source=source, sheet=best.title if best else "",
                               rows=_xlsx_rows(best, source) if best else [])
        rows = _xlsx_rows(best, source)
        _fill_down(rows, _merged_ranges(data, getattr(best, "_worksheet_path", "") or ""))
        others = [ws.title for s, ws in scored if s and ws is not best]
        return LedgerTable(source=source, sheet=best.title, rows=rows, others=others)
    finally:
        wb.close()


# --- .csv --------------------------------------------------------------------------------------------------


def decode_csv(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of the GBK that Excel on Chinese Windows writes)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerError(f"无法识别 CSV 文件“{source}”的编码",
                      hint="请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或直接导入 .xlsx 文件")


def read_csv(data: bytes, source: str) -> LedgerTable:
    """Rows of a CSV file; the delimiter (, ; tab) is sniffed from its first lines."""
    text = decode_csv(data, source)
    sample = "\n".join(text.splitlines()[:30])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:  # one column, or too irregular: the most frequent candidate wins
        delimiter = max(",;\t", key=sample.count)
    rows: list[list[Cell]] = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(_trim([_clean(v) for v in values]))
            if len(rows) > MAX_SCAN:
                raise _too_many_rows(source)
    except csv.Error as exc:
        raise LedgerError(f"CSV 文件“{source}”第{len(rows) + 1}行格式有误：{exc}",
                          hint="请检查该行的引号是否成对，或改为导入 .xlsx 文件") from exc
    return LedgerTable(source=source, rows=_capped(rows, source))


# --- .docx -------------------------------------------------------------------------------------------------


def _docx_rows(table, source: str) -> list[list[Cell]]:
    """Cell texts of a Word table; python-docx repeats a cell merged across columns, so repeats are blanked."""
    rows: list[list[Cell]] = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells[:MAX_COLUMNS]:
            cells.append("" if cell._tc is previous else _clean(cell.text))
            previous = cell._tc
        rows.append(_trim(cells))
        if len(rows) > MAX_SCAN:
            raise _too_many_rows(source)
    return rows


def _text_before(document, element) -> str:
    """The paragraphs above a table (a title such as “2025年三会一课台账” written outside it), last 500 chars."""
    parts = []
    for child in document.element.body.iterchildren():
        if child is element:
            break
        if child.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
    return clean_text("\n".join(parts))[-500:]


def read_docx(data: bytes, source: str) -> LedgerTable:
    """The table of a Word document whose header names the most ledger columns."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types on a damaged file
        raise LedgerError(f"无法打开 Word 文件“{source}”：{type(exc).__name__}",
                          hint="请确认是 .docx 文件且未损坏；.doc 请先在 Word 中另存为 .docx") from exc
    tables = [_docx_rows(t, source) for t in document.tables]
    if not tables:
        raise LedgerError(f"Word 文件“{source}”里没有表格", hint="台账应是一张表格，每行一次会议或活动")
    scores = [_score(rows) for rows in tables]
    best = max(range(len(tables)), key=lambda i: scores[i])
    # A ledger Word splits (a table a half-year, a page, a table pasted again below) goes on in the tables of
    # its width after it: read as one, their header rows refused as repeated headers (and listed)
    width = _width(tables[best])
    joined = [best, *(i for i in range(best + 1, len(tables)) if _width(tables[i]) == width)]
    others = [f"表格{i + 1}" for i, s in enumerate(scores) if s and i not in joined]
    rows = [row for i in joined for row in tables[i]]
    return LedgerTable(source=source, sheet="、".join(f"表格{i + 1}" for i in joined), rows=_capped(rows, source),
                       others=others, title=_text_before(document, document.tables[best]._tbl))


def _width(rows: list[list[Cell]]) -> int:
    return max((len(r) for r in rows), default=0)


# --- any file ----------------------------------------------------------------------------------------------


def read_table(source: bytes | str | Path, filename: str | None = None) -> LedgerTable:
    """The cells of a ledger file (a path, or the bytes of an upload with its file name); LedgerError if unreadable."""
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        if not path.is_file():
            raise LedgerError(f"找不到台账文件“{path}”", hint="请检查路径")
        if path.stat().st_size > MAX_BYTES:
            raise _too_big(filename, path.stat().st_size)
        data = path.read_bytes()
    else:
        data = source
    name = filename or "台账"
    if len(data) > MAX_BYTES:
        raise _too_big(name, len(data))
    suffix = Path(name).suffix.lower()
    if suffix in (".xls", ".et", ".doc", ".wps"):
        raise LedgerError(f"不支持旧格式文件“{name}”",
                          hint="请在 Excel/Word/WPS 中另存为 .xlsx、.docx 或 .csv 后再导入")
    if suffix in (".csv", ".txt") and data[:2] == b"PK":
        suffix = ".xlsx"  # an .xlsx renamed to .csv: read what it is
    if suffix in (".xlsx", ".xlsm", ".docx"):
        # Both are zip packages: sizes and compression checked before any parser inflates them (a zip bomb).
        try:
            data = safe_docx_bytes(data, what=f"台账文件“{name}”")
        except InputError as exc:
            raise LedgerError(exc.message, hint="请在 Excel/Word/WPS 中打开后另存一份，只保留台账表格再导入") from None
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(data, name)
    if suffix in (".csv", ".txt"):
        return read_csv(data, name)
    if suffix == ".docx":
        return read_docx(data, name)
    raise LedgerError(f"无法识别台账文件“{name}”的类型", hint="请导入 .xlsx、.csv 或含表格的 .docx 文件")


def _too_big(name: str, size: int) -> LedgerError:
    return LedgerError(f"台账文件“{name}”有{size / 1024 / 1024:.1f} MB，超过{MAX_BYTES // 1024 // 1024} MB 的上限",
                       hint="请删除表格里的图片，或只保留一个年度的记录后再导入")


def read_ledger(source: bytes | str | Path, filename: str | None = None, mapping: dict[str, int] | None = None,
                *, year: int | None = None) -> Ledger:
    """Read a ledger file into records; `mapping` (column -> 0-based index) overrides the header found."""
    return build_ledger(read_table(source, filename), mapping, year=year)

