"""`drafter draft FACTS.yaml`: draft a document from a fact sheet, with the template only or with a model."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml

from drafter.documents.outline import Outline
from drafter.drafting.events import SectionProgress
from drafter.errors import InputError
from drafter.facts.load import load_facts_file
from drafter.facts.sheet import FactSheet
from drafter.settings import Settings
from drafter.text.safeinput import safe_yaml_load


def register(subparsers: Any) -> None:
    """Add the `draft` sub-command."""
    p = subparsers.add_parser("draft", help="根据事实材料起草文稿",
                              description="根据事实材料（YAML）起草年度总结、工作计划或专项总结。")
    p.add_argument("facts", type=Path, help="事实材料 YAML 文件")
    p.add_argument("-o", "--output", type=Path, help="输出文件：.docx、.md 或 .txt（默认打印 Markdown）")
    p.add_argument("--engine", choices=["llm", "template"], default="llm",
                   help="llm：用模型起草（默认）；template：只用模板，不调用模型，立即完成")
    p.add_argument("--provider", help="模型服务：local（默认，本机）、deepseek、qwen、openai、kimi、zhipu、ollama、custom")
    p.add_argument("--model", help="模型名称（默认用该服务的推荐模型）")
    p.add_argument("--ledger", type=Path, action="append", default=[],
                   help="本年度台账（.xlsx、.csv 或 Word 表格 .docx），其中的会议和活动并入事实材料；可重复给出")
    p.add_argument("--outline-only", action="store_true", help="只输出提纲（YAML），可修改后用 --outline 传回")
    p.add_argument("--outline", type=Path, help="按修改过的提纲（YAML）起草")
    p.add_argument("--length", type=int, help="全文目标字数（如 2000、3000、5000），按比例调整各节")
    p.add_argument("--suggest-headings", action="store_true", help="让模型根据事实拟写各部分小标题")
    p.add_argument("--fonts", choices=["official", "common"], default="official",
                   help="Word 字体：official（公文字体，默认）或 common（Windows/WPS 自带字体）")
    p.add_argument("--annex", action="store_true",
                   help="Word 文末加附件：全年活动一览（来自台账；没有台账时不加）")
    p.add_argument("--grid", action="store_true",
                   help="Word 文末加附件：逐月开展情况表（各项组织生活每月次数，来自台账）")
    p.add_argument("--explain", action="store_true",
                   help="起草后在标准错误输出逐句说明来源（模型、模板、补写）和被检查删去的句子")
    p.add_argument("--allow-partial", action="store_true",
                   help="有小节生成失败时仍覆盖已有的输出文件（默认保留原文件；退出码仍为 1）")
    p.set_defaults(func=handler)


def _outline(args: Any, facts: Any, ctx: Any) -> Outline:
    from drafter.drafting.engine import default_outline

    if args.outline:
        try:
            data = safe_yaml_load(args.outline.read_text(encoding="utf-8"))
            outline = Outline.model_validate(data)
        except (OSError, yaml.YAMLError, ValueError) as exc:
            raise InputError(f"提纲文件 {args.outline} 无法读取：{exc.__class__.__name__}",
                             hint="请用 --outline-only 生成的 YAML 修改后再传入") from None
        if outline.kind != facts.kind:
            raise InputError(f"提纲的文稿类型（{outline.kind}）与事实材料（{facts.kind}）不一致")
    else:
        outline = default_outline(facts, ctx)
    if args.length:
        outline = outline.rescaled(args.length)
    return outline


STATES = {"waiting": "等待", "start": "生成中", "delta": "生成中", "done": "完成", "cut_off": "截断", "failed": "失败"}


class Progress:
    """One live line per section on a terminal; plain start/done lines otherwise (CI, pipes)."""

    def __init__(self, headings: dict[str, str], stream: Any = None) -> None:
        self.headings = headings
        self.stream = stream or sys.stderr  # looked up now, not at import: tests and callers swap sys.stderr
        self.sections = {sid: SectionProgress() for sid in headings}
        self.lock = threading.Lock()
        self.tty = self.stream.isatty()
        self.drawn = False

    def __call__(self, event: Any) -> None:
        with self.lock:
            sid = event.section_id
            self.sections[sid].apply(event)
            if self.tty:
                self._draw()
            elif event.type not in ("delta", "progress"):
                extra = f"：{event.error}" if event.error else ""
                print(f"[{self._state(sid)}] {self.headings[sid]}（{self.sections[sid].chars}字）{extra}", file=self.stream)

    def _state(self, sid: str) -> str:
        return STATES.get(self.sections[sid].status, "生成中")

    def _draw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{len(self.headings)}F")
        for sid, heading in self.headings.items():
            self.stream.write(f"\x1b[2K  {self._state(sid):　<3} {heading[:24]}  {self.sections[sid].chars}字\n")
        self.stream.flush()
        self.drawn = True


def with_ledgers(facts: FactSheet, files: list[Path]) -> FactSheet:
    """The sheet with each ledger's records merged in (no duplicates); what was refused is said on stderr."""
    from drafter.facts.ledger.merge import merge
    from drafter.facts.ledger.read import read_ledger

    records = list(facts.ledger)
    for path in files:
        ledger = read_ledger(path, year=facts.year)
        records, added, duplicates = merge(records, ledger.records)
        print(f"台账 {path.name}：读入{len(ledger.records)}条，新增{added}条"
              + (f"，重复{duplicates}条未再加入" if duplicates else ""), file=sys.stderr)
        for row in ledger.refused:
            print(f"  第{row.row}行未读入：{row.reason}", file=sys.stderr)
    return facts.model_copy(update={"ledger": records}) if files else facts


