"""Draft every example fact sheet on a provider and print the quality figures of issue 5 and issue 8.

Per sheet: fact coverage, unsupported numbers per 1,000 characters, placeholders, era slogans, chatbot tics,
template sections present, length ratio per section (characters / target), and wall time.
Run: .venv/bin/python bench/eval_quality.py [--provider local] [--model NAME] [--only school] [--out FILE.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.draft import new_draft  # noqa: E402
from drafter.engine import EngineContext, default_outline, draft_document  # noqa: E402
from drafter.export import to_markdown  # noqa: E402
from drafter.facts import load_facts_file  # noqa: E402
from drafter.llm import make_model  # noqa: E402
from drafter.review import fact_usage, review_draft  # noqa: E402
from drafter.samples import SampleLibrary  # noqa: E402
from drafter.settings import load_settings  # noqa: E402
from drafter.textutil import count_chars  # noqa: E402


def evaluate(path: Path, model, ctx) -> dict:
    """Draft one sheet and measure it."""
    facts = load_facts_file(path)
    draft = new_draft(facts, default_outline(facts, ctx))
    t0 = time.perf_counter()
    draft_document(draft, model, ctx)
    wall = time.perf_counter() - t0
    sections = [(s.id, s.heading, s.text, s.target_chars) for s in draft.sections]
    checks = fact_usage(sections, facts)
    findings = review_draft(draft)
    chars = sum(count_chars(s.text) for s in draft.sections)

    def count(rule: str, severity: str | None = None) -> int:
        return sum(1 for f in findings if f.rule == rule and (severity is None or f.severity == severity))

    return {
        "sheet": path.stem, "draft": draft, "wall": wall, "chars": chars,
        "coverage": sum(c.used for c in checks) / len(checks) if checks else 1.0,
        "missing": [c.label for c in checks if not c.used],
        "unsupported_per_k": 1000 * count("unsupported_number", "error") / max(chars, 1),
        "placeholders": count("placeholder"), "era": count("era", "error"), "chatbot": count("chatbot"),
        "present": sum(1 for s in draft.sections if s.text.strip() and s.status != "failed"),
        "sections": len(draft.sections),
        "ratios": {s.heading or "开篇": count_chars(s.text) / s.target_chars for s in draft.sections},
        "findings": findings,
    }


def main() -> int:
    """Run the evaluation and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--provider", default=None, help="default: DRAFTER_PROVIDER or local")
    ap.add_argument("--model", default=None)
    ap.add_argument("--only", default="", help="run only sheets whose file name contains this")
    ap.add_argument("--out", type=Path, help="also write the drafts and tables to this Markdown file")
    args = ap.parse_args()
    settings = load_settings().with_overrides(provider=args.provider, model=args.model)
    ctx = EngineContext.create(settings, samples=SampleLibrary.from_settings(settings))
    model = make_model(settings)
    rows = [evaluate(p, model, ctx) for p in sorted((ROOT / "examples").glob("*.yaml")) if args.only in p.stem]

    lines = [f"provider: {settings.provider}  model: {getattr(model, 'model', '?')}", "",
             "| sheet | coverage | unsupported /1k | placeholders | era | chatbot | sections | chars | time |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['sheet']} | {r['coverage']:.0%} | {r['unsupported_per_k']:.2f} | {r['placeholders']} | "
                     f"{r['era']} | {r['chatbot']} | {r['present']}/{r['sections']} | {r['chars']} | "
                     f"{r['wall']:.0f} s |")
    if rows:
        avg = {k: statistics.mean(r[k] for r in rows) for k in ("coverage", "unsupported_per_k", "placeholders",
                                                               "era", "chatbot", "wall")}
        lines.append(f"| **average** | {avg['coverage']:.0%} | {avg['unsupported_per_k']:.2f} | "
                     f"{avg['placeholders']:.1f} | {avg['era']:.1f} | {avg['chatbot']:.1f} | "
                     f"{sum(r['present'] for r in rows)}/{sum(r['sections'] for r in rows)} | "
                     f"{statistics.mean(r['chars'] for r in rows):.0f} | {avg['wall']:.0f} s |")
    lines += ["", "Length ratio per section (characters / target; the band is 0.75–1.25):", ""]
    all_ratios = []
    for r in rows:
        cells = "  ".join(f"{h[:8]} {v:.2f}" for h, v in r["ratios"].items())
        all_ratios += list(r["ratios"].values())
        lines.append(f"- {r['sheet']}: {cells}")
    if all_ratios:
        inside = sum(0.75 <= v <= 1.25 for v in all_ratios)
        lines.append(f"- within ±25%: {inside}/{len(all_ratios)} sections; "
                     f"median ratio {statistics.median(all_ratios):.2f}")
    for r in rows:
        if r["missing"]:
            lines.append(f"- {r['sheet']} facts not used: {'；'.join(r['missing'])}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        drafts = "\n\n".join(f"## {r['sheet']}\n\n```\n{to_markdown(r['draft'])}\n```\n\n"
                             + "\n".join(f"- [{f.severity}] {f.rule}: {f.text} — {f.message}" for f in r["findings"])
                             for r in rows)
        args.out.write_text(report + "\n\n" + drafts + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
