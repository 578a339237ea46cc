"""Sections an outline leaves empty: no facts and no ledger record of their own, and what would fill them."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.drafting.thematic.sections import records_by_section
from drafter.facts.ledger.checklist import missing_material
from drafter.facts.ledger.records import sheet_records
from drafter.facts.sheet import FactSheet


def ledger_counts(facts: FactSheet, kind: str, section_ids: Sequence[str]) -> dict[str, int]:
    """How many of the sheet's records each section tells (sections telling none are left out)."""
    return {s: len(recs) for s, recs in records_by_section(sheet_records(facts), kind, list(section_ids)).items()}


def empty_sections(facts: FactSheet, kind: str, sections: Sequence[tuple[str, bool]]) -> dict[str, list[str]]:
    """For each section (id, has facts) with no facts and no ledger record of its own: the checklist items that
    would fill it (sections whose checklist is empty are left out)."""
    told = ledger_counts(facts, kind, [s for s, _ in sections])
    out: dict[str, list[str]] = {}
    for section, has_facts in sections:
        if has_facts or told.get(section):
            continue
        items = missing_material(section, [], kind=kind, answers=facts.answers.get(section, {}))
        if items:
            out[section] = items
    return out
