"""`drafter diff OLD NEW` or `drafter diff --draft ID [--section SID] [A B]`: character-level comparison."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.documents.diff import diff_chars, stats, to_plain
from drafter.errors import InputError

if TYPE_CHECKING:
    from drafter.documents.draft import Draft, Section
    from drafter.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `diff` sub-command."""
    p = subparsers.add_parser(
        "diff", help="比较两个版本（逐字标出增删）",
        description="比较两个文本文件，或已保存文稿中某一节的两个版本；删去的字标为 [-…-]，新增的标为 {+…+}。")
    p.add_argument("items", nargs="*", metavar="ARG",
                   help="两个文件（OLD NEW）；或配合 --draft 给出两个版本号（从 1 起，默认最后两个）")
    p.add_argument("--draft", metavar="ID", help="已保存文稿的编号（网址中 ?d= 后面的部分）")
    p.add_argument("--section", metavar="SID", help="小节编号；不给则逐节比较最后两个版本")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="终端颜色（默认 auto）")
    p.set_defaults(func=handler)


def _read(path: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"找不到文件“{path}”", hint="请检查路径")
    if p.suffix.lower() == ".docx":
        from drafter.documents.word_import import read_docx_text

        return read_docx_text(p.read_bytes())
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return p.read_text(encoding="gb18030", errors="replace")


def _versions(sec: Section, items: list[str]) -> tuple[int, int]:
    n = len(sec.versions)
    if items:
        if len(items) != 2 or not all(x.isdigit() for x in items):
            raise InputError("版本号应是两个数字，如 1 3", hint="用 --draft ID --section SID 1 3")
        a, b = int(items[0]), int(items[1])
        if not (1 <= a <= n and 1 <= b <= n):
            raise InputError(f"“{sec.heading or '开头'}”只有 {n} 个版本", hint=f"版本号请在 1 到 {n} 之间")
        return a, b
    return max(1, n - 1), n


def _draft(settings: Settings, draft_id: str) -> Draft:
    from drafter.storage.store import DraftStore

    store = DraftStore(settings.db_url)
    try:
        draft = store.get(draft_id)
    finally:
        store.close()
    if draft is None:
        raise InputError(f"找不到编号为“{draft_id}”的文稿", hint="编号在网页地址 ?d= 之后")
    return draft


def handler(args: argparse.Namespace, settings: Settings) -> int:
    """Print the comparison; exit 0."""
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    if not args.draft:
        if len(args.items) != 2:
            raise InputError("请给出两个文件：drafter diff 旧.txt 新.txt", hint="或用 --draft ID 比较已保存文稿的版本")
        pieces = diff_chars(_read(args.items[0]), _read(args.items[1]))
        ins, dels = stats(pieces)
        print(to_plain(pieces, color=color))
        print(f"—— 新增 {ins} 字，删去 {dels} 字")
        return 0
    draft = _draft(settings, args.draft)
    if args.section:
        ids = {s.id for s in draft.sections}
        if args.section not in ids:
            raise InputError(f"文稿中没有小节“{args.section}”", hint="可用的小节：" + "、".join(s.id for s in draft.sections))
        sections = [draft.section(args.section)]
    else:
        sections = [s for s in draft.sections if len(s.versions) > 1]
        if not sections:
            print("各节都只有一个版本，没有可比较的内容。")
            return 0
    for sec in sections:
        a, b = _versions(sec, args.items)
        va, vb = sec.versions[a - 1], sec.versions[b - 1]
        pieces = diff_chars(va.text, vb.text)
        ins, dels = stats(pieces)
        print(f"【{sec.heading or '开头'}】（{sec.id}）版本{a}（{va.label}）→ 版本{b}（{vb.label}）："
              f"新增 {ins} 字，删去 {dels} 字")
        print(to_plain(pieces, color=color) if ins or dels else "（两个版本相同）")
        print()
    return 0
