"""Shared mode: accounts, logins with backoff and lockout, expiring sessions, ownership checks, audit, 汇总."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import pytest

from drafter.cli import main
from drafter.errors import InputError, LoginError, StoreError
from drafter.storage.accounts import FREE_TRIES, LOCK_AFTER, Accounts, UserStore, check_typed_address
from drafter.storage.store import DraftStore
from tests.storage.test_store import make_draft

PW = "correct horse battery"


@pytest.fixture
def accounts(db_url):
    store = DraftStore(db_url)
    yield Accounts(store, session_hours=8)
    store.close()


def _users(accounts):
    a = accounts.add("alice", PW, branch="一支部")
    b = accounts.add("bob", PW, branch="二支部")
    admin = accounts.add("root", PW, branch="", role="admin")
    return a, b, admin


def test_user_b_cannot_list_open_rename_or_delete_user_as_draft(accounts):
    a, b, admin = _users(accounts)
    store = accounts.store
    mine = UserStore(store, a, accounts)
    theirs = UserStore(store, b, accounts)
    d = make_draft()
    mine.save(d)
    mine.save_form(d.id, {"f_name": "x"})
    assert [r.id for r in mine.list()] == [d.id]
    assert theirs.list() == [] and theirs.get(d.id) is None
    for attempt in (lambda: theirs.rename(d.id, "抢来的"), lambda: theirs.delete(d.id),
                    lambda: theirs.duplicate(d.id), lambda: theirs.get_form(d.id),
                    lambda: theirs.save_form(d.id, {}), lambda: theirs.save(store.get(d.id))):
        with pytest.raises(StoreError, match="找不到"):
            attempt()
    assert store.get(d.id).name == d.name and store.get_form(d.id) == {"f_name": "x"}
    # Same branch: shared. Admin: sees all.
    colleague = accounts.add("carol", PW, branch="一支部")
    assert [r.id for r in store.list(colleague)] == [d.id]
    assert [r.id for r in store.list(admin)] == [d.id]
    UserStore(store, admin, accounts).delete(d.id)
    assert store.get(d.id) is None
    assert [(r["username"], r["action"]) for r in accounts.audit_rows() if r["action"] == "delete"] == [("root", "delete")]


def test_passwords_hashed_and_login_session_expiry(accounts):
    _users(accounts)
    from sqlalchemy import text

    with accounts.store.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE username='alice'")).scalar_one()
    assert stored.startswith("$argon2id$") and PW not in stored
    now = datetime.now(UTC)
    token, actor = accounts.login("alice", PW, now=now)
    assert actor.branch == "一支部" and accounts.session(token, now=now) == actor
    assert accounts.session(token, now=now + timedelta(hours=8, seconds=1)) is None  # expired
    accounts.disable("alice")
    assert accounts.session(token, now=now) is None
    with pytest.raises(LoginError, match="停用"):
        accounts.login("alice", PW, now=now)


def test_backoff_then_lockout_then_reset(accounts):
    _users(accounts)
    now = datetime.now(UTC)
    refused = 0
    for i in range(300):  # the probe: 300 tries in a burst
        try:
            accounts.login("bob", f"guess{i}", now=now)
        except LoginError:
            refused += 1
    assert refused == 300
    with pytest.raises(LoginError, match="尝试次数过多"):  # the right password is refused while waiting
        accounts.login("bob", PW, now=now)
    bob = next(u for u in accounts.list() if u.username == "bob")
    assert bob.failed == FREE_TRIES  # the burst got 3 real tries; the other 297 met the wait
    later = now + timedelta(minutes=16)
    for i in range(LOCK_AFTER):
        with pytest.raises(LoginError):
            accounts.login("bob", f"again{i}", now=later + timedelta(minutes=16 * i))
    with pytest.raises(LoginError, match="分钟"):
        accounts.login("bob", PW, now=later + timedelta(minutes=16 * (LOCK_AFTER - 1), seconds=1))
    accounts.reset_password("bob", "a new long password")
    assert accounts.login("bob", "a new long password", now=later)[1].username == "bob"
    actions = [r["action"] for r in accounts.audit_rows(1000)]
    assert "login" in actions and "login_failed" in actions and "login_locked" in actions


def test_unknown_user_takes_as_long_as_a_wrong_password(accounts):
    _users(accounts)
    t = time.perf_counter()
    with pytest.raises(LoginError, match="用户名或密码不正确"):
        accounts.login("nobody", PW)
    unknown = time.perf_counter() - t
    t = time.perf_counter()
    with pytest.raises(LoginError, match="用户名或密码不正确"):
        accounts.login("alice", "wrong password")
    assert unknown > (time.perf_counter() - t) / 5


def test_summary_shows_branches_status_and_exports(accounts):
    a, b, _admin = _users(accounts)
    d1, d2 = make_draft(), make_draft("hospital_plan_2026.yaml")
    d1.sections[0].record("开头。", "generated")
    UserStore(accounts.store, a, accounts).save(d1)
    UserStore(accounts.store, b, accounts).save(d2)
    UserStore(accounts.store, a, accounts).exported(d1.id, "docx")
    rows = {r.draft_id: r for r in accounts.summary()}
    assert rows[d1.id].branch == "一支部" and rows[d1.id].exported and rows[d1.id].written == 1
    assert rows[d2.id].branch == "二支部" and not rows[d2.id].exported


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1", "http://localhost/v1", "http://169.254.169.254/",
                                 "http://10.1.2.3/v1", "http://[::1]:8000/v1", "http://192.168.1.5/v1"])
def test_internal_addresses_need_the_allow_list(url):
    with pytest.raises(InputError, match="内部网络"):
        check_typed_address(url, ())
    from urllib.parse import urlparse

    check_typed_address(url, (urlparse(url).hostname,))


def test_cli_users(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PW + "\n"))
    assert main(["users", "add", "alice", "--branch", "一支部", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bob", "--branch", "一支部", "--password-stdin"]) == 2
    assert main(["users", "disable", "alice"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr()
    assert "alice\t用户\t一支部\t已停用" in out.out and "密码至少 8 位" in out.err
    monkeypatch.setattr("sys.stdin", io.StringIO("another long one\n"))
    assert main(["users", "reset-password", "alice", "--password-stdin"]) == 0
    assert main(["users", "disable", "nobody"]) == 2


def test_the_shared_password_has_the_same_backoff():
    from drafter.storage.accounts import PasswordGate

    gate = PasswordGate()
    now = datetime.now(UTC)
    refused = 0
    for i in range(300):
        try:
            gate.check(f"guess{i}", "s3cret-口令", now=now)
        except LoginError:
            refused += 1
    assert refused == 300 and gate.failed == FREE_TRIES
    with pytest.raises(LoginError, match="尝试次数过多"):
        gate.check("s3cret-口令", "s3cret-口令", now=now)
    gate.check("s3cret-口令", "s3cret-口令", now=now + timedelta(seconds=2))
    assert gate.failed == 0
