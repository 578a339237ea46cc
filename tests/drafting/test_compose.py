"""The compose path: template backbone, checked sentences of effect, provenance, append-only streaming."""

from __future__ import annotations

import re

import pytest

from drafter.documents.draft import SectionStatus, VersionSource, new_draft
from drafter.drafting.compose import EffectContext, check_effect
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline, draft_document, regenerate_section, template_draft
from drafter.drafting.samples import SampleLibrary
from drafter.errors import ServerDownError
from drafter.facts.load import load_facts_file
from tests.fakes import FakeChatModel

GOOD = "通过这次活动，党员的宗旨意识和服务本领进一步增强。"
VARIED = ["通过这次活动，党员的宗旨意识和服务本领进一步增强。", "党员在实践中经受锻炼，先锋形象更加鲜明。",
          "这项工作凝聚了人心，干群关系更加密切。", "进一步擦亮了支部的党建品牌，群众认可度持续提升。",
          "支部的号召力在为民服务中不断增强。", "党员带头作用充分显现，群众获得感明显提升。"]


def varied():
    """A default reply that differs from call to call, as a real model's does."""
    replies = iter(VARIED * 10)
    return lambda messages: next(replies)


@pytest.fixture
def ctx(settings):
    return EngineContext.create(settings.with_overrides(provider="local"))


@pytest.fixture
def village(settings):
    return load_facts_file(settings.examples_dir / "village_summary_2025.yaml")


@pytest.fixture
def plan(settings):
    return load_facts_file(settings.examples_dir / "hospital_plan_2026.yaml")


def effect_ctx(facts, ctx) -> EffectContext:
    return EffectContext.create(facts, ctx.templates.sentences.org_words)


def test_local_provider_composes_and_cloud_writes_free(settings):
    assert EngineContext.create(settings.with_overrides(provider="local")).path == "compose"
    assert EngineContext.create(settings.with_overrides(provider="deepseek")).path == "free"
    forced = EngineContext.create(settings.with_overrides(provider="deepseek", draft_path="compose"))
    assert forced.path == "compose"


def test_engine_context_rejects_unknown_fields(settings):
    with pytest.raises(TypeError, match="repair"):
        EngineContext.create(settings, repair=False)


@pytest.mark.parametrize("reply, why", [
    ("通过这次活动，转移安置群众47人，党员作用进一步发挥。", "数字"),
    ("通过每月开展一次学习，党员的理论水平进一步提高。", "频次"),
    ("此举推动了支部建设基础更加坚实。", "搭配"),
    ("此举推动了党员队伍的不断壮大，为支部建设提供了坚实的基础。", "夸大"),
    ("广大党员在志愿服务中提升了他们的工作能力和服务水平。", "人称代词"),
    ("此举为支部的年度工作总结积累了生动素材和鲜活经验。", "文稿本身"),
    ("通过邀请专家授课，党员的理论素养进一步提升。", "活动或人物"),
    ("通过这次活动，为公司注入了新鲜血液，员工干劲更足。", "其他类型单位"),
    ("通过这次活动，支部将进一步加强党员队伍建设。", "打算"),
    ("好的", "长度"),
    ("通过组织生活会，张丽同志的党性修养进一步增强，作用更加明显。", "人名"),
    ("这项工作意义或成效是：提升青年工程师的技能水平，提供人才支持。", "提示词"),
    ("通过这次活动，党员们的commitment进一步增强了不少。", "外文"),
    # marked in the twentieth reading: "广大" after an activity of 15 of 34 members, stock phrases
    ("广大党员积极参与志愿服务活动，村容村貌明显改善。", "读者划过红线"),
    ("党员的党课内容丰富，为群众提供了宝贵的学习资源。", "读者划过红线"),
    ("党员积极参与，增强了村民的凝聚力。", "读者划过红线"),
    # run 27: a reaction nobody recorded, a claim on the firm's business
    ("参加的党员纷纷表示受益匪浅，学习热情高涨。", "读者划过红线"),
    ("党员的党性修养得到了提升，为各项工作提供了坚实的思想保证。", "读者划过红线"),
])
def test_effect_check_rejects(reply, why, village, ctx):
    _, reason = check_effect(reply, "2025年7月8日，支部组建防汛抗灾党员突击队，转移安置群众47人。",
                             effect_ctx(village, ctx), "")
    assert reason is not None and why in reason


