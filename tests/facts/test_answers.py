"""The secretary's answers to the section checklists: checked against the sheet's kind, read, cleaned, stated."""

from __future__ import annotations

import pytest

from drafter.errors import FactsError
from drafter.facts.answers import answer_facts, answer_item, stated
from drafter.facts.ledger.checklist import checklist_for
from drafter.facts.load import dump_facts_yaml, load_facts_yaml, parse_facts

BASE = {"year": 2025, "branch": {"name": "中共测试支部委员会"}}


def sheet(answers: dict, **kw):
    return parse_facts({**BASE, **kw, "answers": answers})


def refused(answers: dict, **kw) -> dict:
    """Path -> Problem for a sheet whose answers are refused."""
    with pytest.raises(FactsError) as info:
        sheet(answers, **kw)
    return {p.path: p for p in info.value.details}


def test_unknown_section_and_key_are_refused_by_name_with_what_is_allowed():
    found = refused({"organisaton": {"dues": 1}, "organisation": {"fee": 1}})
    section = found[("answers", "organisaton")]
    assert section.code == "unknown_field"
    assert "“organisaton”" in section.message and "organisation" in section.message and "请改正或删除" in section.message
    key = found[("answers", "organisation", "fee")]
    assert "“fee”" in key.message and "dues（党费收缴）" in key.message


def test_a_section_of_another_kind_is_unknown_for_this_one():
    found = refused({"theory": {"study_sessions": 3}}, kind="annual_plan")
    assert "年度工作计划可填的部分为" in found[("answers", "theory")].message


def test_an_item_the_sheet_has_a_field_for_points_there():
    found = refused({"problems": {"shortcomings": ["学习不够深入"]}})
    assert "存在不足" in found[("answers", "problems", "shortcomings")].message


@pytest.mark.parametrize(("typed", "value"), [("12", 12), (" １２ ", 12), ("1,200", 1200), ("12.5", 12.5),
                                              ("12.0", 12), (3, 3), (0, 0), (2.5, 2.5)])
def test_numbers_are_read_from_what_is_typed(typed, value):
    got = sheet({"organisation": {"dues": typed}}).answers["organisation"]["dues"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("typed", "says"), [
    ("三", "请用阿拉伯数字填写"), ("12名", "单位“名”已写在旁边"), ("约12", "请只填阿拉伯数字"), ("-3", "不能是负数"),
    (-3, "不能是负数"), ("1.25", "最多保留一位小数"), ("很多", "请填写一个数字"), (["3"], "应为一个数字"),
    (True, "应为一个数字"), (10**9, "数值过大"),
])
def test_a_number_that_is_not_one_gets_a_message_naming_the_item(typed, says):
    found = refused({"organisation": {"activists": typed}})
    problem = found[("answers", "organisation", "activists")]
    assert says in problem.message and "“入党积极分子”" in problem.message


def test_control_characters_are_removed_and_empty_answers_dropped():
    facts = sheet({"organisation": {"org_life": "3月召开\x07组织生活会\x00 ", "election": "  ", "dues": "",
                                    "applicants": None},
                   "theory": {"study_topics": ["\x1b党纪学习教育", "", "  "], "readings": []},
                   "service": {}, "discipline": None})
    assert facts.answers == {"theory": {"study_topics": ["党纪学习教育"]},
                             "organisation": {"org_life": "3月召开组织生活会"}}
    assert sheet({"theory": {"study_topics": ["", " "]}}).answers == {}


def test_answers_follow_the_checklist_order_and_a_list_may_be_lines():
    facts = sheet({"organisation": {"dues": 10, "applicants": 2}, "theory": {"readings": "《党章》\n\n《准则》"}})
    assert list(facts.answers) == ["theory", "organisation"]
    assert list(facts.answers["organisation"]) == ["applicants", "dues"]
    assert facts.answers["theory"]["readings"] == ["《党章》", "《准则》"]


def test_answers_meet_the_field_table_limit():
    found = refused({"service": {"brand": "品" * 801}})
    assert found[("answers", "service", "brand")].code == "too_long"
    assert "最多 800 字" in found[("answers", "service", "brand")].message


def test_yaml_round_trips_the_answers():
    facts = sheet({"organisation": {"applicants": "3", "dues": "2400.5", "org_life": "3月召开组织生活会\n查摆问题5个"},
                   "theory": {"study_topics": ["党的二十届三中全会精神", "党纪学习教育"]}})
    text = dump_facts_yaml(facts)
    assert "answers:" in text and "applicants: 3" in text
    again = load_facts_yaml(text)
    assert again == facts and again.answers["organisation"]["dues"] == 2400.5


def test_a_sheet_without_answers_dumps_none():
    assert "answers" not in dump_facts_yaml(sheet({}))


def test_each_answer_is_a_fact_of_its_section_as_a_sentence():
    facts = sheet({"organisation": {"applicants": 3, "activists": 2, "dues": 2400, "review_excellent": 5,
                                    "org_life": "3月召开组织生活会\n查摆问题5个"},
                   "service": {"volunteer_hours": 120.5, "practical_matters": ["修缮活动室。", "慰问老党员"]},
                   "theory": {"study_topics": ["党的二十届三中全会精神", "党纪学习教育"]}})
    items = {it.ref: it for it in facts.items() if it.field == "answers"}
    assert items["answers.organisation.applicants"].text == "本年有3名同志递交入党申请书"
    assert items["answers.organisation.activists"].text == "确定入党积极分子2名"
    assert items["answers.organisation.dues"].text == "全年收缴党费2400元"
    assert items["answers.organisation.review_excellent"].text == "民主评议中评定优秀党员5名"
    assert items["answers.service.volunteer_hours"].text == "志愿服务累计120.5小时"
    assert items["answers.theory.study_topics"].text == "重点学习了党的二十届三中全会精神、党纪学习教育"
    assert items["answers.service.practical_matters"].text == "为群众办实事2件，包括修缮活动室；慰问老党员"
    assert items["answers.organisation.org_life"].text == "3月召开组织生活会；查摆问题5个"  # the typed words
    assert {it.category for it in items.values()} == {"organisation", "service", "theory"}
    assert not any("：" in it.text for it in items.values())  # never "label: value"


def test_every_answerable_number_and_list_item_is_stated_without_its_label():
    for kind, section in [("annual_summary", s) for s in ("theory", "organisation", "discipline", "service")] + \
            [("annual_plan", s) for s in ("goals", "tasks", "safeguards")] + \
            [("thematic_summary", s) for s in ("stages", "results", "next")]:
        for item in checklist_for(section, kind):
            if item.field or item.kind == "text":
                continue
            text = stated(item, 7 if item.kind == "number" else ["甲", "乙"])
            assert "{" not in text and not text.startswith(item.label + "：")
            assert ("7" in text) if item.kind == "number" else ("甲" in text and "乙" in text)


def test_refs_name_their_item():
    facts = sheet({"organisation": {"dues": 1}})
    (fact,) = answer_facts(facts.kind, facts.answers)
    assert fact.ref == "answers.organisation.dues" and answer_item(facts.kind, fact.ref).label == "党费收缴"
    assert answer_item(facts.kind, "activities[0]") is None


def test_a_stored_sheet_validates_again_unchanged():
    facts = sheet({"organisation": {"dues": "12.5", "org_life": "a\nb"}, "theory": {"readings": ["《党章》"]}})
    assert type(facts).model_validate(facts.model_dump(mode="json")) == facts
