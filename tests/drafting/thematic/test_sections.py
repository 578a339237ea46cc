"""A section's share of the fixture ledger: routing, totals, cases told once, the rest by theme, no chronicle."""

from __future__ import annotations

import re

import pytest

from drafter.drafting.thematic.chronicle import is_chronicle
from drafter.drafting.thematic.sections import keys_for_section, ledger_section, records_by_section, story_key
from drafter.facts.ledger.classify import classify_all, routines_of
from drafter.facts.ledger.stats import compute_stats
from tests.facts.ledger._records import SECRETARY, rec

SUMMARY = ["opening", "theory", "organisation", "discipline", "service", "problems", "next"]


@pytest.fixture(scope="module")
def stats(records):
    """(with the secretary's name: the sections count 书记讲党课 by it)"""
    return compute_stats(records, secretary=SECRETARY)


def test_every_record_goes_to_one_work_section(records) -> None:
    routed = records_by_section(records, "annual_summary", SUMMARY)
    assert set(routed) == {"theory", "organisation", "discipline", "service"}
    assert sum(len(v) for v in routed.values()) == 45


def test_a_theme_day_about_volunteering_is_told_with_the_volunteering() -> None:
    assert story_key(classify_all([rec(kind="主题党日", topic="学雷锋志愿服务")])[0]) == "volunteer"
    assert story_key(classify_all([rec(kind="主题党日", topic="参观村史馆")])[0]) == "theme_day"


def test_keys_for_section() -> None:
    # 谈心谈话 is organisation (组织生活), not discipline: readers marked it misplaced under 纪律
    assert keys_for_section("discipline", "annual_summary", SUMMARY) == ["warning"]
    assert "heart_talk" in keys_for_section("organisation", "annual_summary", SUMMARY)
    # without a discipline section, its keys go to the fallback
    assert "warning" in keys_for_section("service", "annual_summary", ["theory", "organisation", "service"])


def test_the_organisation_section(records, stats) -> None:
    piece = ledger_section("organisation", records, stats, "annual_summary", SUMMARY, secretary=SECRETARY)
    assert piece.aggregate == ("全年召开支部党员大会4次、支委会11次、党小组会8次、组织生活会1次，开展民主评议党员1次、"
                               "谈心谈话1次，"
                               "以上会议党员平均参会率95%。支部党员大会做到每季度召开。")
    # routine meetings are totalled, not told: the 谈心谈话 and the 组织生活会 are the cases
    assert [r.date.isoformat() for r in piece.told] == ["2025-11-20", "2025-12-26"]
    # the 支部党员大会's agendas are named (no dates); "第一党小组会" is a name, not an agenda
    # and the 支委会's, five spread over the year, "研究" said once
    assert piece.theme_sentences == ["支部党员大会的议题包括传达学习全国两会精神、讨论接收预备党员、学习《中国共产党纪律处分条例》、"
                                     "讨论预备党员转正等。",
                                     "支委会先后研究了全年党建工作、一季度工作、七一活动方案、重阳节慰问、年终考核等事项。"]


def test_the_service_section(records, stats) -> None:
    piece = ledger_section("service", records, stats, "annual_summary", SUMMARY, told=2)
    # only the themes a reader counts the same way are totalled (not 业务融合, 联建共建: named by keyword)
    assert piece.aggregate == "全年开展志愿服务活动3次、走访慰问活动3次。"
    assert [r.topic for r in piece.told] == ["学雷锋志愿服务", "防汛志愿服务"]
    # the figures of the rest come first with 此外; the rest by theme follow without a second 此外
    assert piece.theme_sentences[-1].startswith("还开展了") and "".join(piece.theme_sentences).count("此外") == 1
    rest = "".join(piece.theme_sentences)
    # a record of the rest told with its figure says who ("此外，支部还……"); after two dated cases it has no
    # month (three dated rows in a paragraph read as a chronicle); the rest named by theme has no dates
    figured, named = piece.theme_sentences[0], "".join(piece.theme_sentences[1:])
    assert figured.startswith("此外，支部还走访慰问老党员和困难党员8人")
    assert not re.search(r"\d+\s*[月日]", named)
    assert sum(bool(re.search(r"\d+\s*月", s)) for s in [*piece.told_sentences, *piece.theme_sentences]) == 2
    for told in piece.told:  # told once, not named again
        assert told.topic not in rest


