"""The form's raw values round-trip every example sheet and put each message next to its field."""

from __future__ import annotations

import pytest

from drafter.errors import Problem
from drafter.facts.load import load_facts_file
from drafter.settings import RESOURCE_ROOT
from ui.form_data import empty_form, facts_data, form_from_facts, group_of, validate

EXAMPLES = sorted((RESOURCE_ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_round_trips_through_the_form(path):
    facts = load_facts_file(path)
    again, problems = validate(form_from_facts(facts))
    assert problems == [] and again == facts


def test_blank_rows_and_lines_are_dropped():
    form = empty_form(2025) | {"name": "中共测试支部委员会", "achievements": "\n 一项荣誉 \n\n",
                               "activities": [{"date": "2025-03-05", "title": "主题党日", "detail": None,
                                               "category": float("nan")},
                                              {"date": None, "title": None, "detail": "", "category": None}]}
    data = facts_data(form)
    assert data["achievements"] == ["一项荣誉"]
    assert data["activities"] == [{"date": "2025-03-05", "title": "主题党日"}]
    facts, problems = validate(form)
    assert facts is not None and problems == []


def test_messages_are_placed_by_field():
    form = empty_form(2025) | {"kind": "thematic_summary", "name": "x",
                               "activities": [{"date": "2019-01-01", "title": "活动"}]}
    _, problems = validate(form)
    assert problems and group_of(problems[0]) in ("basics", "activities")
    _, problems = validate(empty_form(2025))
    assert [group_of(p) for p in problems] == ["branch"]
    # placed by the field's path, whatever the message says
    assert group_of(Problem("date", ("activities", 1, "date"), "任何措辞")) == "activities"
    assert group_of(Problem("int", ("members", "total"), "任何措辞")) == "members"
    assert group_of(Problem("too_long", ("notes",), "任何措辞")) == "signature"
    assert group_of(Problem("missing", ("branch", "name"), "任何措辞")) == "branch"
