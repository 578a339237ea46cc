"""Fact rules: unsupported numbers, dates, names and honours; facts left out of the draft."""

from __future__ import annotations

import pytest

from drafter.facts.sheet import FactSheet
from drafter.proofreading import fact_usage, review_sections
from drafter.text.numerals import cn_to_int
from tests.proofreading.conftest import review_one, rules


@pytest.mark.parametrize(("s", "n"), [("三十二", 32), ("一百零五", 105), ("二〇二五", 2025), ("两", 2), ("十二", 12),
                                      ("一万二千", 12000), ("x", None)])
def test_chinese_numerals(s: str, n: int | None) -> None:
    assert cn_to_int(s) == n


@pytest.mark.parametrize(("text", "expected"), [
    ("全年共开展集中学习15次。", ["15"]),
    ("党员参学率达到100%。", ["100%"]),
    ("共募集教育基金200余万元。", ["200"]),
    ("6月1日，支部开展主题党日。", ["6月1日"]),
    ("2025年3月6日，组织学雷锋活动。", ["2025年3月6日"]),
    ("平均分提高了3.5分。", ["3.5"]),
    ("3.5万元帮扶资金全部发放到户。", ["3.5"]),
    ("1.5万元用于慰问困难党员。", ["1.5"]),
])
def test_invented_numbers_and_dates_are_errors(facts: FactSheet, text: str, expected: list[str]) -> None:
    found = [f for f in review_one(text, facts) if f.rule == "unsupported_number"]
    assert [f.text for f in found] == expected
    assert all(f.severity == "error" for f in found)


def test_invented_chinese_counts_are_warnings(facts: FactSheet) -> None:
    found = [f for f in review_one("召开支部党员大会四次，表彰优秀党员八名。", facts) if f.rule == "unsupported_number"]
    assert [(f.text, f.severity) for f in found] == [("四次", "warning"), ("八名", "warning")]


def test_structure_counts_pass_but_people_counts_do_not(facts: FactSheet) -> None:
    assert rules(review_one("从三个方面、抓好四项重点工作、落实五条措施。", facts), "unsupported_number") == []
    assert rules(review_one("安排六名工作人员值守。", facts), "unsupported_number") == ["六名"]


def test_month_without_activity_is_a_warning(facts: FactSheet) -> None:
    found = [f for f in review_one("7月，支部组织党员学习。3月，开展学雷锋活动。", facts)
             if f.rule == "unsupported_number"]
    assert [(f.text, f.severity) for f in found] == [("7月", "warning")]


@pytest.mark.parametrize("text", [
    "支部现有党员34名，其中预备党员2名，在职党员31名、退休党员3名。",
    "支部现有党员三十四名。",
    "3月5日，组织党员28人到青湖社区开展志愿服务。",
    "2025年4月16日，周敏同志讲授专题党课。",
    "严格落实“三会一课”，坚持“一岗双责”，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "深入学习贯彻党的二十大和二十届三中全会精神，落实“第一议题”制度。",
    "一是加强学习；二是加强组织建设；第三，强化作风。",
    "一年来，支部组织一次专题学习，每月开展一次主题党日。",
    "1.加强理论学习。\n（2）规范组织生活。",
    "从三个方面做好工作，抓好四项重点任务。",
    "2024年打下基础，2025年全面推进，2026年巩固提高。",
    "庆祝建党104周年。",
    "学校党支部被评为区“五星级党支部”。",
    "周敏同志获评区优秀党务工作者。",
    "发展陈晓雯、刘洋为预备党员，确定王思远为入党积极分子。",
    "党员干部获得感、幸福感不断增强，全体党员同志积极参与。",
    "12月20日前完成民主评议。",
    "组织党员观看《榜样9》专题节目，学习《习近平谈治国理政》第五卷。",
    "以习近平同志为核心的党中央；学习雷锋同志、焦裕禄同志的先进事迹。",
    "支部现有党员三十四名，组织党员二十八人到社区志愿服务。",
])
def test_supported_or_generic_text_passes(facts: FactSheet, text: str) -> None:
    found = [f for f in review_one(text, facts) if f.rule.startswith("unsupported")]
    assert found == []


