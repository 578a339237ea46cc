"""Marks from the reading of ledger drafts (docs/BENCH.md, "Drafts from the ledger"), each as a rule that holds."""

from __future__ import annotations

from drafter.drafting.effect_checks import EffectContext, check_effect
from drafter.drafting.thematic.phrases import load_phrases
from drafter.drafting.thematic.prose import record_sentence
from drafter.drafting.thematic.rest import name_of
from drafter.facts.ledger.classify import classify_all, load_rules, story_key
from drafter.facts.load import parse_facts
from tests.facts.ledger._records import rec


def _told(**fields) -> str:
    return record_sentence(classify_all([rec(**fields)])[0], secretary="周志刚")


def test_a_note_that_retells_a_content_clause_replaces_it():
    text = _told(kind="主题党日", topic="警示教育：参观廉政教育基地", content="参观市廉政教育基地，签订廉洁从业承诺书",
                 expected=28, present=26, note="签订廉洁从业承诺书28份")
    assert text.count("签订廉洁从业承诺书") == 1 and "28份" in text


def test_a_lecture_says_its_act_once_and_names_a_guest_once():
    text = _told(kind="党课", topic="书记讲党课：以作风建设护航企业高质量发展", content="结合中央八项规定精神学习教育讲专题党课",
                 host="周志刚")
    assert text.count("党课") == 1
    guest = _told(kind="党课", topic="劳模讲党课：一名老党员的工匠之路", content="全国技术能手、老党员王海生讲述成长经历",
                  host="王海生")
    assert guest.count("王海生") == 1 and guest.startswith("3月5日，全国技术能手、老党员王海生"), guest


def test_a_topic_naming_an_event_is_not_a_clause():
    text = _told(kind="主题党日", topic="深入贯彻中央八项规定精神学习教育专题研讨", content="围绕学习教育开展专题研讨")
    # the theme is what was discussed; the 研讨 is what was done (the content says it, so it is not added)
    assert "以“深入贯彻中央八项规定精神学习教育”为主题开展主题党日活动，围绕学习教育开展专题研讨" in text, text
    event = _told(kind="主题党日", topic="党建与业务融合：党员技术攻关推进会", content="攻关小组汇报进展")
    assert "开展主题党日活动，召开党员技术攻关推进会" in event and "以“" not in event, event


def test_a_lecture_on_service_work_stays_with_the_lectures_and_service_rows_go_to_service():
    rules = load_rules()
    lecture = classify_all([rec(kind="党课", topic="在服务群众中践行初心使命", host="许红梅")])[0]
    assert story_key(lecture, rules) == "party_lecture"
    for topic in ("中国医师节：党员专家下乡镇卫生院", "党员认领居民“微心愿”", "党员垃圾分类桶边督导", "丰收节助农直播"):
        row = classify_all([rec(kind="主题党日", topic=topic)])[0]
        assert story_key(row, rules) in ("volunteer", "service"), topic


def test_a_name_in_a_list_is_what_follows_its_colon():
    row = classify_all([rec(kind="主题党日", topic="党建与业务融合：党员技术攻关推进会")])[0]
    assert name_of(row, load_phrases(), load_rules()) == "党员技术攻关推进会"


def test_sentences_of_effect_a_reader_marked_are_refused():
    facts = parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会", "org_type": "enterprise"}})
    ctx = EffectContext.create(facts, {})
    for reply in ("此举进一步提升了党员志愿者的服务能力，增强了支部的建设基础。",
                  "此举为支部建设基础更加坚实，作风进一步转变。",
                  "此举有助于提升社区党支部的组织建设，增强党员的党性修养。"):
        assert check_effect(reply, "支部开展志愿服务", ctx, "")[1] is not None, reply
    assert check_effect("党员服务群众的意识进一步增强，干事热情持续高涨。", "支部开展志愿服务", ctx, "")[1] is None


def test_the_rest_keeps_its_figures_without_dates():
    """A record that is not told in full but whose note holds a figure keeps the figure (良品率 92%→96% was only
    a name in a list before), and no date opens the sentence."""
    from drafter.drafting.thematic.rest import figured_sentence

    rows = classify_all([rec(month=9, day=26, kind="主题党日", topic="党建与业务融合：党员技术攻关推进会",
                             note="攻关项目使良品率由92%提高到96%"),
                         rec(month=6, day=18, kind="主题党日", topic="安全生产月党员示范", content="党员带头开展安全隐患排查",
                             note="排查整改安全隐患17处")])
    text = figured_sentence(rows)
    assert "92%提高到96%" in text and "17处" in text and "月" not in text.split("，")[0]
    assert text.index("安全生产月") < text.index("技术攻关")  # in date order, the dates themselves left out


