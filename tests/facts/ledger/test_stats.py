"""Counts, attendance, months and the month × routine grid of the 45-row fixture ledger."""

from __future__ import annotations

import pytest

from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.stats import attendance, compute_stats, ledger_year, month_grid_rows
from tests.facts.ledger._records import COUNTS, SECRETARY, THEME_SIZES, ledger, rec


@pytest.fixture(scope="module")
def stats():
    return compute_stats(classify_all(ledger()))


def test_the_fixture_has_45_records(stats) -> None:
    assert stats.records == 45
    assert stats.year == 2025
    assert stats.outside_year == 0


def test_counts_per_routine(stats) -> None:
    assert {r.key: r.count for r in stats.routines} == COUNTS


def test_each_party_group_meeting_counts_once(stats) -> None:
    assert stats.count("group_meeting") == 8
    assert stats.grid["group_meeting"] == [0, 0, 2, 0, 0, 2, 0, 0, 2, 0, 0, 2]


def test_a_joint_row_counts_for_both_routines(stats) -> None:
    org, review = stats.routine("org_life"), stats.routine("democratic_review")
    assert org.count == review.count == 1
    assert org.months == review.months == [12]


def test_secretary_lectures_by_title_and_by_name() -> None:
    records = classify_all(ledger())
    assert compute_stats(records).secretary_lectures.count == 1
    with_name = compute_stats(records, secretary=SECRETARY).secretary_lectures
    assert with_name.count == 2
    assert with_name.months == [4, 7]
    assert with_name.label == "书记讲党课"


def test_months_covered(stats) -> None:
    assert stats.routine("committee").months == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
    assert stats.routine("theme_day").months == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert stats.routine("party_congress").months == [3, 6, 9, 12]
    assert stats.routine("heart_talk").months == [11]


def test_grid(stats) -> None:
    assert stats.grid["committee"] == [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1]
    assert stats.grid["theme_day"] == [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0]
    assert stats.grid["party_lecture"] == [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]
    assert all(len(row) == 12 for row in stats.grid.values())
    assert sum(stats.grid["committee"]) == 11
    rows = month_grid_rows(stats)
    assert rows[0] == ("支部党员大会", [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])
    assert [label for label, _ in rows][-1] == "谈心谈话"


def test_attendance(stats) -> None:
    whole = stats.attendance
    assert (whole.records, whole.expected, whole.present) == (8, 224, 209)
    assert whole.rate == 93.3
    assert whole.percent == 93
    congress = stats.routine("party_congress").attendance
    assert (congress.expected, congress.present) == (112, 106)
    assert congress.percent == 95  # 94.64 rounds up
    assert stats.routine("committee").attendance is None  # no row gave both figures


def test_attendance_only_where_both_figures_are_given() -> None:
    rows = [rec(expected=20, present=18), rec(present=30), rec(expected=10), rec(expected=0, present=0)]
    att = attendance(rows)
    assert (att.records, att.expected, att.present) == (1, 20, 18)
    assert attendance([rec(present=5)]) is None


def test_themes_with_their_records(stats) -> None:
    assert {g.key: len(g.records) for g in stats.themes} == THEME_SIZES
    assert stats.themes[-1].key == "other"
    volunteer = next(g for g in stats.themes if g.key == "volunteer")
    assert [r.topic for r in volunteer.records] == ["学雷锋志愿服务", "防汛志愿服务", "重阳节敬老志愿服务"]
    assert volunteer.label == "志愿服务"


def test_records_of_another_year_are_left_out() -> None:
    rows = ledger() + [rec(row=99, year=2024, month=12, day=30, kind="支委会")]
    stats = compute_stats(rows)
    assert stats.year == 2025
    assert stats.outside_year == 1
    assert stats.count("committee") == 11
    assert compute_stats(rows, year=2024).count("committee") == 1


def test_ledger_year_prefers_the_year_most_rows_are_in() -> None:
    assert ledger_year([rec(year=2024), rec(year=2025), rec(year=2025)]) == 2025
    assert ledger_year([]) is None


def test_no_records() -> None:
    stats = compute_stats([])
    assert stats.records == 0 and stats.attendance is None and stats.themes == []
    assert all(r.count == 0 for r in stats.routines)


def test_unclassified_records_are_counted_the_same() -> None:
    assert {r.key: r.count for r in compute_stats(ledger()).routines} == COUNTS


def test_attendance_rates_are_in_the_dump_for_the_ui(stats) -> None:
    dumped = stats.model_dump()
    assert dumped["attendance"]["rate"] == 93.3 and dumped["attendance"]["percent"] == 93
    assert dumped["routines"][0]["attendance"]["percent"] == 95


def test_the_date_span_leaves_out_an_undated_record() -> None:
    import datetime as dt

    from drafter.facts.ledger.stats import date_span

    rows = classify_all([rec(month=3, day=5, kind="支委会"), rec(month=11, day=2, kind="支委会")])
    blank = rows[0].model_copy(update={"date": dt.date(2025, 1, 1), "undated": True})
    assert date_span([*rows, blank]) == (dt.date(2025, 3, 5), dt.date(2025, 11, 2))
    assert date_span([blank]) is None