def handler(args: Any, settings: Settings) -> int:
    """Run the command."""
    from drafter.drafting import engine, titles
    from drafter.drafting.context import EngineContext
    from drafter.drafting.samples import SampleLibrary

    settings = settings.with_overrides(provider=args.provider, model=args.model)
    if args.output is not None and not args.outline_only and args.output.suffix.lower() not in WRITERS:
        raise InputError(f"不支持的输出格式“{args.output.suffix}”", hint="请用 .docx、.md 或 .txt")
    facts = with_ledgers(load_facts_file(args.facts), args.ledger)
    library = SampleLibrary.from_settings(settings)
    ctx = EngineContext.create(settings, samples=library)
    outline = _outline(args, facts, ctx)
    if args.outline_only:
        text = yaml.safe_dump(outline.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=1000)
        return _write(args.output, text) if args.output else (print(text) or 0)
    if args.engine == "template":
        draft = engine.template_draft(facts, ctx, outline)
    else:
        from drafter.documents.draft import new_draft
        from drafter.llm import make_model

        draft = new_draft(facts, outline)
        print(f"正在准备模型（{settings.provider}）…", file=sys.stderr)
        model = make_model(settings, on_progress=_model_progress())
        if args.suggest_headings:
            draft.apply_outline(titles.suggest_headings(draft, model, ctx))
        progress = Progress({s.id: s.heading or "开篇" for s in draft.sections})
        engine.draft_document(draft, model, ctx, on_event=progress)
        for w in draft.warnings:
            print(f"提示：{w}", file=sys.stderr)
    failed = [s for s in draft.sections if s.status == "failed"]
    for s in failed:
        print(f"失败：{s.heading or '开篇'}：{s.error}", file=sys.stderr)
    if args.explain:
        from drafter.documents.explain import explain

        print(explain(draft), file=sys.stderr)
    if not failed:
        return _export(draft, args)
    names = "、".join(f"“{s.heading or '开篇'}”" for s in failed)
    print(f"有 {len(failed)} 节生成失败：{names}。请检查模型服务和 API Key 后重新运行"
          "（或用 --outline 只保留这些小节重写）。", file=sys.stderr)
    out: Path | None = args.output
    if out is not None and out.exists() and not args.allow_partial:
        print(f"未覆盖已有的 {out}：草稿不完整（确需覆盖请加 --allow-partial）。", file=sys.stderr)
        return 1
    _export(draft, args)
    return 1


def _model_progress() -> Any:
    """Print the embedded model's preparation stages in Chinese, once per stage and every 10%."""
    from drafter.llm.local_server import STAGE_LABELS

    last: dict[str, float] = {}

    def report(stage: str, fraction: float = 0.0) -> None:
        if stage in last and fraction - last[stage] < 0.1 and fraction < 1.0:
            return
        last[stage] = fraction
        pct = f" {fraction:.0%}" if 0 < fraction < 1 else ""
        print(f"  {STAGE_LABELS.get(stage, stage)}{pct}", file=sys.stderr)

    return report


# Output suffix -> how to render the draft.
WRITERS = {".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def _export(draft: Any, args: Any) -> int:
    from drafter.documents.export import to_docx, to_markdown, to_text

    out: Path | None = args.output
    if out is None:
        print(to_markdown(draft))
        return 0
    kind = WRITERS[out.suffix.lower()]
    data = (to_docx(draft, fonts=args.fonts, annex=args.annex, grid=args.grid) if kind == "docx"
            else (to_markdown(draft) if kind == "markdown" else to_text(draft)).encode("utf-8"))
    _atomic_write(out, data)
    print(f"已写入 {out}（{draft.char_count()}字）", file=sys.stderr)
    return 0


def _write(path: Path, text: str) -> int:
    _atomic_write(path, text.encode("utf-8"))
    print(f"已写入 {path}", file=sys.stderr)
    return 0


def _file_mode(path: Path) -> int:
    """The existing file's permissions, else what open() would give under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _atomic_write(path: Path, data: bytes) -> None:
    """Write through a temp file in the same folder and os.replace: an interrupted run never leaves half a file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请确认输出目录存在且可写") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))  # mkstemp makes it 0600; the output gets the mode a plain write would
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}", hint="请确认输出目录可写、文件未被其他程序占用") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
