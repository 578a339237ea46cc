"""The header row: every variant of templates/ledger_columns.yaml, normalisation, title rows, two-row headers."""

from __future__ import annotations

import pytest
import yaml

from drafter.errors import LedgerError
from drafter.facts.ledger.header import (
    COLUMN_NAMES,
    COLUMNS_FILE,
    find_header,
    header_table,
    normalize_header,
)

DATA = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))
VARIANTS = [(column, name) for column, names in DATA["columns"].items() for name in names]
CANONICAL = {"date": "时间", "kind": "类别", "topic": "主题", "content": "主要内容", "expected": "应到人数",
             "present": "实到人数", "place": "地点", "host": "主持人", "note": "备注"}


def test_yaml_covers_every_column_and_the_brief() -> None:
    assert set(DATA["columns"]) == set(COLUMN_NAMES)
    names = {n for _, n in VARIANTS}
    for must in ["时间", "日期", "活动时间", "会议时间", "类别", "类型", "会议类型", "活动形式", "形式", "主题", "议题",
                 "活动名称", "名称", "主要内容", "内容", "内容摘要", "会议内容", "活动内容", "应到", "应到人数", "实到",
                 "实到人数", "参加人数", "参会人数", "地点", "主持人", "主讲人", "讲课人", "备注", "书记的话", "体会", "成效"]:
        assert must in names
    assert len(names) == len(VARIANTS), "a header name listed under two columns"


@pytest.mark.parametrize(("column", "name"), VARIANTS, ids=[f"{c}-{n}" for c, n in VARIANTS])
def test_each_variant_maps_its_column(column: str, name: str) -> None:
    header = ["序号"] + [name if c == column else CANONICAL[c] for c in COLUMN_NAMES]
    found = find_header([["某某党支部2025年台账"], [], header, ["1", "2025-03-05", "支委会"]])
    assert found.index == 2
    assert found.mapping[column] == header.index(name)
    assert set(found.mapping) == set(COLUMN_NAMES)


@pytest.mark.parametrize(("written", "normal"), [
    ("实到人数（人）", "实到人数"), ("实到\n人数\n(人)", "实到人数"), (" 时 间 ", "时间"), ("应到（人数）", "应到"),
    ("主题：", "主题"), ("时间（年月日）", "时间"), ("*日期", "日期"), ("会议\u3000时间", "会议时间"),
    ("主持人（主讲人）", "主持人(主讲人)"),  # a police station's ledger: the host column was left unread
])
def test_normalisation(written: str, normal: str) -> None:
    assert normalize_header(written) == normal
    assert header_table().match(written) is not None


def test_sequence_number_is_known_but_not_read() -> None:
    assert header_table().match("序号") == "ignore"
    assert "ignore" not in find_header([["序号", "时间", "类别"]]).mapping


def test_header_must_name_a_date_column() -> None:
    with pytest.raises(LedgerError, match="没有找到台账的表头行") as err:
        find_header([["类别", "主题", "地点"], ["支委会", "x", "y"]])
    assert "时间" in str(err.value)  # the message says what to add


def test_best_row_wins_over_a_title_that_mentions_columns() -> None:
    rows = [["时间：2025年  类别：三会一课"], ["序号", "会议时间", "会议类型", "会议主题", "参会人数"]]
    found = find_header(rows)
    assert found.index == 1 and found.mapping == {"date": 1, "kind": 2, "topic": 3, "present": 4}


def test_two_row_header() -> None:
    rows = [["2025年三会一课台账"],
            ["序号", "时间", "类别", "主题", "参会人数", None, "地点"],
            [None, None, None, None, "应到", "实到", None],
            [1, "2025-03-05", "支委会", "研究工作", 5, 5, "会议室"]]
    found = find_header(rows)
    assert found.index == 2  # data starts below the second header row
    assert found.mapping == {"date": 1, "kind": 2, "topic": 3, "expected": 4, "present": 5, "place": 6}
    assert found.names[4] == "参会人数/应到" and found.names[5] == "实到"


def test_data_row_below_header_is_not_a_second_header() -> None:
    rows = [["时间", "类别", "主题"], ["2025-03-05", "支委会", "主题"]]
    assert find_header(rows).index == 0


def test_of_two_date_columns_the_one_holding_dates_wins() -> None:
    rows = [["时间", "日期", "类别", "主题"], ["14:30", "2025-03-05", "支委会", "x"], ["上午", "3月6日", "党课", "y"]]
    assert find_header(rows).mapping["date"] == 1
    rows = [["日期", "时间", "类别"], ["2025-03-05", "14:30", "支委会"]]
    assert find_header(rows).mapping["date"] == 0
