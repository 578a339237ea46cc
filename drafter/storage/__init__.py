"""Persistence: DraftStore (drafts, versions, the unit's word lists) on SQLite or PostgreSQL through SQLAlchemy,
with migrations as a list."""
