"""What the app does with a sheet's ledger: records to and from the saved form, a merge with its counts, a row's
class corrected or deleted, a note typed in, a preview's counts, the review's hints and grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter.errors import LedgerError
from drafter.facts.ledger.classify import classify_all, correct, load_rules
from drafter.facts.ledger.hints import Hint, compliance_hints
from drafter.facts.ledger.merge import merge
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.records import sheet_records, sheet_stats
from drafter.facts.ledger.stats import compute_stats, month_grid_rows
from drafter.facts.sheet import FactSheet
from drafter.text.clean import clean_text


class MergeResult(BaseModel):
    """A ledger merged into the records kept: the records, and how many were new or already there."""

    records: list[LedgerRecord]
    added: int
    duplicates: int

    @property
    def message(self) -> str:
        """The Chinese sentence the app shows after 并入材料."""
        if not self.added:
            return f"台账中的{self.duplicates}条记录都已在材料中，未重复添加"
        dup = f"，{self.duplicates}条已在材料中，未重复添加" if self.duplicates else ""
        return f"已并入{self.added}条记录{dup}；材料中现有台账记录{len(self.records)}条"


def rows_of(records: Iterable[LedgerRecord]) -> list[dict[str, Any]]:
    """Records as JSON-ready dicts (how the raw form keeps them between reruns and in the database)."""
    return [r.model_dump(mode="json") for r in records]


def records_of(rows: Iterable[dict[str, Any]] | None) -> list[LedgerRecord]:
    """The records of the saved form; a row that no longer validates is an error saying how to fix it."""
    out = []
    for i, row in enumerate(rows or [], 1):
        try:
            out.append(LedgerRecord.model_validate(row))
        except ValidationError:
            raise LedgerError(f"材料中的第{i}条台账记录无法读取", hint="请清空台账后重新导入台账文件") from None
    return out


def merge_ledger(kept: Sequence[LedgerRecord], new: Sequence[LedgerRecord]) -> MergeResult:
    """New records (classified here, so the table shows their class) merged into the kept ones, no duplicates."""
    records, added, duplicates = merge(list(kept), classify_all(new))
    return MergeResult(records=records, added=added, duplicates=duplicates)


def class_options() -> dict[str, str]:
    """Routine and theme keys -> Chinese labels, routines first: what a row's class may be corrected to."""
    rules = load_rules()
    return {r.key: r.label for r in rules.routines + rules.themes}


def corrected(records: Sequence[LedgerRecord], index: int, key: str) -> list[LedgerRecord]:
    """The records with one row's class set by hand (kept by every later classification)."""
    _check(records, index)
    return [correct(r, key) if i == index else r for i, r in enumerate(records)]


def deleted(records: Sequence[LedgerRecord], index: int) -> list[LedgerRecord]:
    """The records without one row."""
    _check(records, index)
    return [r for i, r in enumerate(records) if i != index]


def with_notes(records: Sequence[LedgerRecord], typed: Mapping[int, str]) -> list[LedgerRecord]:
    """The records with the notes typed in the app (row index -> text, cleaned): a changed note is marked typed, so a
    later import of the ledger file keeps it."""
    out = list(records)
    for index, text in typed.items():
        note = clean_text(text or "").strip()
        if 0 <= index < len(out) and note != out[index].note:
            out[index] = out[index].model_copy(update={"note": note, "note_typed": True})
    return out


def _check(records: Sequence[LedgerRecord], index: int) -> None:
    if not 0 <= index < len(records):
        raise LedgerError("这条台账记录已不存在", hint="请刷新页面后重新选择")


def count_lines(records: Sequence[LedgerRecord], year: int | None = None,
                secretary: str = "") -> tuple[list[str], list[str]]:
    """("支部党员大会 4次", …) for each routine held, and ("学习教育 10项", …) for each theme: a preview's counts."""
    stats = compute_stats(classify_all(records), year=year, secretary=secretary)
    routines = [f"{r.label} {r.count}{r.unit}" for r in stats.routines if r.count]
    if stats.secretary_lectures.count:
        lect = stats.secretary_lectures
        routines.append(f"{lect.label} {lect.count}{lect.unit}")
    themes = [f"{g.label} {len(g.records)}项" for g in stats.themes if g.records]
    return routines, themes


def draft_hints(facts: FactSheet, as_of: dt.date | None = None) -> list[Hint]:
    """Compliance hints over every record of the sheet, up to as_of (the signature date, else today)."""
    if not sheet_records(facts):
        return []
    as_of = as_of or facts.signature_date or dt.date.today()
    return compliance_hints(sheet_stats(facts), as_of=as_of)


def draft_grid(facts: FactSheet) -> list[tuple[str, list[int]]]:
    """The month × routine grid of the sheet's records ([] when it has none)."""
    records = sheet_records(facts)
    return month_grid_rows(sheet_stats(facts, records)) if records else []