def test_effect_check_rejects_a_copied_phrase_list(village, ctx):
    ectx = effect_ctx(village, ctx)
    ectx.examples = ("作风进一步转变", "工作能力进一步提升", "支部建设更加规范")
    _, why = check_effect("作风进一步转变；工作能力进一步提升；支部建设更加规范。", "支部开展警示教育。", ectx, "")
    assert why and "罗列" in why
    _, why = check_effect("此举进一步转变作风，提升工作能力，规范支部建设。", "支部开展警示教育。", ectx, "")
    assert why and "罗列" in why
    _, why = check_effect("通过这项工作，支部建设更加规范。", "支部开展警示教育。", ectx, "")
    assert why and "照抄" in why
    _, ok = check_effect("通过警示教育，党员们筑牢了拒腐防变的思想防线。", "支部开展警示教育。", ectx, "")
    assert ok is None
    # "支部建设更加规范" after one activity does not follow (the run-10 reading): refused even as an offered phrase
    _, why = check_effect("通过警示教育，党员们筑牢了拒腐防变的思想防线，支部建设更加规范。", "支部开展警示教育。", ectx, "")
    assert why and "拔高" in why


def test_effect_check_rejects_a_sentence_that_starts_like_one_before(village, ctx):
    written = "支部开展人居环境整治。广大党员积极参与人居环境整治，村容村貌明显改善。支部组建防汛突击队。"
    text, why = check_effect("广大党员积极参与防汛抗灾，群众安全感不断增强。", "支部组建防汛突击队", effect_ctx(village, ctx),
                             written)
    assert why and "句式" in why
    section = "支部开展警示教育。此举增强了党员的廉洁意识。支部开展主题党日。"
    _, why = check_effect("此举密切了党群干群关系，群众认可度不断提升。", "支部开展主题党日", effect_ctx(village, ctx),
                          section, section)
    assert why and "句式" in why
    _, ok = check_effect("此举密切了党群干群关系，群众认可度不断提升。", "支部开展主题党日", effect_ctx(village, ctx),
                         section, "支部开展主题党日。")
    assert ok is None


def test_effect_check_rejects_a_phrase_the_document_already_has(village, ctx):
    written = "支部开展读书班。党员的作风进一步转变，支部建设基础更加坚实。支部讲授专题党课。"
    _, why = check_effect("党员的党性修养得到提升，支部建设基础更加坚实。", "支部讲授专题党课", effect_ctx(village, ctx),
                          written)
    assert why and "用语重复" in why


def test_effect_check_rejects_the_claim_of_the_sections_closing(village, ctx):
    """Reading 23: "党员的党性修养得到进一步提升。" one measure before the closing "党员的理论素养……进一步提升"."""
    closing = "党员的理论素养和政治站位进一步提升，思想根基更加牢固。"
    _, why = check_effect("党员的党性修养和工作能力得到进一步提升。", "支部开展读书班", effect_ctx(village, ctx),
                          "支部开展读书班。" + closing)
    assert why and "成效说法相同" in why
    _, ok = check_effect("党员的党性修养和工作能力得到进一步提升。", "支部开展读书班", effect_ctx(village, ctx),
                         "支部开展读书班。支部的政治功能进一步增强。")
    assert ok is None


def test_effect_check_accepts_a_plain_effect(village, ctx):
    text, reason = check_effect(GOOD + "\n多余的第二行", "2025年7月8日，支部组建防汛抗灾党员突击队。",
                                effect_ctx(village, ctx), "")
    assert reason is None and text == GOOD


def test_effect_check_in_a_plan_rejects_results(plan, ctx):
    _, reason = check_effect("确保党员队伍建设取得了显著成效，作用充分发挥。", "开展党员教育培训。", effect_ctx(plan, ctx), "")
    assert reason and "已完成" in reason
    _, ok = check_effect("确保党员队伍的政治素质和业务能力同步提升。", "开展党员教育培训。", effect_ctx(plan, ctx), "")
    assert ok is None


