"""A section with no facts and no ledger record says which checklist items would fill it."""

from __future__ import annotations

import datetime as dt

from drafter.drafting.thematic.gaps import empty_sections, ledger_counts
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.load import parse_facts

SECTIONS = [("opening", True), ("theory", False), ("organisation", False), ("discipline", False)]


def test_ledger_records_fill_their_section_and_facts_fill_theirs():
    bare = parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会"}})
    gaps = empty_sections(bare, "annual_summary", SECTIONS)
    assert "opening" not in gaps and {"theory", "organisation", "discipline"} <= set(gaps)
    assert "学习专题" in gaps["theory"]
    committee = LedgerRecord(row=2, date=dt.date(2025, 3, 4), kind="支委会", topic="研究发展党员")
    with_ledger = bare.model_copy(update={"ledger": [committee]})
    gaps = empty_sections(with_ledger, "annual_summary", SECTIONS)
    assert "organisation" not in gaps and "theory" in gaps
    assert ledger_counts(with_ledger, "annual_summary", [s for s, _ in SECTIONS]) == {"organisation": 1}
