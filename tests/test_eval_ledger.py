"""bench/eval_ledger.py's own reader and checks: the counts it reports must be right, or the bench misleads."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest

from drafter.settings import RESOURCE_ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("eval_ledger", RESOURCE_ROOT / "bench" / "eval_ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts_found_in_text_and_the_secretarys_lectures_kept_apart(bench) -> None:
    text = "全年召开支部党员大会4次、支委会十二次，讲党课3次，其中书记讲党课2次，开展主题党日活动11次。谈心谈话21人次。"
    said = bench.draft_counts(text)
    assert said["支部党员大会"] == [4] and said["支委会"] == [12] and said["主题党日"] == [11]
    assert said["党课"] == [3] and said["书记讲党课"] == [2]
    assert said["谈心谈话"] == []  # 21人次 is people, not meetings


def test_compare_says_different_and_not_stated(bench) -> None:
    rows = bench.compare_counts({"支委会": 12, "党小组会": 8, "组织生活会": 1}, "召开支委会11次。召开年度组织生活会。")
    assert ("支委会", 12, "11次", False) in rows
    assert ("党小组会", 8, "not stated", False) in rows
    assert ("组织生活会", 1, "named, no number (once)", True) in rows


def test_gbk_csv_with_other_headers_and_a_joint_meeting(bench, tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["日期", "活动形式", "活动名称", "参加人数", "讲课人"])
    w.writerow(["2025.1.17", "组织生活会、民主评议", "年度组织生活会暨民主评议党员", "30", "许红梅"])
    w.writerow(["2025年4月23日", "党课", "书记讲党课", "28", "许红梅"])
    w.writerow(["2025/10/29", "党课", "老党员讲党课", "26", "王德厚"])
    w.writerow(["填表人：张三", "", "", "", ""])
    path = tmp_path / "台账.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    records = bench.read_ledger(path)
    assert len(records) == 3
    counts = bench.ledger_counts(records, "许红梅")
    assert counts == {"组织生活会": 1, "民主评议党员": 1, "党课": 2, "书记讲党课": 1}


def test_longest_dated_run_resets_at_headings(bench) -> None:
    md = ("## 一、学习\n\n3月5日，支部开展学习。4月2日，支部参观。全年开展3次。5月8日，支部研讨。\n\n"
          "## 二、组织\n\n6月1日，召开大会。7月1日，重温誓词。2025年8月20日，开展活动。9月份，支部走访。")
    assert bench.longest_dated_run(md)[0] == 4


def test_example_ledger_counted_by_its_type_column(bench) -> None:
    records = bench.read_ledger(RESOURCE_ROOT / "examples" / "ledgers" / "企业党支部2025年三会一课台账.xlsx")
    counts = bench.ledger_counts(records, "周志刚")
    assert len(records) == 46
    assert counts["支委会"] == 12 and counts["党小组会"] == 12 and counts["主题党日"] == 11
    assert counts["党课"] == 3 and counts["书记讲党课"] == 2


def test_a_two_row_header_and_a_date_written_as_eight_digits(bench, tmp_path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["某派出所党支部2025年登记表"])
    w.writerow(["序号", "开展时间", "组织生活形式", "主题", "参加人数", "", "备注"])
    w.writerow(["", "", "", "", "应到", "实到", ""])
    w.writerow(["1", "20250612", "支委会", "研究安保", "5", "5", ""])
    w.writerow(["2", "2025-7-8", "支委会", "研究汛期", "5", "4", ""])
    path = tmp_path / "two_rows.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    records = bench.read_ledger(path)
    assert [r["date"] for r in records] == ["20250612", "2025-7-8"] and bench.ledger_counts(records, "")["支委会"] == 2
    # 应到/实到 under the merged 参加人数 are read, so the attendance rate can be rebuilt (9/10 = 90%)
    assert {r["expected"] for r in records} == {"5"} and "90" in bench.attendance_rates(records)


def test_a_rough_date_counts_and_an_organiser_column_names_the_host(bench, tmp_path: Path) -> None:
    path = tmp_path / "retirees.csv"
    path.write_text("活动时间,活动类型,活动名称及内容,组织者\n2025年3月26日,党课,书记讲党课,宋德明\n"
                    "4月上旬,主题党日,清明节祭扫,支委\n8月,其他,暂停集中活动,\n", encoding="utf-8")
    records = bench.read_ledger(path)
    counts = bench.ledger_counts(records, "宋德明")
    assert counts["主题党日"] == 1 and counts["书记讲党课"] == 1 and len(records) == 2  # "8月" alone is no date


def test_a_month_alone_counts_unless_the_row_is_no_meeting(bench, tmp_path: Path) -> None:
    path = tmp_path / "bureau.csv"
    path.write_text("时间,类别,主题\n2025-3-5,主题党日,学雷锋\n2025.5,主题党日,创建文明城市\n2025.8,其他,高温暂停\n",
                    encoding="utf-8")
    records = bench.read_ledger(path)
    assert bench.ledger_counts(records, "")["主题党日"] == 2 and len(records) == 2


def test_two_dates_in_one_cell_count_twice(bench, tmp_path: Path) -> None:
    path = tmp_path / "tax.csv"
    path.write_text("时间,类别,主题\n2025年8月5日、8月7日,党小组会,两个小组分别学习\n2025-9-5,党小组会,学习\n",
                    encoding="utf-8")
    assert bench.ledger_counts(bench.read_ledger(path), "")["党小组会"] == 3


def test_a_meeting_with_its_date_left_blank_still_counts(bench, tmp_path: Path) -> None:
    path = tmp_path / "school.csv"
    path.write_text("时间,类别,主题\n2025-3-5,党小组会,学习\n,党小组会,学习条例\n,,\n", encoding="utf-8")
    records = bench.read_ledger(path)
    assert bench.ledger_counts(records, "")["党小组会"] == 2 and len(records) == 2


def test_a_word_ledger_in_two_tables_is_read_whole(bench, tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("某支部2025年三会一课台账")
    for rows in ([("2025年3月5日", "支委会", "研究工作"), ("2025年4月2日", "主题党日", "学雷锋")],
                 [("2025年9月3日", "支委会", "研究工作")]):
        table = doc.add_table(rows=1, cols=3)
        for cell, word in zip(table.rows[0].cells, ("时间", "类别", "主题"), strict=True):
            cell.text = word
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    path = tmp_path / "台账.docx"
    doc.save(str(path))
    counts = bench.ledger_counts(bench.read_ledger(path), "")
    assert counts["支委会"] == 2 and counts["主题党日"] == 1  # the second table's header is no record


def test_three_dates_on_lines_and_a_date_said_as_the_row_above(bench, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text('时间,类别,主题\n"9月10日\n9月11日\n9月12日",党小组会,学习\n2025-9-20,支委会,研究\n同上,主题党日,学习\n'
                    "2025.6.31,民主评议,评议\n", encoding="utf-8")
    counts = bench.ledger_counts(bench.read_ledger(path), "")
    assert (counts["党小组会"], counts["主题党日"], counts["民主评议党员"]) == (3, 1, 1)


def test_the_secretary_by_surname_and_post(bench, tmp_path: Path) -> None:
    path = tmp_path / "law.csv"
    path.write_text("时间,类别,主题,主讲\n2025-3-5,党课,学习,沈主任\n2025-6-5,党课,学习,沈明\n", encoding="utf-8")
    assert bench.ledger_counts(bench.read_ledger(path), "沈嘉禾")["书记讲党课"] == 1


def test_full_width_dates_and_one_column_for_both_counts(bench, tmp_path: Path) -> None:
    path = tmp_path / "e1.csv"
    path.write_text("时间,类型,主题,应到/实到\n２０２５年３月５日,党小组会,学习,10/9\n2025.11.20-11.28,谈心谈话,谈心,27/23\n",
                    encoding="utf-8")
    records = bench.read_ledger(path)
    assert bench.ledger_counts(records, "")["党小组会"] == 1
    assert (records[0]["expected"], records[0]["present"]) == ("10", "9")
    held = bench.held_numbers(records, bench.read_rows(path), "", {}, 2025)
    assert "28" in held and "86" in held  # a span's last day; the rate 32/37
