"""The form's 本节可补充的内容: one field per checklist item of each section, saved as typed from the first input,
read as facts of their section, a Chinese message for a figure that is not a number."""

from __future__ import annotations

from tests.ui.conftest import problems
from ui.answers_view import open_key

APPLICANTS = "f_ans_annual_summary_organisation_applicants"
ORG_LIFE = "f_ans_annual_summary_organisation_org_life"
TOPICS = "f_ans_annual_summary_theory_study_topics"


def _named(new_app, *sections: str, kind: str = "annual_summary"):
    """A named sheet with these sections' 本节可补充的内容 open (their fields are drawn only while open)."""
    at = new_app()
    at.text_input(key="f_name").set_value("中共测试支部委员会")
    at.number_input(key="f_year").set_value(2025)
    return _opened(at, *sections, kind=kind)


def _opened(at, *sections: str, kind: str = "annual_summary"):
    for section in sections:
        at.session_state[open_key(kind, section)] = True
    return at.run()


def test_answers_typed_are_saved_as_typed_and_become_facts_of_their_section(new_app, store):
    at = _named(new_app)
    assert APPLICANTS not in [w.key for w in at.text_input]  # a closed section's fields are not drawn
    at = _opened(at, "organisation", "theory")
    assert at.text_input(key=APPLICANTS).label == "入党申请人（名）"
    at.text_input(key=APPLICANTS).input("3")
    at.text_area(key=ORG_LIFE).input("3月召开专题组织生活会，查摆问题5个")
    at.text_area(key=TOPICS).input("党的二十届三中全会精神\n\n党纪学习教育")
    at.run()
    assert not problems(at), problems(at)
    draft_id = at.query_params["d"]
    typed = {"organisation": {"applicants": "3", "org_life": "3月召开专题组织生活会，查摆问题5个"},
             "theory": {"study_topics": "党的二十届三中全会精神\n\n党纪学习教育"}}
    assert store.get_form(draft_id)["answers"] == {"annual_summary": typed}
    facts = store.get(draft_id).facts
    assert facts.answers == {"theory": {"study_topics": ["党的二十届三中全会精神", "党纪学习教育"]},
                             "organisation": {"org_life": "3月召开专题组织生活会，查摆问题5个", "applicants": 3}}
    at.run()  # a rerun keeps them
    assert at.text_input(key=APPLICANTS).value == "3"
    assert store.get_form(draft_id)["answers"] == {"annual_summary": typed}

    again = new_app(d=draft_id)  # a refresh or a restart: the same link
    again.session_state["step"] = "facts"
    again.run()
    assert any(c.value == "已填：组织生活会、入党申请人" for c in again.caption)  # shown while closed
    again = _opened(again, "organisation", "theory")
    assert again.text_input(key=APPLICANTS).value == "3"
    assert again.text_area(key=TOPICS).value == "党的二十届三中全会精神\n\n党纪学习教育"

    again.button(key="to_outline").click()
    again.run()
    assert not problems(again), problems(again)
    outline = store.get(draft_id).outline
    assert {"answers.organisation.applicants", "answers.organisation.org_life"} <= set(
        outline.section("organisation").fact_refs)
    assert "answers.theory.study_topics" in outline.section("theory").fact_refs


def test_a_figure_that_is_not_a_number_gets_a_message_and_stays_as_typed(new_app, store):
    at = _named(new_app, "organisation")
    at.text_input(key=APPLICANTS).input("三名")
    at.run()
    assert not at.exception
    assert any("入党申请人" in e.value and "请用阿拉伯数字填写" in e.value for e in at.error)
    draft_id = at.query_params["d"]
    assert store.get_form(draft_id)["answers"]["annual_summary"]["organisation"]["applicants"] == "三名"
    assert store.get(draft_id).facts.answers == {}  # the last valid sheet: no figure invented
    at.text_input(key=APPLICANTS).input("3")
    at.run()
    assert not problems(at), problems(at)
    assert store.get(draft_id).facts.answers == {"organisation": {"applicants": 3}}


def test_another_kind_asks_its_own_items_and_keeps_what_was_typed_for_the_first(new_app, store):
    at = _named(new_app, "organisation")
    at.text_input(key=APPLICANTS).input("3")
    at.run()
    at.selectbox(key="f_kind").set_value("annual_plan")
    at = _opened(at, "goals", kind="annual_plan")
    assert not problems(at), problems(at)
    keys = {w.key for w in at.text_input if w.key and w.key.startswith("f_ans_")}
    assert "f_ans_annual_plan_goals_development_target" in keys and APPLICANTS not in keys
    assert store.get(at.query_params["d"]).facts.answers == {}
    at.selectbox(key="f_kind").set_value("annual_summary")
    at = _opened(at, "organisation")
    assert at.text_input(key=APPLICANTS).value == "3"
    assert store.get(at.query_params["d"]).facts.answers == {"organisation": {"applicants": 3}}


def test_text_typed_as_its_section_is_closed_is_kept(new_app, store):
    at = _named(new_app, "organisation")
    at.text_input(key=APPLICANTS).input("4")
    at.session_state[open_key("annual_summary", "organisation")] = False  # one run: the typing and the closing
    at.run()
    assert APPLICANTS not in [w.key for w in at.text_input]
    assert store.get(at.query_params["d"]).facts.answers == {"organisation": {"applicants": 4}}


def test_a_blank_form_makes_no_draft(new_app, store):
    at = new_app()
    at.run()
    assert "d" not in at.query_params and store.list() == []
