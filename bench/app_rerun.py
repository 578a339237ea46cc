"""Prints the app script's rerun time (AppTest, median of N) with a full draft open; target ≤ 150 ms."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Build a full draft with history, open it in the app, time reruns of each step."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20, help="reruns per step")
    parser.add_argument("--quick", action="store_true", help="two reruns per step (CI smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.n = 2
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DRAFTER_DATA_DIR"] = tmp
        os.environ.pop("DRAFTER_PASSWORD", None)
        from streamlit.testing.v1 import AppTest

        from drafter.documents.draft import VersionSource
        from drafter.drafting.context import EngineContext
        from drafter.drafting.engine import template_draft
        from drafter.facts.load import load_facts_file
        from drafter.settings import load_settings
        from drafter.storage.store import DraftStore

        settings = load_settings()
        facts = load_facts_file(ROOT / "examples" / "school_summary_2025.yaml")
        draft = template_draft(facts, EngineContext.create(settings))
        draft.apply_outline(draft.outline.rescaled(5000))  # the longest length the outline step offers
        for sec in draft.sections:  # a heavy history: generated, two rewrites, hand edits, a restore
            base = sec.text
            while len(base) < sec.target_chars:
                base += sec.text
            sec.record(base, VersionSource.GENERATED)
            sec.record(base[::-1], VersionSource.REGENERATED, instruction="更简练")
            sec.record(base + "。", VersionSource.REGENERATED, instruction="突出数据")
            sec.edit(base + "手工补充一句。")
            sec.restore(1)  # back to the generated text
        store = DraftStore(settings.db_url)
        store.save(draft)
        store.close()
        print(f"draft: {len(draft.sections)} sections, {draft.char_count()} chars, "
              f"{sum(len(s.versions) for s in draft.sections)} versions")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["d"] = draft.id
        at.run()
        results = {}
        for step in ("draft", "review", "outline", "facts", "export"):
            at.session_state["step"] = step
            at.run()
            assert not at.exception, at.exception
            times = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - t0) * 1000)
            results[step] = statistics.median(times)
        # An interaction that changes the draft: a hand edit (saved to the database, review re-run for the tab count).
        at.session_state["step"] = "draft"
        at.run()
        times = []
        for i in range(args.n):
            area = next(ta for ta in at.text_area if ta.key and ta.key.startswith(f"txt_{draft.id}_"))
            area.set_value(area.value + f"补{i}。")
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, at.exception
        results["edit"] = statistics.median(times)
        for step, ms in results.items():
            what = "hand edit + save + review" if step == "edit" else f"rerun, {step} tab open"
            print(f"{what:<28}: median {ms:6.1f} ms over {args.n} runs")
        worst = max(results.values())
        print(f"app rerun (worst case, median): {worst:.1f} ms — target ≤ 150 ms: {'OK' if worst <= 150 else 'OVER'}")


if __name__ == "__main__":
    main()
