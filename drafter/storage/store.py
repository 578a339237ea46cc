"""DraftStore: drafts saved whole as JSON with indexed columns, over SQLAlchemy (SQLite file or PostgreSQL)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    Connection,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from drafter.documents.draft import Draft
from drafter.errors import ConflictError, StoreError
from drafter.storage.accounts_schema import owner_columns, visible
from drafter.storage.schema import MIGRATION_LOCK, MIGRATIONS, drafts, schema_version


@dataclass(frozen=True)
class DraftSummary:
    """One row of the saved-drafts list."""

    id: str
    name: str
    kind: str
    year: int
    branch: str
    updated_at: datetime


def _row(draft: Draft) -> dict[str, Any]:
    """The draft's columns (without id, created_at and revision)."""
    return {"name": draft.name[:200], "kind": draft.kind, "year": draft.facts.year,
            "branch": draft.facts.branch.display_name[:200], "updated_at": draft.updated_at,
            "data": draft.model_dump_json()}


def _aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything here is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class DraftStore:
    """Save, list, rename, duplicate and delete drafts; safe to share between Streamlit sessions (threads)."""

    def __init__(self, url: str) -> None:
        self.url = url
        # Writes are serialised: SQLite allows one writer, and it keeps save-after-save ordering simple.
        self._lock = threading.RLock()
        try:
            parsed = _driver_url(url)
            kwargs: dict[str, Any] = {}
            if parsed.get_backend_name() == "sqlite":
                if parsed.database and parsed.database != ":memory:":
                    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            else:
                kwargs["pool_pre_ping"] = True  # a server restart must not break the next save
            self.engine: Engine = create_engine(parsed, **kwargs)
            if parsed.get_backend_name() == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self._migrate()
        except SQLAlchemyError as exc:
            raise StoreError(f"无法打开文稿数据库：{exc.__class__.__name__}",
                             hint="请检查 DATABASE_URL 或数据目录的读写权限") from None
        except OSError as exc:
            raise StoreError(f"无法创建数据目录：{exc.strerror}", hint="请检查 DRAFTER_DATA_DIR 的读写权限") from None

    def __repr__(self) -> str:
        # The URL may carry a database password.
        return f"DraftStore({make_url(self.url).render_as_string(hide_password=True)})"

    # --- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._lock, self.engine.begin() as conn:
            # Another process may be migrating the same database right now: wait for it, then see its result.
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, not at the first write
            elif conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            names = set(inspect(conn).get_table_names())
            if "schema_version" not in names:
                conn.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
                conn.execute(text("INSERT INTO schema_version (version) VALUES (0)"))
            current = conn.execute(select(schema_version.c.version)).scalar_one()
            for step in MIGRATIONS[current:]:
                step(conn)
            if current < len(MIGRATIONS):
                conn.execute(update(schema_version).values(version=len(MIGRATIONS)))

    @property
    def version(self) -> int:
        """The schema version of the database."""
        with self.engine.connect() as conn:
            return conn.execute(select(schema_version.c.version)).scalar_one()

    # --- drafts ----------------------------------------------------------------------------

    def save(self, draft: Draft, user: Any = None) -> Draft:
        """Insert or replace the draft (marking it changed now), if no one saved it since this copy was read.
        With an acting user (shared mode), only a draft the user may see is replaced; a new one is theirs.

        A stale copy is refused with ConflictError: its differing texts are kept in the stored draft as versions
        to merge (drafter.documents.conflicts), so neither save's text is lost."""
        draft.touch()
        conflict: ConflictError | None = None
        with self._guard("保存"), self._lock, self.engine.begin() as conn:
            self._check(conn, draft.id, user)
            # Compare-and-set on the revision: atomic on SQLite and PostgreSQL, across processes too.
            done = conn.execute(update(drafts).where(drafts.c.id == draft.id, drafts.c.revision == draft.revision)
                                .values(**_row(draft), revision=draft.revision + 1)).rowcount
            if not done:
                found = conn.execute(select(drafts.c.data, drafts.c.revision).where(drafts.c.id == draft.id)).first()
                if found is None:
                    conn.execute(insert(drafts).values(id=draft.id, created_at=draft.created_at, **_row(draft),
                                                       revision=draft.revision + 1, **owner_columns(user)))
                else:
                    conflict = self._merge(conn, draft, found.data, found.revision)
        if conflict is not None:
            raise conflict
        draft.revision += 1
        return draft

    def _merge(self, conn: Connection, stale: Draft, data: str, revision: int) -> ConflictError:
        """Keep what the stale copy changed in the stored draft (saved under the same transaction)."""
        from drafter.documents.conflicts import keep_stale_edits

        try:
            stored = Draft.model_validate_json(data)
        except ValidationError:
            raise StoreError(f"文稿 {stale.id} 的数据已损坏，无法保存", hint="请复制本页内容，新建文稿后粘贴") from None
        stored.revision = revision
        kept = keep_stale_edits(stored, stale)
        if kept:
            stored.touch()
            conn.execute(update(drafts).where(drafts.c.id == stored.id, drafts.c.revision == revision)
                         .values(**_row(stored), revision=revision + 1))
            stored.revision = revision + 1
        return ConflictError(stored, kept)

    def get(self, draft_id: str, user: Any = None) -> Draft | None:
        """The draft with this id, or None (also when the acting user may not see it)."""
        with self._guard("读取"), self.engine.connect() as conn:
            found = conn.execute(select(drafts.c.data, drafts.c.revision, drafts.c.owner, drafts.c.owner_branch)
                                 .where(drafts.c.id == draft_id)).first()
        if found is None or not visible(user, found.owner, found.owner_branch):
            return None
        try:
            return Draft.model_validate_json(found.data).model_copy(update={"revision": found.revision})
        except ValidationError:
            raise StoreError(f"文稿 {draft_id} 的数据已损坏，无法打开", hint="可从列表中删除它，或复制其他文稿继续") from None

    def list(self, user: Any = None) -> list[DraftSummary]:
        """Every saved draft the acting user may see (all without one), most recently changed first."""
        cols = (drafts.c.id, drafts.c.name, drafts.c.kind, drafts.c.year, drafts.c.branch, drafts.c.updated_at)
        query = select(*cols).order_by(drafts.c.updated_at.desc(), drafts.c.id)
        if user is not None and user.role != "admin":
            mine = drafts.c.owner == user.username
            query = query.where(or_(mine, drafts.c.owner_branch == user.branch) if user.branch else mine)
        with self._guard("读取"), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [DraftSummary(r.id, r.name, r.kind, r.year, r.branch, _aware(r.updated_at)) for r in rows]

    def rename(self, draft_id: str, name: str, user: Any = None) -> Draft:
        """Give a draft a new name."""
        name = name.strip()
        if not name:
            raise StoreError("文稿名称不能为空")
        with self._lock:
            draft = self._require(draft_id, user)
            draft.name = name[:200]
            return self.save(draft, user)

    def duplicate(self, draft_id: str, user: Any = None) -> Draft:
        """A copy under a new id and name "…（副本）", with its history and form (the acting user's)."""
        with self._lock:
            draft = self._require(draft_id, user)
            form = self.get_form(draft_id, user)
            now = datetime.now(UTC)
            copy = draft.model_copy(deep=True, update={"id": uuid.uuid4().hex[:12], "name": f"{draft.name}（副本）",
                                                       "created_at": now, "updated_at": now, "revision": 0})
            self.save(copy, user)
            if form is not None:
                self.save_form(copy.id, form, user)
            return copy

    def delete(self, draft_id: str, user: Any = None) -> None:
        """Remove a draft for good."""
        with self._guard("删除"), self._lock, self.engine.begin() as conn:
            self._check(conn, draft_id, user)
            conn.execute(delete(drafts).where(drafts.c.id == draft_id))

    # --- the facts form as typed -------------------------------------------------------------

    def save_form(self, draft_id: str, form: dict[str, Any] | None, user: Any = None) -> None:
        """Keep the form's raw values (even invalid ones) with the draft."""
        data = None if form is None else json.dumps(form, ensure_ascii=False, default=str)
        with self._guard("保存"), self._lock, self.engine.begin() as conn:
            self._check(conn, draft_id, user)
            conn.execute(update(drafts).where(drafts.c.id == draft_id).values(form=data))

    def get_form(self, draft_id: str, user: Any = None) -> dict[str, Any] | None:
        """The raw form saved with the draft, if any."""
        with self._guard("读取"), self.engine.connect() as conn:
            self._check(conn, draft_id, user)
            data = conn.execute(select(drafts.c.form).where(drafts.c.id == draft_id)).scalar_one_or_none()
        return json.loads(data) if data else None

    # --- helpers ---------------------------------------------------------------------------

    def _check(self, conn: Connection, draft_id: str, user: Any) -> None:
        """StoreError, as for a missing draft, when the acting user may not see this existing draft."""
        if user is None:
            return
        row = conn.execute(select(drafts.c.owner, drafts.c.owner_branch).where(drafts.c.id == draft_id)).first()
        if row is not None and not visible(user, row.owner, row.owner_branch):
            raise StoreError("找不到这份文稿，可能已被删除", hint="请在文稿列表中重新选择")

    def _require(self, draft_id: str, user: Any = None) -> Draft:
        draft = self.get(draft_id, user)
        if draft is None:
            raise StoreError("找不到这份文稿，可能已被删除", hint="请在文稿列表中重新选择")
        return draft

    def _guard(self, action: str) -> _Guard:
        return _Guard(action)

    @contextlib.contextmanager
    def reading(self, action: str) -> Iterator[Connection]:
        """A connection to read with; database errors become a StoreError naming the action ("读取词表")."""
        with self._guard(action), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def writing(self, action: str) -> Iterator[Connection]:
        """A transaction to write in, one writer of this process at a time; errors become a StoreError."""
        with self._guard(action), self._lock, self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()