@pytest.mark.parametrize("section", ["theory", "organisation", "discipline", "service"])
def test_no_section_is_a_chronicle(records, stats, section: str) -> None:
    piece = ledger_section(section, records, stats, "annual_summary", SUMMARY, told=3, secretary=SECRETARY)
    assert piece.text
    assert not is_chronicle(piece.text)
    # a paragraph tells at most two rows with their day or month, cases and rest together (reading 23 marked
    # every paragraph of three: "X月X日……。支部还于9月……。此外，支部还于10月……")
    pieces = [*piece.told_sentences, *piece.theme_sentences]
    assert sum(len(re.findall(r"\d{1,2}月(?!份)", p)) for p in pieces) <= 2, pieces
    for measured in (ledger_section(section, records, stats, "annual_summary", SUMMARY, by_measure=True,
                                    secretary=SECRETARY).measures):
        assert len(re.findall(r"\d{1,2}月", measured.text)) <= 2, measured.text


def test_a_section_the_ledger_does_not_feed_is_empty(records, stats) -> None:
    piece = ledger_section("problems", records, stats, "annual_summary", SUMMARY)
    assert piece.text == "" and piece.records == []


def test_a_section_of_several_kinds_of_work_is_told_by_measure(records, stats) -> None:
    piece = ledger_section("service", records, stats, "annual_summary", SUMMARY, by_measure=True)
    leads = [m.lead for m in piece.measures]
    # at most four measures, the largest groups; a lead that would echo the cases gives way to the next
    # ("为群众办实事" before "以“我为群众办实事”为主题……")
    # (up to five: a sixth group's records follow the measures; a paragraph of its own after 四是 was marked
    # as broken off in reading 23)
    assert leads == ["一是开展志愿服务。", "二是践行为民服务宗旨。", "三是关心关爱党员群众。", "四是推动党建与业务融合。",
                     "五是加强共建合作。"]
    assert piece.theme_sentences == ["此外，还开展了支部活动室整修等活动。"]
    # the rest of a measure's group: no "围绕……" (the lead names the kind of work)
    assert piece.measures[0].rest == ["此外，支部还以“重阳节敬老志愿服务”为主题开展主题党日活动。"]  # after two dated cases: no month
    # each measure tells its own group's records, at most two, and the rest of its group after them: one with
    # who and when, several named without dates
    for m in piece.measures:
        assert 1 <= len(m.told) <= 2
        assert all(s.startswith("此外，支部还于") or not re.search(r"\d+\s*月\s*\d+\s*日", s) for s in m.rest)
    assert [r.topic for r in piece.measures[0].told] == ["学雷锋志愿服务", "防汛志愿服务"]
    assert piece.told == [] and piece.text.count("一是") == 1 and "围绕" not in piece.text
    # no run of dated sentences: every measure opens with its lead
    assert not is_chronicle(piece.text)


def test_a_party_lecture_is_told_in_the_lecture_measure_whatever_its_theme() -> None:
    from drafter.drafting.thematic.sections import measure_key
    lecture = classify_all([rec(kind="党课", topic="学习贯彻党的二十届四中全会精神", host=SECRETARY)])[0]
    assert story_key(lecture) != "party_lecture" or measure_key(lecture) == "party_lecture"
    assert measure_key(lecture) == "party_lecture"
    assert measure_key(lecture, keys=["warning"]) == story_key(lecture)


def test_one_kind_of_work_is_one_paragraph_without_ordinals(records, stats) -> None:
    one_kind = [r for r in records if "heart_talk" not in routines_of(r)]
    piece = ledger_section("organisation", one_kind, stats, "annual_summary", SUMMARY, by_measure=True,
                           secretary=SECRETARY)
    assert piece.measures == [] and "一是" not in piece.text
    assert piece.text == ledger_section("organisation", one_kind, stats, "annual_summary", SUMMARY,
                                        secretary=SECRETARY).text


def test_a_talk_is_told_in_the_talks_measure_whatever_its_theme(records, stats) -> None:
    # (a 谈心谈话 with 积极分子 has the theme 发展党员: told under "做好发展党员工作" it read as misfiled)
    talk = classify_all([rec(month=8, day=20, kind="谈心谈话", topic="支委与入党积极分子谈心谈话", present=9)])[0]
    piece = ledger_section("organisation", [*records, talk], stats, "annual_summary", SUMMARY, by_measure=True,
                           secretary=SECRETARY)
    talks = [m for m in piece.measures if talk in m.told]
    assert talks and talks[0].lead.endswith("加强思想交流。")
    assert all(r.routine == "heart_talk" for r in talks[0].told)


