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
