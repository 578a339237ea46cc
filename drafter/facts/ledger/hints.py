"""Compliance hints of a year's ledger for the review panel (never in the draft text): routines below the usual
minimum of the 支部工作条例, with the months or quarters missing; rules as data in templates/routine_rules.yaml."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from jinja2 import Environment, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field

from drafter.facts.ledger._data import load_model
from drafter.facts.ledger.classify import RoutineRules, load_rules
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats, compute_stats
from drafter.text.numerals import cn_month_day, cn_number

RULES_FILE = "routine_rules.yaml"


class RoutineRule(BaseModel):
    """One usual minimum: which routine, how often, and where the rule comes from."""

    model_config = ConfigDict(extra="forbid")

    key: str
    routine: str
    period: Literal["month", "quarter", "year"]
    min: int = Field(ge=1)
    year_min: int | None = None
    only_if_present: bool = False
    requirement: str
    source: str
    advice: str = ""  # what to check in the ledger before believing the hint


class RoutineRulesFile(BaseModel):
    """templates/routine_rules.yaml."""

    model_config = ConfigDict(extra="forbid")

    note: str
    messages: dict[Literal["month", "quarter", "quarter_total", "year", "not_reached"], str]
    rules: list[RoutineRule]


class Hint(BaseModel):
    """One routine below its usual minimum, for the secretary to check against the ledger."""

    rule: str  # key in routine_rules.yaml
    routine: str  # key in routines.yaml (or secretary_lecture)
    label: str  # Chinese name of the routine
    message: str  # Chinese: the rule and what is missing
    source: str  # the 条例's article, or 常见做法
    note: str  # that local rules may differ
    severity: Literal["warning", "info"]  # info while the year is not over and the routine may still come
    count: int
    missing_months: list[int] = Field(default_factory=list)
    missing_quarters: list[int] = Field(default_factory=list)
    not_reached: list[int] = Field(default_factory=list)  # months after as_of, not checked


def load_routine_rules(folder: Path | None = None) -> RoutineRulesFile:
    """templates/routine_rules.yaml (cached)."""
    return load_model(RULES_FILE, RoutineRulesFile, folder)


@functools.cache
def _env() -> Environment:
    return Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def _render(source: str, **values: object) -> str:
    return _env().from_string(source).render(**values)


def reached_months(year: int, as_of: dt.date | None) -> list[int]:
    """Months of `year` whose last day is on or before as_of (all twelve when as_of is None)."""
    if as_of is None or as_of.year > year:
        return list(range(1, 13))
    if as_of.year < year:
        return []
    return [m for m in range(1, 13) if dt.date(year, m, calendar.monthrange(year, m)[1]) <= as_of]


def _months_cn(months: Iterable[int]) -> str:
    return "、".join(f"{m}月" for m in months)


def _quarters_cn(quarters: Iterable[int]) -> str:
    return "、".join(f"第{cn_number(q)}季度" for q in quarters)


def compliance_hints(records: Iterable[LedgerRecord] | LedgerStats, *, year: int | None = None,
                     as_of: dt.date | None = None, secretary: str = "",
                     rules: RoutineRules | None = None, rule_file: RoutineRulesFile | None = None) -> list[Hint]:
    """Hints for a year's ledger (records, or stats already computed). as_of: the day the ledger was drafted
    up to (None: the whole year is over); months after it are not checked and are named in each hint."""
    rules = rules or load_rules()
    spec = rule_file or load_routine_rules()
    stats = records if isinstance(records, LedgerStats) else compute_stats(
        records, year=year, secretary=secretary, rules=rules)
    if stats.year is None or stats.records == 0:
        return []
    reached = reached_months(stats.year, as_of)
    not_reached = [m for m in range(1, 13) if m not in reached]
    tail = ""
    if not_reached and as_of is not None:
        tail = _render(spec.messages["not_reached"], as_of=cn_month_day(as_of), not_reached=_months_cn(not_reached))
    hints = []
    for rule in spec.rules:
        hint = _check(rule, stats, reached, spec)
        if hint is not None:
            hint.not_reached = not_reached
            hint.message += tail
            hints.append(hint)
    return hints


def _check(rule: RoutineRule, stats: LedgerStats, reached: list[int], spec: RoutineRulesFile) -> Hint | None:
    counted = stats.routine(rule.routine)
    if counted is None:
        return None
    if rule.only_if_present and counted.count == 0:
        return None
    grid = stats.grid.get(rule.routine) or [1 if m in counted.months else 0 for m in range(1, 13)]
    values = {"label": counted.label, "min": rule.min, "year_min": rule.year_min, "count": counted.count,
              "year": stats.year, "requirement": rule.requirement}
    parts: list[str] = []
    months: list[int] = []
    quarters: list[int] = []
    whole_year = len(reached) == 12
    if rule.period == "month":
        months = [m for m in reached if grid[m - 1] < rule.min]
        if months:
            parts.append(_render(spec.messages["month"], missing=_months_cn(months), **values))
    elif rule.period == "quarter":
        done = [q for q in range(1, 5) if all(m in reached for m in range(3 * q - 2, 3 * q + 1))]
        quarters = [q for q in done if sum(grid[3 * q - 3:3 * q]) < rule.min]
        if quarters:
            parts.append(_render(spec.messages["quarter"], missing=_quarters_cn(quarters), **values))
        if rule.year_min and whole_year and counted.count < rule.year_min:
            parts.append(_render(spec.messages["quarter_total"], **values))
    elif counted.count < rule.min:
        parts.append(_render(spec.messages["year"], **values))
    if not parts:
        return None
    # A yearly minimum not yet met while months remain may still be met: a hint, not a warning.
    severity = "info" if rule.period == "year" and not whole_year else "warning"
    return Hint(rule=rule.key, routine=rule.routine, label=counted.label, message="".join(parts) + rule.advice,
                source=rule.source, note=spec.note, severity=severity, count=counted.count,
                missing_months=months, missing_quarters=quarters)