def test_the_branchs_own_room_is_not_said_in_every_case() -> None:
    from drafter.drafting.thematic.sections import told_sentences, usual_places
    rows = classify_all([rec(month=m, day=5, kind="主题党日", topic=f"学习{m}", place="住院部五楼会议室", present=20)
                         for m in (1, 2, 3)] + [rec(month=4, day=2, kind="主题党日", topic="清明缅怀先烈",
                                                     place="县烈士陵园", present=25)])
    assert usual_places(rows) == {"住院部五楼会议室"}
    first, *_, last = told_sentences(rows, usual=usual_places(rows))
    assert "会议室" not in first and "在县烈士陵园" in last
    # a room of two records is no usual one
    assert usual_places(rows[:2]) == set()


def test_the_second_record_of_a_day_is_same_day_and_a_typed_comma_is_full_width() -> None:
    from drafter.drafting.thematic.sections import told_sentences
    rows = classify_all([rec(month=1, day=10, kind="组织生活会", topic="2024年度组织生活会",
                             content="支部对照检查,党员逐一发言"),
                         rec(month=1, day=10, kind="民主评议党员", topic="2024年度民主评议党员")])
    first, second = told_sentences(rows)
    assert first.startswith("1月10日，") and "对照检查，党员逐一发言" in first
    assert second.startswith("同日，") and "1月10日" not in second


def test_a_congress_on_the_eight_rules_is_told_in_the_discipline_section_not_among_the_agendas(records, stats):
    congress = classify_all([rec(month=3, day=26, kind="支部党员大会", topic="部署深入贯彻中央八项规定精神学习教育",
                                 content="传达街道党工委部署；审议通过支部2025年工作计划", expected=31, present=29)])[0]
    rows = [*(r for r in records if story_key(r) != "warning"), congress]
    discipline = ledger_section("discipline", rows, stats, "annual_summary", SUMMARY, by_measure=True)
    # a clause, not a quoted theme ("以“部署……”为主题召开……"), and no "支部召开支部党员大会"
    # and only what it did on the theme: "部署……部署" and the year's work plan were marked (reading 23)
    assert "3月26日，支部召开党员大会，部署深入贯彻中央八项规定精神学习教育，29名党员参加。" in discipline.text
    organisation = ledger_section("organisation", rows, stats, "annual_summary", SUMMARY, by_measure=True)
    assert "八项规定" not in "".join(organisation.agendas + organisation.theme_sentences)
    # any other 党员大会 is still totalled, not told
    assert all("党员大会" not in s for s in organisation.told_sentences)


def test_a_measures_lead_is_worded_for_the_kind_of_branch(records, stats) -> None:
    # a student branch's 学业帮扶 is 学风, not "业务" (marked "wrong word" for an undergraduate branch)
    plain = ledger_section("service", records, stats, "annual_summary", SUMMARY, by_measure=True)
    student = ledger_section("service", records, stats, "annual_summary", SUMMARY, by_measure=True, org="university")
    assert "四是推动党建与业务融合。" in [m.lead for m in plain.measures]
    assert "四是以党建促学风。" in [m.lead for m in student.measures]


def test_only_the_first_case_of_a_measure_opens_with_its_date(records, stats) -> None:
    piece = ledger_section("service", records, stats, "annual_summary", SUMMARY, by_measure=True)
    two = [m for m in piece.measures if len(m.told_sentences) == 2]
    assert two
    for m in two:
        first, second = m.told_sentences
        assert re.match(r"\d{1,2}月\d{1,2}日，", first) and second.startswith("支部还于"), m.told_sentences


def test_a_congress_told_in_the_discipline_section_is_no_warning_activity_in_its_total(records, stats) -> None:
    congress = classify_all([rec(month=3, day=26, kind="支部党员大会", topic="部署深入贯彻中央八项规定精神学习教育")])[0]
    rows = [*records, congress]
    before = ledger_section("discipline", records, stats, "annual_summary", SUMMARY).aggregate
    after = ledger_section("discipline", rows, compute_stats(rows, year=2025), "annual_summary", SUMMARY).aggregate
    assert re.search(r"警示教育活动\d+次", before) and before == after
