"""The app's ledger operations: merge counts and message, correction and deletion, saved rows, hints, grid."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.errors import FactsError, LedgerError
from drafter.facts.ledger import editing
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.load import parse_facts


def _rec(month: int, kind: str, topic: str = "") -> LedgerRecord:
    return LedgerRecord(row=month + 1, date=dt.date(2025, month, 5), kind=kind, topic=topic)


def test_merge_counts_classifies_and_says_how_many():
    first = editing.merge_ledger([], [_rec(1, "支委会"), _rec(2, "党课", "七一党课")])
    assert (first.added, first.duplicates) == (2, 0)
    assert [r.routine for r in first.records] == ["committee", "party_lecture"]
    assert first.message == "已并入2条记录；材料中现有台账记录2条"
    again = editing.merge_ledger(first.records, [_rec(1, "支委会"), _rec(2, "党课", "七一党课")])
    assert (again.added, again.duplicates, len(again.records)) == (0, 2, 2)
    assert again.message == "台账中的2条记录都已在材料中，未重复添加"
    more = editing.merge_ledger(again.records, [_rec(1, "支委会"), _rec(3, "主题党日")])
    assert more.message == "已并入1条记录，1条已在材料中，未重复添加；材料中现有台账记录3条"


def test_a_correction_survives_a_merge_and_deletion_takes_one_row():
    kept = editing.merge_ledger([], [_rec(1, "支委会"), _rec(2, "学习")]).records
    fixed = editing.corrected(kept, 1, "org_life")
    assert fixed[1].routine == "org_life" and fixed[1].routine_fixed and kept[1].routine != "org_life"
    assert editing.merge_ledger(fixed, [_rec(2, "学习")]).records[1].routine == "org_life"
    assert [r.kind for r in editing.deleted(fixed, 0)] == ["学习"]
    with pytest.raises(LedgerError, match="已不存在"):
        editing.deleted(fixed, 2)
    assert "org_life" in editing.class_options() and editing.class_options()["committee"] == "支委会"


def test_rows_round_trip_and_a_broken_row_says_how_to_fix_it():
    kept = editing.merge_ledger([], [_rec(4, "支部党员大会")]).records
    rows = editing.rows_of(kept)
    assert rows[0]["date"] == "2025-04-05" and editing.records_of(rows) == kept
    with pytest.raises(LedgerError, match="第1条台账记录无法读取"):
        editing.records_of([{"date": "不是日期"}])


def test_counts_hints_and_grid_of_a_sheet():
    records = [_rec(m, "支委会") for m in range(1, 13) if m != 3] + [_rec(5, "党课", "书记讲党课")]
    routines, themes = editing.count_lines(records, 2025)
    assert "支委会 11次" in routines and "党课 1次" in routines and themes == []
    facts = parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会"},
                         "ledger": editing.rows_of(records)})
    grid = dict(editing.draft_grid(facts))
    assert grid["支委会"] == [1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    hints = {h.rule: h for h in editing.draft_hints(facts, dt.date(2025, 12, 31))}
    committee = next(h for h in hints.values() if h.routine == "committee")
    assert committee.missing_months == [3] and committee.source and "另有规定" in committee.note
    # Up to April only: the months after are not checked.
    early = next(h for h in editing.draft_hints(facts, dt.date(2025, 4, 30)) if h.routine == "committee")
    assert early.missing_months == [3] and early.not_reached == list(range(5, 13))
    bare = parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会"}})
    assert editing.draft_grid(bare) == [] and editing.draft_hints(bare) == []


def test_a_note_typed_in_the_app_is_cleaned_marked_and_survives_a_reimport():
    imported = [_rec(1, "支委会"), _rec(2, "党课", "七一党课").model_copy(update={"note": "书记结合案例讲党课"})]
    kept = editing.merge_ledger([], imported).records
    typed = editing.with_notes(kept, {0: "  采取“支委+党员”结对\x07方式  ", 1: "", 5: "不存在的行"})
    assert typed[0].note == "采取“支委+党员”结对方式" and typed[0].note_typed
    assert typed[1].note == "" and typed[1].note_typed  # emptied on purpose
    assert editing.with_notes(typed, {0: "采取“支委+党员”结对方式"}) == typed  # unchanged: nothing to mark
    again = editing.merge_ledger(typed, [r.model_copy(update={"note": "文件中的备注"}) for r in imported]).records
    assert [r.note for r in again] == ["采取“支委+党员”结对方式", ""]
    assert editing.records_of(editing.rows_of(again)) == again  # saved with the form and read back


def test_a_note_typed_too_long_is_a_problem_placed_at_its_row():
    rows = editing.rows_of([_rec(1, "支委会").model_copy(update={"note": "说" * 2001})])
    with pytest.raises(FactsError) as exc:
        parse_facts({"year": 2025, "branch": {"name": "支部"}, "ledger": rows})
    (problem,) = exc.value.details
    assert problem.path == ("ledger", 0, "note") and problem.code == "too_long"
    assert problem.message.startswith("台账记录第1条的备注：最多 2000 字")
