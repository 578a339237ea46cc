"""Shared mode through the app (AppTest): login, and user B can neither list nor open user A's draft."""

from __future__ import annotations

import pytest

from drafter.storage.accounts import Accounts
from drafter.storage.store import DraftStore
from tests.ui.conftest import load_example, problems
from ui.state import DRAFT

PW = "correct horse battery"


@pytest.fixture
def shared(env, monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTER_AUTH", "accounts")
    store = DraftStore(f"sqlite:///{tmp_path / 'data' / 'drafter.db'}")
    accounts = Accounts(store)
    accounts.add("alice", PW, branch="一支部")
    accounts.add("bob", PW, branch="二支部")
    accounts.add("root", PW, branch="", role="admin")
    yield store
    store.close()


def _login(at, name: str, password: str = PW):
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click()  # the form's 登录
    return at.run()


def _sidebar_drafts(at) -> list[str]:
    return [b.key for b in at.sidebar.button if b.key and b.key.startswith("open_")]


def test_login_required_and_drafts_private_to_the_branch(new_app, shared):
    at = new_app()
    assert at.text_input(key="login_name") is not None and not _sidebar_drafts(at)
    at = _login(at, "alice", "wrong password")
    assert any("用户名或密码不正确" in e.value for e in at.error)
    at = _login(at, "alice")
    assert not problems(at), problems(at)
    at = load_example(at)
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    assert _sidebar_drafts(at) == [f"open_{draft_id}"]

    other = _login(new_app(), "bob")
    assert _sidebar_drafts(other) == []  # not listed
    other = _login(new_app(d=draft_id), "bob")  # not openable by its link either
    opened = other.session_state[DRAFT] if DRAFT in other.session_state else None
    assert opened is None and "d" not in other.query_params
    assert not any(draft_id in str(t.value) for t in other.text_input)
    assert shared.get(draft_id).name  # still there, untouched

    admin = _login(new_app(), "root")
    assert _sidebar_drafts(admin) == [f"open_{draft_id}"]
    assert any("汇总" in e.label for e in admin.sidebar.expander)


def test_admin_adds_and_disables_a_user_on_the_page(new_app, shared):
    admin = _login(new_app(), "root")
    admin.sidebar.text_input(key="ua_name").set_value("dave")
    admin.sidebar.text_input(key="ua_branch").set_value("三支部")
    admin.sidebar.text_input(key="ua_password").set_value("a long password")
    next(b for b in admin.sidebar.button if b.label == "添加用户").click()
    admin.run()
    assert not problems(admin), problems(admin)
    dave = _login(new_app(), "dave", "a long password")
    assert any("已登录：dave" in c.value for c in dave.sidebar.caption)
    admin.sidebar.selectbox(key="ua_who").set_value("dave")
    admin.run()
    admin.sidebar.button(key="ua_toggle").click()
    admin.run()
    from drafter.storage.accounts import Accounts

    assert next(u for u in Accounts(shared).list() if u.username == "dave").disabled
    dave = _login(new_app(), "dave", "a long password")
    assert any("停用" in e.value for e in dave.error)


def test_typed_internal_address_is_not_used_in_shared_mode():
    from types import SimpleNamespace

    from drafter.settings import Settings
    from ui.state import typed_address_allowed

    shared = SimpleNamespace(settings=Settings(auth="accounts", base_url="http://10.0.0.8:8000/v1"))
    assert typed_address_allowed(shared, "http://127.0.0.1:11434/v1") is None
    assert typed_address_allowed(shared, "http://10.0.0.8:8000/v1") == "http://10.0.0.8:8000/v1"  # the admin's
    allowed = SimpleNamespace(settings=Settings(auth="accounts", allowed_hosts=("127.0.0.1",)))
    assert typed_address_allowed(allowed, "http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434/v1"
    personal = SimpleNamespace(settings=Settings())
    assert typed_address_allowed(personal, "http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434/v1"
