"""The Finding model: one problem the review found, where it is, how bad, and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# Stable rule ids (the UI, the CLI and the quality benchmark key on them) and their Chinese names.
RULE_LABELS: dict[str, str] = {
    "fact_unused": "事实未使用",
    "unsupported_number": "数字/日期无依据",
    "unsupported_name": "人名无依据",
    "unsupported_honour": "荣誉无依据",
    "claimed_routine": "制度/活动无依据",
    "placeholder": "占位符",
    "era": "时代用语不符",
    "repetition": "重复",
    "length": "篇幅",
    "chatbot": "AI腔/格式符号",
    # Reader-visible defects of issue 11 (rules_genre, rules_prose, rules_placement).
    "genre_tense": "时态不合文体",
    "genre_problems": "不足里写了整改",
    "genre_orphan": "孤句/回声句",
    "genre_repeat": "同一事实重复",
    "genre_misplaced": "内容放错位置",
    "genre_label": "标签式罗列",
    "genre_structure": "序号/层次不全",
    "genre_verbless": "缺谓语或主语",
    # Proofreading (issue 13: rules_proof, rules_punct).
    "formulation": "规范提法",
    "wordlist": "本单位词表",
    "punctuation": "标点",
    "number_style": "数字用法",
    "latin": "外文单词",
}

Where = Literal["text", "heading", "title"]


class Finding(BaseModel):
    """One problem: section, char offsets into that section's text, the offending text, severity, rule, message."""

    model_config = ConfigDict(frozen=True)

    section_id: str | None  # None: the whole document (e.g. a fact used nowhere)
    start: int
    end: int
    text: str
    severity: Severity
    rule: str
    message: str
    where: Where = "text"  # offsets are into the section's text unless the finding is in its heading or the title
    fix: str | None = None  # a one-click replacement for [start, end) ("" deletes), None when there is none
    kind: str = ""  # what the rule found more precisely (a formulation's id, an era marker's id, a punctuation kind)
    # A grouped finding (grouping.group_findings): every place of the same rule and kind in the section, this
    # one first; empty for a finding of one place.
    occurrences: tuple[Finding, ...] = ()

    @property
    def count(self) -> int:
        """How many places the finding stands for (1 unless grouped)."""
        return len(self.occurrences) or 1

    @property
    def places(self) -> tuple[Finding, ...]:
        """The single findings it stands for (itself unless grouped)."""
        return self.occurrences or (self,)

    @property
    def key(self) -> str:
        """What "ignore" remembers for a draft: the rule and the offending text."""
        return f"{self.rule}|{self.text}"

    @property
    def severity_label(self) -> str:
        """错误 / 警告 / 提示."""
        return SEVERITY_LABELS[self.severity]

    @property
    def rule_label(self) -> str:
        """The rule's Chinese name."""
        return RULE_LABELS.get(self.rule, self.rule)


Finding.model_rebuild()


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by severity: {"error": n, "warning": n, "info": n, "total": n}."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    counts["total"] = counts["error"] + counts["warning"] + counts["info"]
    return counts


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error (the CLI then exits 1)."""
    return any(f.severity == "error" for f in findings)


def summary_line(findings: Iterable[Finding]) -> str:
    """共 2 处错误、3 处警告、1 处提示 — or 未发现问题."""
    c = summarize(findings)
    if not c["total"]:
        return "未发现问题"
    return f"共 {c['error']} 处错误、{c['warning']} 处警告、{c['info']} 处提示"


def sort_key(f: Finding) -> tuple[int, int, int]:
    """Order within a section: by position, then severity."""
    return (0 if f.where != "text" else 1, f.start, SEVERITY_ORDER[f.severity])
