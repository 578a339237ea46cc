"""Tables and migrations of shared mode (DRAFTER_AUTH=accounts): users, sessions, audit, draft ownership."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, text

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # "user" | "admin"
    Column("branch", String(200), nullable=False),  # the branch whose drafts the user works on
    Column("disabled", Integer, nullable=False),
    Column("failed", Integer, nullable=False),  # wrong passwords in a row
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the token: a database leak opens no session
    Column("username", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
audit = Table(
    "audit", metadata,
    Column("id", String(32), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),  # login, login_failed, locked, export, delete, user_*
    Column("target", String(200), nullable=False),
    Column("detail", String(500), nullable=False),
)


def m5_accounts(conn: Connection) -> None:
    """Users, their sessions and the audit trail (portable SQL)."""
    conn.execute(text(
        "CREATE TABLE users (username VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(255) NOT NULL,"
        " role VARCHAR(16) NOT NULL, branch VARCHAR(200) NOT NULL, disabled INTEGER NOT NULL, failed INTEGER NOT NULL,"
        " locked_until TIMESTAMP WITH TIME ZONE, created_at TIMESTAMP WITH TIME ZONE NOT NULL)"))
    conn.execute(text(
        "CREATE TABLE sessions (token_hash VARCHAR(64) PRIMARY KEY, username VARCHAR(64) NOT NULL,"
        " expires_at TIMESTAMP WITH TIME ZONE NOT NULL)"))
    conn.execute(text(
        "CREATE TABLE audit (id VARCHAR(32) PRIMARY KEY, at TIMESTAMP WITH TIME ZONE NOT NULL,"
        " username VARCHAR(64) NOT NULL, action VARCHAR(32) NOT NULL, target VARCHAR(200) NOT NULL,"
        " detail VARCHAR(500) NOT NULL)"))
    conn.execute(text("CREATE INDEX ix_audit_at ON audit (at)"))


def m6_draft_owner(conn: Connection) -> None:
    """Every draft's owner and the owner's branch (NULL for drafts made in personal mode: only admins see them)."""
    conn.execute(text("ALTER TABLE drafts ADD COLUMN owner VARCHAR(64)"))
    conn.execute(text("ALTER TABLE drafts ADD COLUMN owner_branch VARCHAR(200)"))
    conn.execute(text("CREATE INDEX ix_drafts_owner ON drafts (owner)"))
    conn.execute(text("CREATE INDEX ix_drafts_owner_branch ON drafts (owner_branch)"))


def visible(user: Any, owner: str | None, owner_branch: str | None) -> bool:
    """Whether the acting user may see a draft: no user (personal mode), an admin, its owner, its branch."""
    if user is None or user.role == "admin":
        return True
    return owner == user.username or bool(user.branch) and owner_branch == user.branch


def owner_columns(user: Any) -> dict[str, Any]:
    """The owner columns of a draft the acting user creates (none without one)."""
    return {} if user is None else {"owner": user.username, "owner_branch": user.branch}
