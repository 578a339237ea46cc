"""Shared fixtures for the review tests: a small fact sheet and a helper to review one text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.facts.load import parse_facts
from drafter.facts.sheet import FactSheet
from drafter.proofreading import Finding, review_sections

SEEDS = Path(__file__).parent / "seeds"


@pytest.fixture
def facts() -> FactSheet:
    """A 2025 school summary sheet with numbers, dates, names and honours."""
    return parse_facts({
        "kind": "annual_summary",
        "year": 2025,
        "branch": {"name": "中共青湖实验小学支部委员会", "short_name": "青湖实验小学党支部", "secretary": "周敏"},
        "members": {"total": 34, "probationary": 2, "breakdown": "在职党员31名，退休党员3名",
                    "developed": ["陈晓雯", "刘洋"], "activists": ["王思远"]},
        "activities": [
            {"date": dt.date(2025, 3, 5), "title": "学雷锋主题党日", "detail": "组织党员28人到青湖社区开展志愿服务"},
            {"date": dt.date(2025, 4, 16), "title": "深入贯彻中央八项规定精神学习教育专题党课",
             "detail": "支部书记周敏讲授专题党课"},
            {"date": dt.date(2025, 9, 10), "title": "党员示范课展示活动", "detail": "12名党员教师上示范课"},
        ],
        "achievements": ["学校党支部被评为区“五星级党支部”", "周敏同志获评区优秀党务工作者"],
        "shortcomings": ["部分党员理论学习的主动性不够"],
        "signature_date": dt.date(2025, 12, 20),
    })


def review_one(text: str, facts: FactSheet | None = None, year: int = 2025, target: int | None = None,
               heading: str = "一、测试") -> list[Finding]:
    """Review a single section."""
    return review_sections([("s1", heading, text, target)], facts, year)


def rules(findings: list[Finding], rule: str) -> list[str]:
    """The offending texts of one rule's findings."""
    return [f.text for f in findings if f.rule == rule]
