"""Reading ledger files: .xlsx with a merged title row, CSV in BOM/GBK, a .docx table, refused rows, caps."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from drafter.errors import LedgerError
from drafter.facts.ledger import read as read_module
from drafter.facts.ledger.build import build_ledger, remap
from drafter.facts.ledger.read import read_ledger, read_table
from tests.facts.ledger.conftest import (
    HEADER,
    Row,
    branch_ledger,
    csv_bytes,
    table_rows,
    write_docx,
    write_xlsx,
)

COUNTS = {"支委会": 12, "党小组会": 12, "主题党日": 11, "支部党员大会": 4, "党课": 3, "谈心谈话": 2, "组织生活会": 1,
          "民主评议党员": 1, "志愿服务": 1, "走访慰问": 1}


def _same_records(ledger, rows: list[Row]) -> None:
    """Every row of the generator read back with its values (date, kind, topic, counts, note)."""
    assert [(r.date, r.kind, r.topic, r.expected, r.present, r.host, r.note) for r in ledger.records] == [
        (d, kind, topic, exp, pres, host, note) for d, kind, topic, _c, exp, pres, _p, host, note in rows]


def test_xlsx_with_merged_title_row(ledger_xlsx: Path, ledger_rows: list[Row]) -> None:
    ledger = read_ledger(ledger_xlsx)
    assert ledger.header_row == 2 and ledger.sheet == "台账" and ledger.year == 2025
    assert ledger.mapping == {"date": 1, "kind": 2, "topic": 3, "content": 4, "expected": 5, "present": 6,
                              "place": 7, "host": 8, "note": 9}
    assert ledger.headers[0] == "序号"
    assert len(ledger.records) == 48 and not ledger.refused and not ledger.notes
    assert Counter(r.kind for r in ledger.records) == COUNTS
    _same_records(ledger, ledger_rows)
    assert [r.row for r in ledger.records] == list(range(3, 51))  # row numbers as Excel shows them


def test_xlsx_blank_rows_and_serial_dates(tmp_path: Path) -> None:
    rows = [[1, 45721, "支委会", "研究工作"], [2, dt.date(2025, 4, 1), "党课", "讲党课"],
            [3, "2025年5月6日", "主题党日", "志愿服务"], [4, 20250607, "党小组会", "学习"]]
    path = write_xlsx(tmp_path / "a.xlsx", ["序号", "日期", "类型", "议题"], rows, blank_first=3)
    ledger = read_ledger(path)
    assert ledger.header_row == 4
    assert [r.date for r in ledger.records] == [dt.date(2025, 3, 5), dt.date(2025, 4, 1), dt.date(2025, 5, 6),
                                                dt.date(2025, 6, 7)]
    assert [r.row for r in ledger.records] == [5, 6, 7, 8]


def test_xlsx_cell_merged_down_counts_for_each_row(tmp_path: Path) -> None:
    import openpyxl

    path = write_xlsx(tmp_path / "m.xlsx", ["时间", "类别", "主题"],
                      [["2025-03-12", "党小组会", "第一党小组学习"], ["2025-03-13", None, "第二党小组学习"]])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("B2:B3")
    wb.save(path)
    assert [r.kind for r in read_ledger(path).records] == ["党小组会", "党小组会"]


def test_xlsx_best_sheet_is_read_and_others_named(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由组织委员填写"])
    for name, n in [("主题党日", 2), ("三会一课", 3)]:
        ws = wb.create_sheet(name)
        ws.append(["时间", "类别", "主题", "地点"][: n + 1])
        ws.append(["2025-03-05", "主题党日", "学雷锋", "社区"][: n + 1])
    wb.save(tmp_path / "w.xlsx")
    ledger = read_ledger(tmp_path / "w.xlsx")
    assert ledger.sheet == "三会一课"
    assert any("主题党日" in n.reason for n in ledger.notes)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    rows = branch_ledger()
    data = csv_bytes(HEADER, table_rows(rows), encoding=encoding)
    ledger = read_ledger(data, "台账2025.csv")
    assert ledger.header_row == 1 and ledger.year == 2025  # year from the file name
    assert len(ledger.records) == 48 and not ledger.refused
    _same_records(ledger, rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(delimiter: str) -> None:
    data = csv_bytes(HEADER, table_rows(branch_ledger()[:6]), delimiter=delimiter)
    assert len(read_ledger(data, "t.csv").records) == 6


def test_csv_quoted_cell_with_newline_keeps_row_numbers() -> None:
    data = '时间,类别,主题,主要内容\n2025/3/5,支委会,研究工作,"一是学习\n二是部署"\n2025/3/6,,,\n'.encode()
    ledger = read_ledger(data, "t.csv")
    assert ledger.records[0].content == "一是学习\n二是部署"
    assert [r.row for r in ledger.refused] == [3]  # the record number, as Excel shows it


def test_docx_table_with_merged_title(tmp_path: Path) -> None:
    rows = branch_ledger()
    path = write_docx(tmp_path / "台账.docx", HEADER, table_rows(rows), title="临江二中党支部2025年三会一课台账")
    ledger = read_ledger(path)
    assert ledger.sheet == "表格2" and ledger.header_row == 2 and ledger.year == 2025
    assert len(ledger.records) == 48 and not ledger.refused
    _same_records(ledger, rows)


def test_docx_title_paragraph_above_the_table_gives_the_year(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "t.docx", ["时间", "类别", "主题"], [["3月5日", "支委会", "研究工作"]],
                      title="临江二中党支部2025年三会一课台账", title_in_table=False)
    ledger = read_ledger(path)
    assert ledger.header_row == 1 and ledger.year == 2025
    assert ledger.records[0].date == dt.date(2025, 3, 5)


def test_docx_merged_cells(tmp_path: Path) -> None:
    import docx

    path = write_docx(tmp_path / "m.docx", ["时间", "类别", "主题", "主要内容"],
                      [["3月12日", "党小组会", "第一党小组学习", "学习"], ["3月13日", "", "第二党小组学习", ""]],
                      title="2025年台账")
    document = docx.Document(str(path))
    table = document.tables[1]
    table.cell(2, 1).merge(table.cell(3, 1))  # 类别 merged down over both groups
    table.cell(3, 2).merge(table.cell(3, 3))  # 主题 spans the content column
    document.save(str(path))
    records = read_ledger(path).records
    assert [r.kind for r in records] == ["党小组会", "党小组会"]
    assert records[1].content == ""  # a cell spanning two columns is read once


def test_docx_without_ledger_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("没有表格")
    document.save(str(tmp_path / "n.docx"))
    with pytest.raises(LedgerError, match="没有表格"):
        read_ledger(tmp_path / "n.docx")


def test_refused_rows_have_numbers_and_reasons(tmp_path: Path) -> None:
    rows = [[1, "2025-03-05", "支委会", "研究工作", 5, 5],
            [2, "", "党课", "讲党课", 28, 27],
            [3, "三月上旬", "主题党日", "志愿服务", 28, 25],
            [4, "2025-02-30", "支委会", "x", 5, 5],
            [5, "2025-04-01", "", "", 5, 5],
            [None, None, None, None, None, None],
            ["序号", "时间", "类别", "主题", "应到人数", "实到人数"],
            [6, "4月8日", "党小组会", "学习", "12/13", "全体"],
            [7, "2025-04-09", "党小组会", "学习", 12, 14]]
    path = write_xlsx(tmp_path / "r.xlsx", ["序号", "时间", "类别", "主题", "应到人数", "实到人数"], rows)
    ledger = read_ledger(path)
    refused = {r.row: r.reason for r in ledger.refused}
    assert set(refused) == {3, 4, 6, 8, 9}  # the blank row 7 is skipped; nothing else is dropped
    assert "没有日期" in refused[3] and "三月上旬" in refused[4]
    assert "没有类别也没有主题" in refused[6] and "表头" in refused[8]
    assert "没有年份" in refused[9]  # 4月8日, and neither the file nor the caller gives a year
    assert ledger.refused[0].cells == ["2", "", "党课", "讲党课", "28", "27"]
    # a day that does not exist (2025-02-30): the meeting counted in its month, told as "2月", and said so
    assert [r.row for r in ledger.records] == [2, 5, 10]
    typo = next(r for r in ledger.records if r.row == 5)
    assert typo.date.month == 2 and typo.date_text == "2月"
    assert any(n.row == 5 and "不存在" in n.reason and "按2月计数" in n.reason for n in ledger.notes)
    kept = read_ledger(path, year=2025)
    row9 = next(r for r in kept.records if r.row == 9)
    assert row9.date == dt.date(2025, 4, 8) and row9.expected is None and row9.present is None
    notes = [n.reason for n in kept.notes if n.row == 9]
    assert any("12/13" in n for n in notes) and any("全体" in n for n in notes)
    assert any(n.row == 10 and "多于应到" in n.reason for n in kept.notes)


def test_date_outside_the_year_and_twin_rows_are_noted(tmp_path: Path) -> None:
    rows = [["2024-12-30", "支委会", "研究工作"], ["2025-03-05", "支委会", "研究工作"],
            ["2025-03-05", "支委会", "研究工作"]]
    ledger = read_ledger(write_xlsx(tmp_path / "y.xlsx", ["时间", "类别", "主题"], rows, title="2025年台账"))
    assert len(ledger.records) == 3
    assert {(n.row, "2025年" in n.reason, "第4行" in n.reason) for n in ledger.notes} == {(3, True, False),
                                                                                       (5, False, True)}


def test_control_characters_are_cleaned() -> None:
    data = "时间,类别,主题,备注\n2025/3/5,支委\x07会,研究\x0b工作\x00,体会\x1b好\n".encode()
    record = read_ledger(data, "c.csv").records[0]
    assert (record.kind, record.topic, record.note) == ("支委会", "研究工作", "体会好")


def test_mapping_override_and_remap(tmp_path: Path) -> None:
    rows = [["2025-03-05", "支委会", "研究工作", "党员活动室"]]
    path = write_xlsx(tmp_path / "o.xlsx", ["时间", "形式", "名称", "说明"], rows)
    found = read_ledger(path)
    assert found.records[0].note == "党员活动室"
    changed = dict(found.mapping)
    del changed["note"]
    changed["place"] = 3
    table = read_table(path)
    again = remap(table, changed)
    assert again.mapping == changed
    assert (again.records[0].place, again.records[0].note) == ("党员活动室", "")
    assert read_ledger(path, mapping=changed).records == again.records
    swapped = build_ledger(table, {"date": 0, "kind": 2, "topic": 1})
    assert (swapped.records[0].kind, swapped.records[0].topic) == ("研究工作", "支委会")


@pytest.mark.parametrize(("mapping", "message"), [
    ({"kind": 1}, "没有日期列"), ({"date": 0, "kind": 9}, "超出"), ({"date": 0, "who": 1}, "不是可用的列名"),
])
def test_bad_mapping(tmp_path: Path, mapping: dict, message: str) -> None:
    table = read_table(write_xlsx(tmp_path / "b.xlsx", ["时间", "类别"], [["2025-03-05", "支委会"]]))
    with pytest.raises(LedgerError, match=message):
        build_ledger(table, mapping)


def test_mapping_without_any_header() -> None:
    data = "2025/3/5,支委会,研究工作\n2025/3/6,党课,讲党课\n".encode()
    with pytest.raises(LedgerError, match="表头"):
        read_ledger(data, "h.csv")
    ledger = read_ledger(data, "h.csv", mapping={"date": 0, "kind": 1, "topic": 2})
    assert ledger.header_row == 0 and [r.row for r in ledger.records] == [1, 2]


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_module, "MAX_BYTES", 1000)
    with pytest.raises(LedgerError, match="超过") as err:
        read_ledger(b"x" * 1001, "big.csv")
    assert "图片" in str(err.value)  # says how to fix
    (tmp_path / "big.xlsx").write_bytes(b"x" * 1001)
    with pytest.raises(LedgerError, match="超过"):
        read_ledger(tmp_path / "big.xlsx")


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "docx"])
def test_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.setattr(read_module, "MAX_ROWS", 20)
    rows = table_rows(branch_ledger()[:20])
    write = {"csv": lambda p, r: p.write_bytes(csv_bytes(HEADER, r)), "xlsx": lambda p, r: write_xlsx(p, HEADER, r),
             "docx": lambda p, r: write_docx(p, HEADER, r)}[suffix]
    write(tmp_path / f"ok.{suffix}", rows[:19])
    assert len(read_ledger(tmp_path / f"ok.{suffix}").records) == 19
    write(tmp_path / f"big.{suffix}", rows)
    with pytest.raises(LedgerError, match="超过20行"):
        read_ledger(tmp_path / f"big.{suffix}")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("a.xls", b"\xd0\xcf\x11\xe0", "另存为"), ("a.doc", b"\xd0\xcf\x11\xe0", "另存为"), ("a.pdf", b"%PDF", "无法识别"),
    ("a.xlsx", b"not a zip", "无法打开"), ("a.docx", b"not a zip", "无法打开"), ("a.csv", b"\xff\xfe\x00\xd8x", "编码"),
])
def test_unreadable_files(name: str, data: bytes, message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        read_ledger(data, name)


def test_xlsx_renamed_to_csv_is_read(ledger_xlsx: Path) -> None:
    assert len(read_ledger(ledger_xlsx.read_bytes(), "台账.csv").records) == 48


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="找不到"):
        read_ledger(tmp_path / "none.xlsx")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_zip_bomb_ledger_is_refused_before_it_is_inflated(suffix):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml" if suffix == ".xlsx" else "word/document.xml", b" " * (60 * 1024 * 1024))
    with pytest.raises(LedgerError, match="解压后有 60 MB，超过上限"):
        read_table(buf.getvalue(), f"台账{suffix}")


def test_a_signature_in_the_date_column_a_span_and_a_month_without_day_say_what_they_are() -> None:
    data = ("时间,类别,主题\n2025.7.15—7.25,主题党日,暑期家访\n2025.8,其他,高温暂停集中活动\n"
            "3月5日至6日,主题党日,学雷锋\n填表人：王丽,,\n").encode("gbk")
    ledger = read_ledger(data, "2025年台账.csv")
    assert [(r.date.month, r.date.day) for r in ledger.records] == [(7, 15), (3, 5)]
    notes = {n.row: n.reason for n in ledger.notes}
    assert "一段时间" in notes[2] and "7月15日" in notes[2] and "一段时间" in notes[4]
    # the span's last day is kept for the prose ("7月15日至25日"); the count goes by the first
    assert [r.date_end for r in ledger.records] == [dt.date(2025, 7, 25), dt.date(2025, 3, 6)]
    refused = {r.row: r.reason for r in ledger.refused}
    assert "只有年和月" in refused[3] and "签名行" in refused[5]


def test_two_dates_in_one_cell_are_two_meetings_and_said() -> None:
    # (a tax office's "2025年8月5日、8月7日" was two 党小组 meeting; counted once, readers marked the total short)
    data = "时间,类别,主题\n2025年8月5日、8月7日,党小组会,学习\n2025年8月9日,党小组会,学习\n2025年9月1日、3日,支委会,研究\n".encode()
    ledger = read_ledger(data, "2025年台账.csv")
    assert [(r.date.month, r.date.day) for r in ledger.records] == [(8, 5), (8, 7), (8, 9), (9, 1), (9, 3)]
    assert [r.row for r in ledger.records] == [2, 2, 3, 4, 4]
    assert ledger.records[1].present is None  # the row's head-count counts once
    notes = {n.row: n.reason for n in ledger.notes}
    assert "两个日期" in notes[2] and "按两次计数" in notes[2] and 3 not in notes


@pytest.mark.parametrize(("shown", "end"), [
    ("2025.7.15—7.25", (7, 25)), ("2025年7月28日至8月2日", (8, 2)), ("2025-07-15~2025-07-25", (7, 25)),
    ("3月5日至6日", (3, 6)), ("2025.7.15-7.25（暑假）", (7, 25)),
    ("2025.7.25—7.15", None), ("2025.7.15—12.25", None),  # backwards, or too long: not a span we tell
])
def test_the_last_day_of_a_span(shown: str, end) -> None:
    from drafter.facts.ledger.build import range_end
    from drafter.facts.ledger.dates import parse_date

    got = range_end(shown, parse_date(shown, 2025))
    assert (got.month, got.day) == end if end else got is None


def test_one_column_for_name_and_content_is_split_at_its_colon() -> None:
    text = ("活动时间,活动类型,活动名称及内容,出席人数\n"
            "2025-10-29,主题党日,重阳节“老干部看水利”：参观柳河水库除险加固工程,14\n"
            "2025-03-26,党课,书记讲党课：学习贯彻中央八项规定精神，离岗不离党,16\n"
            "2025-11-12,谈心谈话,支委分头上门与每名党员谈心,3\n")
    records = read_ledger(text.encode("utf-8"), "离退休.csv").records
    assert [(r.topic, r.content) for r in records] == [
        ("重阳节“老干部看水利”", "参观柳河水库除险加固工程"),
        ("学习贯彻中央八项规定精神，离岗不离党", ""),  # "书记讲党课" only says the 类别 again: the title follows
        ("", "支委分头上门与每名党员谈心"),  # no colon: the content as it is
    ]
    # with a 主题 column of its own, a colon in the content is the content's
    both = read_ledger("时间,类别,主题,内容\n2025-3-5,主题党日,学雷锋,分工：清扫楼道\n".encode(), "a.csv").records[0]
    assert (both.topic, both.content) == ("学雷锋", "分工：清扫楼道")


def test_a_month_alone_counts_for_a_meeting_and_is_told_as_the_month() -> None:
    data = "时间,类别,主题\n2025.5,主题党日,创建文明城市\n2025年6月份,支委会,研究七一表彰\n".encode()
    ledger = read_ledger(data, "2025年台账.csv")
    assert [(r.date.month, r.date_text) for r in ledger.records] == [(5, "5月"), (6, "6月")]
    assert not ledger.refused and len(ledger.notes) == 2


def test_a_meeting_with_its_date_left_blank_counts_in_the_year_and_in_no_month() -> None:
    from drafter.facts.ledger.classify import classify_all
    from drafter.facts.ledger.stats import compute_stats

    data = ("时间,类别,主题\n2025-3-5,党小组会,学习\n,党小组会,学习《条例》\n,其他,暂停活动\n,,\n").encode()
    ledger = read_ledger(data, "2025年台账.csv")
    undated = [r for r in ledger.records if r.undated]
    assert len(undated) == 1 and undated[0].topic == "学习《条例》"
    assert any("没有日期：计入全年次数" in n.reason for n in ledger.notes)
    assert [r.row for r in ledger.refused] == [4]  # 其他 with no date names no meeting
    groups = next(r for r in compute_stats(classify_all(ledger.records), year=2025).routines if r.key == "group_meeting")
    assert groups.count == 2 and groups.months == [3]  # counted in the year, in no month


def test_a_fifth_ledgers_cells_are_read() -> None:
    """Held-out pair E (first contact, run 25): three dates in one cell, "同上", a day that does not exist, an
    "应到/实到" column of "27/23", "13（线上4人）", and header names "议题/主题", "主持（主讲）人", "主题及主要内容"."""
    data = ("日期,类型,议题/主题,应到/实到,主持（主讲）人\n"
            "2025年3月4日、11日、25日,党小组会,学习条例,10/9,王强\n"
            "同上,支委会,研究工作,5/5,韩志强\n"
            "2025.6.31,主题党日,学雷锋,13（线上4人）,韩志强\n").encode()
    ledger = read_ledger(data, "2025年台账.csv")
    assert {"topic", "present", "host"} <= ledger.mapping.keys() and "expected" not in ledger.mapping
    assert [(r.date.month, r.date.day) for r in ledger.records] == [(3, 4), (3, 11), (3, 25), (3, 25), (6, 15)]
    first, _, _, same, typo = ledger.records
    assert (first.expected, first.present) == (10, 9) and same.topic == "研究工作" and same.host == "韩志强"
    assert typo.date_text == "6月" and (typo.expected, typo.present) == (None, 13)  # one count: 实到
    notes = {n.row: n.reason for n in ledger.notes}
    assert "三个日期" in notes[2] and "同上" in notes[3] and "不存在" in notes[4]
    one = read_ledger("时间,类别,主题及主要内容,参加人数\n2025-5-6,主题党日,学习：学习条例,13（线上4人）\n".encode(), "t.csv")
    assert one.records[0].present == 13 and one.records[0].content


def test_the_secretary_named_by_surname_and_post_gave_the_lecture() -> None:
    from drafter.facts.ledger.classify import classify_all, is_secretary_lecture
    from tests.facts.ledger._records import rec

    row = classify_all([rec(kind="党课", topic="学习条例", host="沈主任")])[0]
    assert is_secretary_lecture(row, "沈嘉禾") and not is_secretary_lecture(row, "王建国")
    assert not is_secretary_lecture(classify_all([rec(kind="党课", topic="学习", host="沈明")])[0], "沈嘉禾")


def test_a_word_ledger_split_into_two_tables_is_read_whole(tmp_path: Path) -> None:
    """Held-out E1: a table a half-year, the second's header worded a little differently; both read."""
    import docx

    document = docx.Document()
    document.add_paragraph("某项目部党支部2025年三会一课台账")
    halves = [(["时间", "类型", "议题/主题"], [["2025年3月5日", "支委会", "研究工作"], ["2025年4月2日", "主题党日", "学雷锋"]]),
              (["日期", "类型", "议题/主题"], [["2025年9月3日", "支委会", "研究工作"]])]
    for header, rows in halves:
        table = document.add_table(rows=0, cols=3)
        for values in [header, *rows]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "审核人"  # a signature table: not the ledger
    path = tmp_path / "台账.docx"
    document.save(str(path))
    ledger = read_ledger(path)
    assert [(r.date.month, r.kind) for r in ledger.records] == [(3, "支委会"), (4, "主题党日"), (9, "支委会")]
    assert ledger.sheet == "表格1、表格2"
    assert [r.row for r in ledger.refused if "表头" in r.reason] == [4]  # the second table's header


