"""The header row of a ledger: found below title rows, its names mapped onto columns by templates/ledger_columns.yaml."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple, get_args

import yaml

from drafter.errors import LedgerError, TemplateError
from drafter.facts.ledger.dates import CellError, parse_date
from drafter.facts.ledger.models import Column
from drafter.settings import RESOURCE_ROOT

COLUMNS_FILE = RESOURCE_ROOT / "templates" / "ledger_columns.yaml"
COLUMN_NAMES: tuple[str, ...] = get_args(Column)
# How the program names each column to the secretary (preview, CLI, messages).
COLUMN_LABELS: dict[str, str] = {"date": "日期", "kind": "类别", "topic": "主题", "content": "主要内容",
                                 "expected": "应到人数", "present": "实到人数", "place": "地点",
                                 "host": "主持人/主讲人", "note": "备注/书记的话"}
IGNORED = "ignore"
# A unit in brackets at the end of a header: 实到人数（人）, 应到(人数), 时间（年月日）.
_UNIT = re.compile(r"\((?:人|人数|名|个|次|年月日|年/月/日|月日)\)$")


class HeaderTable:
    """Header names → column name, from the YAML (variants are data, not code)."""

    def __init__(self, path: Path = COLUMNS_FILE) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            self.names: dict[str, str] = {}
            for column, variants in data["columns"].items():
                if column not in COLUMN_NAMES:
                    raise TemplateError(f"{path.name} 中的列名“{column}”不是 {', '.join(COLUMN_NAMES)} 之一")
                for v in variants:
                    self.names[normalize_header(str(v))] = column
            for v in data.get("ignore", []):
                self.names[normalize_header(str(v))] = IGNORED
            # 应到 and 实到 in one column: mapped as 实到, its cells split ("27/23") when the row is read
            self.both_counts = {normalize_header(str(v)) for v in data.get("attendance", [])}
            self.names.update(dict.fromkeys(self.both_counts, "present"))
            self.min_columns = int(data.get("min_columns", 2))
            self.max_scan = int(data.get("max_scan", 30))
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise TemplateError(f"台账表头文件 {path} 无法读取：{exc}", hint="请检查 templates/ 目录是否完整") from exc

    def match(self, text: str) -> str | None:
        """The column a header cell names ("ignore" for 序号 and the like), or None."""
        return self.names.get(normalize_header(text)) if text else None


@cache
def header_table() -> HeaderTable:
    """The shipped header table, read once."""
    return HeaderTable()


def normalize_header(text: str) -> str:
    """“实到人数\n（人）” -> “实到人数”: width, spaces, newlines, colons and a unit in brackets dropped."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"\s+", "", text).rstrip(":").replace("*", "")
    return _UNIT.sub("", text)


def cell_text(value: object) -> str:
    """A cell as text for header matching and messages (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def row_mapping(cells: list[object], table: HeaderTable) -> dict[str, int]:
    """Columns a row names as a header (first occurrence of each wins), without the ignored ones."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        col = table.match(cell_text(cell))
        if col and col != IGNORED and col not in found:
            found[col] = i
    return found


def _looks_like_date(cells: list[object]) -> bool:
    """Whether any cell of the row reads as a date (a data row, so not a header)."""
    for cell in cells:
        try:
            parse_date(cell, 2000)
            return True
        except CellError:
            continue
    return False


def _choose_date_column(rows: list[list[object]], index: int, mapping: dict[str, int], table: HeaderTable) -> None:
    """Of two date-like columns (时间 holding 14:30 and 日期 holding the day), the one whose cells read as dates."""
    candidates = [i for i, c in enumerate(rows[index]) if table.match(cell_text(c)) == "date"]
    if len(candidates) < 2:
        return

    def dates(i: int) -> int:
        below = rows[index + 1: index + 21]
        return sum(_looks_like_date([r[i]]) for r in below if i < len(r))

    mapping["date"] = max(candidates, key=lambda i: (dates(i), -i))


class Header(NamedTuple):
    """Where the header is and what it maps: index of its last row (0-based), column -> index, names as written."""

    index: int
    mapping: dict[str, int]
    names: list[str]


def find_header(rows: list[list[object]], table: HeaderTable | None = None) -> Header:
    """The header among the first rows; LedgerError when there is none.

    The header is the row that names the most columns, with a date column; title rows and blank rows above it
    are skipped. A second header row below it (参会人数 over 应到 | 实到) refines the mapping."""
    table = table or header_table()
    best, best_map = -1, {}
    for i, cells in enumerate(rows[: table.max_scan]):
        found = row_mapping(cells, table)
        if "date" in found and len(found) >= table.min_columns and len(found) > len(best_map):
            best, best_map = i, found
    if best < 0:
        raise LedgerError(
            "没有找到台账的表头行",
            hint="表格前几行里应有一行列名，至少包括“时间”或“日期”，以及“类别”“主题”等；"
                 "请检查文件是否选对，或在表头行写上这些列名",
        )
    _choose_date_column(rows, best, best_map, table)
    names = [cell_text(c) for c in rows[best]]
    if best + 1 < len(rows) and not _looks_like_date(rows[best + 1]):
        sub = rows[best + 1]
        below = row_mapping(sub, table)
        if below and all(not cell_text(c) or table.match(cell_text(c)) for c in sub):
            for col, i in below.items():
                for other in [c for c, j in best_map.items() if j == i and c != col]:
                    del best_map[other]  # the upper cell spanned this column; the lower one names it
                best_map[col] = i
            lower = [cell_text(c) for c in sub]
            width = max(len(names), len(lower))
            names += [""] * (width - len(names))
            lower += [""] * (width - len(lower))
            names = [f"{u}/{n}" if u and n and u != n else (n or u) for u, n in zip(names, lower, strict=True)]
            best += 1
    return Header(best, best_map, names)
