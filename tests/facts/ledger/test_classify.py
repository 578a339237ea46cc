"""Classification of ledger rows into the 条例's routines or a theme, by templates/routines.yaml."""

from __future__ import annotations

import pytest

from drafter.errors import TemplateError
from drafter.facts.ledger.classify import (
    OTHER,
    classify,
    classify_all,
    correct,
    is_secretary_lecture,
    load_rules,
    routines_of,
    section_for,
    story_key,
    theme_of,
)
from tests.facts.ledger._records import rec

# (类别, 主题, 内容, expected primary, expected routines_of)
TABLE = [
    # the routines named in 类别, in their usual spellings
    ("支部党员大会", "传达学习全会精神", "", "party_congress", ["party_congress"]),
    ("党员大会", "", "", "party_congress", ["party_congress"]),
    ("支部大会", "", "", "party_congress", ["party_congress"]),
    ("支委会", "研究发展党员工作", "", "committee", ["committee"]),
    ("支部委员会会议", "", "", "committee", ["committee"]),
    ("支委扩大会", "", "", "committee", ["committee"]),
    ("支委（扩大）会议", "", "", "committee", ["committee"]),
    ("三会一课", "党小组学习", "", "group_meeting", ["group_meeting"]),
    ("支部书记讲党课", "", "", "party_lecture", ["party_lecture"]),
    ("廉政党课", "", "", "party_lecture", ["party_lecture"]),
    ("党小组会", "第一党小组学习", "", "group_meeting", ["group_meeting"]),
    ("党课", "七一专题党课", "", "party_lecture", ["party_lecture"]),
    ("微党课", "", "", "party_lecture", ["party_lecture"]),
    ("主题党日", "参观村史馆", "", "theme_day", ["theme_day"]),
    ("党员活动日", "", "", "theme_day", ["theme_day"]),
    ("组织生活会", "", "", "org_life", ["org_life"]),
    ("民主评议党员", "", "", "democratic_review", ["democratic_review"]),
    ("谈心谈话", "", "", "heart_talk", ["heart_talk"]),
    # the 类别 column wins: 党课 in the topic of a 主题党日 row, 组织生活会 in a 支委会's agenda
    ("主题党日", "七一专题党课", "", "theme_day", ["theme_day"]),
    ("支委会", "研究年度组织生活会准备工作", "", "committee", ["committee"]),
    ("支委会", "研究民主评议党员工作", "", "committee", ["committee"]),
    ("支部党员大会", "书记讲专题党课", "", "party_congress", ["party_congress"]),
    # several routines in one row: each counts, the one named first is primary
    ("组织生活会暨民主评议党员", "", "", "org_life", ["org_life", "democratic_review"]),
    ("民主评议党员暨组织生活会", "", "", "democratic_review", ["democratic_review", "org_life"]),
    ("组织生活会", "2025年度组织生活会暨民主评议党员", "", "org_life", ["org_life", "democratic_review"]),
    ("支部党员大会", "开展民主评议党员", "", "party_congress", ["party_congress", "democratic_review"]),
    ("主题党日+党课", "", "", "theme_day", ["theme_day", "party_lecture"]),
    # exclusions: what names a routine's words without being it
    ("民主生活会", "", "", OTHER, []),
    ("", "选举产生新一届支部委员会", "", "election", []),
    ("党代表大会", "", "", OTHER, []),
    ("党小组长会议", "", "", OTHER, []),
    # 类别 empty or generic: the topic decides, then the content
    ("", "七一专题党课", "", "party_lecture", ["party_lecture"]),
    ("其他", "召开支委会研究三季度工作", "", "committee", ["committee"]),
    ("", "", "会议由书记主持，召开支部党员大会", "party_congress", ["party_congress"]),
    # a 类别 naming only a theme leaves the topic to name the routine; the content is not read then
    ("集中学习", "召开支部党员大会传达全会精神", "", "party_congress", ["party_congress"]),
    ("志愿服务", "主题党日：清理河道", "", "theme_day", ["theme_day"]),
    ("志愿服务", "清理河道", "会前召开支委会研究分工", "volunteer", []),
    # themes
    ("志愿服务", "防汛值守", "", "volunteer", []),
    ("其他", "学雷锋志愿服务", "", "volunteer", []),
    ("警示教育", "观看警示教育片", "", "warning", []),
    ("集中学习", "学习新修订的条例", "", "study", []),
    ("", "走访慰问老党员", "", "visit", []),
    ("", "赴烈士陵园缅怀革命先烈", "", "red_education", []),
    ("", "与县农业局党支部开展联建共建", "", "co_build", []),
    ("", "确定入党积极分子", "", "recruitment", []),
    ("业务工作", "党员带头推进人居环境整治", "", "business", []),  # kind first: not 志愿服务's 环境整治
    # nothing known: 其他, never dropped
    ("", "支部活动室整修", "", OTHER, []),
    ("", "", "", OTHER, []),
]


