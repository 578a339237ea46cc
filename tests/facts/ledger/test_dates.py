"""Cells read as dates and numbers of people, in every form a ledger writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.facts.ledger.dates import CellError, parse_count, parse_date, year_in

MARCH_5 = dt.date(2025, 3, 5)


@pytest.mark.parametrize("cell", [
    "2025-03-05", "2025-3-5", "2025/3/5", "2025/03/05", "2025.3.5", "2025年3月5日", "2025年3月5号",
    "2025年3月5日上午", "2025年3月5日（星期三）下午2:30", "2025-03-05 14:30:00", "20250305", "２０２５年３月５日",
    " 2025 年 3 月 5 日 ", "2025年3月5日-6日", "2025年3月5日至7日", "2025.3.5-3.6", "25.3.5", "二〇二五年三月五日",
    dt.datetime(2025, 3, 5, 14, 30), MARCH_5, 45721, 45721.0, 45721.604, "45721", 20250305,
])
def test_every_form_gives_the_date(cell: object) -> None:
    assert parse_date(cell) == MARCH_5


@pytest.mark.parametrize("cell", ["3月5日", "3月5号", "3月5日下午", "３月５日", "3/5", "三月五日"])
def test_month_and_day_take_the_year_hint(cell: str) -> None:
    assert parse_date(cell, 2025) == MARCH_5
    with pytest.raises(CellError, match="没有年份"):
        parse_date(cell)


def test_chinese_tens() -> None:
    assert parse_date("二〇二五年十二月二十一日") == dt.date(2025, 12, 21)
    assert parse_date("十月十日", 2025) == dt.date(2025, 10, 10)


@pytest.mark.parametrize(("cell", "reason"), [
    ("2025-02-30", "不存在"), ("2025年13月1日", "不存在"), ("上旬", "无法识别"), ("待定", "无法识别"),
    (12, "无法识别"), (3.5, "无法识别"), ("", "没有日期"), (True, "无法识别"),
])
def test_unreadable_dates_say_why(cell: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        parse_date(cell, 2025)


@pytest.mark.parametrize(("cell", "count"), [
    ("12", 12), ("12人", 12), ("１２", 12), ("１２人", 12), (" 12 名", 12), (12, 12), (12.0, 12), (None, None),
    ("", None), ("-", None), ("无", None), (0, 0),
])
def test_counts(cell: object, count: int | None) -> None:
    assert parse_count(cell) == count


@pytest.mark.parametrize("cell", ["12/13", "全体党员", "约20人", "12.5", 12.5, -3, "二十"])
def test_not_a_count(cell: object) -> None:
    with pytest.raises(CellError):
        parse_count(cell)


def test_year_in_title_rows() -> None:
    assert year_in("临江二中党支部2025年三会一课台账") == 2025
    assert year_in("２０２４年度党建台账") == 2024
    assert year_in("三会一课台账") is None
    assert year_in("支部2025-3台账") is None  # a year counts only when written as one (2025年)


@pytest.mark.parametrize(("cell", "month", "text"), [
    ("4月上旬", 4, "4月上旬"), ("2025年11月底", 11, "11月底"), ("３月下旬", 3, "3月下旬"), ("6月初", 6, "6月初"),
])
def test_a_part_of_a_month_is_counted_in_its_month_and_told_as_written(cell: str, month: int, text: str) -> None:
    from drafter.facts.ledger.dates import parse_rough

    date, said = parse_rough(cell, 2025)
    assert (date.year, date.month, said) == (2025, month, text)


@pytest.mark.parametrize("cell", ["上半年", "2025年", "4月上旬至中旬", "13月", "5"])
def test_what_is_not_a_rough_date(cell: str) -> None:
    from drafter.facts.ledger.dates import parse_rough

    assert parse_rough(cell, 2025) is None


def test_a_rough_dated_row_is_read_counted_and_told_as_written() -> None:
    from drafter.drafting.thematic.prose import record_sentence
    from drafter.facts.ledger.classify import classify_all
    from drafter.facts.ledger.read import read_ledger

    ledger = read_ledger("活动时间,活动类型,活动名称及内容\n4月上旬,主题党日,清明节到烈士陵园祭扫\n".encode(),
                         "2025年离退休支部记录.csv")
    assert not ledger.refused and [n.row for n in ledger.notes] == [2]
    record = classify_all(ledger.records)[0]
    assert record.date.month == 4 and record_sentence(record).startswith("4月上旬，支部")
