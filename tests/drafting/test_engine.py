"""The drafting engine with the FakeChatModel: order, concurrency, failures, continuation, regeneration, history."""

from __future__ import annotations

import threading

import pytest

from drafter.documents.draft import SectionStatus, VersionSource, new_draft
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline, draft_document, regenerate_section, template_draft
from drafter.errors import ConfidentialError, ServerDownError
from drafter.text.clean import count_chars
from tests.fakes import FakeChatModel

PARA = "支部认真组织党员开展学习，推动各项工作落到实处，党员的政治意识和责任意识进一步增强。"
VARIED = "".join([
    "支部坚持集中学习与个人自学相结合，引导党员读原著、学原文、悟原理。",
    "围绕学校中心工作，党员教师主动承担急难险重任务，在教育教学一线当先锋、作表率。",
    "支委会定期研究党建工作，及时解决党员思想和工作中遇到的实际问题。",
    "通过谈心谈话，支部掌握党员思想动态，帮助大家解决后顾之忧。",
    "支部注重把学习成果转化为推动工作的实际成效，党员队伍的凝聚力和战斗力不断增强。",
    "在服务群众方面，党员积极参与社区治理，为群众办好事、办实事。",
    "支部还加强了党务公开，主动接受党员和群众监督，营造了风清气正的良好氛围。",
])


def by_section(messages: list[dict[str, str]]) -> str:
    """A reply that names the section it was asked for, long enough for any target."""
    task = messages[-1]["content"].split("【本节任务】")[-1]
    heading = task.split("\n")[1].split("“")[-1].split("”")[0] if "“" in task.split("\n")[1] else "开篇"
    return f"在{heading}方面，支部做了大量工作。" + VARIED


@pytest.fixture
def settings(settings):
    """A generic OpenAI-compatible provider (the local one is forced to one request at a time)."""
    return settings.with_overrides(provider="custom", base_url="http://127.0.0.1:9/v1")


@pytest.fixture
def ctx(settings):
    return EngineContext.create(settings, max_continuations=0)


@pytest.fixture
def draft(ctx, school_facts):
    return new_draft(school_facts, default_outline(school_facts, ctx))


def test_sections_in_template_order_and_done(ctx, draft):
    events = []
    draft_document(draft, FakeChatModel(default=by_section), ctx, on_event=events.append)
    assert [s.id for s in draft.sections] == ["opening", "theory", "organisation", "discipline", "service",
                                              "problems", "next"]
    assert all(s.status == SectionStatus.DONE for s in draft.sections)
    assert "强化理论武装" in draft.section("theory").text
    assert draft.section("opening").text.endswith("现将一年来的工作总结如下：")
    kinds = {(e.section_id, e.type) for e in events}
    assert all((s.id, "start") in kinds and (s.id, "done") in kinds for s in draft.sections)
    assert all(s.versions[-1].source == VersionSource.GENERATED for s in draft.sections)


def test_calls_overlap(ctx, draft):
    model = FakeChatModel(default=by_section, chunk=40)
    for _ in draft.sections:
        model.enqueue(by_section, delay=0.05)
    draft_document(draft, model, ctx)
    calls = sorted(model.calls, key=lambda c: c.started)
    overlapping = sum(1 for a, b in zip(calls, calls[1:], strict=False) if b.started < a.ended)
    assert overlapping >= 3, "sections must be drafted concurrently"


def test_one_failing_section_leaves_others_and_retries_alone(ctx, draft):
    model = FakeChatModel(default=by_section)
    model.enqueue("开篇部分文字", error=ServerDownError("模型服务连接中断"))
    # Concurrency 1 keeps the queue order deterministic.
    ctx = EngineContext.create(ctx.settings.with_overrides(concurrency=1), max_continuations=0)
    draft_document(draft, model, ctx)
    opening = draft.section("opening")
    assert opening.status == SectionStatus.FAILED and "连接中断" in opening.error
    assert opening.text.startswith("开篇部分文字"), "partial text is kept"
    assert all(s.status == SectionStatus.DONE for s in draft.sections[1:])
    before = {s.id: s.text for s in draft.sections[1:]}
    draft_document(draft, model, ctx, only=["opening"])
    assert opening.status == SectionStatus.DONE
    assert {s.id: s.text for s in draft.sections[1:]} == before


def test_cut_off_reply_is_kept_and_marked(ctx, draft):
    model = FakeChatModel(default=by_section)
    model.enqueue("被截断的文字，支部", finish_reason="length")
    draft_document(draft, model, ctx.__class__.create(ctx.settings.with_overrides(concurrency=1)),
                   only=["opening"])
    s = draft.section("opening")
    assert s.status == SectionStatus.CUT_OFF and s.text.startswith("被截断的文字") and "截断" in s.error


