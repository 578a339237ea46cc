"""Library side of issue 21: provisional drafts, protected sections and undo, path limits, order fixes."""

from __future__ import annotations

import pytest

from drafter.documents.draft import SectionStatus, VersionSource
from drafter.documents.protect import (
    is_protected,
    protected_sections,
    redraft_ids,
    undo_redraft,
    version_marks,
)
from drafter.drafting import engine
from drafter.drafting.context import EngineContext
from drafter.drafting.pathlimits import length_note, length_settable, reachable, unreachable_instruction
from drafter.drafting.provisional import default_name, follow_facts, is_provisional, start_draft
from drafter.proofreading.findings import Finding
from drafter.settings import load_settings


@pytest.fixture
def ctx(tmp_path):
    return EngineContext.create(load_settings({"DRAFTER_DATA_DIR": str(tmp_path)}))


def test_a_provisional_draft_becomes_the_facts_draft_and_takes_its_name(ctx, school_facts):
    draft = start_draft(None, ctx.templates, ctx.path, kind="annual_summary", year=2025)
    assert is_provisional(draft) and draft.name == ""
    real = follow_facts(draft, school_facts, ctx.templates, ctx.path)
    assert not is_provisional(real) and real.id == draft.id and not real.outline_history
    assert real.name == default_name(school_facts) and real.title.startswith(school_facts.branch.display_name)
    assert real.signature.unit == school_facts.branch.display_name  # the 简称 when given
    renamed = school_facts.model_copy(update={"branch": school_facts.branch.model_copy(
        update={"short_name": "新简称党支部"})})
    assert follow_facts(real, renamed, ctx.templates, ctx.path).name == default_name(renamed)  # a name nobody chose follows
    real.name = "我的总结"
    assert follow_facts(real, school_facts, ctx.templates, ctx.path).name == "我的总结"  # a chosen one stays


def _written(ctx, facts):
    draft = engine.template_draft(facts, ctx)
    for s in draft.sections:
        s.record(s.text or "模板文字。", VersionSource.GENERATED)
    return draft


def test_hand_review_and_word_text_is_protected_and_undo_brings_back_each_text(ctx, school_facts):
    draft = _written(ctx, school_facts)
    a, b, c, d = draft.sections[:4]
    a.edit(a.text + "手工补的一句。")
    b.record(b.text + "审校改过。", VersionSource.PROOFREAD)
    c.record("从 Word 导入的文字。", VersionSource.WORD_IMPORT)
    d.restore(0)  # a restored template text is not a person's text
    assert [s.id for s in protected_sections(draft)] == [a.id, b.id, c.id]
    assert not is_protected(d)
    c.restore(len(c.versions) - 2)  # back to the generated text
    c.restore(len(c.versions) - 2)  # and again to the Word text: protected through the restore
    assert is_protected(c)
    ids = redraft_ids(draft)
    assert a.id not in ids and d.id in ids and len(redraft_ids(draft, include_protected=True)) == len(draft.sections)
    marks = version_marks(draft, ids)
    before = {sid: draft.section(sid).text for sid in ids}
    for sid in ids:
        draft.section(sid).record("重新生成的文字。", VersionSource.REGENERATED)
    assert undo_redraft(draft, marks) == len(ids)
    assert {sid: draft.section(sid).text for sid in ids} == before
    assert draft.section(ids[0]).versions[-2].text == "重新生成的文字。"  # kept in the history
    assert a.status == SectionStatus.EDITED and a.text.endswith("手工补的一句。")


def test_compose_path_limits():
    assert not length_settable("compose") and length_settable("free") and "补充" in length_note("compose")
    note = unreachable_instruction("compose", "更具体一些")
    assert note and "更具体一些" in note and "事实材料" in note
    assert unreachable_instruction("compose", "换个说法") is None
    assert unreachable_instruction("free", "更具体一些") is None
    length = Finding(section_id="s", start=0, end=1, text="x", severity="error", rule="length", message="m")
    other = length.model_copy(update={"rule": "placeholder"})
    assert reachable([length, other], "compose") == [other] and reachable([length, other], "free") == [length, other]


