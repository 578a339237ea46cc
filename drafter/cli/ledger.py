"""`drafter ledger FILE [--year N] [--map date=2,kind=3]`: read a ledger (台账) and print what was read."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING

from drafter.errors import LedgerError
from drafter.facts.ledger.build import build_ledger, override, parse_mapping_spec
from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.header import COLUMN_LABELS, COLUMN_NAMES, find_header
from drafter.facts.ledger.models import Ledger, LedgerRecord
from drafter.facts.ledger.read import read_table
from drafter.facts.ledger.stats import compute_stats, date_span
from drafter.text.numerals import cn_date

if TYPE_CHECKING:
    from drafter.settings import Settings

SHOWN = 30  # characters of a refused row's cells shown


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ledger` sub-command."""
    p = subparsers.add_parser("ledger", help="读取三会一课台账（.xlsx/.csv/.docx），显示列对应、记录数和未读入的行",
                              description="读取台账并显示读到了什么；有记录时退出码为 0，一条也没读到为 1，文件无法读取为 2")
    p.add_argument("file", help="台账文件：.xlsx、.csv（UTF-8 或 GBK）或含表格的 .docx")
    p.add_argument("--secretary", default="", metavar="姓名", help="支部书记姓名：主讲人一栏只写姓名时，据此统计书记讲党课")
    p.add_argument("--year", type=int, help="年度：日期只写了“3月5日”时用它补年份（默认取标题行或文件名中的年份）")
    p.add_argument("--map", action="append", default=[], metavar="列名=列",
                   help="改列对应，如 date=2,kind=C,topic=主题,note=（列号从1数起，或 Excel 列字母，或表头原文；"
                        "空着表示不读这一列）。列名：" + "、".join(f"{k}={v}" for k, v in COLUMN_LABELS.items()))
    p.set_defaults(func=handler)


def _column(ledger: Ledger, index: int) -> str:
    """第3列“会议类型” (the header as written, when there is one)."""
    name = ledger.headers[index] if index < len(ledger.headers) else ""
    name = name.replace("\n", "")
    return f"第{index + 1}列" + (f"“{name}”" if name else "")


def routine_counts(records: list[LedgerRecord], year: int | None = None, secretary: str = "") -> list[str]:
    """"支部党员大会 4次" for each routine and theme the records hold (a joint meeting counts for both); the
    secretary's name finds the 党课 whose 主讲人 column names no title."""
    stats = compute_stats(classify_all(records), year=year, secretary=secretary)
    out = [f"{r.label} {r.count}{r.unit}" for r in stats.routines if r.count]
    if stats.secretary_lectures.count:
        out.append(f"{stats.secretary_lectures.label} {stats.secretary_lectures.count}{stats.secretary_lectures.unit}")
    out += [f"{g.label} {len(g.records)}项" for g in stats.themes if g.records]
    return out


def format_ledger(ledger: Ledger, secretary: str = "") -> str:
    """What was read, in Chinese lines: file, header, mapping, counts, date range, rows refused, notes."""
    lines = [f"台账：{ledger.source}" + (f"（{ledger.sheet}）" if ledger.sheet else "")]
    if ledger.header_row:
        written = " | ".join(h.replace("\n", "") for h in ledger.headers if h)
        lines.append(f"表头：第{ledger.header_row}行〔{written}〕")
    else:
        lines.append("表头：未找到（按指定的列对应读取）")
    lines.append("列对应：")
    for column, index in sorted(ledger.mapping.items(), key=lambda kv: COLUMN_NAMES.index(kv[0])):
        lines.append(f"  {COLUMN_LABELS[column]} ← {_column(ledger, index)}")
    unused = [i for i, h in enumerate(ledger.headers) if h and i not in ledger.mapping.values()]
    if unused:
        lines.append("  未读入的列：" + "、".join(_column(ledger, i) for i in unused))
    records = ledger.records
    lines.append(f"记录：{len(records)}条" + (f"（{ledger.year}年度）" if ledger.year else ""))
    if records:
        if span := date_span(records):
            lines.append(f"时间：{cn_date(span[0])}至{cn_date(span[1])}")
        kinds = Counter(r.kind or "（未填类别）" for r in records)
        # quoted: a 类别 cell may itself hold a 、 ("组织生活会、民主评议党员")
        lines.append("按类别（原文）：" + "，".join(f"“{k}”{n}条" for k, n in kinds.most_common()))
        lines.append("按规定动作和活动主题（程序归类，可在应用中逐条改正）：" + "、".join(routine_counts(records, ledger.year,
                                                                                             secretary)))
        if not secretary:
            lines.append("  （书记讲党课只按“书记”字样统计；用 --secretary 姓名 也按主讲人姓名统计，起草时按事实材料中的书记姓名统计）")
    if ledger.refused:
        lines.append(f"未读入的行（{len(ledger.refused)}）：")
        for row in ledger.refused:
            cells = " | ".join(c for c in row.cells if c)
            cells = cells if len(cells) <= SHOWN else cells[:SHOWN] + "…"
            lines.append(f"  第{row.row}行：{row.reason}" + (f"〔{cells}〕" if cells else ""))
    else:
        lines.append("未读入的行：无")
    if ledger.notes:
        lines.append(f"请核对（{len(ledger.notes)}）：")
        lines.extend(f"  {'第' + str(n.row) + '行：' if n.row else ''}{n.reason}" for n in ledger.notes)
    return "\n".join(lines)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    """Print the ledger; exit 1 when not one record could be read."""
    table = read_table(args.file)
    if not args.map:
        ledger = build_ledger(table, year=args.year)
    else:
        try:
            header = find_header(table.rows)
            mapping, headers = header.mapping, header.names
        except LedgerError:  # no header row: the --map given is the whole mapping
            mapping, headers = {}, []
        ledger = build_ledger(table, override(mapping, parse_mapping_spec(args.map, headers)), year=args.year)
    print(format_ledger(ledger, args.secretary.strip()))
    return 0 if ledger.records else 1
