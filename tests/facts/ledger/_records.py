"""A village branch's 2025 ledger of 45 rows, with the counts a secretary would make by hand (see COUNTS)."""

from __future__ import annotations

import datetime as dt

from drafter.facts.ledger.models import LedgerRecord

SECRETARY = "王建国"
# (month, day, 类别, 主题, 主要内容, 应到, 实到, 地点, 主持人/主讲人, 备注)
ROWS: list[tuple] = [
    (1, 8, "支委会", "研究部署全年党建工作", "", None, None, "", "", ""),
    (1, 15, "主题党日", "学习贯彻党的二十届三中全会精神", "集中学习全会公报，交流心得体会", 28, 25, "党群服务中心", "", ""),
    (2, 5, "支委会", "研究发展党员工作计划", "", None, None, "", "", ""),
    (2, 20, "主题党日", "“新春送温暖”走访慰问", "走访困难群众", None, None, "", "", ""),
    (3, 3, "支委会", "研究一季度工作", "", None, None, "", "", ""),
    (3, 5, "主题党日", "学雷锋志愿服务", "组织党员清理村道垃圾3吨，帮助2户困难群众修缮房屋", None, 22, "", "",
     "群众反映很好，准备做成常态"),
    (3, 10, "支部党员大会", "传达学习全国两会精神", "", 28, 26, "党群服务中心", "", ""),
    (3, 18, "党小组会", "第一党小组学习研讨", "", None, None, "", "张强", ""),
    (3, 19, "党小组会", "第二党小组学习研讨", "", None, None, "", "", ""),
    (4, 2, "支委会", "研究清明节活动安排", "", None, None, "", "", ""),
    (4, 3, "主题党日", "清明祭扫革命烈士纪念碑", "组织党员赴烈士陵园开展祭扫活动，重温入党誓词", 28, 24, "烈士陵园", "", ""),
    (4, 22, "党课", "以党纪学习教育推动作风转变", "", None, None, "", "支部书记王建国", ""),
    (5, 6, "支委会", "研究党纪学习教育安排", "", None, None, "", "", ""),
    (5, 10, "主题党日", "党纪学习教育读书班", "", 28, 27, "", "", ""),
    (5, 20, "集中学习", "学习新修订的《中国共产党纪律处分条例》", "", None, None, "", "", ""),
    (5, 28, "警示教育", "观看警示教育片", "", None, 26, "", "", ""),
    (6, 3, "支委会", "研究七一活动方案", "", None, None, "", "", ""),
    (6, 18, "党小组会", "第一党小组会", "", None, None, "", "", ""),
    (6, 19, "党小组会", "第二党小组会", "", None, None, "", "", ""),
    (6, 20, "支部党员大会", "讨论接收预备党员", "", 28, 27, "", "", ""),
    (6, 28, "主题党日", "七一专题党课", "", None, None, "", "", ""),
    (7, 1, "党课", "学习习近平总书记七一重要讲话精神", "", None, None, "", "王建国", ""),
    (7, 8, "支委会", "研究上半年工作总结", "", None, None, "", "", ""),
    (7, 15, "主题党日", "参观村史馆", "", None, None, "", "", ""),
    (8, 12, "志愿服务", "防汛志愿服务", "党员志愿者15人连续值守3天，转移群众12户", None, 15, "", "", ""),
    (8, 20, "其他", "与县农业局党支部开展联建共建", "", None, None, "", "", ""),
    (9, 2, "支委会", "研究三季度工作", "", None, None, "", "", ""),
    (9, 10, "主题党日", "庆祝教师节走访慰问", "", None, None, "", "", ""),
    (9, 15, "支部党员大会", "学习《中国共产党纪律处分条例》", "", 28, 25, "", "", ""),
    (9, 18, "党小组会", "第一党小组会", "", None, None, "", "", ""),
    (9, 19, "党小组会", "第二党小组会", "", None, None, "", "", ""),
    (10, 9, "支委会", "研究重阳节慰问", "", None, None, "", "", ""),
    (10, 16, "主题党日", "重阳节敬老志愿服务", "", None, None, "", "", ""),
    (10, 22, "走访慰问", "走访慰问老党员", "走访慰问老党员和困难党员8人，送去慰问金4000元", None, 6, "", "", ""),
    (11, 4, "支委会", "研究年度组织生活会准备工作", "", None, None, "", "", ""),
    (11, 12, "主题党日", "“我为群众办实事”", "", None, None, "", "", ""),
    (11, 20, "谈心谈话", "支委与党员谈心谈话", "", None, None, "", "", ""),
    (11, 25, "党课", "新时代农村基层党组织建设", "", None, None, "", "李梅", ""),
    (12, 2, "支委会", "研究年终考核", "", None, None, "", "", ""),
    (12, 10, "业务工作", "党员带头推进人居环境整治", "", None, None, "", "", ""),
    (12, 16, "党小组会", "第一党小组会", "", None, None, "", "", ""),
    (12, 17, "党小组会", "第二党小组会", "", None, None, "", "", ""),
    (12, 18, "支部党员大会", "讨论预备党员转正", "", 28, 28, "", "", ""),
    (12, 26, "组织生活会", "2025年度组织生活会暨民主评议党员", "", 28, 27, "", "", ""),
    (3, 28, "其他", "支部活动室整修", "", None, None, "", "", ""),
]

# Counted by hand from ROWS.
COUNTS = {"party_congress": 4, "committee": 11, "group_meeting": 8, "party_lecture": 3, "theme_day": 10,
          "org_life": 1, "democratic_review": 1, "heart_talk": 1}
THEME_SIZES = {"study": 7, "red_education": 1, "warning": 4, "volunteer": 3, "visit": 4, "service": 1,
               "business": 1, "co_build": 1, "recruitment": 3, "other": 1}


def rec(row: int = 1, month: int = 3, day: int = 5, kind: str = "", topic: str = "", content: str = "",
        expected: int | None = None, present: int | None = None, place: str = "", host: str = "", note: str = "",
        year: int = 2025, **extra) -> LedgerRecord:
    """One record, fields by name."""
    return LedgerRecord(row=row, date=dt.date(year, month, day), kind=kind, topic=topic, content=content,
                        expected=expected, present=present, place=place, host=host, note=note, **extra)


def ledger(rows: list[tuple] | None = None) -> list[LedgerRecord]:
    """The fixture's records (row numbers from 2: row 1 is the header)."""
    return [rec(i + 2, *row) for i, row in enumerate(ROWS if rows is None else rows)]


def without(pred) -> list[tuple]:
    """ROWS minus the rows pred(row) accepts."""
    return [r for r in ROWS if not pred(r)]
