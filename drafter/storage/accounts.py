"""Shared mode (DRAFTER_AUTH=accounts): users with argon2 hashes, logins with backoff and lockout, sessions that
expire, an audit trail, and the store as one acting user sees it."""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update

from drafter.documents.draft import Draft
from drafter.errors import InputError, LoginError
from drafter.storage.accounts_schema import audit, sessions, users
from drafter.storage.schema import drafts
from drafter.storage.store import DraftStore

ROLES = ("user", "admin")
MIN_PASSWORD = 8
FREE_TRIES = 3  # wrong passwords before the first wait
LOCK_AFTER = 10  # wrong passwords in a row that lock the account for LOCK_MINUTES
LOCK_MINUTES = 15
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the name is unknown, so a wrong name takes as long as a wrong password (no name probing)."""
    return _HASHER.hash("not-a-password-of-anyone")


@dataclass(frozen=True)
class Actor:
    """Who is acting: the store checks every list, open, save, rename and delete against this."""

    username: str
    role: str
    branch: str

    @property
    def is_admin(self) -> bool:
        """Admins see every branch's drafts and the 汇总."""
        return self.role == "admin"


@dataclass(frozen=True)
class UserRow:
    """A user as `drafter users list` and the admin page show it (never the hash)."""

    username: str
    role: str
    branch: str
    disabled: bool
    failed: int
    locked_until: datetime | None