@pytest.mark.parametrize(("kind", "topic", "content", "primary", "routines"), TABLE)
def test_classification_table(kind: str, topic: str, content: str, primary: str, routines: list[str]) -> None:
    record = classify(rec(kind=kind, topic=topic, content=content))
    assert record.routine == primary
    assert routines_of(record) == routines


def test_a_corrected_row_keeps_its_class() -> None:
    row = correct(rec(kind="支委会", topic="研究工作"), "party_congress")
    assert row.routine_fixed
    again = classify_all([row])[0]
    assert again.routine == "party_congress"
    assert routines_of(again) == ["party_congress"]


def test_a_corrected_row_keeps_the_joint_routine_its_own_words_name() -> None:
    row = correct(rec(kind="其他", topic="组织生活会暨民主评议党员"), "org_life")
    assert routines_of(row) == ["org_life", "democratic_review"]


def test_correcting_to_a_theme_counts_for_no_routine() -> None:
    row = correct(rec(kind="主题党日", topic="防汛志愿服务"), "volunteer")
    assert routines_of(row) == []
    assert theme_of(row) == "volunteer"


def test_correcting_to_an_unknown_class_says_which_exist() -> None:
    with pytest.raises(TemplateError, match="支部党员大会"):
        correct(rec(kind="支委会"), "no_such_routine")


def test_classify_all_drops_nothing_and_keeps_order() -> None:
    rows = [rec(row=i, kind=k) for i, k in enumerate(["支委会", "？？", "", "党课"], start=2)]
    out = classify_all(rows)
    assert [r.row for r in out] == [2, 3, 4, 5]
    assert [r.routine for r in out] == ["committee", OTHER, OTHER, "party_lecture"]


@pytest.mark.parametrize(("kind", "topic", "theme"), [
    ("主题党日", "学雷锋志愿服务", "volunteer"),
    ("主题党日", "节后复工“安全第一课”", "business"),  # held-out E1: a site's safety briefing is no 理论学习
    ("主题党日", "民营企业“法治体检”", "service"),  # held-out E2: a law firm's service to firms is no 理论学习
    ("主题党日", "参观村史馆", None),
    ("支部党员大会", "讨论接收预备党员", "recruitment"),
    ("支委会", "研究党纪学习教育安排", "warning"),
    ("志愿服务", "", "volunteer"),
    ("", "", OTHER),
    ("志愿服务", "主题党日：清理河道", "volunteer"),
])
def test_theme_of_a_routine_row_comes_from_its_topic(kind: str, topic: str, theme: str | None) -> None:
    assert theme_of(classify(rec(kind=kind, topic=topic))) == theme


@pytest.mark.parametrize(("kind", "topic", "host", "secretary", "expected"), [
    ("党课", "专题党课", "支部书记王建国", "", True),
    ("党课", "专题党课", "书记", "", True),
    ("党课", "专题党课", "王建国", "王建国", True),
    ("党课", "专题党课", "王建国", "", False),
    ("党课", "专题党课", "副书记李梅", "", False),
    ("党课", "书记讲党课：守初心", "", "", True),
    ("党课", "专题党课", "组织委员李梅", "王建国", False),
    ("支委会", "书记讲党课安排", "书记", "", False),  # not a 党课 at all
])
def test_secretary_lecture(kind: str, topic: str, host: str, secretary: str, expected: bool) -> None:
    assert is_secretary_lecture(rec(kind=kind, topic=topic, host=host), secretary) is expected


def test_rules_have_labels_and_unit() -> None:
    rules = load_rules()
    assert [r.label for r in rules.routines] == ["支部党员大会", "支委会", "党小组会", "党课", "主题党日",
                                                 "组织生活会", "民主评议党员", "谈心谈话"]
    assert all(r.unit == "次" for r in rules.routines)
    assert rules.label("secretary_lecture") == "书记讲党课"
    assert rules.label(OTHER) == "其他"


@pytest.mark.parametrize(("key", "kind", "sections", "expected"), [
    ("party_congress", "annual_summary", ["opening", "theory", "organisation", "discipline", "service"],
     "organisation"),
    ("democratic_review", "annual_summary", ["theory", "organisation"], "organisation"),
    ("party_lecture", "annual_summary", ["theory", "organisation"], "theory"),
    ("study", "annual_summary", ["theory", "service"], "theory"),
    ("warning", "annual_summary", ["discipline", "service"], "discipline"),
    ("volunteer", "annual_summary", ["theory", "service"], "service"),
    ("visit", "annual_summary", ["theory", "service"], "service"),
    ("warning", "annual_summary", ["theory", "organisation", "service"], "service"),  # section removed: fallback
    ("warning", "annual_summary", ["problems"], None),
    ("theme_day", "annual_plan", ["goals", "tasks", "schedule"], "tasks"),
    ("org_life", "thematic_summary", ["stages", "results"], "results"),
    ("volunteer", "thematic_summary", ["stages", "results"], "stages"),
    ("unknown_key", "annual_summary", ["theory", "service"], "service"),
])
def test_section_for(key: str, kind: str, sections: list[str], expected: str | None) -> None:
    assert section_for(key, kind, sections) == expected


