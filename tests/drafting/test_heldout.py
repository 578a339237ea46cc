"""The held-out example sheets (examples/heldout/): valid, of the four kinds of branch issue 11 asks for."""

from __future__ import annotations

from drafter.facts.load import load_facts_file
from drafter.settings import RESOURCE_ROOT

HELDOUT = sorted((RESOURCE_ROOT / "examples" / "heldout").glob("*.yaml"))


def test_heldout_sheets_load_and_cover_other_branches() -> None:
    sheets = [load_facts_file(p) for p in HELDOUT]
    assert len(sheets) == 4
    assert {s.branch.org_type for s in sheets} >= {"enterprise", "government", "university"}
    assert {s.kind for s in sheets} == {"annual_summary", "annual_plan", "thematic_summary"}
    for s in sheets:
        facts = [it for it in s.items() if not it.field.startswith("members")]
        assert 8 <= len(facts) <= 14, s.branch.name


def test_heldout_thematic_is_another_campaign() -> None:
    tuned = {load_facts_file(p).theme for p in (RESOURCE_ROOT / "examples").glob("*.yaml")}
    themes = {load_facts_file(p).theme for p in HELDOUT} - {None}
    assert themes and not themes & tuned