@dataclass(frozen=True)
class SummaryRow:
    """One draft in the admin's 汇总: whose, how far, when last changed, exported or not."""

    draft_id: str
    branch: str
    owner: str
    name: str
    written: int
    sections: int
    updated_at: datetime
    exported: bool


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    """Users, logins, sessions and the audit trail in the drafts database."""

    def __init__(self, store: DraftStore, session_hours: float = 8.0) -> None:
        self.store = store
        self.session_hours = session_hours

    # --- users -----------------------------------------------------------------------------

    def add(self, username: str, password: str, *, branch: str, role: str = "user") -> Actor:
        """A new account; InputError when the name is taken or the password too short."""
        username, branch = username.strip(), branch.strip()
        if not _NAME.match(username):
            raise InputError("用户名应为 2–64 个字母、数字或 _ . @ -", hint="例如 zhangsan 或 branch01")
        if role not in ROLES:
            raise InputError(f"角色应为 {' 或 '.join(ROLES)}")
        if role == "user" and not branch:
            raise InputError("普通用户需要指定所属支部", hint="用 --branch 给出支部名称，同一支部的用户共享文稿")
        _check_password(password)
        with self.store._guard("保存用户"), self.store._lock, self.store.engine.begin() as conn:
            if conn.execute(select(users.c.username).where(users.c.username == username)).first():
                raise InputError(f"用户“{username}”已存在", hint="改密码请用 drafter users reset-password")
            conn.execute(insert(users).values(username=username, password_hash=_HASHER.hash(password), role=role,
                                              branch=branch, disabled=0, failed=0, created_at=_now()))
        self.record("admin", "user_add", username, f"{role} {branch}")
        return Actor(username, role, branch)

    def list(self) -> list[UserRow]:
        """Every account."""
        with self.store._guard("读取用户"), self.store.engine.connect() as conn:
            rows = conn.execute(select(users).order_by(users.c.username)).all()
        return [UserRow(r.username, r.role, r.branch, bool(r.disabled), r.failed, _aware(r.locked_until))
                for r in rows]

    def disable(self, username: str, disabled: bool = True) -> None:
        """Stop (or allow again) an account's logins; its open sessions end at once."""
        self._update(username, disabled=int(disabled))
        if disabled:
            with self.store._guard("保存用户"), self.store._lock, self.store.engine.begin() as conn:
                conn.execute(delete(sessions).where(sessions.c.username == username))
        self.record("admin", "user_disable" if disabled else "user_enable", username)

    def reset_password(self, username: str, password: str) -> None:
        """A new password; the lockout is lifted and open sessions end."""
        _check_password(password)
        self._update(username, password_hash=_HASHER.hash(password), failed=0, locked_until=None)
        with self.store._guard("保存用户"), self.store._lock, self.store.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.username == username))
        self.record("admin", "user_reset", username)

    def _update(self, username: str, **values: Any) -> None:
        with self.store._guard("保存用户"), self.store._lock, self.store.engine.begin() as conn:
            if not conn.execute(update(users).where(users.c.username == username).values(**values)).rowcount:
                raise InputError(f"没有用户“{username}”", hint="drafter users list 列出全部用户")

    # --- logins and sessions -----------------------------------------------------------------

    def login(self, username: str, password: str, now: datetime | None = None) -> tuple[str, Actor]:
        """(session token, actor); LoginError after a wrong password, with a growing wait and then a lockout."""
        now = now or _now()
        username = username.strip()
        refused: LoginError | None = None
        with self.store._guard("登录"), self.store._lock, self.store.engine.begin() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
            locked = _aware(row.locked_until) if row is not None else None
            if locked is not None and locked > now:
                wait = (locked - now).total_seconds()
                self._record(conn, username, "login_locked", username, f"{wait:.0f}s", now)
                refused = LoginError(f"尝试次数过多，请 {_wait_text(wait)}后再试", retry_after=wait,
                                     hint="忘记密码请联系管理员重置")
            else:
                refused = self._verify(conn, row, username, password, now)
            if refused is None:
                conn.execute(update(users).where(users.c.username == username).values(failed=0, locked_until=None))
                token = secrets.token_urlsafe(32)
                conn.execute(delete(sessions).where(sessions.c.expires_at < now))
                conn.execute(insert(sessions).values(token_hash=_token_hash(token), username=username,
                                                     expires_at=now + timedelta(hours=self.session_hours)))
                self._record(conn, username, "login", username, "", now)
        if refused is not None:  # raised after the commit: the failure count and the audit entry are kept
            raise refused
        return token, Actor(row.username, row.role, row.branch)

    def _verify(self, conn: Any, row: Any, username: str, password: str, now: datetime) -> LoginError | None:
        """None when the password is right and the account active; else the refusal, the failure counted."""
        try:
            _HASHER.verify(row.password_hash if row is not None else _dummy_hash(), password)
            if row is not None and not row.disabled:
                return None
        except (VerificationError, InvalidHashError):
            pass
        failed = (row.failed + 1) if row is not None else 0
        wait = _wait_after(failed)
        if row is not None:
            conn.execute(update(users).where(users.c.username == username).values(
                failed=failed, locked_until=now + timedelta(seconds=wait) if wait else None))
        self._record(conn, username, "login_failed", username, f"第{failed}次", now)
        if row is not None and row.disabled:
            return LoginError("该账号已停用", hint="请联系管理员")
        return LoginError("用户名或密码不正确", retry_after=wait, hint="注意大小写；多次输错后需等待一段时间")

    def session(self, token: str | None, now: datetime | None = None) -> Actor | None:
        """The actor of a live session, or None (unknown, expired, or the account disabled since)."""
        if not token:
            return None
        now = now or _now()
        with self.store._guard("读取用户"), self.store.engine.connect() as conn:
            row = conn.execute(select(users.c.username, users.c.role, users.c.branch, users.c.disabled,
                                      sessions.c.expires_at)
                               .join(users, users.c.username == sessions.c.username)
                               .where(sessions.c.token_hash == _token_hash(token))).first()
        if row is None or row.disabled or _aware(row.expires_at) <= now:
            return None
        return Actor(row.username, row.role, row.branch)

    def logout(self, token: str) -> None:
        """End a session."""
        with self.store._guard("退出"), self.store._lock, self.store.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(token)))

    # --- audit and 汇总 -------------------------------------------------------------------------

    def record(self, username: str, action: str, target: str = "", detail: str = "") -> None:
        """One audit entry (logins, exports, deletions, account changes)."""
        with self.store._guard("记录日志"), self.store._lock, self.store.engine.begin() as conn:
            self._record(conn, username, action, target, detail, _now())

    @staticmethod
    def _record(conn: Any, username: str, action: str, target: str, detail: str, at: datetime) -> None:
        conn.execute(insert(audit).values(id=uuid.uuid4().hex, at=at, username=username[:64], action=action[:32],
                                          target=target[:200], detail=detail[:500]))

    def audit_rows(self, limit: int = 200) -> list[dict[str, Any]]:
        """The latest audit entries, newest first."""
        with self.store._guard("读取日志"), self.store.engine.connect() as conn:
            rows = conn.execute(select(audit).order_by(audit.c.at.desc()).limit(limit)).all()
        return [{**r._mapping, "at": _aware(r.at)} for r in rows]

    def summary(self) -> list[SummaryRow]:
        """Every draft of every branch for the admin's 汇总, by branch then last change."""
        with self.store._guard("读取"), self.store.engine.connect() as conn:
            exported = set(conn.execute(select(audit.c.target).where(audit.c.action == "export")
                                        .group_by(audit.c.target)).scalars())
            rows = conn.execute(select(drafts.c.id, drafts.c.owner, drafts.c.owner_branch, drafts.c.name,
                                       drafts.c.updated_at, func.coalesce(drafts.c.data, "{}"))).all()
        out = []
        for r in rows:
            sections = json.loads(r[5]).get("sections", [])
            out.append(SummaryRow(r.id, r.owner_branch or "（个人模式）", r.owner or "", r.name,
                                  sum(1 for s in sections if s.get("text")), len(sections), _aware(r.updated_at),
                                  r.id in exported))
        return sorted(out, key=lambda s: (s.branch, -s.updated_at.timestamp()))