class _Guard:
    """Turns database errors into a Chinese StoreError."""

    def __init__(self, action: str) -> None:
        self.action = action

    def __enter__(self) -> None:
        return None

    def __exit__(self, typ: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"{self.action}文稿失败：数据库出错（{exc.__class__.__name__}）",
                             hint="请稍后重试；若一直失败，请检查数据目录或数据库连接") from None
        return False


def _driver_url(url: str) -> URL:
    """The URL with psycopg 3 as the PostgreSQL driver (SQLAlchemy's default is psycopg2, which we don't ship)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("DATABASE_URL 的格式不对",
                         hint="应为 postgresql://用户:密码@主机:端口/数据库名，或 sqlite:///文件路径") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "postgresql+psycopg":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StoreError("使用 PostgreSQL 需要安装数据库驱动 psycopg",
                             hint="请运行 .venv/bin/pip install -e \".[postgres]\"，或不设 DATABASE_URL 改用 SQLite") from None
    return parsed


WAL_TRIES = 300  # 30 s in steps of 0.1 s, as long as the busy timeout


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets readers go on while a section is being saved."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    # Switching a new database to WAL needs it to itself: a second process opening it at the same moment gets
    # "database is locked" at once (the busy handler is not asked), so it waits here for the first one.
    for attempt in range(WAL_TRIES):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.1)
    cur.close()