@pytest.mark.parametrize(("text", "name"), [
    ("李华同志作交流发言。", "李华"),
    ("支部书记张明同志讲授党课。", "张明"),
    ("由赵晓光老师主讲。", "赵晓光"),
    ("王建伟、王瑜佳、贺静芝三位老师为入党积极分子。", "王建伟"),
    ("发展孙丽、钱伟为预备党员。", "孙丽"),
])
def test_invented_names_are_flagged(facts: FactSheet, text: str, name: str) -> None:
    assert name in rules(review_one(text, facts), "unsupported_name")


@pytest.mark.parametrize("text", [
    "全体党员同志积极参与。", "青年教师同志们踊跃报名。", "支部书记带头讲党课。", "老党员同志发挥余热。",
    "周敏同志带头讲党课。", "陈晓雯同志按期转正。", "优秀党员同志作交流发言。",
    "成立由书记、校长组成的领导小组。", "书记何耀华任组长。", "党支部书记带头讲党课。",
])
def test_names_not_flagged(facts: FactSheet, text: str) -> None:
    assert rules(review_one(text, facts), "unsupported_name") == []


@pytest.mark.parametrize(("text", "honour", "severity"), [
    ("学校荣获市“文明校园”称号。", "文明校园", "error"),
    ("学校还获得江苏省“工人先锋号”、常州市“模范教工之家”光荣称号。", "工人先锋号", "error"),
    ("支部被评为区先进基层党组织。", "区先进基层党组织", "warning"),
    ("获评“优秀共产党员”称号。", "优秀共产党员", "error"),
])
def test_invented_honours_are_flagged(facts: FactSheet, text: str, honour: str, severity: str) -> None:
    found = {f.text: f.severity for f in review_one(text, facts) if f.rule == "unsupported_honour"}
    assert found.get(honour) == severity


@pytest.mark.parametrize("text", [
    "坚持“为学生幸福成长服务”的办学理念。", "党员的获得感不断增强。", "获得了群众的一致好评。",
    "支部被评为区“五星级党支部”。",
])
def test_honours_not_flagged(facts: FactSheet, text: str) -> None:
    assert rules(review_one(text, facts), "unsupported_honour") == []


def test_without_facts_no_fact_rules() -> None:
    found = review_one("李华同志获评“全国优秀党务工作者”，全年开展学习99次。", None)
    assert [f for f in found if f.rule.startswith("unsupported") or f.rule == "fact_unused"] == []


FULL = ("支部现有党员34名，其中预备党员2名，在职党员31名、退休党员3名。"
        "3月5日，支部开展学雷锋主题党日，组织党员到青湖社区志愿服务。"
        "4月16日，支部书记周敏讲授深入贯彻中央八项规定精神学习教育专题党课。"
        "9月10日，举办党员示范课展示，12名党员教师上示范课。"
        "发展陈晓雯、刘洋为预备党员，确定王思远为入党积极分子。"
        "学校党支部被评为区“五星级党支部”，周敏同志获评区优秀党务工作者。"
        "同时也要看到，部分党员理论学习主动性还不够。")


def test_all_facts_used_gives_no_unused_findings(facts: FactSheet) -> None:
    assert rules(review_one(FULL, facts), "fact_unused") == []
    usage = fact_usage([("s1", "", FULL, None)], facts)
    assert usage and all(c.used for c in usage)


def test_leaving_facts_out_is_flagged(facts: FactSheet) -> None:
    text = FULL.replace("、刘洋", "").replace("34名", "若干名").replace("9月10日，举办党员示范课展示，12名党员教师上示范课。", "")
    found = [f for f in review_one(text, facts) if f.rule == "fact_unused"]
    assert {f.text for f in found} == {"刘洋", "党员总数34名", "党员示范课展示活动"}
    assert all(f.section_id is None and f.severity == "warning" for f in found)


