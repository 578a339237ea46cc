"""All the records of a fact sheet: its ledger plus its own dated activities, classified once, no duplicates.

The composer tells these records by theme and the review checks its numbers against the same set, so both see
the same counts.
"""

from __future__ import annotations

import itertools

from drafter.facts.ledger.classify import classify_all, in_theme_totals, load_rules, routines_of, story_key
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import Attendance, LedgerStats, attendance, compute_stats
from drafter.facts.sheet import FactSheet


def activity_records(facts: FactSheet) -> list[LedgerRecord]:
    """The sheet's dated activities as records (ref "activities[i]"), so they are told like ledger rows."""
    return [LedgerRecord(row=0, date=a.date, kind=a.category or "", topic=a.title, content=a.detail,
                         ref=f"activities[{i}]")
            for i, a in enumerate(facts.activities) if a.date is not None]


def sheet_records(facts: FactSheet) -> list[LedgerRecord]:
    """The ledger's records and the sheet's dated activities, classified; an activity that repeats a ledger row
    (same date and topic) is the ledger's row, so nothing is counted twice."""
    ledger = classify_all(facts.ledger)
    seen = {(r.date, r.topic.strip()) for r in ledger}
    own = [r for r in classify_all(activity_records(facts)) if (r.date, r.topic.strip()) not in seen]
    return ledger + own


def sheet_stats(facts: FactSheet, records: list[LedgerRecord] | None = None) -> LedgerStats:
    """The year's counts over every record of the sheet."""
    return compute_stats(records if records is not None else sheet_records(facts), year=facts.year,
                         secretary=facts.branch.secretary or "")


def stated_numbers(stats: LedgerStats, records: list[LedgerRecord] | None = None) -> set[float]:
    """Every number the program computes from the records and may write (counts, attendance): the review
    accepts these as backed by the facts. A section totals its own routines, so the attendance of every set of
    routines is one (eight routines: 255 sets, each a sum over the year's records)."""
    rules = load_rules()
    out: set[float] = {float(r.count) for r in stats.routines if r.count}
    out |= {float(len(g.records)) for g in stats.themes}
    # a theme's total as the sections say it: the rows told with it, meetings left out
    out |= {float(sum(1 for r in g.records if story_key(r, rules) == g.key and in_theme_totals(r, rules)))
            for g in stats.themes}
    if stats.secretary_lectures.count:
        out.add(float(stats.secretary_lectures.count))
    # the year's records grouped by the routines each counts for, once: a set of routines then sums a few groups
    # (the review builds these numbers on every check; a 5,000-row ledger times 255 sets was a long sum)
    groups: dict[frozenset[str], list[LedgerRecord]] = {}
    for rec in records or []:
        if rec.date.year == stats.year:
            groups.setdefault(frozenset(routines_of(rec, rules)), []).append(rec)
    by_group = [(keys, att) for keys, recs in groups.items() if (att := attendance(recs)) is not None]
    held = [r.key for r in stats.routines if r.count]
    sets = [set(combo) for n in range(1, len(held) + 1) for combo in itertools.combinations(held, n)]
    rates = [_summed([att for keys, att in by_group if keys & combo]) for combo in sets]
    for att in [stats.attendance, *(r.attendance for r in stats.routines), *rates]:
        if att is not None:
            out |= {float(att.expected), float(att.present), round(att.rate, 1), float(round(att.rate))}
    return out


def _summed(parts: list[Attendance]) -> Attendance | None:
    """Attendance over several groups of records, as attendance() would give over all of them."""
    if not parts:
        return None
    return Attendance(records=sum(a.records for a in parts), expected=sum(a.expected for a in parts),
                      present=sum(a.present for a in parts))
