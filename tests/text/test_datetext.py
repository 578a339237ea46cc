"""Dates and months as people type them, and Chinese messages for what cannot be read."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.errors import InputError
from drafter.text.datetext import parse_date, parse_month


@pytest.mark.parametrize("text", ["2025-03-05", "2025/3/5", "3月5日", "2025年3月5日", "2025.3.5", "３月５日",
                                  " 2025年3月5号 "])
def test_typed_forms_of_one_day(text):
    assert parse_date(text, 2025) == dt.date(2025, 3, 5)


def test_a_day_without_year_takes_the_given_year_and_empty_is_none():
    assert parse_date("12月6日", 2026) == dt.date(2026, 12, 6)
    assert parse_date("", 2025) is None and parse_date(None) is None


@pytest.mark.parametrize(("text", "says"), [("3月35日", "不存在"), ("下周三", "无法识别"), ("2025-02-30", "不存在")])
def test_unreadable_dates_say_how_to_write_them(text, says):
    with pytest.raises(InputError) as exc:
        parse_date(text, 2025)
    assert says in str(exc.value) and text in str(exc.value)


def test_a_short_date_without_any_year_asks_for_one():
    with pytest.raises(InputError, match="年份"):
        parse_date("3月5日", None)


def test_months():
    assert [parse_month(x) for x in ("3", "3月", "１２", None, "")] == [3, 3, 12, None, None]
    with pytest.raises(InputError, match="1 到 12"):
        parse_month("13")
