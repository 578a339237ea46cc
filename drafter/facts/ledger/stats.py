"""Counts of a year's ledger: per routine, the secretary's 党课, attendance, months covered, a month × routine
grid, and the records of each theme. Pure functions; every figure computed, never asked of a model."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field, computed_field

from drafter.facts.ledger.classify import (
    OTHER,
    RoutineRules,
    is_secretary_lecture,
    load_rules,
    routines_of,
    theme_of,
)
from drafter.facts.ledger.models import LedgerRecord


class Attendance(BaseModel):
    """Sum present / sum expected over the records where both are given."""

    records: int  # how many records gave both figures
    expected: int
    present: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate(self) -> float:
        """Percent, one decimal (may exceed 100 when guests were counted as present)."""
        return round(100 * self.present / self.expected, 1) if self.expected else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int:
        """Whole percent, rounded half up, as a summary writes it ("参会率96%")."""
        return int(100 * self.present / self.expected + 0.5) if self.expected else 0


class RoutineCount(BaseModel):
    """One routine (or the secretary's 党课) in a year: how often, in which months, with what attendance."""

    key: str
    label: str
    unit: str = "次"
    count: int = 0
    months: list[int] = Field(default_factory=list)  # months (1–12) with at least one record, ascending
    attendance: Attendance | None = None


class ThemeGroup(BaseModel):
    """The records of one activity theme (routine rows whose topic names the theme included)."""

    key: str
    label: str
    records: list[LedgerRecord]


class LedgerStats(BaseModel):
    """What a year's ledger adds up to."""

    year: int | None
    records: int  # records of that year
    outside_year: int = 0  # records dated in another year (not counted)
    routines: list[RoutineCount]  # every routine of routines.yaml, in its order, zero counts included
    secretary_lectures: RoutineCount
    attendance: Attendance | None  # over every record of the year that gave both figures
    grid: dict[str, list[int]]  # routine key -> 12 counts, January first
    themes: list[ThemeGroup]  # themes with at least one record, in routines.yaml order, 其他 last

    def count(self, key: str) -> int:
        """Count of a routine key, or of 'secretary_lecture'; 0 when unknown."""
        if key == self.secretary_lectures.key:
            return self.secretary_lectures.count
        return next((r.count for r in self.routines if r.key == key), 0)

    def routine(self, key: str) -> RoutineCount | None:
        """The RoutineCount of a key (the secretary's lecture included)."""
        if key == self.secretary_lectures.key:
            return self.secretary_lectures
        return next((r for r in self.routines if r.key == key), None)


def attendance(records: Iterable[LedgerRecord]) -> Attendance | None:
    """Attendance over the records giving both 应到 and 实到 (None when none does)."""
    both = [r for r in records if r.expected and r.present is not None]
    if not both:
        return None
    return Attendance(records=len(both), expected=sum(r.expected or 0 for r in both),
                      present=sum(r.present or 0 for r in both))


def ledger_year(records: Iterable[LedgerRecord]) -> int | None:
    """The year most records are dated in (the later one on a tie); None for no records."""
    years = Counter(r.date.year for r in records)
    return max(years, key=lambda y: (years[y], y)) if years else None


def _count(key: str, label: str, unit: str, records: list[LedgerRecord]) -> RoutineCount:
    return RoutineCount(key=key, label=label, unit=unit, count=len(records),
                        months=months_of(records), attendance=attendance(records))


def compute_stats(records: Iterable[LedgerRecord], *, year: int | None = None, secretary: str = "",
                  rules: RoutineRules | None = None) -> LedgerStats:
    """The year's counts (year: the ledger's main year when not given). A row per 党小组 meeting counts as one
    党小组会 each; a row of several routines ("组织生活会暨民主评议党员") counts for each."""
    rules = rules or load_rules()
    records = list(records)
    year = year if year is not None else ledger_year(records)
    mine = sorted((r for r in records if r.date.year == year), key=lambda r: (r.date, r.row))
    per: dict[str, list[LedgerRecord]] = {r.key: [] for r in rules.routines}
    for rec in mine:
        for key in routines_of(rec, rules):
            per[key].append(rec)
    counts = [_count(r.key, r.label, r.unit, per[r.key]) for r in rules.routines]
    spec = rules.secretary_lecture
    sec = _count(spec.key, spec.label, "次", [r for r in mine if is_secretary_lecture(r, secretary, rules)])
    grid = {key: [sum(1 for r in recs if r.date.month == m and not r.undated) for m in range(1, 13)]
            for key, recs in per.items()}
    by_theme: dict[str, list[LedgerRecord]] = {}
    for rec in mine:
        theme = theme_of(rec, rules)
        if theme is not None:
            by_theme.setdefault(theme, []).append(rec)
    order = [t.key for t in rules.themes if t.key != OTHER] + [OTHER]
    themes = [ThemeGroup(key=k, label=rules.label(k), records=by_theme[k]) for k in order if k in by_theme]
    return LedgerStats(year=year, records=len(mine), outside_year=len(records) - len(mine), routines=counts,
                       secretary_lectures=sec, attendance=attendance(mine), grid=grid, themes=themes)


def month_grid_rows(stats: LedgerStats, rules: RoutineRules | None = None) -> list[tuple[str, list[int]]]:
    """The grid as (Chinese label, 12 counts) rows for a table or picture, routines in rules order."""
    rules = rules or load_rules()
    return [(rules.label(key), stats.grid[key]) for key in (r.key for r in rules.routines) if key in stats.grid]


def months_of(records: Iterable[LedgerRecord]) -> list[int]:
    """Months (1–12) the records fall in, ascending (an undated record falls in none)."""
    return sorted({r.date.month for r in records if not r.undated})


def date_span(records: Iterable[LedgerRecord]) -> tuple[dt.date, dt.date] | None:
    """The first and the last record date (None when no record has one: undated records give none)."""
    dates = sorted(r.date for r in records if not r.undated)
    return (dates[0], dates[-1]) if dates else None


def last_date(records: Iterable[LedgerRecord]) -> dt.date | None:
    """The latest record date (None for no records; undated records give none)."""
    return max((r.date for r in records if not r.undated), default=None)
