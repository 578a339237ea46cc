"""Templates: every fact lands in exactly one section; the template-only draft holds every fact."""

from __future__ import annotations

import re
import shutil

import pytest

from drafter.documents.templates import TemplateSet, load_templates, sentence
from drafter.drafting.compose import template_text
from drafter.errors import TemplateError
from drafter.facts.load import parse_facts
from drafter.facts.sheet import FactSheet

ROLES = {
    "annual_summary": ["opening", "body", "body", "body", "body", "problems", "next"],
    "annual_plan": ["opening", "body", "body", "body", "body", "body"],
    "thematic_summary": ["opening", "body", "body", "problems", "next"],
}


def test_every_fact_in_exactly_one_section(settings, example_facts: FactSheet):
    outline = load_templates(settings.templates_dir).default_outline(example_facts)
    assigned = [ref for s in outline.sections for ref in s.fact_refs]
    assert sorted(assigned) == sorted(it.ref for it in example_facts.items())
    assert len(assigned) == len(set(assigned))


def test_template_structure(settings, example_facts: FactSheet):
    outline = load_templates(settings.templates_dir).default_outline(example_facts)
    assert [s.role for s in outline.sections] == ROLES[example_facts.kind]
    assert outline.title.startswith(example_facts.branch.display_name)
    assert "党支部党支部" not in outline.title and "支部党支部" not in outline.title


def test_template_draft_contains_every_fact(settings, example_facts: FactSheet):
    ts = load_templates(settings.templates_dir)
    outline = ts.default_outline(example_facts)
    text = "\n".join(template_text(example_facts, ts, s) for s in outline.sections)
    for a in example_facts.activities:
        assert a.title in text
        for number in re.findall(r"\d+(?:\.\d+)?", a.detail):
            assert number in text
    for name in example_facts.members.developed + example_facts.members.activists:
        assert name in text
    for field in ("achievements", "highlights", "shortcomings", "next_steps", "goals", "safeguards"):
        for value in getattr(example_facts, field):
            assert value.rstrip("。") in text
    for s in example_facts.schedule:
        assert f"{s.month}月：{s.item}" in text
    for t in example_facts.tasks:
        assert t.title in text
    if example_facts.members.total is not None:
        assert f"{example_facts.members.total}名" in text
    assert "{{" not in text and "None" not in text


def test_dates_have_no_leading_zeros(settings, school_facts):
    ts = load_templates(settings.templates_dir)
    text = "\n".join(template_text(school_facts, ts, s) for s in ts.default_outline(school_facts).sections)
    assert "2025年3月5日" in text and "03月" not in text and "年03" not in text


def test_activity_category_routes_it(settings):
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"},
                         "activities": [{"title": "志愿服务", "category": "discipline"}]})
    outline = load_templates(settings.templates_dir).default_outline(facts)
    assert outline.section("discipline").fact_refs == ["activities[0]"]


def test_a_result_on_the_members_goes_to_the_organisation_section(settings):
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"},
                         "achievements": ["全年发展党员6名，7名预备党员按期转正", "支部被评为先进基层党组织"],
                         "notes": "许嘉怡同志10月经支委会确定为发展对象"})
    outline = load_templates(settings.templates_dir).default_outline(facts)
    assert "achievements[0]" in outline.section("organisation").fact_refs
    assert "notes" in outline.section("organisation").fact_refs
    # an honour opens the document (was a loose sentence at the end of the last work section)
    assert "achievements[1]" in outline.section("opening").fact_refs
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"}, "achievements": ["辖区3个老旧小区完成加装电梯7部"]})
    assert "achievements[0]" in load_templates(settings.templates_dir).default_outline(facts).section("service").fact_refs


def test_unmatched_activity_goes_to_default_section(settings):
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"}, "activities": [{"title": "植树"}]})
    outline = load_templates(settings.templates_dir).default_outline(facts)
    assert outline.section("service").fact_refs == ["activities[0]"]


