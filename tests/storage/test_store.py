"""DraftStore on SQLite and PostgreSQL: save/get/list/rename/duplicate/delete, migrations, threads, processes
starting together, a killed process, no secrets in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from drafter.documents.draft import VersionSource, new_draft
from drafter.documents.templates import load_templates
from drafter.errors import StoreError
from drafter.facts.load import load_facts_file
from drafter.settings import RESOURCE_ROOT, load_settings
from drafter.storage.schema import MIGRATIONS
from drafter.storage.store import DraftStore, _driver_url


def make_draft(example: str = "school_summary_2025.yaml"):
    facts = load_facts_file(RESOURCE_ROOT / "examples" / example)
    outline = load_templates(RESOURCE_ROOT / "templates").default_outline(facts)
    return new_draft(facts, outline)


@pytest.fixture
def store(db_url):
    s = DraftStore(db_url)
    yield s
    s.close()


def test_save_get_roundtrip_keeps_history_and_outline(store):
    d = make_draft()
    sec = d.sections[1]
    sec.record("第一稿。", VersionSource.GENERATED)
    sec.edit("手改过的第一稿。")
    d.apply_outline(d.outline.renamed(sec.id, "新的标题"))
    store.save(d)
    back = store.get(d.id)
    assert back == d
    assert [v.source for v in back.section(sec.id).versions] == ["generated", "edited"]
    assert back.outline_history and back.outline.section(sec.id).heading == "新的标题"
    assert store.get("nope") is None


def test_list_rename_duplicate_delete(store):
    a, b = make_draft(), make_draft("hospital_plan_2026.yaml")
    store.save(a)
    store.save(b)
    rows = store.list()
    assert [r.id for r in rows] == [b.id, a.id]  # most recent first
    assert rows[0].kind == "annual_plan" and rows[0].year == 2026 and rows[0].branch
    store.rename(a.id, "  我的总结 ")
    assert store.get(a.id).name == "我的总结"
    assert store.list()[0].id == a.id
    with pytest.raises(StoreError):
        store.rename(a.id, " ")
    store.save_form(a.id, {"branch_name": "未校验的输入", "year": "二〇二五"})
    copy = store.duplicate(a.id)
    assert copy.id != a.id and copy.name == "我的总结（副本）" and copy.sections == store.get(a.id).sections
    assert store.get_form(copy.id) == {"branch_name": "未校验的输入", "year": "二〇二五"}
    store.delete(a.id)
    assert store.get(a.id) is None
    assert {r.id for r in store.list()} == {b.id, copy.id}
    with pytest.raises(StoreError, match="找不到"):
        store.duplicate(a.id)


def test_schema_created_and_migrated_from_version_1(db_url):
    url = db_url
    if url.startswith("sqlite"):
        Path(make_url(url).database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(_driver_url(url))
    with engine.begin() as conn:  # a database left by the first release: only migration 1 applied
        conn.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO schema_version (version) VALUES (1)"))
        MIGRATIONS[0](conn)
    engine.dispose()
    store = DraftStore(url)
    assert store.version == len(MIGRATIONS)
    d = make_draft()
    store.save(d)
    store.save_form(d.id, {"x": 1})
    assert store.get_form(d.id) == {"x": 1}
    store.close()
    again = DraftStore(url)  # re-opening applies nothing twice
    assert again.version == len(MIGRATIONS) and again.get(d.id) == d
    again.close()


def test_concurrent_saves_from_threads(store):
    ds = [make_draft() for _ in range(6)]
    errors: list[BaseException] = []

    def work(d):
        try:
            for i in range(5):
                d.sections[0].record(f"第{i}稿。", VersionSource.GENERATED)
                store.save(d)
                assert store.get(d.id) is not None
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d,)) for d in ds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert {r.id for r in store.list()} == {d.id for d in ds}
    assert all(store.get(d.id).sections[0].text == "第4稿。" for d in ds)


def test_api_key_never_reaches_the_database(tmp_path):
    secret = "sk-test-do-not-store-0123456789"
    settings = load_settings({"DRAFTER_PROVIDER": "openai", "OPENAI_API_KEY": secret,
                              "DRAFTER_DATA_DIR": str(tmp_path)})
    store = DraftStore(settings.db_url)
    assert "drafter.db" in settings.db_url
    d = make_draft()
    store.save(d)
    store.save_form(d.id, {"branch_name": "x"})
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("drafter.db*"))
    assert secret.encode() not in raw
    assert secret not in repr(store)


def test_unreachable_database_is_a_chinese_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="数据"):
        DraftStore(f"sqlite:///{blocker / 'sub' / 'drafter.db'}")


def test_postgres_urls_use_psycopg_and_say_how_to_install_it(monkeypatch):
    assert _driver_url("postgresql://u:p@db/drafter").drivername == "postgresql+psycopg"
    assert _driver_url("postgres://u:p@db/drafter").drivername == "postgresql+psycopg"
    assert _driver_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(StoreError, match="格式"):
        DraftStore("not a url")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(StoreError, match=r"\[postgres\]"):
        DraftStore("postgresql://u:p@127.0.0.1:9/drafter")


# A separate app process: open the store on the URL, save one draft, report its id, then wait to be killed.
WORKER = """
import sys, time
from pathlib import Path
go, url, label = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
from drafter.documents.draft import VersionSource
from drafter.storage.store import DraftStore
from tests.storage.test_store import make_draft
draft = make_draft()
draft.name = label
draft.sections[0].record("进程" + label + "写的开篇。", VersionSource.GENERATED)
while not go.exists():  # every process opens the store at the same moment
    time.sleep(0.005)
store = DraftStore(url)
store.save(draft)
store.save_form(draft.id, {"label": label})
print(draft.id, flush=True)
time.sleep(600)
"""


def _workers(url: str, go: Path, labels: list[str]) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(RESOURCE_ROOT)}
    return [subprocess.Popen([sys.executable, "-c", WORKER, str(go), url, label], cwd=RESOURCE_ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for label in labels]


def _read_ids(procs: list[subprocess.Popen[str]]) -> list[str]:
    ids = []
    for p in procs:
        line = p.stdout.readline().strip() if p.stdout else ""
        if not line:
            p.kill()
            raise AssertionError(f"worker failed: {p.communicate(timeout=30)[1][-2000:]}")
        ids.append(line)
    return ids


def test_processes_starting_together_share_one_database_and_survive_a_kill(db_url, tmp_path):
    """Two app processes open a new database at once (one migrates, the other waits), both save, both are
    killed without closing anything; a restarted process finds every draft and form, and works on."""
    go = tmp_path / "go"
    procs = _workers(db_url, go, ["甲", "乙"])
    try:
        time.sleep(1.0)  # both imported and polling
        go.touch()
        ids = _read_ids(procs)
    finally:
        for p in procs:
            p.send_signal(signal.SIGKILL)
            p.communicate(timeout=30)
    restarted = DraftStore(db_url)
    try:
        assert restarted.version == len(MIGRATIONS)
        assert {r.id for r in restarted.list()} == set(ids)
        for draft_id, label in zip(ids, ["甲", "乙"], strict=True):
            draft = restarted.get(draft_id)
            assert draft is not None and draft.name == label and draft.sections[0].text == f"进程{label}写的开篇。"
            assert restarted.get_form(draft_id) == {"label": label}
        restarted.rename(ids[0], "重启后改名")
        assert restarted.get(ids[0]).name == "重启后改名"
    finally:
        restarted.close()
