"""Draft example fact sheets and measure the drafts with checks that are not the ones that made them.

Per document and per section: characters against the outline's target, the share of the text the model wrote,
facts told (an independent check: every date, number and name of each fact found in the text), numbers that
are in no fact, reader-visible defects by class from drafter.proofreading.rules_genre (classes 3–7 and the genre
rules of issue 11), and seconds. The assembler and the composer never call rules_genre, so these counts can move.
Classes 1–2 (invented procedures, contradictions) need a reader: --out writes every draft in full for reading.

A sheet whose header comment names a ledger (the usage line `drafter draft SHEET --ledger FILE`) is drafted with
that ledger merged in, as the CLI does (drafter.cli.draft.with_ledgers). Its row also gives the body's characters
(no title, headings or 落款) against the template's target and how many routine counts ("支委会12次") equal the
ledger's, both from bench/eval_ledger.py, which reads the ledger with its own reader; other sheets show "—" there.

Run: .venv/bin/python bench/eval_quality.py [--provider local] [--engine llm|template] [--set tuned|heldout|all]
     [--no-fewshot] [--path compose|free] [--only NAME] [--out FILE.md] [--quick]
--quick (CI): the first sheet with the configured engine, and the first ledger-based sheet with the template only.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import eval_ledger  # noqa: E402
from drafter.cli.draft import with_ledgers  # noqa: E402
from drafter.documents.draft import Draft, new_draft  # noqa: E402
from drafter.documents.export import to_markdown  # noqa: E402
from drafter.drafting.context import EngineContext  # noqa: E402
from drafter.drafting.engine import default_outline, draft_document, template_draft  # noqa: E402
from drafter.drafting.samples import SampleLibrary  # noqa: E402
from drafter.facts.load import load_facts_file  # noqa: E402
from drafter.facts.sheet import FactSheet  # noqa: E402
from drafter.llm import make_model  # noqa: E402
from drafter.proofreading.rules_genre import DEFECT_CLASSES, genre_defects  # noqa: E402
from drafter.settings import load_settings  # noqa: E402
from drafter.text.clean import count_chars  # noqa: E402

SETS = {"tuned": ["examples/*.yaml"], "heldout": ["examples/heldout/*.yaml"],
        "all": ["examples/*.yaml", "examples/heldout/*.yaml"]}
_NUM = re.compile(r"\d+(?:\.\d+)?")
_LEDGER_ARG = re.compile(r"--ledger\s+(\S+)")


def ledger_of(path: Path) -> Path | None:
    """The ledger the sheet's header comment names (`--ledger FILE`, relative to the repository), if any."""
    named: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        named += _LEDGER_ARG.findall(line)
    if not named:
        return None
    if len(set(named)) > 1:
        raise SystemExit(f"{path.name}: its comment names {len(set(named))} ledgers; eval_ledger checks one")
    ledger = ROOT / named[0]
    if not ledger.is_file():
        raise SystemExit(f"{path.name}: the ledger its comment names is missing: {named[0]}")
    return ledger


def fact_marks(facts: FactSheet) -> list[tuple[str, list[str]]]:
    """(label, the strings that must appear) for each fact: its dates, numbers and names, as typed."""
    out: list[tuple[str, list[str]]] = []
    for a in facts.activities:
        marks = [f"{a.date.month}月{a.date.day}日"] if a.date else []
        marks += _NUM.findall(a.detail) + _NUM.findall(a.title)
        out.append((a.title, marks or [a.title[:6]]))
    for field in ("achievements", "highlights", "shortcomings", "next_steps", "goals", "safeguards"):
        for text in getattr(facts, field):
            out.append((text, _NUM.findall(text) or [_core(text)]))
    for t in facts.tasks:
        out.append((t.title, [_core(t.title)]))
    for s in facts.schedule:
        out.append((f"{s.month}月", [f"{s.month}月"]))
    for name in facts.members.developed + facts.members.activists:
        out.append((name, [name]))
    if facts.members.total is not None:
        out.append(("党员人数", [str(facts.members.total)]))
    return out