def test_cut_off_reply_keeps_whole_sentences_and_continues(settings, draft):
    ctx = EngineContext.create(settings.with_overrides(concurrency=1), max_continuations=1)
    model = FakeChatModel().enqueue(VARIED[:60] + "未写完的半句", finish_reason="length").enqueue(VARIED[60:])
    draft_document(draft, model, ctx, only=["theory"])
    s = draft.section("theory")
    assert s.status == SectionStatus.DONE and "未写完的半句" not in s.text and len(model.calls) == 2


def test_short_reply_is_continued(settings, draft):
    ctx = EngineContext.create(settings.with_overrides(concurrency=1), max_continuations=2)
    model = FakeChatModel().enqueue("支部认真学习。").enqueue(VARIED + PARA)
    draft_document(draft, model, ctx, only=["theory"])
    text = draft.section("theory").text
    assert text.startswith("支部认真学习。") and count_chars(text) > 300
    assert "继续写" in model.calls[1].messages[-1]["content"]
    assert model.calls[1].messages[-2]["content"].startswith("支部认真学习。")


def test_failed_continuation_keeps_the_first_pass(settings, draft):
    ctx = EngineContext.create(settings.with_overrides(concurrency=1), max_continuations=1)
    model = FakeChatModel().enqueue("支部认真学习。").enqueue("续写的半句", error=ServerDownError("连接中断"))
    draft_document(draft, model, ctx, only=["theory"])
    s = draft.section("theory")
    assert s.status == SectionStatus.DONE and s.text.startswith("支部认真学习。")
    assert "续写的半句" not in s.text and "连接中断" in s.error


def test_long_reply_is_left_for_review(settings, draft):
    from drafter.proofreading import review_draft

    ctx = EngineContext.create(settings, max_continuations=0)
    draft_document(draft, FakeChatModel(default=PARA * 40), ctx, only=["theory"])
    assert any(f.rule == "length" and f.section_id == "theory" for f in review_draft(draft))


def test_regenerate_sends_context_and_keeps_hand_edit(ctx, draft):
    draft_document(draft, FakeChatModel(default=by_section), ctx)
    draft.section("theory").edit("手工修改的理论学习段落。")
    model = FakeChatModel(default=PARA * 10)
    regenerate_section(draft, "theory", model, ctx, instruction="更简洁")
    task = model.calls[0].messages[-1]["content"]
    assert "手工修改的理论学习段落。" in task and "更简洁" in task
    assert "夯实组织基础" in task, "the other sections are sent as context"
    sec = draft.section("theory")
    assert [v.source for v in sec.versions][-2:] == [VersionSource.EDITED, VersionSource.REGENERATED]
    assert sec.versions[-1].instruction == "更简洁"
    sec.restore(len(sec.versions) - 2)
    assert sec.text == "手工修改的理论学习段落。" and sec.status == SectionStatus.EDITED
    assert sec.versions[-1].source == VersionSource.RESTORED


def test_stop_keeps_partial_text(ctx, draft):
    stop = threading.Event()
    model = FakeChatModel(chunk=5).enqueue(PARA * 10, delay=0.01)

    def on_event(e):
        if e.type == "progress":  # the free path reports accepted characters, never the raw reply
            stop.set()

    draft_document(draft, model, ctx.__class__.create(ctx.settings.with_overrides(concurrency=1)),
                   on_event=on_event, stop=stop, only=["theory"])
    s = draft.section("theory")
    assert s.status == SectionStatus.CUT_OFF and "停止" in s.error and 0 < len(s.text) < len(PARA * 10)


def test_invented_numbers_dropped_and_missing_fact_backfilled(ctx, draft):
    bad = "支部全年开展主题党日活动37次，党员参与率达到99%。" + PARA
    draft_document(draft, FakeChatModel().enqueue(bad), ctx, only=["theory"])
    text = draft.section("theory").text
    assert "37" not in text and "99%" not in text and PARA in text
    assert "2025年4月16日" in text and "周敏" in text, "the dropped fact comes back from the template"


def test_local_provider_runs_one_request_at_a_time(settings):
    local = EngineContext.create(settings.with_overrides(provider="local"))
    assert local.settings.concurrency == 1 and local.section_prompt == "section_local.j2"


def test_chatbot_markdown_and_echoed_heading_are_tidied(ctx, draft):
    reply = "好的，以下是本节内容：\n## 强化理论武装，筑牢思想根基\n**支部**坚持学习。\n- 一是学习" + PARA * 8
    draft_document(draft, FakeChatModel(default=reply), ctx, only=["theory"])
    text = draft.section("theory").text
    assert not text.startswith(("好的", "强化")) and "**" not in text and "\n-" not in text


def test_guard_blocks_cloud_provider_before_any_call(settings, school_facts):
    facts = school_facts.model_copy(update={"notes": "秘密★1年 本材料内部使用"})
    ctx = EngineContext.create(settings, local=False)
    model = FakeChatModel()
    draft = new_draft(facts, default_outline(facts, ctx))
    with pytest.raises(ConfidentialError):
        draft_document(draft, model, ctx)
    assert model.calls == []
    draft_document(draft, model, EngineContext.create(settings, local=True))
    assert model.calls


