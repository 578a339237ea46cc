"""Wall time of a full annual summary, serial vs concurrent, against a local server streaming at a fixed rate.

Prints both wall times and the ratio concurrent / slowest section (target <= 1.3).
Run: .venv/bin/python bench/draft_concurrency.py [--rate 40] [--first-token-delay 0.5] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.documents.draft import new_draft  # noqa: E402
from drafter.drafting.context import EngineContext  # noqa: E402
from drafter.drafting.engine import default_outline, draft_document  # noqa: E402
from drafter.facts.load import load_facts_file  # noqa: E402
from drafter.llm import make_model  # noqa: E402
from drafter.settings import load_settings  # noqa: E402
from tests.support.openai_stub_server import StubServer  # noqa: E402


def run(base_url: str, concurrency: int, data_dir: str) -> tuple[float, dict[str, float]]:
    """Draft the school example once; returns wall time and each section's own duration."""
    settings = load_settings({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": base_url, "DRAFTER_MODEL": "stub",
                              "DRAFTER_DATA_DIR": data_dir, "DRAFTER_CONCURRENCY": str(concurrency)})
    ctx = EngineContext.create(settings, max_continuations=0)
    facts = load_facts_file(ROOT / "examples" / "school_summary_2025.yaml")
    draft = new_draft(facts, default_outline(facts, ctx))
    started: dict[str, float] = {}
    took: dict[str, float] = {}

    def on_event(e):
        if e.type == "start":
            started[e.section_id] = time.perf_counter()
        elif e.type in ("done", "cut_off", "failed"):
            took[e.section_id] = time.perf_counter() - started[e.section_id]

    t0 = time.perf_counter()
    draft_document(draft, make_model(settings), ctx, on_event=on_event)
    wall = time.perf_counter() - t0
    failed = [s.id for s in draft.sections if s.status == "failed"]
    if failed:
        raise SystemExit(f"sections failed: {failed}")
    return wall, took


def main() -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rate", type=float, default=40.0, help="tokens per second per request")
    ap.add_argument("--first-token-delay", type=float, default=0.5)
    ap.add_argument("--token-chars", type=int, default=2, help="characters per streamed token")
    ap.add_argument("--quick", action="store_true", help="a fast server, seconds in all (CI smoke run)")
    args = ap.parse_args()
    if args.quick:
        args.rate, args.first_token_delay, args.token_chars = 2000.0, 0.05, 8
    with StubServer(rate=args.rate, first_token_delay=args.first_token_delay, token_chars=args.token_chars) as srv, \
            tempfile.TemporaryDirectory() as tmp:
        serial, _ = run(srv.base_url, 1, tmp)
        concurrent, took = run(srv.base_url, 8, tmp)
    slowest = max(took.values())
    print(f"sections: {len(took)}; server: {args.rate:g} tokens/s after {args.first_token_delay:g} s, "
          f"{args.token_chars} chars a token")
    print(f"serial wall time:      {serial:6.2f} s")
    print(f"concurrent wall time:  {concurrent:6.2f} s")
    print(f"slowest section:       {slowest:6.2f} s")
    print(f"concurrent / slowest:  {concurrent / slowest:6.2f}  (target <= 1.3)")
    print(f"serial / concurrent:   {serial / concurrent:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
