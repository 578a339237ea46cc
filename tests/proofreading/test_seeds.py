"""The client's seeds, reviewed as if they were 2025 drafts: their era slogans and placeholders are caught."""

from __future__ import annotations

import pytest

from drafter.documents.markdown_input import parse_draft_text
from drafter.proofreading import has_errors, review_sections
from tests.proofreading.conftest import SEEDS


def _review(name: str, year: int = 2025):
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    parsed = parse_draft_text(text)
    return review_sections(parsed.as_input(), None, year, title=parsed.title)


@pytest.mark.parametrize(("seed", "must"), [
    ("000", {"十八大", "十八届三中"}),
    ("001", {"创先争优", "十七大", "十八大", "基层组织建设年", "以邓小平理论和“三个代表”重要思想为指导"}),
    ("002", {"创先争优", "十七届五中", "中国共产党成立90周年", "坚持科学发展观"}),
    ("003", {"群众路线教育实践活动", "十八大", "十九大", "十八届四中"}),
    ("004", {"创先争优", "学习实践科学发展观"}),
])
def test_seed_era_slogans_flagged_in_2025(seed: str, must: set[str]) -> None:
    found = _review(seed)
    era = {f.text for f in found if f.rule == "era" and f.severity == "error"}
    assert must <= era
    assert has_errors(found)


def test_seed_000_in_its_own_year_has_no_era_errors() -> None:
    found = _review("000", year=2013)
    assert [f for f in found if f.rule == "era" and f.severity == "error"] == []


@pytest.mark.parametrize(("seed", "must"), [
    ("003", {"x", "20x", "20__", "【篇一】"}),
    ("002", {"__"}),
])
def test_seed_placeholders_flagged(seed: str, must: set[str]) -> None:
    found = {f.text for f in _review(seed) if f.rule == "placeholder"}
    assert must <= found


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_genre_phrases_are_not_flagged(seed: str) -> None:
    # The genre's set phrases must never be findings of any rule in a human-written text.
    texts = {f.text for f in _review(seed)}
    for phrase in ("三会一课", "一岗双责", "两会一课", "四个作用", "五个好", "第一", "一是", "全心全意为人民服务"):
        assert not any(phrase == t for t in texts), phrase


@pytest.mark.parametrize("seed", ["000", "004"])
def test_clean_seed_has_no_placeholder_or_chatbot_findings(seed: str) -> None:
    found = _review(seed)
    assert [f.text for f in found if f.rule in ("placeholder", "chatbot")] == []
