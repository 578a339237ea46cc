"""The agendas of the routine meetings and what the 党员大会 decided (agendas.py)."""

from __future__ import annotations

from drafter.drafting.thematic.agendas import agenda_sentence
from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.stats import compute_stats
from tests.facts.ledger._records import rec


def test_the_committees_agendas_are_spread_over_the_year_and_the_congresses_figures_follow_theirs():
    committee = classify_all([rec(month=m, day=10, kind="支委会", topic=f"研究{t}")
                              for m, t in zip(range(1, 13), ["年度工作要点", "春节值班", "学习教育方案", "发展对象", "护士节表彰",
                                                             "七一表彰", "暑期保障", "下沉帮扶", "三季度工作", "全会精神学习",
                                                             "年终考核", "年度总结"], strict=True)])
    text = agenda_sentence("committee", committee, compute_stats(committee, year=2025))
    assert text == "支委会先后研究了年度工作要点、发展对象、暑期保障、三季度工作、年度总结等事项。", text
    congress = classify_all([
        rec(month=3, day=27, kind="党员大会", topic="讨论发展对象和年度计划", content="讨论确定发展对象1名"),
        rec(month=6, day=26, kind="党员大会", topic="七一表彰和党费公示", content="表彰优秀党员2名，公示上半年党费收缴",
            note="表彰的2名优秀党员都在生产一线")])
    text = agenda_sentence("party_congress", congress, compute_stats(congress, year=2025))
    # each decision by its meeting's month; the agendas only for what the decisions do not say; the note's 2名
    # not told twice
    assert text == "支部党员大会的议题包括年度计划、党费公示等。3月的会议讨论确定发展对象1名；6月的会议表彰优秀党员2名。", text


def test_the_congresss_decisions_on_members_follow_its_agendas_the_outcome_kept():
    rows = classify_all([
        rec(month=6, day=24, kind="支部党员大会", topic="讨论预备党员转正暨七一表彰", content="讨论罗晓燕同志按期转正，表彰优秀共产党员",
            note="全票通过罗晓燕同志按期转正；表彰优秀共产党员3名"),
        rec(month=9, day=16, kind="支部党员大会", topic="讨论接收预备党员", content="讨论接收何雨萌同志为中共预备党员",
            note="到会有表决权党员全票通过")])
    text = agenda_sentence("party_congress", rows, compute_stats(rows, year=2025))
    # the agendas the decisions say are not named again before them
    assert text == "6月的支部党员大会全票通过罗晓燕同志按期转正，表彰优秀共产党员3名；9月的会议讨论接收何雨萌同志为中共预备党员。", text


def test_agendas_of_two_groups_and_of_two_acts_read_as_one_list_item():
    rows = classify_all([
        rec(month=3, day=20, kind="党小组会", topic="征管服务党小组：学习中央八项规定及其实施细则精神"),
        rec(month=8, day=5, kind="党小组会", topic="税源管理党小组、综合党小组学习《中国共产党党员教育管理工作条例》"),
        rec(month=9, day=23, kind="党小组会", topic="通报前三季度工作，听取对发展对象的意见"),
    ])
    text = agenda_sentence("group_meeting", rows, compute_stats(rows))
    assert "、、" not in text and "、学习《中国共产党党员教育管理工作条例》" in text
    assert "通报前三季度工作并听取对发展对象的意见" in text


def test_a_decision_the_agendas_tell_names_its_member() -> None:

    rows = classify_all([rec(month=5, day=13, kind="支部党员大会", topic="讨论蒋一鸣同志预备党员转正",
                             note="到会23名，赞成23票，同意按期转正"),
                         rec(month=12, day=23, kind="支部党员大会", topic="年度工作总结", note="征求意见建议9条")])
    text = agenda_sentence("party_congress", rows, compute_stats(rows, year=2025))
    # "会议先后同意按期转正" names nobody (who was 转正 is in the agenda before it): marked as garbled
    assert "同意按期转正" not in text and "征求意见建议9条" in text, text