def _core(text: str) -> str:
    """A fact with no number is found by its longest run of Chinese characters (at most 8)."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return max(runs, key=len)[:8] if runs else text[:8]


def told(facts: FactSheet, text: str) -> tuple[int, list[str]]:
    """How many facts the text tells (every mark present), and the labels of those it does not."""
    flat = text.replace("\n", "")
    missing = [label for label, marks in fact_marks(facts) if not all(m in flat for m in marks)]
    return len(fact_marks(facts)) - len(missing), missing


def stray_numbers(facts: FactSheet, text: str) -> list[str]:
    """Numbers in the text that no fact, year or date of the sheet holds."""
    allowed = set(_NUM.findall(facts.model_dump_json())) | {str(facts.year), str(facts.year + 1), str(facts.year - 1)}
    allowed |= {str(int(n)) for n in allowed if n.isdigit()}  # "04" of a date is written "4月"
    return [n for n in _NUM.findall(text) if n not in allowed]


def run(path: Path, model, ctx, ledger: Path | None = None) -> tuple[Draft, float, dict[str, float]]:
    """Draft one sheet (with its ledger merged in; with the template only if model is None): the draft, wall
    seconds, seconds per section."""
    facts = load_facts_file(path)
    if ledger is not None:
        facts = with_ledgers(facts, [ledger])
    if model is None:
        t0 = time.perf_counter()
        return template_draft(facts, ctx), time.perf_counter() - t0, {}
    draft = new_draft(facts, default_outline(facts, ctx))
    t0 = time.perf_counter()
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}

    def timing(event) -> None:
        if event.type == "start":
            started[event.section_id] = time.perf_counter()
        elif event.type in ("done", "cut_off", "failed") and event.section_id in started:
            seconds[event.section_id] = time.perf_counter() - started[event.section_id]

    draft_document(draft, model, ctx, on_event=timing)
    return draft, time.perf_counter() - t0, seconds


def save(folder: Path, path: Path, draft: Draft, wall: float, seconds: dict[str, float]) -> None:
    """Keep a draft and its timings, so it can be measured again (--load) without drafting again."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"draft": draft.model_dump(mode="json"), "wall": wall, "seconds": seconds}
    (folder / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load(folder: Path, path: Path) -> tuple[Draft, float, dict[str, float]]:
    """A draft saved by --save."""
    data = json.loads((folder / f"{path.stem}.json").read_text(encoding="utf-8"))
    return Draft.model_validate(data["draft"]), data["wall"], data["seconds"]


def evaluate(path: Path, draft: Draft, wall: float, seconds: dict[str, float], nominal: int,
             ledger: Path | None = None, label: str = "") -> dict:
    """Measure one draft; nominal is the template's own length target (the compose path sets lower ones);
    a sheet drafted with a ledger is also measured by eval_ledger (body length, routine counts)."""
    facts = draft.facts
    text = "\n".join(s.text for s in draft.sections)
    chars = sum(count_chars(s.text) for s in draft.sections)
    model_chars = sum(s.versions[-1].model_chars for s in draft.sections if s.versions)
    found, missing = told(facts, text)
    model_text = "\n".join(sp.text for s in draft.sections if s.versions for sp in s.versions[-1].spans
                           if sp.source == "model")
    by_model, _ = told(facts, model_text)  # before back-fill: the facts the model's own sentences tell
    defects = genre_defects(draft, facts)
    sections = []
    for s, o in zip(draft.sections, draft.outline.sections, strict=True):
        v = s.versions[-1] if s.versions else None
        per = Counter()
        for cls, items in defects.items():
            per[cls] += sum(1 for f in items if f.section_id == s.id)
        sections.append({"name": o.heading or "开篇", "ratio": count_chars(s.text) / o.target_chars,
                         "model": v.model_share if v and v.model_share is not None else 0.0,
                         "dropped": len(v.dropped) if v else 0, "defects": sum(per.values()),
                         "seconds": seconds.get(s.id, 0.0)})
    by_ledger = eval_ledger.measure(path, ledger, to_markdown(draft), wall) if ledger is not None else None
    return {"sheet": path.stem + label, "draft": draft, "ledger": by_ledger, "wall": wall, "chars": chars, "target": draft.outline.total_chars,
            "nominal": nominal,
            "model_share": model_chars / max(1, sum(len(s.text) for s in draft.sections)),
            "facts": (found, found + len(missing)), "missing": missing, "by_model": by_model, "stray": stray_numbers(facts, text),
            "defects": {k: len(v) for k, v in defects.items()}, "findings": defects, "sections": sections,
            "failed": [s.id for s in draft.sections if s.status == "failed"]}


def table(rows: list[dict], classes: list[str]) -> list[str]:
    """The per-document table, with an average row."""
    head = ["sheet", "chars / target", "of template length", "model text", "facts told", "by the model", "stray numbers", *classes,
            "ledger: body / template target", "counts equal", "defects /1k", "time"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        total = sum(r["defects"].values())
        lines.append("| " + " | ".join([
            r["sheet"], f"{r['chars']} / {r['target']} ({r['chars'] / r['target']:.0%})",
            f"{r['chars'] / r['nominal']:.0%} of {r['nominal']}", f"{r['model_share']:.0%}",
            f"{r['facts'][0]}/{r['facts'][1]}", f"{r['by_model']}", str(len(r["stray"])),
            *[str(r["defects"].get(c, 0)) for c in classes], *ledger_cells([r]),
            f"{1000 * total / max(1, r['chars']):.1f}", f"{r['wall']:.0f} s"]) + " |")
    if len(rows) > 1:
        chars = sum(r["chars"] for r in rows)
        total = sum(sum(r["defects"].values()) for r in rows)
        lines.append("| " + " | ".join([
            "**all**", f"{chars} / {sum(r['target'] for r in rows)} ({chars / sum(r['target'] for r in rows):.0%})",
            f"{chars / sum(r['nominal'] for r in rows):.0%} of {sum(r['nominal'] for r in rows)}",
            f"{statistics.mean(r['model_share'] for r in rows):.0%}",
            f"{sum(r['facts'][0] for r in rows)}/{sum(r['facts'][1] for r in rows)}",
            str(sum(r['by_model'] for r in rows)), str(sum(len(r['stray']) for r in rows)),
            *[str(sum(r["defects"].get(c, 0) for r in rows)) for c in classes], *ledger_cells(rows),
            f"{1000 * total / max(1, chars):.1f}", f"{statistics.mean(r['wall'] for r in rows):.0f} s avg"]) + " |")
    return lines


def ledger_cells(rows: list[dict]) -> list[str]:
    """Body characters against the template's target, and counts equal N/M, over the rows drafted with a ledger."""
    measured = [r["ledger"] for r in rows if r["ledger"]]
    if not measured:
        return ["—", "—"]
    chars, target = sum(m["chars"] for m in measured), sum(m["target"] for m in measured)
    equal = sum(1 for m in measured for c in m["counts"] if c[3])
    return [f"{chars} / {target} ({chars / target:.0%})", f"{equal}/{sum(len(m['counts']) for m in measured)}"]


def main() -> int:
    """Run the evaluation and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--provider", default=None, help="default: DRAFTER_PROVIDER or local")
    ap.add_argument("--model", default=None)
    ap.add_argument("--engine", choices=["llm", "template"], default="llm",
                    help="llm: the configured provider (default); template: the template only, no model")
    ap.add_argument("--set", default="all", choices=sorted(SETS))
    ap.add_argument("--path", choices=["compose", "free"], help="force a drafting path (default: the provider's)")
    ap.add_argument("--no-fewshot", action="store_true", help="compose path without the samples' effect phrases")
    ap.add_argument("--only", default="", help="run only sheets whose file name contains this")
    ap.add_argument("--quick", action="store_true",
                    help="one sheet, and one ledger-based sheet on the template only (CI smoke run)")
    ap.add_argument("--out", type=Path, help="also write the drafts and findings to this Markdown file")
    ap.add_argument("--save", type=Path, help="keep each draft as JSON in this folder")
    ap.add_argument("--load", type=Path, help="measure the drafts kept by --save instead of drafting")
    args = ap.parse_args()
    settings = load_settings().with_overrides(provider=args.provider, model=args.model, draft_path=args.path)
    ctx = EngineContext.create(settings, samples=SampleLibrary.from_settings(settings), fewshot=not args.no_fewshot)
    paths = sorted({p for pattern in SETS[args.set] for p in ROOT.glob(pattern) if args.only in p.stem})
    ledgers = {p: ledger_of(p) for p in paths}
    jobs = [(p, args.engine) for p in paths]  # (sheet, engine)
    if args.quick:
        jobs = jobs[:1]
        with_ledger = next((p for p in paths if ledgers[p]), None)  # a broken ledger path must fail CI
        if with_ledger is not None and not args.load and (with_ledger, "template") not in jobs:
            jobs.append((with_ledger, "template"))
    model = None if args.load or all(e == "template" for _, e in jobs) else make_model(settings)
    rows = []
    for p, engine in jobs:
        label = " (template)" if engine == "template" and args.engine != "template" else ""
        drafted = load(args.load, p) if args.load else run(p, model if engine == "llm" else None, ctx, ledgers[p])
        if args.save:
            save(args.save, p, *drafted)
        rows.append(evaluate(p, *drafted, nominal=ctx.templates.default_outline(drafted[0].facts).total_chars,
                             ledger=ledgers[p], label=label))
    classes = list(DEFECT_CLASSES)
    shown = "saved drafts" if args.load else getattr(model, "model", "none (template only)")
    lines = [f"provider: {settings.provider}  model: {shown}  path: {ctx.path}  "
             f"few-shot phrases: {'off' if args.no_fewshot else 'on'}", "", *table(rows, classes), "",
             "Per section: characters / target, model share, replies dropped, defects, seconds:", ""]
    for r in rows:
        cells = "  ".join(f"{s['name'][:6]} {s['ratio']:.2f}/{s['model']:.0%}/{s['dropped']}/{s['defects']}/"
                          f"{s['seconds']:.0f}s"
                          for s in r["sections"])
        lines.append(f"- {r['sheet']}: {cells}")
        if r["missing"]:
            lines.append(f"  - facts not told: {'；'.join(r['missing'])}")
        if r["stray"]:
            lines.append(f"  - numbers in no fact: {', '.join(r['stray'])}")
        if r["failed"]:
            lines.append(f"  - failed sections: {', '.join(r['failed'])}")
        if r["ledger"]:
            counts = "；".join(f"{name} {n}: {said}{'' if ok else ' DIFFERENT'}" for name, n, said, ok in r["ledger"]["counts"])
            lines.append(f"  - ledger {r['ledger']['ledger']} ({r['ledger']['records']} records), counts: {counts or 'none'}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        parts = [report]
        for r in rows:
            found = "\n".join(f"- {cls}: {f.text} — {f.message}" for cls, items in r["findings"].items() for f in items)
            parts.append(f"## {r['sheet']}\n\n```\n{to_markdown(r['draft'])}\n```\n\n{found}")
        args.out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return 1 if any(r["failed"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
