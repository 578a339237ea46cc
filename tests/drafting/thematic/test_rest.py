"""The rest of a section without dates (rest.py) and the marks of the seventh reading, each as a rule that holds."""

from __future__ import annotations

import pytest

from drafter.drafting.effect_checks import EffectContext, check_effect
from drafter.drafting.thematic.prose import record_sentence
from drafter.drafting.thematic.rest import figured_sentence, lectures_sentence
from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.stats import compute_stats
from drafter.facts.load import parse_facts
from tests.facts.ledger._records import rec


def test_the_rests_lectures_are_told_by_who_gave_them_not_listed_as_activities():
    rows = classify_all([rec(month=11, day=6, kind="党课", topic="专家讲党课：做党和人民信赖的好医生",
                             content="全国优秀医师、老党员吴振华讲从医经历", host="吴振华"),
                         rec(month=11, day=20, kind="党课", topic="书记讲党课：学习贯彻党的二十届四中全会精神", host="韩立新")])
    text = lectures_sentence(rows, secretary="韩立新")
    # each with its month (undated after the cases, a 党课 read as an afterthought; by the day, as a diary)
    assert text == ("全国优秀医师、老党员吴振华还于11月以“做党和人民信赖的好医生”为题讲党课；"
                    "支部书记韩立新于11月以“学习贯彻党的二十届四中全会精神”为题讲党课。")
    assert "活动" not in text and lectures_sentence([]) == ""


def test_a_figure_of_the_rest_takes_its_own_verb_and_never_happens_in_a_meeting():
    rows = classify_all([rec(month=8, day=8, kind="志愿服务", topic="党员防汛巡查", content="党员分组巡查山塘水库", note="巡查40余次"),
                         rec(month=9, day=24, kind="主题党日", topic="党建+业务：日间手术流程改进推进会",
                             note="日间手术占择期手术比例由18%提高到27%"),
                         rec(month=10, day=28, kind="主题党日", topic="重阳节走访慰问退休老党员", note="走访慰问9户")])
    text = figured_sentence(rows)
    # each with its month; "党员防汛巡查" names who did it, the next item says 支部 ("于"), the same subject once
    assert text == ("此外，8月，党员防汛巡查40余次；支部于9月召开日间手术流程改进推进会，日间手术占择期手术比例"
                    "由18%提高到27%；10月重阳节走访慰问退休老党员9户。"), text
    assert "在“" not in text and figured_sentence(rows[:1], opener="").startswith("8月，党员防汛巡查")


def test_a_topic_with_a_label_before_its_colon_is_told_by_what_was_done():
    row = classify_all([rec(kind="主题党日", topic="警示教育：观看警示教育片", content="观看警示教育片，讨论村级小微权力规范运行")])[0]
    text = record_sentence(row)
    assert "开展主题党日活动，观看警示教育片，讨论村级小微权力规范运行" in text and "以“" not in text, text


def test_an_effect_sentence_says_one_thing():
    facts = parse_facts({"year": 2025, "branch": {"name": "中共测试村支部委员会", "org_type": "village"}})
    ctx = EffectContext.create(facts, {})
    for reply in ("此举进一步转变了支部的作风，提升了工作能力，规范了村级小微权力运行。",
                  "广大党员的党性修养得到进一步提升，为推动村经济发展提供了有力支持。"):
        assert check_effect(reply, "支部开展主题党日活动，观看警示教育片", ctx, "")[1] is not None, reply
    assert check_effect("通过警示教育，党员们筑牢了拒腐防变的思想防线。", "支部开展警示教育。", ctx, "")[1] is None


def test_a_section_says_a_place_and_a_routines_pattern_once():
    from drafter.drafting.thematic.sections import told_sentences

    rows = classify_all([rec(month=3, day=5, kind="主题党日", topic="学雷锋志愿服务", place="公司三楼会议室"),
                         rec(month=6, day=5, kind="主题党日", topic="安全生产月党员示范", place="公司三楼会议室")])
    first, second = told_sentences(rows)
    assert "在公司三楼会议室以“学雷锋志愿服务”为主题开展主题党日活动" in first
    assert "公司三楼会议室" not in second and "开展“安全生产月党员示范”主题党日活动" in second, second


def test_what_a_lecture_drew_on_stays_and_its_subject_is_said_once():
    row = classify_all([rec(kind="党课", topic="书记讲党课：学习贯彻党的二十届四中全会精神", host="周志刚",
                            content="书记宣讲全会精神，结合“十五五”谈企业发展")])[0]
    text = record_sentence(row, secretary="周志刚")
    # (宣讲全会精神: the title says it already)
    assert "为题讲党课，结合“十五五”谈企业发展" in text and text.count("书记") == 1, text
    row = classify_all([rec(kind="党课", topic="守住医德底线", host="韩立新", content="书记结合医疗行业“九项准则”讲专题党课")])[0]
    # what it drew on goes with the lecture, not dangling after it
    assert "以“守住医德底线”为题，结合医疗行业“九项准则”讲党课。" in record_sentence(row, secretary="韩立新")