class UserStore:
    """The drafts store as one acting user sees it: every call checked against the user; deletions audited."""

    def __init__(self, store: DraftStore, actor: Actor, accounts: Accounts) -> None:
        self.store, self.actor, self.accounts = store, actor, accounts

    def __getattr__(self, name: str) -> Any:  # engine, _lock, _guard: the word lists share the database
        return getattr(self.store, name)

    def save(self, draft: Draft) -> Draft:  # noqa: D102 - DraftStore's, as this user
        return self.store.save(draft, self.actor)

    def get(self, draft_id: str) -> Draft | None:  # noqa: D102
        return self.store.get(draft_id, self.actor)

    def list(self) -> list[Any]:  # noqa: D102
        return self.store.list(self.actor)

    def rename(self, draft_id: str, name: str) -> Draft:  # noqa: D102
        return self.store.rename(draft_id, name, self.actor)

    def duplicate(self, draft_id: str) -> Draft:  # noqa: D102
        return self.store.duplicate(draft_id, self.actor)

    def delete(self, draft_id: str) -> None:  # noqa: D102
        self.store.delete(draft_id, self.actor)
        self.accounts.record(self.actor.username, "delete", draft_id)

    def save_form(self, draft_id: str, form: dict[str, Any] | None) -> None:  # noqa: D102
        self.store.save_form(draft_id, form, self.actor)

    def get_form(self, draft_id: str) -> dict[str, Any] | None:  # noqa: D102
        return self.store.get_form(draft_id, self.actor)

    def exported(self, draft_id: str, fmt: str) -> None:
        """Record an export in the audit trail (the admin's 汇总 shows it)."""
        self.accounts.record(self.actor.username, "export", draft_id, fmt)


class PasswordGate:
    """The one shared password (DRAFTER_PASSWORD) with the accounts' backoff: per process, whoever tries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failed = 0
        self.locked_until: datetime | None = None

    def check(self, entered: str, secret: str, now: datetime | None = None) -> None:
        """Nothing when right; LoginError when wrong or while the wait after wrong tries lasts."""
        now = now or _now()
        with self._lock:
            if self.locked_until is not None and self.locked_until > now:
                wait = (self.locked_until - now).total_seconds()
                raise LoginError(f"尝试次数过多，请 {_wait_text(wait)}后再试", retry_after=wait)
            if hmac.compare_digest(entered.encode("utf-8"), secret.encode("utf-8")):
                self.failed, self.locked_until = 0, None
                return
            self.failed += 1
            wait = _wait_after(self.failed)
            self.locked_until = now + timedelta(seconds=wait) if wait else None
        raise LoginError("密码不正确，请重新输入", hint="如不知道密码，请联系管理员", retry_after=wait)


def check_typed_address(base_url: str, allowed_hosts: tuple[str, ...]) -> None:
    """Shared mode: a model address a user types may not reach this server's own network unless the admin
    allowed its host (loopback, link-local, private and reserved addresses; names are resolved)."""
    host = (urlparse(base_url).hostname or "").lower()
    if not host:
        raise InputError("服务地址不完整", hint="应为 https://主机/v1 这样的地址")
    if host in allowed_hosts:
        return
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)}
        except (OSError, ValueError):
            raise InputError(f"无法解析服务地址中的主机“{host}”", hint="请检查地址拼写") from None
    internal = [a for a in addresses if a.is_loopback or a.is_link_local or a.is_private or a.is_reserved
                or a.is_unspecified or a.is_multicast]
    if internal:
        raise InputError(f"服务地址“{host}”指向本机或内部网络，共享模式下需要管理员允许",
                         hint="请从管理员配置的模型服务中选择，或请管理员把它加入 DRAFTER_ALLOWED_HOSTS")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少 {MIN_PASSWORD} 位", hint="建议用一句好记的长口令")


def _wait_after(failed: int) -> float:
    """Seconds to wait after `failed` wrong passwords in a row: none at first, then doubling, then a lockout."""
    if failed >= LOCK_AFTER:
        return LOCK_MINUTES * 60.0
    return 0.0 if failed < FREE_TRIES else float(min(2 ** (failed - FREE_TRIES), 60))


def _wait_text(seconds: float) -> str:
    return f"{int(seconds // 60) + 1} 分钟" if seconds >= 60 else f"{int(seconds) + 1} 秒"