def test_compose_keeps_facts_in_template_sentences_and_labels_provenance(village, ctx):
    draft = new_draft(village, default_outline(village, ctx))
    model = FakeChatModel(default=varied())
    events = []
    draft_document(draft, model, ctx, on_event=events.append)
    service = draft.section("service")
    assert "转移安置群众47人" in draft.section("service").text + draft.section("theory").text
    version = service.versions[-1]
    assert version.path == "compose" and version.source == VersionSource.GENERATED
    sources = {s.source for s in version.spans}
    assert {"template", "model"} <= sources
    assert sum(s.text in VARIED for s in version.spans) >= 1
    assert "模型写了" in version.label
    # the opening summarises: no activity, no sentence of effect
    opening = draft.section("opening")
    assert all(s.source == "template" for s in opening.versions[-1].spans)
    assert "7月8日" not in opening.text
    # streaming is append-only: what was shown is exactly the final text
    for sec in draft.sections:
        shown = "".join(e.text for e in events if e.section_id == sec.id and e.type == "delta")
        assert shown == sec.text
    # the same effect sentence is never told twice in the document
    text = "".join(s.text for s in draft.sections)
    assert all(text.count(v) <= 1 for v in VARIED)


def test_compose_rejected_replies_are_recorded_and_text_stays_template(village, ctx):
    draft = new_draft(village, default_outline(village, ctx))
    draft_document(draft, FakeChatModel(default="每周召开一次组织生活会，选举产生新的支部书记。"), ctx)
    service = draft.section("service").versions[-1]
    assert service.model_chars == 0 and service.dropped
    assert any("频次" in d.reason or "活动" in d.reason for d in service.dropped)
    assert "每周" not in "".join(s.text for s in draft.sections)
    assert service.label.startswith("模板文字")


def test_compose_plan_has_no_past_results(plan, ctx):
    draft = new_draft(plan, default_outline(plan, ctx))
    draft_document(draft, FakeChatModel(default="确保党员的服务意识和业务能力同步提升。"), ctx)
    text = "".join(s.text for s in draft.sections)
    assert "取得了" not in text
    assert "确保党员的服务意识" in text


def test_compose_rewrite_is_a_new_version_and_passes_the_instruction(village, ctx):
    draft = new_draft(village, default_outline(village, ctx))
    model = FakeChatModel(default=varied())
    draft_document(draft, model, ctx)
    model = FakeChatModel(default="党建与业务同频共振，党员在中心工作中当先锋、作表率。")
    regenerate_section(draft, "service", model, ctx, instruction="突出党建引领业务")
    assert model.calls and "突出党建引领业务" in model.calls[-1].messages[-1]["content"]
    assert "党建与业务同频共振" in draft.section("service").text
    assert draft.section("service").versions[-1].source == VersionSource.REGENERATED


def test_compose_model_down_keeps_earlier_text(village, ctx):
    draft = new_draft(village, default_outline(village, ctx))
    draft_document(draft, FakeChatModel(default=GOOD), ctx)
    before = draft.section("service").text
    down = FakeChatModel()
    for _ in range(20):
        down.enqueue("", error=ServerDownError("模型服务没有响应"))
    regenerate_section(draft, "service", down, ctx)
    assert draft.section("service").text == before
    assert draft.section("service").status == SectionStatus.FAILED


def test_a_model_that_drops_out_mid_section_leaves_what_was_composed(village, ctx):
    """The model fails on a sentence of effect: the section's template and ledger text so far is kept (a section
    not written to its end, which the secretary retries), not an empty section."""
    draft = new_draft(village, default_outline(village, ctx))
    down = FakeChatModel()
    for _ in range(200):
        down.enqueue("", error=ServerDownError("模型服务没有响应"))
    draft_document(draft, down, ctx)
    cut = [s for s in draft.sections if s.status == SectionStatus.CUT_OFF]
    assert cut, "the model never answered: sections that asked it are not written to their end"
    for section in cut:
        assert "没有响应" in section.error  # said next to the section, with 重试
        assert section.text, f"{section.id} lost what was composed before the model failed"
    assert not [s for s in draft.sections if s.status == SectionStatus.FAILED and not s.text]