def test_a_routine_held_every_month_or_every_quarter_is_said_so_and_nothing_else():
    from drafter.drafting.thematic.sections import monthly_sentence

    rows = classify_all([rec(month=m, day=10, kind="支委会", topic="研究工作") for m in range(1, 13)]
                        + [rec(month=m, day=20, kind="党员大会", topic=f"议题{m}") for m in (3, 6, 9, 12)]
                        + [rec(month=m, day=25, kind="主题党日", topic=f"主题{m}") for m in (2, 5, 8, 11)]
                        + [rec(month=m, day=15, kind="党小组会", topic="学习") for m in (1, 2, 3, 12)])
    keys = ["party_congress", "committee", "group_meeting", "theme_day"]
    assert monthly_sentence(compute_stats(rows, year=2025), keys) == "支委会做到每月召开，支部党员大会做到每季度召开。"


def test_the_run_11_readings_repetitions_are_gone():
    """Marks of the third reading (docs/BENCH.md): a place said twice, a head-count said twice, a roll call for
    outreach, an activity's name said again by its content."""
    outreach = classify_all([rec(month=3, day=5, kind="主题党日", topic="学雷锋义诊进社区", place="城南社区卫生服务站",
                                 content="到城南社区开展义诊和健康咨询", expected=31, present=14)])[0]
    text = record_sentence(outreach)
    assert "城南社区卫生服务站" not in text and "应到" not in text and text.endswith("参加14人。"), text
    counted = classify_all([rec(kind="主题党日", topic="学雷锋志愿服务", content="党员志愿者18人到社区开展义务辅导",
                                expected=40, present=18)])[0]
    assert "参加18人" not in record_sentence(counted) and "实到" not in record_sentence(counted)
    visit = classify_all([rec(month=10, day=29, kind="走访慰问", topic="重阳节走访慰问离退休老党员", place="老同志家中",
                              content="走访慰问离退休老党员7人，听取老同志意见建议3条")])[0]
    assert record_sentence(visit).startswith("10月29日，支部结合重阳节走访慰问离退休老党员7人，听取老同志意见建议3条")


def test_a_rewritten_note_may_not_change_its_frequency():
    from drafter.drafting.notes import note_kept

    assert note_kept("青石中学希望每年去一次，明年列入计划。", "青石中学希望每学期去一次，明年列入计划") is not None
    assert note_kept("青石中学希望每学期去一次，明年将列入计划。", "青石中学希望每学期去一次，明年列入计划") is None


def test_the_third_told_record_does_not_open_with_its_date_and_a_counted_act_is_said_once():
    from drafter.drafting.thematic.chronicle import opens_with_date
    from drafter.drafting.thematic.sections import told_sentences

    rows = classify_all([rec(month=m, day=5, kind="主题党日", topic=t) for m, t in ((3, "学雷锋"), (7, "七一"), (12, "志愿者日"))])
    first, second, third = told_sentences(rows)
    assert opens_with_date(first) and opens_with_date(second) and third.startswith("支部还于12月开展"), third
    pledge = classify_all([rec(kind="主题党日", topic="警示教育：参观廉政教育基地", content="参观市廉政教育基地，签订廉洁从业承诺书",
                               note="签订承诺书28份")])[0]
    assert record_sentence(pledge).count("签订") == 1


def test_a_content_with_a_subject_of_its_own_is_not_put_after_the_branch():
    row = classify_all([rec(month=10, day=16, kind="志愿服务", topic="党员骨干教师送教下乡",
                            content="党员骨干教师6人到青石镇中学送教，开展中考复习专题讲座1场")])[0]
    text = record_sentence(row)
    # the content retells the title, so the title goes; its own subject opens the sentence
    assert text == "10月16日，党员骨干教师6人到青石镇中学送教，开展中考复习专题讲座1场。", text
    row = classify_all([rec(month=10, day=16, kind="志愿服务", topic="党员骨干教师送教下乡",
                            content="6人到青石镇中学上示范课")])[0]
    text = record_sentence(row)
    assert "支部党员骨干教师" not in text and "“党员骨干教师送教下乡”" in text, text


@pytest.mark.parametrize(("topic", "content", "expected"), [
    # the content says the title again in its own words: the title goes, its occasion stays
    ("重阳节走访慰问退休老党员", "走访慰问科室退休老党员和困难党员9户",
     "10月28日，支部结合重阳节走访慰问科室退休老党员和困难党员9户，参加10人。"),
    ("学雷锋义诊进社区", "到城南社区开展义诊和健康咨询", "10月28日，支部结合学雷锋纪念日到城南社区开展义诊和健康咨询，参加10人。"),
    # ... not when the content takes up a word of it only
    ("国际护士节：党员护士岗位建功", "党员护士分享护理经验",
     "10月28日，支部以“国际护士节：党员护士岗位建功”为主题开展主题党日活动，党员护士分享护理经验，参加10人。"),
])
def test_a_title_the_content_retells_goes(topic: str, content: str, expected: str) -> None:
    row = classify_all([rec(month=10, day=28, kind="主题党日", topic=topic, content=content, present=10)])[0]
    assert record_sentence(row) == expected


