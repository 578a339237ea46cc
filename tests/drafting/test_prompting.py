"""Prompts: StrictUndefined, a shared prefix across sections, the context budget with huge inputs."""

from __future__ import annotations

import pytest

from drafter.drafting.compose import template_text
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline
from drafter.drafting.prompting import (
    build_document_prompt,
    fitted_tokens,
    load_prompts,
    section_facts,
    section_task,
)
from drafter.drafting.samples import SampleLibrary
from drafter.errors import TemplateError
from drafter.facts.load import parse_facts
from drafter.facts.sheet import FactSheet


@pytest.fixture
def ctx(settings):
    # The free path: these prompts are the ones a model that writes whole sections gets.
    return EngineContext.create(settings.with_overrides(draft_path="free"), samples=SampleLibrary.from_settings(settings))


def _messages(facts, ctx, window=8192, sample_budget=2500):
    outline = default_outline(facts, ctx)
    doc = build_document_prompt(facts, outline, prompts=ctx.prompts, library=ctx.library, context_window=window,
                                reply_tokens=800, sample_budget=sample_budget)
    out = []
    for sec in outline.sections:
        texts, _ = section_facts(facts, sec)
        task = section_task(sec, facts=texts, skeleton=template_text(facts, ctx.templates, sec), tail="",
                            prompts=ctx.prompts)
        out.append((sec, task, doc.messages(task)))
    return doc, out


def test_prefix_identical_across_sections(ctx, example_facts):
    doc, per_section = _messages(example_facts, ctx)
    systems = {m[0]["content"] for _, _, m in per_section}
    assert len(systems) == 1
    prefixes = {m[1]["content"][: -len(task)] for _, task, m in per_section}
    assert prefixes == {doc.materials + "\n\n"}
    assert doc.sample_ids, "samples are part of the shared prefix"


def test_section_task_holds_its_facts_and_rules(ctx, school_facts):
    _, per_section = _messages(school_facts, ctx)
    sec, task, _ = next(x for x in per_section if x[0].id == "service")
    assert "学雷锋主题党日" in task and "1260名学生" in task
    assert "约480字" in task and "不要写标题" in task
    system = per_section[0][2][0]["content"]
    for rule in ("不得编造", "总的来说", "Markdown", "习近平新时代中国特色社会主义思想"):
        assert rule in system


def test_strict_undefined(settings):
    with pytest.raises(TemplateError):
        load_prompts(settings.prompts_dir).render("section.j2", heading="x")


def test_budget_with_huge_notes_and_many_activities(ctx):
    # Input limits (templates/fields.yaml) refuse such notes from a file or the form; a sheet built in code
    # (an old draft, an API caller) must still fit the window.
    facts = FactSheet.model_validate({
        "year": 2025, "branch": {"name": "中共测试支部委员会"}, "notes": "支部情况说明。" * 15_000,
        "activities": [{"date": "2025-03-05", "title": f"第{i}次主题党日", "detail": "组织党员学习并开展讨论" * 3}
                       for i in range(500)],
    })
    assert len(facts.notes) > 100_000
    for window in (4096, 8192, 32768):
        doc, per_section = _messages(facts, ctx, window=window)
        assert doc.warnings, "shortening the facts must be visible"
        for sec, _task, messages in per_section:
            total = sum(fitted_tokens(m["content"]) for m in messages) + ctx.max_tokens(sec.target_chars)
            assert total <= window, (window, sec.id, total)


def test_crowded_section_facts_are_cut_with_warning(ctx):
    facts = parse_facts({"year": 2025, "branch": {"name": "支部"},
                         "activities": [{"title": f"植树活动{i}", "detail": "植树" * 40} for i in range(200)]})
    sec = default_outline(facts, ctx).section("service")
    texts, warnings = section_facts(facts, sec)
    assert 0 < len(texts) < 200 and "移到其他小节" in warnings[0]


def test_tiny_window_is_a_clear_error(ctx, school_facts):
    with pytest.raises(TemplateError, match="上下文窗口"):
        _messages(school_facts, ctx, window=1200)


def test_samples_shrink_before_facts(ctx, school_facts):
    big, _ = _messages(school_facts, ctx, window=32768, sample_budget=6000)
    small, _ = _messages(school_facts, ctx, window=4096, sample_budget=6000)
    assert fitted_tokens(small.materials) < fitted_tokens(big.materials)
    assert not small.warnings, "the facts of a normal sheet are never cut"
    assert "学雷锋主题党日" in small.materials


def test_answers_reach_the_whole_sheet_and_their_sections_task(ctx, school_facts):
    facts = FactSheet.model_validate({**school_facts.model_dump(mode="json"),
                                      "answers": {"organisation": {"dues": "2400", "applicants": 3}}})
    doc, per_section = _messages(facts, ctx)
    assert "补充内容：本年有3名同志递交入党申请书；全年收缴党费2400元" in doc.materials
    _, task, _ = next(x for x in per_section if x[0].id == "organisation")
    assert "本年有3名同志递交入党申请书" in task and "全年收缴党费2400元" in task