def test_fewshot_phrases_reach_the_prompt_and_can_be_switched_off(village, settings):
    local = settings.with_overrides(provider="local")
    library = SampleLibrary.from_settings(local)
    for fewshot, expect in ((True, True), (False, False)):
        ctx = EngineContext.create(local, samples=library, fewshot=fewshot)
        draft = new_draft(village, default_outline(village, ctx))
        model = FakeChatModel(default=GOOD)
        draft_document(draft, model, ctx, only=["service"])
        prompts = [c.messages[-1]["content"] for c in model.calls]
        assert prompts and all(("可以化用这样的说法" in p) is expect for p in prompts)


def test_template_sentence_gets_its_verb(ctx, village):
    s = ctx.templates.sentences
    assert s.verb_for("专题组织生活会") == "召开"
    assert s.verb_for("组织生活会") == "召开"
    assert s.verb_for("专题研讨") == "开展"
    assert s.verb_for("学习贯彻二十届四中全会精神") == ""
    assert s.verb_for("召开年度组织生活会") == ""
    assert s.verb_for("学习交流会") == "召开"
    # a title that names the speaker is a clause of its own: no 支部, no second predicate
    assert s.verb_for("聂文华讲授专题党课") == "" and s.is_clause("聂文华讲授专题党课")
    assert not s.is_clause("讲授专题党课") and not s.is_clause("专题党课")
    facts = village.model_copy(deep=True)
    facts.activities[0].title = "聂文华讲授专题党课"
    text = "".join(ctx.templates.fact_sentences(facts, [it for it in facts.items() if it.field == "activities"][:1]))
    assert "聂文华讲授专题党课" in text and "支部举办聂文华" not in text and "支部聂文华" not in text
    # a detail that retells the title after a verb is merged, so the activity is named once
    assert s.merge_detail("党纪学习教育专题研讨", "围绕村级小微权力运行开展研讨") == (
        "支部", "围绕村级小微权力运行开展党纪学习教育专题研讨", "")
    assert s.merge_detail("学习教育专题党课", "支部书记周敏讲授专题党课，全体党员参加") == (
        "", "支部书记周敏讲授学习教育专题党课", "全体党员参加")
    assert s.merge_detail("开展警示教育", "参观区廉政教育基地") is None
    assert s.merge_detail("廉洁从教警示教育", "组织观看警示教育片并开展讨论") is None


def test_explain_names_each_sentence_source_and_the_dropped_replies(village, ctx):
    from drafter.documents.explain import explain

    draft = new_draft(village, default_outline(village, ctx))
    replies = iter(["每周召开一次组织生活会，选举产生新的支部书记。"] + VARIED * 10)
    draft_document(draft, FakeChatModel(default=lambda messages: next(replies)), ctx)
    report = explain(draft)
    assert "  [模型] " in report and "  [模板] " in report
    assert "[删去：" in report and "每周召开一次组织生活会" in report
    for sec in draft.sections:
        assert f"【{sec.heading or '开篇'}】" in report


def test_openers_run_on_across_sections(village, ctx):
    draft = new_draft(village, default_outline(village, ctx))
    opener = re.compile(r"以“(.+?)”开头")
    heads: list[str] = []  # the opener each section's first sentence of effect was asked to start with

    def reply(messages):
        heads.append(opener.search(messages[-1]["content"]).group(1))
        return VARIED[len(heads) % len(VARIED)]

    draft_document(draft, FakeChatModel(default=reply), ctx)
    firsts = {}
    for sec in draft.sections:  # each section's first model sentence: with the counter running on they differ
        for sp in (sec.versions[-1].spans if sec.versions else []):
            if sp.source == "model":
                firsts[sec.id] = sp.text
                break
    assert len(heads) >= 3 and len(set(heads[:3])) == 3
    assert len(set(firsts.values())) == len(firsts)


def _with_answers(facts, **answers):
    return type(facts).model_validate({**facts.model_dump(mode="json"), "answers": answers})