def test_a_meetings_agendas_are_named_once_without_dates():
    from drafter.drafting.thematic.agendas import agenda_sentence
    from drafter.facts.ledger.stats import compute_stats

    rows = classify_all([rec(month=3, day=15, kind="党小组会", topic="生产党小组：学习中央八项规定精神"),
                         rec(month=3, day=16, kind="党小组会", topic="技术党小组：学习中央八项规定精神"),
                         rec(month=6, day=15, kind="党小组会", topic="生产党小组：交流党员先锋岗履职情况")])
    text = agenda_sentence("group_meeting", rows, compute_stats(rows, year=2025))
    assert text == "党小组会的议题包括学习中央八项规定精神、交流党员先锋岗履职情况等。"


def test_a_rewritten_note_may_not_widen_its_scope_or_add_a_label():
    from drafter.drafting.notes import note_kept

    assert note_kept("全年共服务患者300余人次。", "服务患者300余人次") is not None
    assert note_kept("年度工作总结：认领并完成微心愿26个。", "认领并完成微心愿26个") is not None
    assert note_kept("支部党员认领并完成群众微心愿26个。", "认领并完成微心愿26个") is None



def test_a_rewritten_note_keeps_numbers_written_in_chinese():
    """The third held-out reading: "两天里服务新生和家长800多人次" came back as "两年里……" and was used."""
    from drafter.drafting.notes import note_kept

    assert note_kept("两年里服务新生和家长800多人次。", "两天里服务新生和家长800多人次") is not None
    assert note_kept("三天里服务新生和家长800多人次。", "两天里服务新生和家长800多人次") is not None
    assert note_kept("两天内为新生和家长服务800多人次。", "两天里服务新生和家长800多人次") is None
    assert note_kept("统一组织，一起参加。", "统一组织，一起参加") is None  # 一 in words is no number
    # reading 27: "汇算期3个多月" came back as "3个月" and was used; "800多人次" as "800人次" is caught too
    assert note_kept("汇算期3个月，延时服务46小时。", "汇算期3个多月，延时服务46小时") is not None
    assert note_kept("两天里服务新生和家长800人次。", "两天里服务新生和家长800多人次") is not None
    assert note_kept("汇算期3个多月，党员延时服务46小时。", "汇算期3个多月，延时服务46小时") is None
    # reading 27: a clause neither the note nor the fact says ("并及时反馈意见") was marked invented
    note = "谈了23人次，收集意见建议7条"
    why = note_kept("开展谈心谈话23人次，收集意见建议7条，并及时反馈意见。", note, "支部开展谈心谈话")
    assert why and "并及时反馈意见" in why
    assert note_kept("开展谈心谈话23人次，收集意见建议7条。", note, "支部开展谈心谈话") is None
    assert note_kept("帮纳税人办汇算1260笔，未发生投诉。", "帮纳税人办汇算1260笔，没有一起投诉") is None
    # run 28: a clause of the fact's generic words that neither source says
    fact = "支部开展谈心谈话，支委分头上门或电话与每名党员谈心，听取对支部工作的意见"
    why = note_kept("开展谈心谈话23人次，收集意见建议7条，并根据意见对支部工作进行了调整和改进。",
                    "谈了23人次，收集意见建议7条", fact)
    assert why and "调整和改进" in why, why


def test_meetings_named_in_the_agendas_are_not_named_again_and_a_rally_is_no_agenda():
    from drafter.drafting.thematic.sections import ledger_section
    from drafter.facts.ledger.stats import compute_stats

    rows = classify_all([
        rec(row=2, month=3, day=18, kind="支部党员大会", topic="讨论接收预备党员", note="全票通过"),
        rec(row=3, month=6, day=27, kind="支部党员大会", topic="讨论预备党员转正暨七一表彰", note="表彰优秀党员3名"),
        rec(row=4, month=7, day=1, kind="支部党员大会", topic="七一表彰大会")])
    piece = ledger_section("organisation", rows, compute_stats(rows, year=2025), "annual_summary",
                           ["opening", "theory", "organisation", "discipline", "service", "problems", "next"])
    text = "".join(piece.theme_sentences)
    # the agenda named for what its decision does not say: "表彰" once, in "6月的会议表彰优秀党员3名"
    assert text.count("讨论预备党员转正") == 1 and text.count("表彰") == 1, text
    assert "6月的会议表彰优秀党员3名" in text, text
    assert "七一表彰大会" not in text
