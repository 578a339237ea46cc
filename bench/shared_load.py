"""Shared mode under load: N simultaneous sessions (pairs of colleagues on one draft) log in, draft against the
stub model server and edit; prints p50/p95 page response and hand edits written vs found (must be equal).

Each session is an AppTest of app.py in a thread of one app process, sharing its cached store and model client as
`streamlit run` sessions do (their script runs take turns: AppTest's runtime is process-global; drafting jobs and
saves run concurrently); `--processes 2` runs half the pairs in a second process on the same database
(SQLite file by default, PostgreSQL with --database-url or --postgres). Page response: one script run, from the
widget change to the page drawn (the browser's network and rendering not included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench password 123"
# AppTest's runtime is process-global (Runtime.instance()): two script runs at once in one process break it. Runs
# take turns; a page's response therefore includes its wait for the others, like a busy single-core server.
_RUN = threading.Lock()


def _session(pair: int, role: str, shared: dict, edits: int, times: list[float], errors: list[str]) -> list[str]:
    """One session: log in, (creator) load the example and draft it, (both) edit; returns the texts it typed."""
    from streamlit.testing.v1 import AppTest

    from ui.jobs import JOB

    def run(at: AppTest) -> AppTest:
        t0 = time.perf_counter()
        with _RUN:
            at.run()
        times.append((time.perf_counter() - t0) * 1000)
        for _ in range(100):  # a drafting job: the browser's fragment would repaint until it ends
            job = at.session_state[JOB] if JOB in at.session_state else None
            if job is None:
                break
            job.done.wait(120)
            with _RUN:
                at.run()
        if at.exception:
            errors.append(f"pair {pair} {role}: {at.exception[0].value}")
        return at

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    key = f"p{pair}"
    if role == "b":
        shared[key].wait(600)  # the colleague opens the draft once it exists
        at.query_params["d"] = shared[key + "_id"]
    run(at)
    at.text_input(key="login_name").set_value(f"u{pair}{role}")
    at.text_input(key="login_password").set_value(PASSWORD)
    at.button[0].click()
    run(at)
    if role == "a":
        at.selectbox(key="example_pick").set_value("school_summary_2025")
        at.button(key="load_example").click()
        run(at)
        at.button(key="to_outline").click()
        run(at)
        at.button(key="to_draft").click()
        run(at)
        at.button(key="draft_all").click()
        run(at)
        shared[key + "_id"] = at.query_params["d"]
        shared[key].set()
    else:
        at.session_state["step"] = "draft"
        run(at)
    typed = []
    for j in range(edits):
        areas = [ta for ta in at.text_area if ta.key and ta.key.startswith("txt_")]
        if not areas:
            errors.append(f"pair {pair} {role}: no section to edit")
            break
        text = f"第{pair}组{role}第{j}次修改：支部认真落实“三会一课”制度。"
        areas[1 + (j % (len(areas) - 1))].set_value(text)
        typed.append(text)
        run(at)
    return typed


def worker(pairs: range, edits: int) -> dict:
    """Run the pairs' sessions at once in this process; their page times, typed texts and draft ids."""
    shared: dict = {f"p{i}": threading.Event() for i in pairs}
    times: list[float] = []
    errors: list[str] = []
    typed: dict[str, list[str]] = {}

    def go(i: int, role: str) -> None:
        try:
            typed[f"{i}{role}"] = _session(i, role, shared, edits, times, errors)
        except Exception as exc:  # noqa: BLE001 - reported in the figures, not hidden
            errors.append(f"pair {i} {role}: {exc!r}")
            shared[f"p{i}"].set()

    threads = [threading.Thread(target=go, args=(i, r)) for i in pairs for r in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = {str(i): shared.get(f"p{i}_id") for i in pairs}
    return {"times": times, "errors": errors, "typed": typed, "ids": ids}


def main() -> None:
    """Set up users and the stub server, run the sessions (in one or two processes), count what was kept."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="simultaneous sessions (pairs on one draft)")
    parser.add_argument("--edits", type=int, default=5, help="hand edits per session")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temp directory")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster (tests/support)")
    parser.add_argument("--quick", action="store_true", help="2 sessions, 2 edits (CI smoke run)")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)  # "first:last" pairs, JSON out
    args = parser.parse_args()
    if args.worker:
        first, last = map(int, args.worker.split(":"))
        print(json.dumps(worker(range(first, last), args.edits), ensure_ascii=False))
        return
    if args.quick:
        args.sessions, args.edits = 2, 2
    pairs = max(1, args.sessions // 2)
    with tempfile.TemporaryDirectory() as tmp:
        cluster_cm = None
        url = args.database_url
        if args.postgres:
            from tests.support import postgres as pg

            cluster_cm = pg.cluster()
            url = next(cluster_cm).create_database()
        url = url or f"sqlite:///{tmp}/drafter.db"
        from tests.support.openai_stub_server import StubServer

        stub = StubServer(token_chars=8).start()
        os.environ.update({"DRAFTER_DATA_DIR": tmp, "DATABASE_URL": url, "DRAFTER_AUTH": "accounts",
                           "DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": stub.base_url, "DRAFTER_MODEL": "stub",
                           "NO_PROXY": "127.0.0.1", "DRAFTER_CONCURRENCY": "2"})
        os.environ.pop("DRAFTER_PASSWORD", None)
        from drafter.storage.accounts import Accounts
        from drafter.storage.store import DraftStore

        store = DraftStore(url)
        accounts = Accounts(store)
        for i in range(pairs):
            for role in ("a", "b"):
                accounts.add(f"u{i}{role}", PASSWORD, branch=f"第{i}支部")
        t0 = time.perf_counter()
        split = pairs if args.processes == 1 else pairs // 2
        second = None
        if split < pairs:
            second = subprocess.Popen([sys.executable, __file__, "--worker", f"{split}:{pairs}",
                                       "--edits", str(args.edits)], stdout=subprocess.PIPE, text=True,
                                      env=os.environ.copy(), cwd=ROOT)
        results = [worker(range(0, split), args.edits)]
        if second is not None:
            out, _ = second.communicate(timeout=1800)
            results.append(json.loads(out.strip().splitlines()[-1]))
        wall = time.perf_counter() - t0
        times = sorted(t for r in results for t in r["times"])
        errors = [e for r in results for e in r["errors"]]
        typed = [t for r in results for texts in r["typed"].values() for t in texts]
        ids = [d for r in results for d in r["ids"].values() if d]
        found_texts, conflicts = set(), 0
        for draft_id in ids:
            draft = store.get(draft_id)
            for sec in draft.sections:
                found_texts.update(v.text for v in sec.versions)
                conflicts += sum(1 for v in sec.versions if v.source == "conflict")
        found = sum(1 for t in typed if t in found_texts)
        store.close()
        stub.stop()
        if cluster_cm is not None:
            cluster_cm.close()
        p95 = times[max(0, round(0.95 * len(times)) - 1)] if times else 0.0
        print(f"shared mode: {pairs * 2} sessions ({pairs} pairs on one draft each), {args.processes} process(es), "
              f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'}, {args.edits} edits per session")
        print(f"page response over {len(times)} script runs: p50 {statistics.median(times) if times else 0:.0f} ms, "
              f"p95 {p95:.0f} ms; wall {wall:.1f} s")
        print(f"hand edits written {len(typed)}, found in the database {found}, lost {len(typed) - found}; "
              f"kept as conflict versions {conflicts}")
        for e in errors[:10]:
            print("error:", e)
        if errors or found != len(typed):
            sys.exit(1)


if __name__ == "__main__":
    main()
