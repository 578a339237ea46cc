"""All the records of a fact sheet: its ledger plus its own dated activities, classified once, no duplicates.

The composer tells these records by theme and the review checks its numbers against the same set, so both see
the same counts.
"""

from __future__ import annotations

from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats, compute_stats
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


def stated_numbers(stats: LedgerStats) -> set[float]:
    """Every number the program computes from the records and may write (counts, attendance): the review
    accepts these as backed by the facts."""
    out: set[float] = {float(r.count) for r in stats.routines if r.count}
    out |= {float(len(g.records)) for g in stats.themes}
    if stats.secretary_lectures.count:
        out.add(float(stats.secretary_lectures.count))
    for att in [stats.attendance, *(r.attendance for r in stats.routines)]:
        if att is not None:
            out |= {float(att.expected), float(att.present), round(att.rate, 1), float(round(att.rate))}
    return out