def test_a_with_clause_that_says_its_own_act_stays_after_the_lecture():
    row = classify_all([rec(kind="党课", topic="学习贯彻习近平总书记关于教育的重要论述", host="何建华",
                            content="校党委书记李国平到支部讲党课，结合教育强国建设讲新时代教师的使命担当。")])[0]
    text = record_sentence(row, secretary="何建华")
    assert "为题讲党课，结合教育强国建设讲新时代教师的使命担当" in text and "使命担当讲党课" not in text, text


def test_a_procedure_is_not_totalled_as_an_activity():
    from drafter.drafting.thematic.totals import aggregate_sentence
    from drafter.facts.ledger.stats import compute_stats
    rows = classify_all([rec(month=11, day=19, kind="发展党员", topic="发展对象培训"),
                         rec(month=3, day=5, kind="志愿服务", topic="学雷锋志愿服务")])
    text = aggregate_sentence(compute_stats(rows), ["recruitment", "volunteer"], records=rows)
    assert "志愿服务活动1次" in text and "发展党员活动" not in text


@pytest.mark.parametrize(("row", "gone", "kept"), [
    (dict(kind="党课", topic="我看社区四十年变迁", host="王德厚", content="讲社区变迁"), "讲社区变迁", "为题讲党课"),
    (dict(kind="主题党日", topic="庆祝建党104周年，重温入党誓词", content="全体党员重温入党誓词，为7月入党的5名党员过“政治生日”"),
     "全体党员重温入党誓词", "为7月入党的5名党员过“政治生日”"),
    # a clause with a figure stays, and one the title does not say
    (dict(kind="党课", topic="学习贯彻党的二十届四中全会精神", host="韩立群", content="结合“十五五”规划建议谈分局落实举措"),
     "", "结合“十五五”规划建议"),
])
def test_a_clause_the_title_says_already_goes(row, gone: str, kept: str) -> None:
    text = record_sentence(classify_all([rec(**row)])[0])
    assert (not gone or gone not in text) and kept in text, text


def test_who_came_follows_the_act_when_the_content_runs_on():
    row = classify_all([rec(month=9, day=3, kind="主题党日", topic="纪念抗战胜利80周年", present=38, expected=40,
                            content="组织党员集中收看纪念大会直播，会后开展座谈，历史组党员将观看内容融入开学第一课")])[0]
    text = record_sentence(row)
    assert "主题党日活动，38名党员参加，组织党员集中收看" in text and not text.endswith("38名党员参加。"), text


def test_a_name_with_its_own_quotes_is_nested_not_broken():
    from drafter.drafting.thematic.rest import figured_sentence
    row = classify_all([rec(kind="主题党日", topic="“税企共建”进园区", content="给园区32户企业讲了研发费用加计扣除新政策")])[0]
    text = figured_sentence([row])
    assert "“‘税企共建’进园区”" in text and "“税企共建’" not in text, text


def test_a_span_is_told_from_its_first_to_its_last_day():
    import datetime as dt
    row = classify_all([rec(month=7, day=15, kind="走访慰问", topic="暑期党员教师家访", content="党员教师26人分6组走访学生家庭73户")])[0]
    assert record_sentence(row.model_copy(update={"date_end": dt.date(2025, 7, 25)})).startswith("7月15日至25日，")
    assert record_sentence(row.model_copy(update={"date_end": dt.date(2025, 8, 2)})).startswith("7月15日至8月2日，")
    assert record_sentence(row).startswith("7月15日，")


def test_a_row_with_neither_topic_nor_content_is_not_named() -> None:
    from drafter.drafting.thematic.rest import theme_sentence

    bare = classify_all([rec(month=8, day=5, kind="其他")])
    assert theme_sentence("other", bare) == ""
    named = classify_all([rec(month=8, day=5, kind="其他", topic="支部活动室整修")])
    assert "支部活动室整修" in theme_sentence("other", named)


def test_a_record_with_no_date_is_told_without_one() -> None:
    from drafter.drafting.thematic.rest import figured_sentence

    row = classify_all([rec(kind="谈心谈话", topic="廉政谈话", content="纪检委员与新入职干部谈心", note="谈了6人")])[0]
    row = row.model_copy(update={"undated": True})
    text = figured_sentence([row])
    assert text.startswith("此外，") and "月" not in text, text


def test_a_record_with_neither_topic_nor_content_is_never_told_with_empty_quotes() -> None:
    """Run 25, held-out E2 before its name-and-content column was read: "此外，支部还开展“”活动，……"."""
    row = classify_all([rec(kind="联合主题党日", topic="", content="", note="社区居民约60人参加")])[0]
    text = figured_sentence([row])
    assert "“”" not in text and "开展主题党日活动，社区居民约60人参加" in text, text
