"""Time the Word export of a 5,000- and a 50,000-character draft (target: 5,000 in ≤ 150 ms); prints medians."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafter.documents.draft import Draft, VersionSource, new_draft  # noqa: E402
from drafter.documents.export import to_docx, to_markdown  # noqa: E402
from drafter.documents.outline import Outline, OutlineSection  # noqa: E402
from drafter.facts.load import parse_facts  # noqa: E402

PARAGRAPH = ("支部严格落实“三会一课”制度，全年召开支部党员大会6次、支委会12次，书记讲党课2次。"
             "一是坚持每月集中学习，二是依托“学习强国”平台推动个人自学，三是组织党员撰写心得体会46篇。")
SUBHEADS = ("（一）规范组织生活。", "1.严格执行主题党日制度。", "（1）坚持标准、严格程序。")
TARGET_MS = 150


def make(chars: int) -> Draft:
    """A six-section summary of about `chars` characters with every heading level."""
    facts = parse_facts({"kind": "annual_summary", "year": 2025, "branch": {"name": "某某学校党支部"},
                         "signature_date": "2025-12-06"})
    heads = ["强化理论武装", "加强组织建设", "推进党风廉政建设", "服务中心工作", "存在的问题", "下一步打算"]
    outline = Outline(kind="annual_summary", title="某某学校党支部2025年度工作总结",
                      sections=[OutlineSection(id="opening", numbered=False)]
                      + [OutlineSection(id=f"s{i}", heading=h) for i, h in enumerate(heads)])
    draft = new_draft(facts, outline, signature_date=dt.date(2025, 12, 6))
    per_section = chars // len(draft.sections)
    for section in draft.sections:
        lines, n = [], 0
        while n < per_section:
            line = SUBHEADS[len(lines) % 3] if len(lines) % 4 == 0 else PARAGRAPH
            lines.append(line)
            n += len(line)
        section.record("\n".join(lines), VersionSource.GENERATED)
    return draft


def median_ms(fn, runs: int) -> float:
    """Median wall time of fn() in milliseconds after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print one line per size; exit 1 if the 5,000-character export misses its target."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="5,000 characters, 3 runs, no target check (CI smoke run)")
    args = ap.parse_args()
    ok = True
    sizes = ((5_000, 3),) if args.quick else ((5_000, 15), (50_000, 7))
    for chars, runs in sizes:
        draft = make(chars)
        docx_ms = median_ms(lambda d=draft: to_docx(d), runs)
        md_ms = median_ms(lambda d=draft: to_markdown(d), runs)
        size = len(to_docx(draft)) // 1024
        note = f"（目标 ≤ {TARGET_MS} ms）" if chars == 5_000 else ""
        print(f"{draft.char_count():>6} 字  to_docx {docx_ms:7.1f} ms {note}  {size} KB  "
              f"to_markdown {md_ms:5.2f} ms  （{runs} 次中位数）")
        if chars == 5_000 and docx_ms > TARGET_MS and not args.quick:  # a smoke run on a busy machine times nothing
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
