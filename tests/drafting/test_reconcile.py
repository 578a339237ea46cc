"""Outline/facts reconciliation: edited facts reach the outline; the user's outline edits and text survive."""

from __future__ import annotations

import pytest

from drafter.documents.draft import VersionSource, new_draft
from drafter.drafting import engine
from drafter.drafting.context import EngineContext
from drafter.drafting.reconcile import apply_facts, sync_refs
from drafter.settings import load_settings


@pytest.fixture
def ctx(tmp_path):
    return EngineContext.create(load_settings({"DRAFTER_DATA_DIR": str(tmp_path)}))


@pytest.fixture
def free_ctx(tmp_path):
    return EngineContext.create(load_settings({"DRAFTER_DATA_DIR": str(tmp_path),
                                                      "DRAFTER_DRAFT_PATH": "free"}))


def _placed(outline):
    return sorted(r for s in outline.sections for r in s.fact_refs)


def test_sync_refs_drops_removed_facts_and_routes_new_ones(ctx, school_facts):
    outline = ctx.templates.default_outline(school_facts)
    fewer = school_facts.model_copy(update={"achievements": school_facts.achievements[:-1]})
    gone = f"achievements[{len(school_facts.achievements) - 1}]"
    synced = sync_refs(ctx.templates, outline, fewer)
    assert gone not in _placed(synced) and _placed(synced) == sorted(it.ref for it in fewer.items())
    more = school_facts.model_copy(update={"highlights": [*school_facts.highlights, "新增的特色亮点"]})
    added = f"highlights[{len(school_facts.highlights)}]"
    synced = sync_refs(ctx.templates, outline, more)
    assert _placed(synced) == sorted(it.ref for it in more.items())
    assert added in _placed(synced) and added not in _placed(outline)  # the input outline is not changed


def test_apply_facts_keeps_outline_edits_and_text(ctx, school_facts):
    draft = new_draft(school_facts, engine.default_outline(school_facts, ctx))
    body = next(s for s in draft.outline.sections if s.role == "body")
    draft.apply_outline(draft.outline.renamed(body.id, "我们改过的标题"))
    draft.section(body.id).record("已经写好的一节。", VersionSource.EDITED)
    more = school_facts.model_copy(update={"achievements": [*school_facts.achievements, "新增的一项荣誉"]})
    out = apply_facts(draft, more, ctx.templates, ctx.path)
    assert out.id == draft.id and out.facts == more
    assert out.outline.section(body.id).heading == "我们改过的标题"
    assert out.section(body.id).text == "已经写好的一节。"
    assert _placed(out.outline) == sorted(it.ref for it in more.items())  # every fact in exactly one section


def test_apply_facts_follows_the_drafting_paths_outline_when_untouched(ctx, free_ctx, school_facts):
    draft = new_draft(school_facts, free_ctx.templates.default_outline(school_facts))
    fresh = apply_facts(draft, school_facts.model_copy(update={"year": 2025}), ctx.templates, ctx.path)
    assert fresh.id == draft.id
    # The embedded model composes: its targets are what the facts support, not the template's.
    assert [s.target_chars for s in fresh.outline.sections] == \
        [s.target_chars for s in engine.default_outline(school_facts, ctx).sections]
    free = apply_facts(draft, school_facts, free_ctx.templates, free_ctx.path)
    assert [s.target_chars for s in free.outline.sections] == \
        [s.target_chars for s in free_ctx.templates.default_outline(school_facts).sections]


def test_apply_facts_with_another_kind_starts_afresh_and_keeps_the_old_outline(ctx, school_facts):
    draft = new_draft(school_facts, engine.default_outline(school_facts, ctx))
    plan = school_facts.model_copy(update={"kind": "annual_plan", "year": 2026})
    out = apply_facts(draft, plan, ctx.templates, ctx.path)
    assert out.kind == "annual_plan" and out.id == draft.id
    assert out.outline_history[-1] == draft.outline
    assert out.title == ctx.templates.title(plan)


def test_apply_facts_follows_a_template_title_and_the_signature(ctx, school_facts):
    draft = new_draft(school_facts, engine.default_outline(school_facts, ctx))
    draft.section(draft.sections[0].id).record("开头。", VersionSource.EDITED)
    branch = school_facts.branch.model_copy(update={"name": "中共新名称支部委员会", "short_name": "新名称党支部"})
    out = apply_facts(draft, school_facts.model_copy(update={"branch": branch}), ctx.templates, ctx.path)
    assert out.title.startswith("新名称党支部") and out.signature.unit == "新名称党支部"


def test_a_new_answer_goes_to_its_own_section(ctx, school_facts):
    outline = ctx.templates.default_outline(school_facts)
    answered = type(school_facts).model_validate({**school_facts.model_dump(mode="json"),
                                                  "answers": {"discipline": {"heart_talks": 12}}})
    synced = sync_refs(ctx.templates, outline, answered)
    assert "answers.discipline.heart_talks" in synced.section("discipline").fact_refs
    assert _placed(synced) == sorted(it.ref for it in answered.items())
