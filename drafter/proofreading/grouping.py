"""Grouped findings: the same rule and kind in the same section is one finding with a count and one fix for all."""

from __future__ import annotations

from collections.abc import Iterable

from drafter.proofreading.findings import Finding

# The message of a group whose places differ in detail (a "," here, a ";" there).
GROUP_MESSAGES: dict[str, str] = {
    "half_width": "中文里的半角标点应使用全角（，；：！？。）",
    "parens": "中文里的括号应使用全角“（）”",
    "dquotes": "中文里的引号应使用全角“”",
    "squotes": "中文里的单引号应使用全角‘’",
    "title": "书名、文件名应使用书名号《》",
    "run": "标点连用，应只保留一个",
    "space": "数字与汉字之间不空格（如“2025年度”）",
    "cn_decimal": "小数写法不统一，宜统一用阿拉伯数字（GB/T 15835）",
    "year": "年份与报告年度相差较远，事实材料中也没有，多半是旧稿留下的，请核对",
}


def _key(f: Finding) -> tuple[object, ...]:
    base = (f.section_id, f.where, f.rule)
    return (*base, f.kind) if f.kind else (*base, f.message, f.text)


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (section, where, rule, kind), in the order of each group's first place; its
    `occurrences` lists every place and `count` says how many (a single place stays as it was)."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        groups.setdefault(_key(f), []).extend(f.places)
    out: list[Finding] = []
    for items in groups.values():
        if len(items) == 1:
            out.append(items[0])
            continue
        first = items[0]
        same = all(g.message == first.message for g in items)
        message = first.message if same else GROUP_MESSAGES.get(first.kind, first.message)
        out.append(first.model_copy(update={"occurrences": tuple(items), "message": message}))
    return out


def ungroup(findings: Iterable[Finding]) -> list[Finding]:
    """Every single place of the findings, grouped or not."""
    return [g for f in findings for g in f.places]