def test_a_numbered_list_of_agendas_is_several_agendas() -> None:
    """Held-out E1: "1.研究春节前农民工工资支付和返乡安排；2.研究项目党建工作要点" was pasted whole, numbers and all."""
    rows = classify_all([
        rec(month=1, day=7, kind="支委会", topic="1.研究春节前农民工工资支付和返乡安排；2.研究项目党建工作要点"),
        rec(month=3, day=4, kind="支委会", topic="研究防汛值守安排")])
    text = agenda_sentence("committee", rows, compute_stats(rows, year=2025))
    assert text == "支委会先后研究了春节前农民工工资支付和返乡安排、项目党建工作要点、防汛值守安排等事项。", text


def test_a_note_that_refers_back_to_a_decisions_figure_is_not_a_decision() -> None:
    """Held-out E1: "表彰优秀共产党员3名，表彰的3名优秀党员中2名来自一线工点" said the award twice."""
    rows = classify_all([rec(month=7, day=1, kind="支部党员大会", topic="七一表彰", content="表彰优秀共产党员3名",
                             note="表彰的3名优秀党员中2名来自一线工点")])
    text = agenda_sentence("party_congress", rows, compute_stats(rows, year=2025))
    assert text == "7月的支部党员大会表彰优秀共产党员3名。", text


def test_a_vote_count_goes_when_the_sheet_tells_what_some_of_the_votes_were() -> None:
    """Reading 27 (university): "讨论3名预备党员按期转正，6项表决全部通过" — 3 of the 6 votes were admissions the
    sheet tells, so the count hung on the 转正 alone."""
    rows = classify_all([rec(month=5, day=20, kind="党员大会", topic="讨论接收预备党员和预备党员转正",
                             content="讨论接收刘子航、陈思雨、黄博文为预备党员；讨论3名预备党员按期转正",
                             note="有表决权的党员18名，到会16名，6项表决全部通过")])
    stats = compute_stats(rows, year=2025)
    told = agenda_sentence("party_congress", rows, stats, told_elsewhere=["刘子航", "陈思雨", "黄博文"])
    assert "表决" not in told and "讨论3名预备党员按期转正" in told, told
    assert "6项表决全部通过" in agenda_sentence("party_congress", rows, stats)


def test_an_agenda_a_longer_one_says_is_not_listed_twice() -> None:
    """Reading 27 (village): "议题包括年度计划、党费公示、年度工作总结和党费收缴情况公示等"."""
    rows = classify_all([rec(month=3, day=27, kind="党员大会", topic="年度计划"),
                         rec(month=6, day=26, kind="党员大会", topic="党费公示"),
                         rec(month=12, day=26, kind="党员大会", topic="年度工作总结和党费收缴情况公示")])
    text = agenda_sentence("party_congress", rows, compute_stats(rows, year=2025))
    assert text == "支部党员大会的议题包括年度计划、年度工作总结和党费收缴情况公示等。", text


def test_one_agenda_is_named_beside_what_the_meetings_decided() -> None:
    """Run 28: the community's "年度工作总结和党费收缴情况公示" went unsaid once the other agendas were told elsewhere."""
    rows = classify_all([rec(month=6, day=18, kind="党员大会", topic="七一表彰", content="表彰优秀共产党员3名"),
                         rec(month=12, day=24, kind="党员大会", topic="年度工作总结和党费收缴情况公示")])
    text = agenda_sentence("party_congress", rows, compute_stats(rows, year=2025))
    assert text == "支部党员大会的议题包括年度工作总结和党费收缴情况公示等。6月的会议表彰优秀共产党员3名。", text
    alone = classify_all([rec(month=12, day=24, kind="党员大会", topic="年度工作总结")])
    assert agenda_sentence("party_congress", alone, compute_stats(alone, year=2025)) == ""
