"""Finding model and the summary helpers."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from drafter.proofreading import Finding, has_errors, summarize, summary_line


def _f(sev: str) -> Finding:
    return Finding(section_id="s1", start=0, end=1, text="x", severity=sev, rule="placeholder", message="请改")


def test_summarize_counts_by_severity() -> None:
    got = summarize([_f("error"), _f("warning"), _f("warning"), _f("info")])
    assert got == {"error": 1, "warning": 2, "info": 1, "total": 4}


def test_has_errors_only_for_errors() -> None:
    assert has_errors([_f("warning"), _f("error")])
    assert not has_errors([_f("warning"), _f("info")])
    assert not has_errors([])


def test_summary_line_in_chinese() -> None:
    assert summary_line([]) == "未发现问题"
    assert summary_line([_f("error"), _f("info")]) == "共 1 处错误、0 处警告、1 处提示"


def test_severity_is_checked_and_labels_are_chinese() -> None:
    with pytest.raises(ValidationError):
        _f("fatal")
    assert _f("error").severity_label == "错误"
    assert _f("error").rule_label == "占位符"


def test_grouping_one_finding_per_rule_and_kind_with_its_places() -> None:
    from drafter.proofreading import review_sections
    from drafter.proofreading.grouping import group_findings, ungroup

    text = "学习,提高;党的十八以来,党的十八以来。"
    found = review_sections([("s1", "一、学习", text, None), ("s2", "二、作风", "学习,提高。", None)], None, 2025)
    grouped = group_findings(found)
    punct = [f for f in grouped if f.rule == "punctuation"]
    assert [(f.section_id, f.count) for f in punct] == [("s1", 3), ("s2", 1)]
    assert punct[0].message.startswith("中文里的半角标点") and punct[1].occurrences == ()
    forms = [f for f in grouped if f.rule == "formulation"]
    assert [(f.count, f.fix) for f in forms] == [(2, "党的十八大以来")]
    assert sorted(ungroup(grouped), key=lambda f: (f.section_id, f.start)) == \
        sorted(found, key=lambda f: (f.section_id, f.start))
    assert group_findings(grouped) == grouped  # grouping twice changes nothing
    assert _f("error").count == 1 and _f("error").places == (_f("error"),)
