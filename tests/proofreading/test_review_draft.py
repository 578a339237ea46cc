"""review_draft on a Draft: title, headings, targets and the outline's fact assignment."""

from __future__ import annotations

import datetime as dt

from drafter.documents.draft import new_draft
from drafter.documents.outline import Outline, OutlineSection
from drafter.facts.sheet import FactSheet
from drafter.proofreading import has_errors, review_draft, summarize


def _draft(facts: FactSheet):
    outline = Outline(kind="annual_summary", title="青湖实验小学党支部2025年度工作总结", sections=[
        OutlineSection(id="opening", heading="", numbered=False, role="opening", target_chars=60),
        OutlineSection(id="org", heading="加强组织建设", target_chars=60,
                       fact_refs=["members", "members.developed", "activities[0]"]),
    ])
    return new_draft(facts, outline, signature_date=dt.date(2025, 12, 20))


def test_review_draft_uses_targets_headings_and_outline(facts: FactSheet) -> None:
    d = _draft(facts)
    d.section("opening").record("2025年，支部坚持以习近平新时代中国特色社会主义思想为指导，扎实推进各项工作，"
                                "现将一年来的工作总结如下：", "generated")
    d.section("org").record("您好！支部现有党员34名，其中预备党员2名。发展陈晓雯为预备党员。全年开展学习15次。",
                            "generated")
    found = review_draft(d)
    by_rule = {(f.rule, f.section_id, f.text) for f in found}
    assert ("chatbot", "org", "您好") in by_rule
    assert ("unsupported_number", "org", "15") in by_rule
    assert ("fact_unused", "org", "刘洋") in by_rule  # assigned by the outline
    assert ("fact_unused", "org", "学雷锋主题党日") in by_rule
    assert ("fact_unused", None, "党员示范课展示活动") in by_rule  # not assigned anywhere
    assert has_errors(found) and summarize(found)["error"] >= 2


def test_empty_sections_are_length_errors(facts: FactSheet) -> None:
    found = review_draft(_draft(facts))
    assert {(f.section_id, f.severity) for f in found if f.rule == "length"} == {("opening", "error"), ("org", "error")}


def test_findings_are_in_document_order(facts: FactSheet) -> None:
    d = _draft(facts)
    d.section("opening").record("XX支部坚持学习。" * 3, "generated")
    d.section("org").record("某某同志。", "generated")
    order = [f.section_id for f in review_draft(d) if f.rule == "placeholder"]
    assert order == ["opening"] * 3 + ["org"]
