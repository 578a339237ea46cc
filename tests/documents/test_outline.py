"""Outline edits reach the draft in order; facts are never lost; targets rescale."""

from __future__ import annotations

import pytest

from drafter.documents.draft import new_draft
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline, draft_document
from drafter.errors import InputError
from tests.fakes import FakeChatModel


@pytest.fixture
def ctx(settings):
    generic = settings.with_overrides(provider="custom", base_url="http://127.0.0.1:9/v1")
    return EngineContext.create(generic, max_continuations=0)


def test_edits_reach_prompts_and_draft_in_order(ctx, school_facts):
    o = default_outline(school_facts, ctx)
    o = o.renamed("theory", "学思践悟强根基")
    o = o.moved("discipline", 1)
    o = o.removed("organisation")
    o = o.added("党建品牌建设", purpose="写红领巾小讲堂品牌", target_chars=300, index=3)
    new_id = o.sections[3].id
    o = o.fact_moved("highlights[0]", new_id)
    o = o.rescaled(3000)
    draft = new_draft(school_facts, o)
    model = FakeChatModel(default="支部认真开展各项工作，取得了较好成效。" * 20)
    draft_document(draft, model, ctx)

    ids = [s.id for s in draft.sections]
    assert ids == ["opening", "discipline", "theory", new_id, "service", "problems", "next"]
    assert draft.section("theory").heading == "二、学思践悟强根基"
    assert draft.section(new_id).heading == "三、党建品牌建设"
    # every fact of the removed section moved to a neighbour, none lost
    refs = [r for s in o.sections for r in s.fact_refs]
    assert "members.developed" in refs and sorted(refs) == sorted(it.ref for it in school_facts.items())
    tasks = {c.messages[1]["content"].split("【本节任务】")[-1] for c in model.calls}
    new_task = next(t for t in tasks if "党建品牌建设" in t)
    assert "红领巾小讲堂" in new_task and "写红领巾小讲堂品牌" in new_task
    service_task = next(t for t in tasks if "聚焦中心工作" in t)
    assert "红领巾小讲堂" not in service_task
    assert abs(o.total_chars - 3000) <= 60


def test_apply_outline_keeps_texts_and_history(ctx, school_facts):
    o = default_outline(school_facts, ctx)
    draft = new_draft(school_facts, o)
    draft.section("theory").edit("手写的理论学习部分。")
    draft.apply_outline(o.renamed("theory", "新标题").moved("theory", 2))
    assert draft.section("theory").text == "手写的理论学习部分。"
    assert draft.section("theory").heading == "二、新标题"
    assert draft.outline_history[-1] == o


@pytest.mark.parametrize("call", [
    lambda o: o.renamed("theory", " "),
    lambda o: o.section("nope"),
    lambda o: o.added(""),
    lambda o: o.rescaled(100),
])
def test_bad_edits_raise_input_errors(ctx, school_facts, call):
    with pytest.raises(InputError):
        call(default_outline(school_facts, ctx))
