"""The one field table: labels, limits enforced on every input path, problems with a code and a path."""

from __future__ import annotations

import pytest

from drafter.errors import FactsError
from drafter.facts import fields
from drafter.facts.load import load_facts_yaml, parse_facts


def test_every_limit_has_a_label_and_a_form_block():
    for key, limit in fields.limits().items():
        assert limit > 0 and fields.label(key) != key and fields.group(key) != ""


def test_a_yaml_file_meets_the_same_limits_as_the_form():
    text = "year: 2025\nbranch: {name: 中共测试支部委员会, secretary: " + "张" * 51 + "}\nnotes: " + "说" * 5001
    with pytest.raises(FactsError) as exc:
        load_facts_yaml(text)
    by_path = {p.path: p for p in exc.value.details}
    assert by_path[("branch", "secretary")].code == "too_long"
    assert by_path[("notes",)].message.startswith("其他说明：最多 5000 字，现在有 5001 字")


def test_list_fields_count_all_their_lines():
    with pytest.raises(FactsError) as exc:
        parse_facts({"year": 2025, "branch": {"name": "支部"}, "achievements": ["荣" * 1500, "誉" * 1501]})
    assert [p.path for p in exc.value.details] == [("achievements",)]


def test_problems_carry_codes_and_paths():
    with pytest.raises(FactsError) as exc:
        parse_facts({"year": 2025, "branch": {"name": "支部"}, "activities": [{"title": "学习", "date": "3月"}],
                     "colour": "红"})
    codes = {p.path: p.code for p in exc.value.details}
    assert codes[("activities", 0, "date")] == "date" and codes[("colour",)] == "unknown_field"
    assert any("活动第1条" in p for p in exc.value.problems)