def test_an_answer_told_is_used_and_one_left_out_is_named_by_what_it_states(facts: FactSheet) -> None:
    answered = FactSheet.model_validate({**facts.model_dump(mode="json"),
                                         "answers": {"organisation": {"dues": 2400, "applicants": 3}}})
    usage = {c.ref: c for c in fact_usage([("s1", "", "全年收缴党费2400元。", None)], answered)}
    assert usage["answers.organisation.dues"].used  # found by what it states, not by its form label 党费收缴
    left = usage["answers.organisation.applicants"]
    assert not left.used and left.text == "本年有3名同志递交入党申请书" and left.label == "补充内容"


def test_activity_matches_leniently(facts: FactSheet) -> None:
    # Paraphrased title with most of its words, or the date with a few of them, counts as used.
    text = FULL.replace("举办党员示范课展示", "组织党员上示范课展示活动")
    assert "党员示范课展示活动" not in rules(review_one(text, facts), "fact_unused")


def test_activity_with_its_date_needs_fewer_words(facts: FactSheet) -> None:
    text = FULL.replace("9月10日，举办党员示范课展示", "9月10日，组织党员教师上公开课")
    assert "党员示范课展示活动" not in rules(review_one(text, facts), "fact_unused")
    text = FULL.replace("9月10日，举办党员示范课展示，12名党员教师上示范课。", "支部组织党员教师上公开课。")
    assert "党员示范课展示活动" in rules(review_one(text, facts), "fact_unused")


def test_numbers_match_in_chinese_numerals(facts: FactSheet) -> None:
    text = FULL.replace("34名", "三十四名")
    assert rules(review_one(text, facts), "fact_unused") == []


def test_unused_fact_goes_to_the_outline_section(facts: FactSheet) -> None:
    secs = [("opening", "", "2025年，支部扎实工作。", None), ("org", "二、组织建设", "发展陈晓雯为预备党员。", None)]
    found = review_sections(secs, facts, 2025, fact_sections={"members.developed": "org"})
    liu = next(f for f in found if f.rule == "fact_unused" and f.text == "刘洋")
    assert liu.section_id == "org"
    assert "二、组织建设" in liu.message


def test_a_ledger_drafts_rates_and_attendance_are_not_flagged() -> None:
    """A section's rate over its own routines is the ledger's number; "应到28人" in every told record is who came,
    not a fact told twice (before: one error and fourteen warnings on the example ledger's draft)."""
    from drafter.facts.ledger.classify import classify_all
    from drafter.facts.load import parse_facts
    from tests.facts.ledger._records import rec

    ledger = classify_all([rec(month=3, day=5, kind="党课", topic="赓续红色血脉", expected=28, present=26),
                           rec(month=4, day=3, kind="主题党日", topic="清明祭英烈", expected=28, present=24),
                           rec(month=5, day=5, kind="支委会", topic="研究工作", expected=5, present=5)])
    facts = parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会"}}).model_copy(update={"ledger": ledger})
    # 党课 + 主题党日: 50 of 56 = 89%; the whole ledger would be 55 of 61 = 90%
    text = "全年讲党课1次，开展主题党日活动1次，党员平均参会率89%。3月5日，支部讲党课，应到28人，实到26人。4月3日，支部开展主题党日，应到28人，实到24人。"
    found = review_one(text, facts)
    assert not [f for f in found if f.rule in ("unsupported_number", "genre_repeat")], found
    assert [f.text for f in review_one("党员平均参会率87%。", facts) if f.rule == "unsupported_number"] == ["87%"]
    # who came said the other way round ("26名党员参加") is no fact told twice either; a result figure is
    text = "3月5日，支部讲党课，26名党员参加。4月3日，支部开展主题党日，26名党员参加。"
    assert not [f for f in review_one(text, facts) if f.rule == "genre_repeat"]
    text = "3月5日，支部讲党课，表彰26名党员。4月3日，支部开展主题党日，表彰26名党员。"
    assert [f for f in review_one(text, facts) if f.rule == "genre_repeat"]
