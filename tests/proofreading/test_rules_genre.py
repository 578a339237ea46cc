"""Reader-visible defects of issue 11 (classes 2–7): each detector on the defects quoted in the issue and on clean
sentences of the genre; genre rules on drafts written by the test double; no finding on the real samples or on
the template-only drafts of every example sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.documents.draft import new_draft
from drafter.documents.markdown_input import parse_draft_text
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline, draft_document, template_draft
from drafter.facts.load import load_facts_file
from drafter.facts.sheet import FactSheet
from drafter.proofreading import RULE_LABELS, review_draft, review_sections
from drafter.proofreading.rules_genre import RULE_CLASS, genre_defects
from drafter.settings import RESOURCE_ROOT
from tests.fakes import FakeChatModel

SAMPLES = sorted((RESOURCE_ROOT / "samples").glob("seed-*.md"))
EXAMPLES = sorted((RESOURCE_ROOT / "examples").glob("*.yaml"))
HELDOUT = sorted((RESOURCE_ROOT / "examples" / "heldout").glob("*.yaml"))


def found(text: str, *, heading: str = "强化理论武装，筑牢思想根基", sid: str = "theory", kind: str = "annual_summary",
          facts: FactSheet | None = None, extra: list[tuple[str, str, str]] | None = None) -> dict[str, list[str]]:
    """Class -> offending texts, for one section (plus any extra sections before it)."""
    sections = [(i, h, t, None) for i, h, t in (extra or [])] + [(sid, heading, text, None)]
    return {cls: [f.text for f in fs] for cls, fs in genre_defects(sections, facts, kind=kind, year=2025).items()}


# --- class 3: orphan and echo sentences ----------------------------------------------------------------

def test_orphan_back_references_in_a_row_and_at_paragraph_start() -> None:
    text = ("通过这样的活动，党员的理论水平进一步提高。通过这样的活动，党员的宗旨意识进一步增强。\n"
            "2025年3月5日，支部开展学雷锋主题党日，组织党员到社区开展志愿服务。通过这次活动，党员的服务意识明显增强。")
    hits = found(text)["3_orphan"]
    assert hits == ["通过这样的活动，党员的理论水平进一步提高", "通过这样的活动，党员的宗旨意识进一步增强"]


def test_outline_words_as_a_sentence_and_heading_echo() -> None:
    assert found("支部组织党员集中学习。具体做法与成效。")["3_orphan"] == ["具体做法与成效"]
    hits = found("强化理论武装，筑牢思想根基：支部坚持每月集中学习。")["3_orphan"]
    assert hits == ["强化理论武装，筑牢思想根基："]


def test_back_reference_after_an_activity_is_fine() -> None:
    text = "2025年6月30日，支部开展“七一”主题党日，重温入党誓词。通过这次活动，党员的党性观念进一步增强。"
    assert found(text) == {}


# --- class 4: repeated and misplaced facts ---------------------------------------------------------------

def test_same_date_and_figure_told_twice(facts: FactSheet) -> None:
    text = ("2025年3月5日，支部开展学雷锋主题党日，组织党员28人到青湖社区开展志愿服务。"
            "3月5日当天，党员28人走进社区，为居民提供志愿服务。")
    hits = found(text, facts=facts)["4_repeat_or_misplaced"]
    assert hits == ["3月5日当天，党员28人走进社区，为居民提供志愿服务"]


def test_activity_title_told_in_two_sections(facts: FactSheet) -> None:
    first = ("organisation", "夯实组织基础", "支部开展党员示范课展示活动，12名党员教师上示范课。")
    hits = found("支部还举办了党员示范课展示活动，效果良好。", sid="service", heading="聚焦中心工作", facts=facts,
                 extra=[first])["4_repeat_or_misplaced"]
    assert hits == ["支部还举办了党员示范课展示活动，效果良好"]


def test_next_steps_in_this_years_section_and_honour_after_future() -> None:
    text = ("支部组织党员集中学习党的二十届四中全会精神。下一步，支部将继续深化理论学习。未来，支部将持续加强学习。被评为区先进基层党组织。\n"
            "总之，支部全年工作扎实有效。")
    hits = found(text)
    assert "下一步，支部将继续深化理论学习" in hits["4_repeat_or_misplaced"]
    assert "2026年支部要抓好学习" in found("2026年支部要抓好学习。\n支部全年集中学习12次。")["4_repeat_or_misplaced"]
    assert "被评为区先进基层党组织" in hits["4_repeat_or_misplaced"]


def test_activities_listed_in_the_opening(facts: FactSheet) -> None:
    opening = ("2025年，支部在上级党委的坚强领导下扎实工作。3月5日开展学雷锋主题党日，9月10日开展党员示范课展示活动。"
               "现将一年来的工作总结如下：")
    hits = found(opening, sid="opening", heading="", facts=facts)["4_repeat_or_misplaced"]
    assert hits == ["3月5日开展学雷锋主题党日，9月10日开展党员示范课展示活动"]
    clean = "2025年，支部在上级党委的坚强领导下，较好地完成了全年各项任务。现将一年来的工作总结如下："
    assert found(clean, sid="opening", heading="", facts=facts) == {}


def test_future_words_that_are_not_plans() -> None:
    # 将 as 把, and a closing exhortation at the very end of a summary without a next-steps section.
    assert found("校党支部将承诺事项合理分解到每个党员身上，明确目标任务。") == {}
    assert found("支部全年组织集中学习12次。\n今后，我们将以更加饱满的热情投入工作。") == {}
    assert found("支部继续深化理论学习，为今后继续做好工作打下了坚实基础。\n支部全年集中学习12次。") == {}


# --- class 5: label lines ---------------------------------------------------------------------------

def test_label_lines() -> None:
    text = "护士节党员先锋岗评选：5月12日，支部评选出党员先锋岗3个。\n村集体经济项目：建成稻米加工车间。"
    assert found(text)["5_label_list"] == ["护士节党员先锋岗评选：5月12日，支部评选出党员先锋岗3个",
                                           "村集体经济项目：建成稻米加工车间"]
    assert found("党员志愿服务活动：组织党员到社区服务。")["5_label_list"] == ["党员志愿服务活动：组织党员到社区服务"]


def test_colons_that_are_prose() -> None:
    text = ("全年工作目标是：支部标准化规范化建设达标。\n3月：开展学雷锋志愿服务。\n"
            "支部重点抓了三件事：一是加强学习；二是规范组织生活；三是服务群众。\n第一季度：3月，召开支部党员大会。\n"
            "主要做法如下：\n支部每月集中学习。")
    assert found(text) == {}


# --- class 6: structure -----------------------------------------------------------------------------

def test_ordinals_with_a_gap_and_stray_subheading() -> None:
    text = ("（二）加强组织建设\n严格落实“三会一课”制度。\n（三）加强作风建设\n开展警示教育。\n"
            "主要任务完成情况：（一）理论学习扎实推进。")
    hits = found(text, kind="annual_plan", heading="主要任务", sid="tasks")["6_structure"]
    assert hits == ["（二）加强组织建设", "主要任务完成情况："]


def test_inline_enumeration_gap_and_empty_subheading() -> None:
    assert found("支部抓好三项工作：一是加强学习；三是服务群众。")["6_structure"] == ["三是"]
    assert found("（一）加强理论学习\n支部每月集中学习。\n（二）加强组织建设")["6_structure"] == ["（二）加强组织建设"]


def test_complete_ordinals() -> None:
    text = "（一）加强理论学习\n支部每月集中学习。\n1.读原著\n2.写心得\n（二）加强组织建设\n1.规范组织生活\n一是按时召开支委会；二是按时交纳党费。"
    assert found(text, kind="annual_plan", heading="主要任务", sid="tasks") == {}


# --- class 7: verbless and subjectless sentences ------------------------------------------------------

def test_verbless_and_subjectless_sentences() -> None:
    text = "2025年2月18日，支部专题组织生活会，党员逐一开展批评与自我批评。被评为区先进基层党组织。"
    assert found(text)["7_verbless"] == ["2025年2月18日，支部专题组织生活会，党员逐一开展批评与自我批评", "被评为区先进基层党组织"]
    assert found("2025年3月5日，支部学雷锋主题党日，组织党员到社区服务。")["7_verbless"]


def test_sentences_with_their_verb_and_subject() -> None:
    text = ("2025年2月18日，支部召开专题组织生活会，党员逐一开展批评与自我批评。支部被评为区先进基层党组织。"
            "2025年4月16日，支部书记周敏讲授专题党课。9月28日，第8届花博会在我镇顺利召开。")
    assert found(text) == {}


def test_template_sentence_of_a_title_starting_with_zhuanti_has_its_verb(settings, school_facts) -> None:
    facts = school_facts.model_copy(update={"activities": [
        school_facts.activities[0].model_copy(update={"title": "专题组织生活会"}),
        school_facts.activities[1].model_copy(update={"title": "学习交流会"})]})
    draft = template_draft(facts, EngineContext.create(settings))
    assert "召开专题组织生活会" in draft.body_text() and "召开学习交流会" in draft.body_text()
    assert genre_defects(draft) == {}


# --- genre rules -------------------------------------------------------------------------------------

def test_plan_in_past_tense_and_problems_that_claim_a_fix() -> None:
    plan = found("支部培养了一批优秀的青年工程师，取得显著成效。", kind="annual_plan", heading="主要任务", sid="tasks")
    assert plan["2_genre"] == ["支部培养了一批优秀的青年工程师，取得显著成效"]
    problems = found("考核指标还不够细化。我们制定了详细的考核指标体系。", heading="存在的不足", sid="problems")
    assert problems["2_genre"] == ["我们制定了详细的考核指标体系"]


def test_future_plan_and_plain_problems_are_fine() -> None:
    assert found("支部将每月开展一次集中学习，确保学习全覆盖。", kind="annual_plan", heading="主要任务", sid="tasks") == {}
    text = "回顾一年来的工作，支部建设虽然取得了一定成效，但仍存在一些不足：一是考核指标还不够细化。这些问题需要在今后的工作中认真加以解决。"
    assert found(text, heading="存在的不足", sid="problems") == {}
    assert found("2026年，支部将继续加强理论学习。", heading="下一步工作打算", sid="next") == {}


def test_roles_come_from_headings_when_ids_are_not_the_templates() -> None:
    assert found("我们制定了整改方案。", heading="存在的问题", sid="s4")["2_genre"] == ["我们制定了整改方案"]
    assert found("明年将继续加强学习。", heading="明年工作思路", sid="s5") == {}
    # A section of results and shortcomings together is not a shortcomings section.
    assert found("支部制定了学习制度。", heading="党支部工作成绩和不足", sid="s3") == {}


def test_review_shows_the_defects_with_chinese_labels(facts: FactSheet) -> None:
    out = review_sections([("theory", "一、强化理论武装", "被评为区先进基层党组织。", None)], facts, 2025)
    f = next(f for f in out if f.rule == "genre_verbless")
    assert f.severity == "warning" and "主语" in f.message and RULE_LABELS[f.rule] == "缺谓语或主语"
    assert set(RULE_CLASS) <= set(RULE_LABELS)


# --- drafts written by the test double (free path) -----------------------------------------------------

SUMMARY_REPLIES = {
    "开篇": "2025年，支部扎实开展各项工作。全年开展了学雷锋主题党日、党员示范课展示活动等活动。现将一年来的工作总结如下：",
    "强化理论武装": "支部坚持集中学习与个人自学相结合，引导党员读原著、学原文、悟原理。下一步，支部将继续深化理论学习。",
    "存在的不足": "部分党员理论学习的主动性不够。我们制定了详细的学习考核指标体系，这一问题已经解决。",
}
PLAN_REPLIES = {"主要任务": "（一）加强政治理论学习\n支部每月开展一次集中学习。支部培养了一批优秀的青年骨干，理论学习取得显著成效。"}
CLEAN = {
    "开篇": "2025年，支部在区教育局党委的坚强领导下，较好地完成了全年各项任务。现将一年来的工作总结如下：",
    "存在的不足": "对照上级要求，支部工作还存在一些差距，部分党员理论学习的主动性不够。",
    "下一步": "2026年，支部将继续加强理论学习，推动党建工作与教育教学深度融合。",
}
GENERIC = "支部坚持集中学习与个人自学相结合，引导党员读原著、学原文、悟原理。党员的政治意识和责任意识进一步增强。"


def replier(replies: dict[str, str], default: str = GENERIC):
    """A reply function for the fake: the text whose key the section task names."""
    def reply(messages: list[dict[str, str]]) -> str:
        task = messages[-1]["content"].split("【本节任务】")[-1]
        ask = next((line for line in task.split("\n") if line.startswith("请写")), "")
        key = "开篇" if "开篇段" in ask else next((k for k in replies if k in ask), None)
        return replies.get(key, default) if key else default
    return reply


@pytest.fixture
def free_ctx(settings):
    # A generic OpenAI-compatible provider, as in tests/test_engine.py; DRAFTER_DRAFT_PATH=free.
    free = settings.with_overrides(provider="custom", base_url="http://127.0.0.1:9/v1", draft_path="free", concurrency=1)
    return EngineContext.create(free, max_continuations=0)


def _drafted(ctx, facts: FactSheet, replies: dict[str, str], default: str = GENERIC):
    draft = new_draft(facts, default_outline(facts, ctx))
    draft_document(draft, FakeChatModel(default=replier(replies, default)), ctx)
    return draft


def test_genre_rules_flag_a_faked_summary(free_ctx, school_facts) -> None:
    draft = _drafted(free_ctx, school_facts, SUMMARY_REPLIES)
    defects = genre_defects(draft)
    by_section = {(f.section_id, f.rule) for fs in defects.values() for f in fs}
    assert ("opening", "genre_misplaced") in by_section, "activities listed in the opening"
    assert ("theory", "genre_misplaced") in by_section, "next steps inside this year's section"
    assert ("problems", "genre_problems") in by_section, "a shortcomings section that claims a fix"
    assert {f.rule for f in review_draft(draft)} >= {"genre_misplaced", "genre_problems"}


def test_genre_rules_flag_a_plan_in_past_tense(free_ctx) -> None:
    facts = load_facts_file(RESOURCE_ROOT / "examples" / "hospital_plan_2026.yaml")
    draft = _drafted(free_ctx, facts, PLAN_REPLIES, default="支部将按照上级要求，扎实推进各项工作。")
    hits = [f for f in genre_defects(draft).get("2_genre", []) if f.section_id == "tasks"]
    assert hits and "取得显著成效" in hits[0].text


def test_clean_fake_reply_gives_no_defects(free_ctx, school_facts) -> None:
    draft = _drafted(free_ctx, school_facts, CLEAN)
    assert genre_defects(draft) == {}


# --- no false positives: real documents and template-only drafts --------------------------------------

# Defects the samples really have (listed in their front matter): 首先/其次 then "第三,", "第四,".
SAMPLE_DEFECTS = {("seed-003-2", "s1", "genre_structure"), ("seed-003-2", "s2", "genre_structure")}


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_real_samples_have_no_defects(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    doc = parse_draft_text(text)
    defects = genre_defects(doc.as_input(), kind=meta["kind"], year=meta["year"] or 2012, title=doc.title)
    left = [(f.section_id, f.rule, f.text[:40]) for fs in defects.values() for f in fs
            if (path.stem, f.section_id, f.rule) not in SAMPLE_DEFECTS]
    assert left == []


@pytest.mark.parametrize("path", EXAMPLES + HELDOUT, ids=[p.stem for p in EXAMPLES + HELDOUT])
def test_template_drafts_have_no_defects(settings, path: Path) -> None:
    facts = load_facts_file(path)
    draft = template_draft(facts, EngineContext.create(settings))
    assert genre_defects(draft) == {}
    assert not [f for f in review_draft(draft) if f.rule.startswith("genre_")]