def test_every_routine_and_theme_has_a_section_in_every_template() -> None:
    rules = load_rules()
    keys = [r.key for r in rules.routines + rules.themes] + ["secretary_lecture"]
    for kind, sections in rules.sections.items():
        routed = {k for ks in sections.values() for k in ks}
        assert set(keys) <= routed, kind


def test_a_broken_rules_file_says_what_to_fix(tmp_path) -> None:
    (tmp_path / "routines.yaml").write_text(
        "routines: []\nthemes: [{key: study, label: 学习教育}]\nsecretary_lecture: {key: s, label: 书记讲党课, "
        "host_patterns: [], text_patterns: []}\nsections: {}\nfallback: {}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="routines.yaml 格式有误"):
        load_rules(tmp_path)
    with pytest.raises(TemplateError, match="无法读取"):
        load_rules(tmp_path / "missing")


def test_the_lecturer_is_who_the_content_names_not_who_chaired():
    from drafter.facts.ledger.classify import is_secretary_lecture, lecturer_of

    guest = classify_all([rec(kind="党课", topic="学习贯彻习近平总书记关于教育的重要论述", host="何建华",
                              content="校党委书记李国平到支部讲党课，结合教育强国建设讲新时代教师的使命担当。")])[0]
    assert lecturer_of(guest) == "校党委书记李国平" and not is_secretary_lecture(guest, "何建华")
    own = classify_all([rec(kind="党课", topic="带头干好乡村振兴", host="刘福林", content="书记结合村情讲党课")])[0]
    assert lecturer_of(own) == "刘福林" and is_secretary_lecture(own, "刘福林")


def test_a_theme_day_joined_with_a_lecture_counts_for_both_and_a_mention_does_not():
    joined = classify_all([rec(kind="主题党日", topic="庆祝建党104周年“七一”主题党日暨书记讲党课")])[0]
    assert routines_of(joined) == ["theme_day", "party_lecture"]
    mention = classify_all([rec(kind="主题党日", topic="观看党课视频")])[0]
    assert routines_of(mention) == ["theme_day"]


@pytest.mark.parametrize(("topic", "content", "theme"), [
    ("纪念中国人民抗日战争暨世界反法西斯战争胜利80周年", "组织党员集中收看纪念大会直播", "red_education"),
    ("党员结对帮扶学困生", "每名党员结对2至3名学困生", "business"),  # the teachers' own work (TRUTH B)
])
def test_themes_a_held_out_ledger_had_wrong(topic: str, content: str, theme: str):
    row = classify_all([rec(kind="主题党日", topic=topic, content=content)])[0]
    assert theme_of(row) == theme


@pytest.mark.parametrize(("kind", "topic", "content", "theme"), [
    # the third held-out pair: activities filed by a keyword of their name rather than what they were
    ("社会实践", "“红色筑梦”暑期支教", "党员服务队到青山县石门小学支教", "volunteer"),
    ("主题党日", "“宪法宣传周”税收普法", "在办税服务厅设立普法咨询台", "service"),
    ("主题党日", "党员先锋岗“进大厅”导税服务", "引导纳税人网上办、掌上办", "business"),
    ("主题党日", "迎新党员先锋岗", "党员在迎新点引导新生报到", "volunteer"),
    ("主题党日", "党员学业帮扶“一帮一”", "12名党员结对帮扶15名学业困难同学", "business"),
    # the fourth (a police station): police work and service to the public were told as 理论学习
    ("主题党日", "“6·26”国际禁毒日禁毒宣传", "党员民警进3个小区开展禁毒宣传", "service"),
    ("主题党日", "警民恳谈会进社区", "在幸福里社区召开警民恳谈会，听取群众意见", "service"),
    ("主题党日", "夏季治安打击整治“党员突击队”授旗暨首次夜巡", "为3支党员突击队授旗", "business"),
    ("主题党日", "“11·9”消防宣传月 九小场所消防安全检查", "带队检查，宣讲消防安全知识", "business"),
    ("主题党日", "学习党的二十届四中全会公报", "集中学习，分3个党小组讨论", "study"),
])
def test_themes_the_third_held_out_ledger_had_wrong(kind, topic, content, theme) -> None:
    assert story_key(classify_all([rec(kind=kind, topic=topic, content=content)])[0]) == theme
