"""`drafter check DRAFT.md --facts FACTS.yaml [--year N]`: review a draft file and print the findings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.documents.markdown_input import read_draft_file
from drafter.errors import InputError
from drafter.facts.load import load_facts_file
from drafter.proofreading import has_errors, review_sections, summary_line
from drafter.proofreading.findings import Finding
from drafter.proofreading.grouping import group_findings

if TYPE_CHECKING:
    from drafter.settings import Settings

SHOWN = 40  # characters of offending text shown per finding


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `check` sub-command."""
    p = subparsers.add_parser("check", help="审校文稿：事实、数字、占位符、过时提法、重复、篇幅、AI腔",
                              description="审校一篇 Markdown 或纯文本文稿，有错误时退出码为 1")
    p.add_argument("draft", help="文稿文件（.md 或 .txt）")
    p.add_argument("--facts", help="事实材料 YAML；不给则跳过“事实未用”和“无依据”两类检查")
    p.add_argument("--ledger", action="append", default=[], metavar="FILE",
                   help="本年度台账（与 drafter draft --ledger 相同）：台账里的日期、人数、次数也算有依据；需同时给 --facts")
    p.add_argument("--year", type=int, help="报告年度（默认取事实材料的年度或标题中的年份）")
    p.add_argument("--wordlist", action="append", default=[], metavar="FILE",
                   help="本单位词表（CSV 或 YAML，可给多个）：错误写法 → 建议写法、禁用词")
    p.add_argument("--all", action="store_true", dest="every",
                   help="逐处列出（默认同一节里同一类问题合并为一条，注明共几处）")
    p.set_defaults(func=handler)


def _line(f: Finding) -> str:
    """One finding as an indented Chinese line."""
    shown = f.text if len(f.text) <= SHOWN else f.text[:SHOWN] + "…"
    pos = {"title": "标题", "heading": "小标题"}.get(f.where) or (f"第{f.start + 1}字" if f.section_id else "全文")
    text = f"“{shown}”" if f.rule not in ("length", "fact_unused") else ""
    count = f"（共{f.count}处{'，可一并修正' if f.fix is not None else ''}）" if f.count > 1 else ""
    return f"  [{f.severity_label}] {f.rule_label} {pos} {text}{'：' if text else ''}{f.message}{count}"


def format_report(findings: list[Finding], headings: dict[str, str], *, every: bool = False) -> str:
    """Findings by section in document order (the same rule and kind in a section as one line with its count,
    or each place when `every`), then a summary line that counts places."""
    groups: dict[str | None, list[Finding]] = {}
    for f in (findings if every else group_findings(findings)):
        groups.setdefault(f.section_id if f.where != "title" else "__title__", []).append(f)
    lines: list[str] = []
    for key, items in groups.items():
        if key == "__title__":
            name = "标题"
        elif key is None:
            name = "全文"
        else:
            name = headings.get(key) or ("开头" if key == "opening" else key)
        lines.append(f"【{name}】")
        lines.extend(_line(f) for f in items)
    lines.append(summary_line(findings) + "。")
    return "\n".join(lines)


def _wordlists(paths: list[str]) -> list:
    """Entries of the word-list files given with --wordlist."""
    from pathlib import Path

    from drafter.proofreading.wordlists import parse_entries

    out: list = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"找不到词表文件“{path}”", hint="请检查路径")
        entries, _skipped = parse_entries(p.read_bytes(), "yaml" if p.suffix.lower() in (".yaml", ".yml") else "csv")
        out.extend(entries)
    return out


def handler(args: argparse.Namespace, settings: Settings) -> int:
    """Review the file; exit 1 when there are errors, 0 otherwise."""
    parsed = read_draft_file(args.draft)
    facts = load_facts_file(args.facts) if args.facts else None
    if args.ledger:
        if facts is None:
            raise InputError("给了台账但没有事实材料", hint="请同时用 --facts 给出事实材料 YAML（台账并入其中再核对）")
        from drafter.cli.draft import with_ledgers

        facts = with_ledgers(facts, [Path(p) for p in args.ledger])
    year = args.year or (facts.year if facts else None) or parsed.year_hint()
    if year is None:
        raise InputError("无法确定报告年度", hint="请用 --year 指定，或用 --facts 给出事实材料")
    entries = _wordlists(args.wordlist)
    findings = review_sections(parsed.as_input(), facts, year, title=parsed.title, word_entries=entries,
                               templates_dir=settings.templates_dir)
    print(f"审校：{args.draft}（{year}年度{'，事实材料：' + args.facts if args.facts else '，未提供事实材料'}）")
    print(format_report(findings, {sid: h for sid, h, _ in parsed.sections}, every=args.every))
    return 1 if has_errors(findings) else 0
