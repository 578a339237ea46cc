"""The form's 本节可补充的内容: one field per checklist item of each section, saved as typed from the first input,
read as facts of their section, a Chinese message for a figure that is not a number."""

from __future__ import annotations

from tests.ui.conftest import problems

APPLICANTS = "f_ans_annual_summary_organisation_applicants"
ORG_LIFE = "f_ans_annual_summary_organisation_org_life"
TOPICS = "f_ans_annual_summary_theory_study_topics"


def _named(new_app):
    at = new_app()
    at.text_input(key="f_name").set_value("中共测试支部委员会")
    at.number_input(key="f_year").set_value(2025)
    return at.run()


def test_answers_typed_are_saved_as_typed_and_become_facts_of_their_section(new_app, store):
    at = _named(new_app)
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
    at = _named(new_app)
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
    at = _named(new_app)
    at.text_input(key=APPLICANTS).input("3")
    at.run()
    at.selectbox(key="f_kind").set_value("annual_plan")
    at.run()
    assert not problems(at), problems(at)
    keys = {w.key for w in at.text_input if w.key and w.key.startswith("f_ans_")}
    assert "f_ans_annual_plan_goals_development_target" in keys and APPLICANTS not in keys
    assert store.get(at.query_params["d"]).facts.answers == {}
    at.selectbox(key="f_kind").set_value("annual_summary")
    at.run()
    assert at.text_input(key=APPLICANTS).value == "3"
    assert store.get(at.query_params["d"]).facts.answers == {"organisation": {"applicants": 3}}


def test_a_blank_form_makes_no_draft(new_app, store):
    at = new_app()
    at.run()
    assert "d" not in at.query_params and store.list() == []
