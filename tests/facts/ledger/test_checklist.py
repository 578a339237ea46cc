"""Section checklists: one for every section of every template, and what would fill an empty section."""

from __future__ import annotations

from typing import get_args

import pytest

from drafter.documents.templates import load_templates
from drafter.errors import TemplateError
from drafter.facts.ledger.checklist import (
    answerable,
    checklist_for,
    covered,
    load_checklists,
    missing_material,
)
from drafter.facts.load import parse_facts
from drafter.facts.sheet import Kind
from drafter.settings import RESOURCE_ROOT

TEMPLATES = load_templates(RESOURCE_ROOT / "templates")
KINDS = list(get_args(Kind))  # every document kind the drafter knows
SECTIONS = [(kind, s.id) for kind in KINDS for s in TEMPLATES.get(kind).sections]


@pytest.mark.parametrize(("kind", "section"), SECTIONS)
def test_every_section_of_every_template_has_a_checklist(kind: str, section: str) -> None:
    items = checklist_for(section, kind)
    assert items, f"templates/checklists.yaml 缺少 {kind}.{section}"
    for item in items:
        assert item.label and item.hint
        assert item.kind in {"number", "text", "list"}
        assert (item.unit != "") is (item.kind == "number"), item.key
        assert item.keywords, item.key


def test_no_checklist_for_a_section_no_template_has() -> None:
    listed = {(kind, section) for kind, sections in load_checklists().root.items() for section in sections}
    assert listed == set(SECTIONS)


@pytest.mark.parametrize(("section", "labels"), [
    ("theory", ["学习专题", "学习篇目", "读书班、研讨交流"]),
    ("organisation", ["入党申请人", "入党积极分子", "发展对象", "接收预备党员", "按期转正", "党费收缴",
                      "民主评议“优秀”人数", "民主评议“合格”人数", "换届选举"]),
    ("discipline", ["警示教育", "廉洁承诺"]),
    ("service", ["志愿服务人次", "志愿服务时长", "为群众办实事", "支部品牌", "先进典型"]),
])
def test_the_issue_items_are_there(section: str, labels: list[str]) -> None:
    have = [i.label for i in checklist_for(section, "annual_summary")]
    assert set(labels) <= set(have)


def test_an_empty_section_lists_every_item() -> None:
    assert missing_material("discipline", []) == [i.label for i in checklist_for("discipline")]


def test_facts_routed_to_the_section_cover_items_by_keyword() -> None:
    missing = missing_material("organisation", ["全年发展党员2名，确定入党积极分子3名", "按月足额收缴党费"])
    assert "接收预备党员" not in missing and "入党积极分子" not in missing and "党费收缴" not in missing
    assert "发展对象" in missing and "按期转正" in missing


def test_form_answers_cover_items_by_key_and_zero_is_an_answer() -> None:
    missing = missing_material("service", {"volunteer_people": 0, "volunteer_hours": None, "brand": "  ",
                                           "model_members": ["张三：带头抗洪"]})
    assert "志愿服务人次" not in missing and "先进典型" not in missing
    assert "志愿服务时长" in missing and "支部品牌" in missing


def test_the_kind_decides_which_opening() -> None:
    assert missing_material("schedule", [], kind="annual_plan") == ["每月安排"]
    assert missing_material("schedule", ["3月：开展学雷锋志愿服务"], kind="annual_plan") == []
    assert missing_material("no_such_section", []) == []


def test_covered_reads_text_answers_too() -> None:
    (brand,) = [i for i in checklist_for("service") if i.key == "brand"]
    assert covered(brand, {"notes": "支部打造“红色管家”品牌"})
    assert not covered(brand, {"notes": "无"})


def test_a_sheets_answer_covers_its_item_whatever_its_words() -> None:
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"},
                         "answers": {"organisation": {"org_life": "3月开会查摆问题5个", "dues": 0}}})
    answers = facts.answers["organisation"]
    missing = missing_material("organisation", [], answers=answers)
    assert "组织生活会" not in missing and "党费收缴" not in missing  # no keyword needed: the answer is the item's
    assert "换届选举" in missing
    assert "组织生活会" in missing_material("organisation", [])


def test_answerable_items_leave_out_those_the_sheet_has_fields_for() -> None:
    summary = answerable("annual_summary")
    assert "members_total" not in [i.key for i in summary["opening"]]
    assert [i.key for i in summary["problems"]] == ["causes"]
    assert all(i.say for items in summary.values() for i in items if i.kind != "text")


def test_a_number_item_without_its_phrase_is_a_template_error(tmp_path) -> None:
    (tmp_path / "checklists.yaml").write_text(
        "annual_summary:\n  theory:\n    - {key: n, label: 次数, kind: number, unit: 次, hint: h}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="say"):
        load_checklists(tmp_path)
    other = tmp_path / "text"  # another folder: a file is read once per path
    other.mkdir()
    (other / "checklists.yaml").write_text(
        "annual_summary:\n  theory:\n    - {key: t, label: 文字, kind: text, hint: h, say: '{value}'}\n",
        encoding="utf-8")
    with pytest.raises(TemplateError, match="文字项"):
        load_checklists(other)
