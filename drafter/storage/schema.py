"""The database's tables and the migrations that build them, as a list applied in order (only ever appended)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, Text, text

from drafter.storage.accounts_schema import m5_accounts, m6_draft_owner

metadata = MetaData()

# The current shape of the tables; migrations below bring an older database up to it.
drafts = Table(
    "drafts", metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("kind", String(40), nullable=False, index=True),
    Column("year", Integer, nullable=False, index=True),
    Column("branch", String(200), nullable=False, default="", index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("data", Text, nullable=False),
    Column("form", Text, nullable=True),
    Column("revision", Integer, nullable=False, default=0),
    Column("owner", String(64), nullable=True),  # shared mode (drafter/accounts.py): who made it
    Column("owner_branch", String(200), nullable=True),  # and for which branch
)
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
# The unit's word lists (drafter/proofreading/wordlists.py): 错误写法 → 建议写法, or a 禁用词 when right_form is empty.
word_entries = Table(
    "word_entries", metadata,
    Column("id", String(32), primary_key=True),
    Column("list_name", String(100), nullable=False),
    Column("wrong_form", String(200), nullable=False),
    Column("right_form", String(200), nullable=False, default=""),
    Column("note", String(500), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def _m1_drafts(conn: Connection) -> None:
    """The drafts table with its list columns."""
    conn.execute(text(
        "CREATE TABLE drafts (id VARCHAR(40) PRIMARY KEY, name VARCHAR(200) NOT NULL, kind VARCHAR(40) NOT NULL,"
        " year INTEGER NOT NULL, branch VARCHAR(200) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
        " updated_at TIMESTAMP WITH TIME ZONE NOT NULL, data TEXT NOT NULL)"))
    for col in ("kind", "year", "branch", "updated_at"):
        conn.execute(text(f"CREATE INDEX ix_drafts_{col} ON drafts ({col})"))


def _m2_form(conn: Connection) -> None:
    """The facts form as typed (possibly invalid), so nothing the user typed is lost."""
    conn.execute(text("ALTER TABLE drafts ADD COLUMN form TEXT"))


def _m3_word_entries(conn: Connection) -> None:
    """The unit's word lists, one row per entry, unique per list and wrong form (portable SQL)."""
    conn.execute(text(
        "CREATE TABLE word_entries (id VARCHAR(32) PRIMARY KEY, list_name VARCHAR(100) NOT NULL,"
        " wrong_form VARCHAR(200) NOT NULL, right_form VARCHAR(200) NOT NULL, note VARCHAR(500) NOT NULL,"
        " created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"))
    conn.execute(text("CREATE UNIQUE INDEX ux_word_entries_list_wrong ON word_entries (list_name, wrong_form)"))


def _m4_revision(conn: Connection) -> None:
    """A revision per draft, raised by every save, so a save from a stale copy is noticed (no lost update)."""
    conn.execute(text("ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"))


# Applied in order; the number of applied migrations is the schema version. Only ever append. Each one must run
# on SQLite and PostgreSQL alike (plain SQL both understand; tests/test_store.py runs them on both).
MIGRATIONS: list[Callable[[Connection], None]] = [_m1_drafts, _m2_form, _m3_word_entries, _m4_revision,
                                                  m5_accounts, m6_draft_owner]
# The PostgreSQL advisory lock held while migrating, so app processes starting together migrate one at a time.
MIGRATION_LOCK = 0x64726166  # "draf"