def test_dates_on_lines_of_one_cell_are_meetings_each_with_its_own_count() -> None:
    """E1 row 38: three 党小组 meetings, a date and an 应到/实到 line each; "28/21\\n夜班7人" is 28/21."""
    data = ('时间,类型,主题,应到/实到\n"9月10日\n9月11日\n9月12日",党小组会,学习,"13/12\n10/8\n8/5"\n'
            '2025-6-18,主题党日,演练,"28/21\n夜班7人"\n').encode()
    ledger = read_ledger(data, "2025年台账.csv")
    assert [(r.date.day, r.expected, r.present) for r in ledger.records] == [
        (10, 13, 12), (11, 10, 8), (12, 8, 5), (18, 28, 21)]


def test_a_name_and_content_column_names_its_activity_on_its_first_line() -> None:
    data = '时间,类别,主题及主要内容\n2025-9-18,主题党日,"民营企业“法治体检”\n党员律师分4组到企业排查合同风险"\n'.encode()
    record = read_ledger(data, "2025.csv").records[0]
    assert (record.topic, record.content) == ("民营企业“法治体检”", "党员律师分4组到企业排查合同风险")


def test_a_date_cell_of_very_many_dates_is_refused_not_multiplied() -> None:
    """A hostile or pasted-wrong cell of hundreds of dates would multiply the records past the row cap: refused with
    its row number; twelve dates (a month of weekly meetings at most) still count."""
    many = "、".join(f"{d}日" for d in range(1, 29))
    twelve = "、".join(f"{d}日" for d in range(1, 13))
    data = f"时间,类别,主题\n2025年3月{many},党小组会,学习\n2025年4月{twelve},党小组会,学习\n".encode()
    ledger = read_ledger(data, "2025.csv")
    assert [r.row for r in ledger.refused] == [2] and "12个以上" in ledger.refused[0].reason
    assert len(ledger.records) == 12 and all(r.date.month == 4 for r in ledger.records)