def test_a_text_answer_is_the_secretarys_words_polished_under_checks(village, ctx):
    facts = _with_answers(village, organisation={"org_life": "3月召开组织生活会，查摆问题5个", "dues": 1200})

    def replies(rewrite):
        return lambda messages: rewrite if "原话：" in messages[-1]["content"] else GOOD

    kept = new_draft(facts, default_outline(facts, ctx))
    draft_document(kept, FakeChatModel(default=replies("3月，支部召开组织生活会，查摆出问题5个。")), ctx)
    spans = {s.ref: s for s in kept.section("organisation").versions[-1].spans if s.ref}
    assert spans["answers.organisation.org_life"].text == "3月，支部召开组织生活会，查摆出问题5个。"
    assert spans["answers.organisation.org_life"].source == "model"
    assert spans["answers.organisation.dues"].text == "全年收缴党费1200元。"  # a figure is never rewritten
    # a rewrite that changes a figure is not used: the words stay as typed
    typed = new_draft(facts, default_outline(facts, ctx))
    draft_document(typed, FakeChatModel(default=replies("支部召开组织生活会，查摆问题6个。")), ctx)
    version = typed.section("organisation").versions[-1]
    spans = {s.ref: s for s in version.spans if s.ref}
    assert spans["answers.organisation.org_life"].text == "3月召开组织生活会，查摆问题5个。"
    assert spans["answers.organisation.org_life"].source == "note"
    assert any("书记的话改写未用" in d.reason for d in version.dropped)


def test_the_cause_typed_for_the_shortcomings_follows_their_list(village, ctx):
    facts = _with_answers(village, problems={"causes": "主要是对理论学习重视不够"})
    draft = template_draft(facts, ctx)
    text = draft.section("problems").text
    assert text.index("二是") < text.index("主要是对理论学习重视不够") < text.index("这些问题")


def test_a_result_does_not_say_again_what_the_document_said():
    from drafter.drafting.compose import _unsaid

    said = "全年发展党员6名，刘子航等同志被接收为预备党员。"
    assert _unsaid("全年发展党员6名，7名预备党员按期转正。", said) == "7名预备党员按期转正。"
    assert _unsaid("全年发展党员6名。", said) == ""
    assert _unsaid("支部被评为先进基层党组织。", said) == "支部被评为先进基层党组织。"
    # a clause of a later sentence of the notes, said before but for its month (held-out E2, run 25)
    notes = "程诺同志5月从外所转入组织关系；方晓同志6月被接收为预备党员。青年律师韦佳11月递交入党申请书。"
    assert _unsaid(notes, "全年发展党员1名，方晓同志被接收为预备党员。") == \
        "程诺同志5月从外所转入组织关系。青年律师韦佳11月递交入党申请书。"


def test_a_ledger_draft_takes_one_sentence_of_effect_per_run_of_cases(settings, ctx):
    """Only the last case of a run (a measure, or a section's cases) takes a sentence of effect."""
    from drafter.cli.draft import with_ledgers
    from drafter.facts.ledger.classify import classify_all
    from tests.facts.ledger._records import rec

    facts = with_ledgers(load_facts_file(settings.examples_dir / "village_ledger_summary_2025.yaml"),
                         [settings.examples_dir / "ledgers" / "村党支部2025年活动记录.csv"])
    # a measure of study days without notes: two cases, then the rest of the measure ("此外，还开展了……")
    study = classify_all([rec(month=m, day=12, kind="主题党日", topic=t, content=c, present=15) for m, t, c in [
        (4, "学习《乡村振兴促进法》", "党员逐章学习并交流"), (7, "学习新修订的村规民约", "党员分组讨论村规民约"),
        (11, "学习党的二十届四中全会公报", "党员集中学习公报")]])
    facts = facts.model_copy(update={"ledger": [*facts.ledger, *study]})
    draft = new_draft(facts, default_outline(facts, ctx))
    draft_document(draft, FakeChatModel(default=varied()), ctx)
    assert all(s.status == SectionStatus.DONE for s in draft.sections)
    for section in draft.sections:
        spans = section.versions[-1].spans
        for a, b in zip(spans, spans[1:], strict=False):
            assert not (a.role == "effect" and b.role == "fact" and b.source == "ledger"), (section.id, a.text)
        cases = [s for s in spans if s.role == "fact" and s.source == "ledger"]
        effects = [s for s in spans if s.role == "effect"]
        assert len(effects) <= max(1, len(cases)), section.id
        # a paragraph's sentence of effect closes it: the rest of a measure ("此外，支部还……") comes before it
        text = section.versions[-1].text
        for effect in effects:
            after = text.split(effect.text, 1)[1]
            assert not after.startswith("此外"), (section.id, effect.text)