def test_template_draft_is_complete(ctx, example_facts):
    """Every section with material is written; a summary's themed section without any stays empty."""
    d = template_draft(example_facts, ctx)
    for s in d.sections:
        sec = d.outline.section(s.id)
        bare = example_facts.kind != "annual_plan" and sec.role == "body" and not sec.fact_refs \
            and not example_facts.ledger
        assert bool(s.text) != bare, s.id
        assert bare or s.versions[0].source == VersionSource.TEMPLATE
    assert d.signature.unit == example_facts.branch.display_name


def test_suggested_headings_and_title_are_checked(ctx, draft):
    from drafter.drafting.titles import suggest_headings

    heads = "学思践悟强根基\n凝心聚力强堡垒\n正风肃纪强作风\n担当作为促发展\n"
    model = FakeChatModel().enqueue(heads).enqueue("《青湖实验小学党支部2025年度党建工作总结》")
    outline = suggest_headings(draft, model, ctx)
    assert [s.heading for s in outline.sections[1:5]] == heads.split()
    assert outline.title == "青湖实验小学党支部2025年度党建工作总结"
    assert "青湖实验小学党支部2025年度工作总结" in model.calls[1].messages[-1]["content"]
    invented = FakeChatModel().enqueue(heads).enqueue("某小学党支部工作总结")
    assert suggest_headings(draft, invented, ctx).title == draft.outline.title


def test_a_section_without_material_is_not_padded_on_either_path(settings):
    """The village sheet has nothing for 严明纪律规矩: neither path writes general sentences there, and the section
    says what would fill it."""
    from drafter.drafting.context import EngineContext
    from drafter.facts.load import load_facts_file

    facts = load_facts_file("examples/village_summary_2025.yaml")
    for path in ("compose", "free"):
        ctx = EngineContext.create(settings, path=path, max_continuations=0)
        draft = new_draft(facts, default_outline(facts, ctx))
        model = FakeChatModel(default="支部始终坚持从严治党，纪律意识不断增强。")
        draft_document(draft, model, ctx)
        discipline = draft.section("discipline")
        assert discipline.text == "" and "未起草" in discipline.error and "可在材料中补充" in discipline.error
        assert all(s.text for s in draft.sections if s.id != "discipline")


def test_the_page_is_told_which_sections_no_run_writes(settings):
    from drafter.drafting.engine import without_material
    from drafter.facts.load import load_facts_file

    facts = load_facts_file("examples/village_summary_2025.yaml")
    ctx = EngineContext.create(settings)
    draft = template_draft(facts, ctx)
    assert without_material(draft, ctx.templates) == {"discipline"}


def _village_with_answers(**answers):
    from drafter.facts.load import load_facts_file

    facts = load_facts_file("examples/village_summary_2025.yaml")
    return type(facts).model_validate({**facts.model_dump(mode="json"), "answers": answers})


def test_a_section_with_only_answers_is_drafted_on_either_path(settings):
    """The village sheet has nothing for 严明纪律规矩 but the secretary's answers: the section is written, with them."""
    from drafter.drafting.engine import without_material

    facts = _village_with_answers(discipline={"heart_talks": "40", "integrity_pledge": 32})
    for path in ("compose", "free"):
        ctx = EngineContext.create(settings, path=path, max_continuations=0)
        draft = new_draft(facts, default_outline(facts, ctx))
        assert draft.outline.section("discipline").fact_refs == ["answers.discipline.integrity_pledge",
                                                                 "answers.discipline.heart_talks"]
        assert without_material(draft, ctx.templates) == set()
        draft_document(draft, FakeChatModel(default="支部始终坚持从严治党，纪律意识不断增强。"), ctx)
        discipline = draft.section("discipline")
        assert "开展谈心谈话40人次" in discipline.text and "签订廉洁承诺书32份" in discipline.text, path
        assert discipline.error is None
    text = template_draft(facts, EngineContext.create(settings)).section("discipline").text
    assert "开展谈心谈话40人次" in text and "签订廉洁承诺书32份" in text


def test_an_answer_moved_elsewhere_still_counts_as_given(settings):
    """The section left without material does not ask for the item the secretary answered (and moved away)."""
    facts = _village_with_answers(discipline={"heart_talks": 40})
    ctx = EngineContext.create(settings, path="compose")
    draft = new_draft(facts, default_outline(facts, ctx))
    draft.outline.section("discipline").fact_refs.clear()
    draft.outline.section("service").fact_refs.append("answers.discipline.heart_talks")
    draft_document(draft, FakeChatModel(default="支部始终坚持从严治党，纪律意识不断增强。"), ctx)
    discipline = draft.section("discipline")
    assert discipline.text == "" and "未起草" in discipline.error
    assert "谈心谈话" not in discipline.error and "警示教育" in discipline.error
    assert "开展谈心谈话40人次" in draft.section("service").text
