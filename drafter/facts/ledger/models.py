"""Records of a ledger and what reading one produced: rows, the column mapping, rows refused."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The columns a ledger may have, by the name the program uses; header names map onto these.
Column = Literal["date", "kind", "topic", "content", "expected", "present", "place", "host", "note"]


class LedgerRecord(BaseModel):
    """One meeting or activity: one row of the ledger."""

    model_config = ConfigDict(extra="forbid")

    row: int = Field(ge=0)  # 1-based row number in the source file (0 when typed in the app)
    date: dt.date
    date_end: dt.date | None = None  # the last day when the cell gives a span ("2025.7.15—7.25"); counted by `date`
    date_text: str = ""  # the cell gave only a part of a month ("4月上旬"): told so; counted in its month by `date`
    # no date at all, but a 类别 that names a meeting: counted in the year's totals, in no month, never told with a
    # day (`date` is then 1 January of the ledger's year, for sorting only)
    undated: bool = False
    kind: str = ""  # 类别 as written (支部党员大会, 党课, 主题党日, …)
    topic: str = ""  # 主题 / 议题 / 活动名称
    content: str = ""  # 主要内容
    expected: int | None = Field(default=None, ge=0)  # 应到人数
    present: int | None = Field(default=None, ge=0)  # 实到人数
    place: str = ""
    host: str = ""  # 主持人 / 主讲人 / 讲课人
    note: str = ""  # the secretary's own words: 做法、成效、体会
    note_typed: bool = False  # True when the secretary typed or changed the note in the app (an import never refills it)
    routine: str | None = None  # key from templates/routines.yaml (a routine or a theme), set by classification
    routine_fixed: bool = False  # True when the secretary corrected the class by hand
    ref: str | None = None  # "activities[2]" when the record is one of the sheet's own activities

    def key(self) -> tuple[dt.date, str, str]:
        """Identity used to merge a re-import without duplicates."""
        return (self.date, self.kind.strip(), self.topic.strip())


class RefusedRow(BaseModel):
    """A row that could not be read, with why (shown to the secretary, never dropped silently)."""

    row: int
    reason: str  # Chinese, says what to fix
    cells: list[str] = Field(default_factory=list)


class LedgerNote(BaseModel):
    """A row read, with something left out or worth checking (人数“12/13”, a date outside the year, a twin row)."""

    row: int
    reason: str  # Chinese, says what to check


class Ledger(BaseModel):
    """What reading one ledger file gave: the mapping found, the records, the rows refused."""

    source: str = ""  # file name
    header_row: int = 0  # 1-based row of the header
    mapping: dict[Column, int] = Field(default_factory=dict)  # column -> 0-based index in the sheet
    headers: list[str] = Field(default_factory=list)  # the header cells as written
    records: list[LedgerRecord] = Field(default_factory=list)
    refused: list[RefusedRow] = Field(default_factory=list)
    notes: list[LedgerNote] = Field(default_factory=list)  # rows kept, with a cell left out or worth checking
    sheet: str = ""  # the worksheet read (.xlsx), or "表格N" (.docx)
    year: int | None = None  # the year used for dates written without one (argument, title row or file name)


# A cell as read from the file: text, a number, a date (openpyxl's date cells), or blank.
Cell = str | int | float | dt.datetime | dt.date | None


class LedgerTable(BaseModel):
    """The cells of the table a ledger file holds, row by row (rows[i] is row i + 1 of the sheet or table)."""

    source: str = ""  # file name
    sheet: str = ""  # the worksheet (.xlsx) or "表格N" (.docx) the rows come from
    rows: list[list[Cell]] = Field(default_factory=list)
    others: list[str] = Field(default_factory=list)  # other sheets/tables that also look like a ledger
    title: str = ""  # text above the table outside it (.docx paragraphs), where a year may be written
