"""Importing again merges without duplicates and keeps the secretary's corrections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from drafter.facts.ledger.merge import merge
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.read import read_ledger
from tests.facts.ledger.conftest import HEADER, branch_ledger, table_rows, write_xlsx


def _rec(day: int, kind: str = "支委会", topic: str = "研究工作", **kw: object) -> LedgerRecord:
    return LedgerRecord(row=day, date=dt.date(2025, 3, day), kind=kind, topic=topic, **kw)


def test_same_file_twice_adds_nothing(ledger_xlsx: Path) -> None:
    first = read_ledger(ledger_xlsx).records
    merged, added, dups = merge([], first)
    assert (len(merged), added, dups) == (48, 48, 0)
    merged, added, dups = merge(merged, read_ledger(ledger_xlsx).records)
    assert (len(merged), added, dups) == (48, 0, 48)


def test_second_file_adds_only_new_rows(tmp_path: Path) -> None:
    rows = branch_ledger()
    a = read_ledger(write_xlsx(tmp_path / "a.xlsx", HEADER, table_rows(rows[:30]))).records
    b = read_ledger(write_xlsx(tmp_path / "b.xlsx", HEADER, table_rows(rows[20:]))).records
    merged, added, dups = merge(a, b)
    assert (len(merged), added, dups) == (48, 18, 10)
    assert [r.date for r in merged] == sorted(r.date for r in merged)


def test_corrected_class_is_kept() -> None:
    kept = _rec(5, routine="党课", routine_fixed=True, note="书记的话")
    merged, added, dups = merge([kept], [_rec(5, routine="支委会", note="", place="会议室")])
    assert (added, dups) == (0, 1)
    assert merged[0].routine == "党课" and merged[0].routine_fixed
    assert merged[0].note == "书记的话"  # the kept value wins
    assert merged[0].place == "会议室"  # an empty field is filled from the new file


def test_twin_rows_count_as_a_multiset() -> None:
    twins = [_rec(5), _rec(5)]
    merged, added, _ = merge([], twins)
    assert added == 2
    merged, added, dups = merge(merged, twins + [_rec(5)])
    assert (len(merged), added, dups) == (3, 1, 2)


def test_key_ignores_surrounding_spaces_and_inputs_are_not_changed() -> None:
    existing = [_rec(5, topic="研究工作 ")]
    new = [_rec(5, place="会议室")]
    merged, added, dups = merge(existing, new)
    assert (added, dups) == (0, 1)
    assert existing[0].place == "" and merged[0] is not existing[0]


def test_a_note_typed_in_the_app_is_not_replaced_by_the_files() -> None:
    typed = _rec(5, note="书记在app里写的做法", note_typed=True)
    emptied = _rec(6, note="", note_typed=True)
    untouched = _rec(7)
    new = [_rec(5, note="文件里的备注"), _rec(6, note="文件里的备注"), _rec(7, note="文件里的备注")]
    merged, added, dups = merge([typed, emptied, untouched], new)
    assert (added, dups) == (0, 3)
    assert [r.note for r in merged] == ["书记在app里写的做法", "", "文件里的备注"]
