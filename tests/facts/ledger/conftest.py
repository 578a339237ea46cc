"""Ledger fixtures: a realistic year of a branch's 三会一课 ledger, and writers for .xlsx, .csv and .docx."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

HEADER = ["序号", "时间", "类别", "主题", "主要内容", "应到人数", "实到人数", "地点", "主持人", "备注"]
MEMBERS = 28  # the branch's party members; every whole-branch count stays at or below it
COMMITTEE = 5  # 支委 members
SECRETARY, DEPUTY, ORGANISER = "王建华", "刘洋", "李敏"
Row = tuple[dt.date, str, str, str, int | None, int | None, str, str, str]

_COMMITTEE_TOPICS = ["研究制定年度党建工作计划", "研究组织生活会和民主评议党员工作", "研究发展党员工作",
                     "研究清明祭扫和党课安排", "研究警示教育月安排", "研究七一表彰和预备党员转正",
                     "研究暑期党员志愿服务", "研究新学期党建与业务融合工作", "研究教师节走访慰问",
                     "研究志愿服务和结对帮扶", "研究四中全会精神学习安排", "研究年度工作总结和党费收缴情况"]
_PARTY_DAYS = [  # month, topic, content, place, note (the themed activities of the year)
    (1, "新春走访慰问老党员", "走访慰问离退休老党员和困难党员", "社区", "走访6户，送去慰问品，听取意见建议9条"),
    (3, "学雷锋志愿服务", "到临江社区开展义务辅导和环境整治", "临江社区", "党员教师18人参加，服务学生40余人次"),
    (4, "清明祭英烈", "到烈士陵园祭扫，重温入党誓词", "烈士陵园", ""),
    (5, "警示教育：观看警示教育片", "观看警示教育片，签订廉洁从教承诺书", "学校会议室", "签订承诺书28份"),
    (6, "深入贯彻中央八项规定精神学习教育专题学习", "学习中央八项规定及其实施细则精神", "学校会议室", ""),
    (7, "七一重温入党誓词", "重温入党誓词，为党员过政治生日", "学校报告厅", "为7名党员过政治生日"),
    (9, "教师节走访慰问退休党员教师", "走访慰问退休党员教师", "退休教师家中", "走访退休党员教师5人"),
    (10, "志愿服务：关爱留守儿童", "到结对村小开展送教和关爱活动", "石桥村小学", "送教6节，捐赠图书320册"),
    (11, "学习贯彻党的二十届四中全会精神", "集中学习全会公报，分组交流", "学校会议室", ""),
    (12, "国家宪法日学习", "学习宪法，开展法治宣传", "学校报告厅", ""),
    (2, "寒假安全教育和家访", "党员教师分组家访", "学生家中", "家访学生56户"),
]


def branch_ledger(year: int = 2025, groups: Sequence[str] = ("第一党小组",)) -> list[Row]:
    """A year of a school branch's ledger (28 members): 12 支委会, 4 党员大会, 12 党小组会 a group, 3 党课, 11 主题党日,
    1 组织生活会, 1 民主评议党员, 2 谈心谈话, 1 志愿服务 and 1 走访慰问 outside the 主题党日; in date order."""
    rows: list[Row] = []
    d = dt.date
    for m, topic in enumerate(_COMMITTEE_TOPICS, start=1):
        present = COMMITTEE if m % 5 else COMMITTEE - 1
        rows.append((d(year, m, 6), "支委会", topic, f"支委会{topic.removeprefix('研究')}", COMMITTEE, present,
                     "党员活动室", SECRETARY, ""))
    for m, topic, content, present in [(3, "讨论接收预备党员", "讨论接收张晓同志为预备党员，举手表决全票通过", 26),
                                       (6, "七一表彰和预备党员转正", "表彰优秀共产党员3名，讨论1名预备党员转正", 27),
                                       (9, "通报上半年工作，部署下半年任务", "书记通报上半年党建工作", 25),
                                       (12, "年度工作总结和党费收缴公示", "总结全年工作，公示党费收缴情况", 27)]:
        rows.append((d(year, m, 20), "支部党员大会", topic, content, MEMBERS, present, "学校报告厅", SECRETARY, ""))
    size = MEMBERS // max(len(groups), 1)
    for g, group in enumerate(groups):
        for m in range(1, 13):
            rows.append((d(year, m, 12 + g), "党小组会", f"{group}学习会", "集中学习，交流心得", size,
                         size - (m % 3), "教研室", ORGANISER if g == 0 else DEPUTY, ""))
    rows.append((d(year, 4, 15), "党课", "书记讲党课：以党建引领学校高质量发展", "书记讲专题党课", MEMBERS, 27,
                 "学校报告厅", SECRETARY, "结合学校实际讲了三点体会，党员反响好"))
    rows.append((d(year, 7, 3), "党课", "弘扬教育家精神", "副书记讲党课", MEMBERS, 26, "学校报告厅", DEPUTY, ""))
    rows.append((d(year, 11, 18), "党课", "书记讲党课：学习贯彻四中全会精神", "书记讲专题党课", MEMBERS, 27,
                 "学校报告厅", SECRETARY, ""))
    for m, topic, content, place, note in _PARTY_DAYS:
        rows.append((d(year, m, 25), "主题党日", topic, content, MEMBERS, MEMBERS - 3, place, SECRETARY, note))
    rows.append((d(year, 2, 18), "组织生活会", f"{year - 1}年度组织生活会", "对照检查，开展批评与自我批评", MEMBERS,
                 27, "学校会议室", SECRETARY, "查摆问题12条，列出整改清单"))
    rows.append((d(year, 2, 19), "民主评议党员", f"{year - 1}年度民主评议党员", "党员自评、互评和组织评议", MEMBERS,
                 27, "学校会议室", SECRETARY, "评出优秀党员5名，其余均为合格"))
    rows.append((d(year, 3, 10), "谈心谈话", "书记与支委、党员谈心谈话", "春季学期谈心谈话", None, None,
                 "书记办公室", SECRETARY, "谈心谈话28人次"))
    rows.append((d(year, 9, 8), "谈心谈话", "书记与新入职党员教师谈心谈话", "了解思想和工作情况", None, None,
                 "书记办公室", SECRETARY, ""))
    rows.append((d(year, 8, 5), "志愿服务", "暑期防溺水志愿巡河", "党员教师轮流巡河", None, 16, "临江河段",
                 ORGANISER, "巡河12次"))
    rows.append((d(year, 12, 28), "走访慰问", "慰问生病住院党员教师", "看望慰问", None, 3, "市人民医院",
                 SECRETARY, ""))
    rows.sort(key=lambda r: r[0])
    return rows


def table_rows(rows: Sequence[Row], numbered: bool = True) -> list[list[object]]:
    """Rows as the cells of the standard HEADER (序号 first)."""
    return [([i + 1] if numbered else []) + list(r) for i, r in enumerate(rows)]


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *,
               title: str | None = None, blank_first: int = 0) -> Path:
    """An .xlsx with an optional merged title row above the header; dates stay real date cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for _ in range(blank_first):
        ws.append([])
    if title:
        ws.append([title])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for cell in ws["B"]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy/m/d"
    wb.save(path)
    return path


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig",
              delimiter: str = ",") -> bytes:
    """A CSV as Excel writes it (CRLF), dates as text 2025/3/5."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([f"{c.year}/{c.month}/{c.day}" if isinstance(c, dt.date) else ("" if c is None else c)
                    for c in row])
    return buf.getvalue().encode(encoding)


def write_docx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *, title: str = "",
               title_in_table: bool = True) -> Path:
    """A .docx with a short paragraph, an unrelated small table, and the ledger table (title row merged)."""
    import docx

    document = docx.Document()
    document.add_paragraph("党支部工作记录")
    if title and not title_in_table:
        document.add_paragraph(title)
    other = document.add_table(rows=2, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "填表人", "李敏"
    other.cell(1, 0).text, other.cell(1, 1).text = "联系电话", "—"
    extra = 1 if title and title_in_table else 0
    table = document.add_table(rows=len(rows) + 1 + extra, cols=len(header))
    if extra:
        merged = table.cell(0, 0).merge(table.cell(0, len(header) - 1))
        merged.text = title
    for j, name in enumerate(header):
        table.cell(extra, j).text = name
    for i, row in enumerate(rows, start=1 + extra):
        for j, c in enumerate(row):
            table.cell(i, j).text = (f"{c.year}年{c.month}月{c.day}日" if isinstance(c, dt.date)
                                     else "" if c is None else str(c))
    document.save(path)
    return path


@pytest.fixture
def ledger_rows() -> list[Row]:
    """The realistic ledger of one 党小组."""
    return branch_ledger()


@pytest.fixture
def ledger_xlsx(tmp_path: Path, ledger_rows: list[Row]) -> Path:
    """That ledger as .xlsx with a merged title row above the header."""
    return write_xlsx(tmp_path / "台账.xlsx", HEADER, table_rows(ledger_rows), title="临江二中党支部2025年三会一课台账")
