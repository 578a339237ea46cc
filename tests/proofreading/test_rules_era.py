"""Era markers: dated slogans and campaigns, anniversaries and stale years against the report year."""

from __future__ import annotations

import pytest

from drafter.facts.sheet import FactSheet
from drafter.proofreading.rules_era import load_era_table
from tests.proofreading.conftest import review_one, rules


def test_table_is_data_and_complete() -> None:
    table = load_era_table()
    ids = {m.id for m in table.markers}
    assert {"chuangxian_zhengyou", "eighteenth_congress", "nineteenth_congress", "twentieth_congress",
            "mass_line_campaign", "party_history_study", "eight_rules_study"} <= ids
    assert all(m.note and m.patterns for m in table.markers)
    assert all(m.start is None or m.end is None or m.start <= m.end for m in table.markers)


@pytest.mark.parametrize(("text", "expected"), [
    ("扎实开展创先争优活动", "创先争优"),
    ("认真学习贯彻党的十八大精神", "十八大"),
    ("深入学习十八届四中全会精神", "十八届四中"),
    ("认真贯彻党的十七届五中、六中全会精神", "十七届五中"),
    ("深入学习实践科学发展观", "学习实践科学发展观"),
    ("以邓小平理论和“三个代表”重要思想为指导", "以邓小平理论和“三个代表”重要思想为指导"),
    ("开展党的群众路线教育实践活动", "群众路线教育实践活动"),
    ("深入学习领会党的十九大精神", "十九大"),
    ("学习十九届六中全会精神", "十九届六中"),
    ("开展“不忘初心、牢记使命”主题教育", "“不忘初心、牢记使命”主题教育"),
    ("扎实开展党史学习教育", "党史学习教育"),
    ("迎接建党百年", "建党百年"),
    ("保持共产党员先进性教育活动", "保持共产党员先进性教育活动"),
    ("做好基层组织建设年各项工作", "基层组织建设年"),
])
def test_stale_markers_in_2025_are_errors(text: str, expected: str) -> None:
    found = [f for f in review_one(text) if f.rule == "era"]
    assert [f.text for f in found] == [expected]
    assert found[0].severity == "error"
    assert "2025年度" in found[0].message


@pytest.mark.parametrize("text", ["扎实开展“两学一做”学习教育", "践行“三严三实”", "编制“十三五”规划"])
def test_softer_markers_are_warnings(text: str) -> None:
    found = [f for f in review_one(text) if f.rule == "era"]
    assert len(found) == 1 and found[0].severity == "warning"


@pytest.mark.parametrize("text", [
    "深入学习贯彻党的二十大和二十届三中全会精神",
    "开展深入贯彻中央八项规定精神学习教育",
    "党的十八大以来，以习近平同志为核心的党中央推进全面从严治党",
    "持之以恒纠治“四风”",
    "不忘初心、牢记使命，扎实做好各项工作",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "学习贯彻党的二十届四中全会精神，谋划“十五五”发展",
    "庆祝建党104周年",
    "巩固拓展党纪学习教育成果",
    "2024年、2025年、2026年",
])
def test_current_phrases_in_2025_pass(text: str) -> None:
    assert rules(review_one(text), "era") == []


def test_year_decides() -> None:
    assert rules(review_one("开展创先争优活动", year=2011), "era") == []
    assert rules(review_one("学习党的十九大精神", year=2019), "era") == []
    assert rules(review_one("学习党的二十大精神", year=2019), "era") == ["二十大"]
    assert rules(review_one("学习二十届三中全会精神", year=2023), "era") == ["二十届三中全会"]
    assert rules(review_one("推进“十四五”规划收官", year=2026), "era") == ["“十四五”规划"]


def test_anniversary_numbers_follow_the_year() -> None:
    found = rules(review_one("隆重庆祝中国共产党成立90周年"), "era")
    assert found == ["中国共产党成立90周年"]
    assert rules(review_one("庆祝建党一百零四周年"), "era") == []
    assert rules(review_one("庆祝建党105周年", year=2026), "era") == []
    assert rules(review_one("庆祝新中国成立76周年"), "era") == []
    assert rules(review_one("庆祝新中国成立70周年"), "era") == ["新中国成立70周年"]


def test_stale_years_are_warnings() -> None:
    found = [f for f in review_one("2013年度，支部坚持学习；2011年9月~2014年8月") if f.rule == "era"]
    assert [f.text for f in found] == ["2013"]  # the range is a date, not the year the text is about
    assert {f.severity for f in found} == {"warning"}


@pytest.mark.parametrize(("text", "year"), [
    ("落实《国家中长期教育改革和发展规划纲要（2010-2020年）》", 2013),
    ("任村党支部书记（2011年9月~2014年8月）", 2025),
    ("2010年6月至今，支部坚持开展志愿服务", 2012),
    ("在“十一五”期间教师发展达标校的基础上", 2012),
    ("“十三五”时期的成果", 2025),
    ("2013年以来，自2015年起，学校成立于1958年", 2025),
    ("到2035年基本实现社会主义现代化", 2025),
    ("坚持理论武装同常态化长效化开展党史学习教育相结合", 2025),
    ("推动党纪学习教育常态化长效化", 2026),
    ("推进“两学一做”学习教育常态化制度化", 2025),
    ("有对总书记的“三严三实”的学习与讨论", 2014),
])
def test_dates_and_standing_forms_are_not_stale(text: str, year: int) -> None:
    assert rules(review_one(text, year=year), "era") == []


def test_a_period_before_its_plan_and_a_campaign_out_of_its_years_still_flag() -> None:
    assert rules(review_one("“十五五”时期", year=2023), "era") == ["“十五五”时期"]
    assert rules(review_one("扎实开展党史学习教育", year=2025), "era") == ["党史学习教育"]
    assert rules(review_one("深化创先争优长效机制", year=2014), "era") == []
    assert rules(review_one("深化创先争优长效机制", year=2025), "era") == ["创先争优"]
    assert rules(review_one("1999年，支部……", year=2025), "era") == ["1999"]


def test_users_own_facts_keep_a_marker(facts: FactSheet) -> None:
    text = "支部深化创先争优长效机制，总结2019年的经验"
    assert rules(review_one(text, facts), "era") == ["创先争优", "2019"]
    mine = facts.model_copy(update={"notes": "本支部2019年起持续开展创先争优品牌建设"})
    assert rules(review_one(text, mine), "era") == []