def test_an_empty_sheet_gets_no_general_sentences(settings):
    """Opening, shortcomings and next steps keep their frame; a themed section with no material stays empty
    (the engine says what would fill it) instead of two general sentences."""
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"}})
    ts = load_templates(settings.templates_dir)
    for s in ts.default_outline(facts).sections:
        text = template_text(facts, ts, s).strip()
        assert (text == "") == (s.role == "body"), s.id


def test_sentence_punctuation():
    assert sentence("荣获“先进”") == "荣获“先进”。"
    assert sentence("他说“好。”") == "他说“好。”"
    assert sentence("一是学习；") == "一是学习。"


def test_invalid_template_file_raises_template_error(tmp_path, settings):
    """A template that fails validation gives the TemplateError message, not a raw pydantic traceback."""
    folder = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, folder)
    (folder / "annual_plan.yaml").write_text("sections: 3\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="annual_plan.yaml"):
        TemplateSet(folder)


def test_template_draft_is_no_dated_chronicle(settings, example_facts: FactSheet):
    """Every activity is told, but never more than three sentences in a row open with a date."""
    from drafter.drafting.thematic.chronicle import chronicle_run

    ts = load_templates(settings.templates_dir)
    for s in ts.default_outline(example_facts).sections:
        assert not chronicle_run(template_text(example_facts, ts, s))


@pytest.mark.parametrize("kind", ["annual_summary", "annual_plan", "thematic_summary"])
def test_each_answer_lands_in_its_own_section(settings, kind: str):
    from drafter.facts.ledger.checklist import answerable

    first = {section: items[0] for section, items in answerable(kind).items() if items}
    answers = {section: {item.key: 3 if item.kind == "number" else ["甲"] if item.kind == "list" else "乙"}
               for section, item in first.items()}
    facts = parse_facts({"kind": kind, "year": 2025, "theme": "主题教育", "branch": {"name": "支部"},
                         "answers": answers})
    outline = load_templates(settings.templates_dir).default_outline(facts)
    for section, item in first.items():
        assert f"answers.{section}.{item.key}" in outline.section(section).fact_refs


@pytest.mark.parametrize(("org", "name", "says", "not_says"), [
    ("university", "第二党支部", "学风建设", "党风廉政建设"),  # a student branch: no 机关 formula, no "业务"
    ("village", "第二党支部", "乡村振兴", "业务"),
    ("government", "第二党支部", "党员干部", "学风"),
    ("government", "水利局离退休干部党支部", "离岗不离党", "业务"),  # filed under its 机关, but retired
])
def test_the_work_sections_leads_are_worded_for_the_kind_of_branch(settings, org: str, name: str, says: str,
                                                                    not_says: str):
    facts = parse_facts({"year": 2025, "branch": {"name": name, "org_type": org},
                         "activities": [{"date": "2025-03-05", "title": "学雷锋志愿服务", "detail": "党员20人参加"},
                                        {"date": "2025-05-05", "title": "廉洁警示教育", "detail": "观看警示教育片"}]})
    ts = load_templates(settings.templates_dir)
    texts = {s.id: template_text(facts, ts, s) for s in ts.default_outline(facts).sections}
    both = texts["service"] + texts["discipline"]
    assert says in both and not_says not in both


def test_an_activist_is_said_with_a_subject(settings):
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"}, "members": {"activists": ["陈昊"]}})
    ts = load_templates(settings.templates_dir)
    text = "\n".join(template_text(facts, ts, s) for s in ts.default_outline(facts).sections)
    assert "支部把陈昊同志作为入党积极分子培养。" in text


def test_notes_on_the_membership_go_to_the_organisation_section(settings):
    """Reading 27 (retirees): "……无发展党员任务。年内……2名老党员病逝，党员人数由年初25名减为23名" ended the service
    section."""
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"},
                         "notes": "本年度无发展党员任务。年内2名老党员病逝，党员人数由年初25名减为23名。"})
    outline = load_templates(settings.templates_dir).default_outline(facts)
    assert "notes" in outline.section("organisation").fact_refs
