"""`drafter samples`: list the sample library; `drafter samples show ID`: print one sample's parsed outline."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import Any

from drafter.documents.parse import ParsedSection
from drafter.drafting.samples import Sample, SampleLibrary
from drafter.facts.sheet import KIND_LABELS, ORG_TYPE_LABELS


def register(subparsers: Any) -> None:
    """Add the `samples` sub-command."""
    parser = subparsers.add_parser("samples", help="列出范文库，或查看一篇范文的结构",
                                   description="列出范文库（随程序提供的范文和用户自己的范文）。")
    parser.add_argument("action", nargs="?", choices=["list", "show"], default="list",
                        help="list：列出全部范文（默认）；show：查看一篇范文的结构")
    parser.add_argument("sample_id", nargs="?", metavar="ID", help="范文编号（show 时必填）")
    parser.set_defaults(func=handler)


def width(text: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, columns: int) -> str:
    """Cut text to the given display width (with …) and pad it with spaces."""
    if width(text) > columns:
        out = ""
        for ch in text:
            if width(out + ch) > columns - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * (columns - width(text))


def table(rows: list[list[str]], *, max_widths: list[int] | None = None) -> str:
    """Rows aligned in columns by display width; the first row is the header."""
    cols = len(rows[0])
    widths = [max(width(r[i]) for r in rows) for i in range(cols)]
    if max_widths:
        widths = [min(w, m) for w, m in zip(widths, max_widths, strict=True)]
    lines = ["  ".join(fit(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def list_rows(library: SampleLibrary) -> list[list[str]]:
    """Header plus one row per sample."""
    rows = [["编号", "标题", "类型", "单位类型", "年份", "字数", "词元", "一级标题"]]
    for s in library:
        rows.append([s.id, s.title, KIND_LABELS.get(s.kind, s.kind), ORG_TYPE_LABELS.get(s.org_type, s.org_type),
                     str(s.meta.year) if s.meta.year else "—", str(s.chars), str(s.tokens),
                     str(len(s.parsed.sections))])
    return rows


def _section_lines(section: ParsedSection) -> list[str]:
    label = section.heading or (section.body[:24] + ("…" if len(section.body) > 24 else ""))
    lines = [f"{'  ' * section.level}{section.marker}{label}"]
    for child in section.children:
        lines.extend(_section_lines(child))
    return lines


def outline(sample: Sample) -> str:
    """A readable outline of one sample: metadata, opening, sections by level, ending and 落款."""
    doc = sample.parsed
    meta = sample.meta
    out = [
        f"编号：{sample.id}",
        f"标题：{doc.title or meta.title}",
        f"类型：{KIND_LABELS.get(sample.kind, sample.kind)}　单位类型：{ORG_TYPE_LABELS.get(sample.org_type, '')}"
        f"　年份：{meta.year or '不详'}　字数：{sample.chars}　词元：{sample.tokens}",
    ]
    if meta.source:
        out.append(f"来源：{meta.source}{' ' + meta.source_part if meta.source_part else ''}")
    if sample.path is not None:
        out.append(f"文件：{sample.path}")
    if meta.defects:
        out.append("已知问题：" + "；".join(d.code + (f"（{d.note}）" if d.note else "") for d in meta.defects))
    out.append(f"开头：{len(doc.opening)} 段，{sum(len(p) for p in doc.opening)} 字")
    out.append("正文结构：" if doc.sections else "正文结构：未识别出标题（一、二、三、或 1、2、3、）")
    for section in doc.sections:
        out.extend(_section_lines(section))
    if doc.ending:
        out.append(f"结尾：{len(doc.ending)} 段（{doc.ending[0][:20]}…）")
    if doc.closing:
        out.append(f"落款：{doc.closing.unit or '（无单位）'}　{doc.closing.date_text}")
    else:
        out.append("落款：无")
    return "\n".join(out)


def handler(args: argparse.Namespace, settings: Any) -> int:
    """List the library or show one sample; exit code 1 for an unknown id."""
    library = SampleLibrary.from_settings(settings)
    for warning in library.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    if args.action == "show":
        if not args.sample_id:
            print("请给出范文编号，例如：drafter samples show seed-000", file=sys.stderr)
            return 1
        sample = library.get(args.sample_id)
        if sample is None:
            known = "、".join(s.id for s in library) or "（范文库是空的）"
            print(f"找不到编号为“{args.sample_id}”的范文。现有编号：{known}", file=sys.stderr)
            return 1
        print(outline(sample))
        return 0
    if args.sample_id:
        print("列出范文时不需要编号；查看一篇范文请用：drafter samples show ID", file=sys.stderr)
        return 1
    if not len(library):
        print(f"范文库是空的。随程序提供的范文应在 {settings.samples_dir}，"
              f"自己的范文可放在 {settings.user_samples_dir}")
        return 0
    print(table(list_rows(library), max_widths=[16, 36, 12, 8, 4, 6, 6, 8]))
    print(f"\n共 {len(library)} 篇。自己的范文（.txt .md .docx）放在：{settings.user_samples_dir}")
    return 0