def test_who_was_admitted_opens_the_recruitment_measure_and_is_told_once(settings, ctx):
    """The sheet's 发展党员 sentence follows the measure's lead, before the ledger's cases, and not again after."""
    from drafter.cli.draft import with_ledgers
    from drafter.facts.ledger.classify import classify_all
    from tests.facts.ledger._records import rec

    facts = with_ledgers(load_facts_file(settings.examples_dir / "enterprise_ledger_summary_2025.yaml"),
                         [settings.examples_dir / "ledgers" / "企业党支部2025年三会一课台账.xlsx"])
    training = classify_all([rec(month=11, day=19, kind="发展党员", topic="发展对象培训",
                                 content="发展对象参加公司党委举办的培训班，考试合格", present=1)])
    facts = facts.model_copy(update={"ledger": [*facts.ledger, *training]})
    draft = template_draft(facts, ctx)
    text = next(s.text for s in draft.sections if s.id == "organisation")
    admitted = f"全年发展党员{len(facts.members.developed)}名"
    assert text.count(admitted) == 1
    assert re.search(r"[一二三四]是[^。]*发展党员[^。]*。" + admitted, text), text


def test_an_activist_the_secretarys_notes_name_is_not_told_twice(ctx):
    from drafter.facts.load import parse_facts

    base = {"year": 2025, "branch": {"name": "城关派出所党支部"}, "members": {"activists": ["赵子墨"]}}
    told = {"notes": "赵子墨同志5月递交入党申请书，已确定为入党积极分子，明确2名培养联系人。"}
    with_notes = template_draft(parse_facts(base | told), ctx)
    text = next(s.text for s in with_notes.sections if s.id == "organisation")
    assert text.count("赵子墨") == 1 and "明确2名培养联系人" in text
    alone = template_draft(parse_facts(base), ctx)
    assert "支部把赵子墨同志作为入党积极分子培养。" in next(s.text for s in alone.sections if s.id == "organisation")


def test_the_secretarys_notes_on_recruitment_are_told_in_its_measure_and_not_again(settings, ctx):
    """Reading 23: the notes on 发展对象 and 转正 came after the last measure (placement), the 支部党员大会's agenda
    and a training case told them again (repetition)."""
    from drafter.cli.draft import with_ledgers
    from drafter.facts.ledger.classify import classify_all
    from tests.facts.ledger._records import rec

    facts = with_ledgers(load_facts_file(settings.examples_dir / "enterprise_ledger_summary_2025.yaml"),
                         [settings.examples_dir / "ledgers" / "企业党支部2025年三会一课台账.xlsx"])
    extra = classify_all([
        rec(month=11, day=19, kind="发展党员", topic="发展对象培训", content="许嘉怡同志参加公司党委举办的培训班，考试合格",
            present=1),
        rec(month=9, day=26, kind="支部党员大会", topic="听取对发展对象的意见", content="就许嘉怡同志列为发展对象听取党员意见")])
    note = "许嘉怡同志10月经支委会确定为发展对象，11月参加发展对象集中培训并考试合格。"
    facts = facts.model_copy(update={"ledger": [*facts.ledger, *extra], "notes": note})
    text = next(s.text for s in template_draft(facts, ctx).sections if s.id == "organisation")
    assert text.count("许嘉怡") == 1, text
    measure = re.search(r"[一二三四]是做好发展党员工作。[^\n]*", text)
    assert measure and note in measure.group(0), text
