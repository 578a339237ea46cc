"""One record told (prose.py), theme sentences without dates, and the chronicle rule on composed paragraphs."""

from __future__ import annotations

import re

import pytest

from drafter.drafting.thematic.chronicle import chronicle_run, is_chronicle, opens_with_date
from drafter.drafting.thematic.prose import record_sentence
from drafter.drafting.thematic.rest import theme_sentence
from drafter.drafting.thematic.totals import aggregate_sentence, pick_representative
from drafter.facts.ledger.classify import classify_all
from tests.facts.ledger._records import SECRETARY, rec

DATE = re.compile(r"\d{1,4}\s*[年月日]|\d{4}[-/.]\d")


@pytest.mark.parametrize(("row", "expected"), [
    (rec(month=3, day=10, kind="支部党员大会", topic="传达学习全国两会精神", expected=28, present=26, place="党群服务中心"),
     "3月10日，支部在党群服务中心召开党员大会，传达学习全国两会精神，26名党员参加。"),
    (rec(month=3, day=5, kind="主题党日", topic="学雷锋志愿服务", content="组织党员清理村道垃圾3吨", present=22,
         note="群众反映很好"),
     "3月5日，支部以“学雷锋志愿服务”为主题开展主题党日活动，组织党员清理村道垃圾3吨，参加22人。群众反映很好。"),
    (rec(month=4, day=22, kind="党课", topic="以党纪学习教育推动作风转变", host="王建国"),
     "4月22日，支部书记王建国以“以党纪学习教育推动作风转变”为题讲党课。"),
    (rec(month=6, day=28, kind="党课", topic="七一专题党课", host="李梅"),
     "6月28日，李梅讲授七一专题党课。"),
    (rec(month=10, day=22, kind="走访慰问", topic="走访慰问老党员", content="走访慰问老党员8人，送去慰问金4000元", present=6),
     "10月22日，支部走访慰问老党员8人，送去慰问金4000元，参加6人。"),
    (rec(month=2, day=20, kind="主题党日", topic="“新春送温暖”走访慰问"),
     "2月20日，支部以“‘新春送温暖’走访慰问”为主题开展主题党日活动。"),
    (rec(month=4, day=3, kind="主题党日", topic="清明祭扫", content="组织党员赴烈士陵园祭扫", place="烈士陵园"),
     "4月3日，支部结合清明节组织党员赴烈士陵园祭扫。"),  # the content retells the title: told by it
    (rec(month=12, day=26, kind="组织生活会", topic="2025年度组织生活会暨民主评议党员"),
     "12月26日，支部召开2025年度组织生活会暨民主评议党员。"),
    (rec(month=5, day=10, kind="其他", topic="党纪学习教育读书班"), "5月10日，支部举办党纪学习教育读书班。"),
    (rec(month=5, day=11, kind="支委会"), "5月11日，支部召开支委会。"),
    # a label before a colon is not the title; the content's own full stops and lines become semicolons
    (rec(month=3, day=12, kind="三会一课", topic="支部书记讲党课：赓续红色血脉", host="张华"),
     "3月12日，支部书记张华以“赓续红色血脉”为题讲党课。"),
    (rec(month=7, day=1, kind="主题党日", topic="七一主题党日：重温入党誓词"), "7月1日，支部开展主题党日活动，重温入党誓词。"),
    (rec(month=4, day=9, kind="主题党日", topic="清明节缅怀先烈", content="全体党员敬献花篮。\n会后开展座谈。"),
     "4月9日，支部以“清明节缅怀先烈”为主题开展主题党日活动，全体党员敬献花篮；会后开展座谈。"),
    # a theme's bare name takes the theme's verb
    (rec(month=5, day=20, kind="理论学习", topic="《习近平谈治国理政》第五卷", present=30),
     "5月20日，支部集中学习《习近平谈治国理政》第五卷，30名党员参加。"),
    (rec(month=9, day=1, kind="志愿活动", topic="开学季护学岗"), "9月1日，支部开展“开学季护学岗”志愿服务活动。"),
    # the routine named in the topic or (no topic) at the head of the content is not said twice
    (rec(month=11, day=5, kind="会议", content="召开支委会研究年度考核"), "11月5日，支部召开支委会研究年度考核。"),
    (rec(month=7, day=2, kind="支委会", topic="召开支委会研究发展党员"), "7月2日，支部召开支委会研究发展党员。"),
])
def test_record_sentence(row, expected: str) -> None:
    assert record_sentence(classify_all([row])[0], secretary=SECRETARY) == expected


def test_record_sentence_invents_no_figure(records) -> None:
    for record in records:
        text = record_sentence(record)
        fields = f"{record.date.month}月{record.date.day}日 {record.topic} {record.content} {record.note} " \
                 f"{record.expected} {record.present} {record.place} {record.host}"
        assert set(re.findall(r"\d+", text)) <= set(re.findall(r"\d+", fields)), text


def test_the_theme_sentences_of_the_fixture(stats) -> None:
    groups = {g.key: g.records for g in stats.themes}
    assert theme_sentence("volunteer", groups["volunteer"]) == \
        "围绕志愿服务，先后开展了学雷锋志愿服务、防汛志愿服务、重阳节敬老志愿服务等活动。"
    assert theme_sentence("red_education", groups["red_education"]) == \
        "围绕传承红色基因，支部以“清明祭扫革命烈士纪念碑”为主题开展主题党日活动。"
    assert theme_sentence("co_build", groups["co_build"]) == "围绕联建共建，支部与县农业局党支部开展联建共建。"
    # 党纪学习教育's 党课 is named as a lecture; its 支委会 agenda is not an activity
    assert theme_sentence("warning", groups["warning"]) == \
        "围绕加强党风廉政建设，先后开展了“以党纪学习教育推动作风转变”专题党课、党纪学习教育读书班、观看警示教育片等活动。"
    assert theme_sentence("recruitment", groups["recruitment"]) == ""  # meetings only: the totals tell them


def test_a_theme_sentence_has_no_dates_and_no_repeats() -> None:
    rows = classify_all([rec(row=i, month=i % 12 + 1, kind="志愿服务", topic=t) for i, t in enumerate(
        ["2025年3月学雷锋志愿服务", "3月5日学雷锋志愿服务", "学雷锋志愿服务活动", "2025.8防汛志愿服务"], start=2)])
    text = theme_sentence("volunteer", rows)
    assert not DATE.search(text), text
    assert text == "围绕志愿服务，先后开展了学雷锋志愿服务、防汛志愿服务等4项活动。"


def test_a_long_theme_names_six_and_counts_the_rest() -> None:
    rows = classify_all([rec(row=i, kind="学习", topic=f"专题学习第{n}讲") for i, n in
                         enumerate("一二三四五六七八", start=2)])
    text = theme_sentence("study", rows)
    assert text.count("、") == 5
    assert text.endswith("专题学习第六讲等8项活动。")
    assert theme_sentence("study", []) == ""


CHRONICLE = "2025年4月3日，支部开展A。2025年6月12日，支部组建B。2025年8月20日，支部开展C。9月1日，支部开展D。"


@pytest.mark.parametrize(("text", "expected"), [
    (CHRONICLE, True),
    ("3月5日，A。4月3日，B。5月1日，C。全年共开展活动10次。6月2日，D。", False),
    ("3月5日，A。4月3日，B。5月1日，C。", False),
    ("一是3月5日，A。二是4月3日，B。三是5月1日，C。四是6月2日，D。", True),
    ("（一）3月5日，A。\n（二）4月3日，B。\n3月中旬，C。\n2025-06-02，D。", True),
    ("3月5日，A；全年共计十次。4月3日，B；5月1日，C。6月2日，D。7月1日，E。", True),  # ； does not end a sentence
    ("全年召开支委会12次。3月5日，A。围绕学习，开展了B。4月3日，C。5月1日，D。", False),
    ("", False),
])
def test_the_chronicle_rule(text: str, expected: bool) -> None:
    assert is_chronicle(text) is expected


def test_chronicle_run_reports_the_whole_run() -> None:
    run = chronicle_run(CHRONICLE + "5月1日，E。全年成效明显。")
    assert len(run) == 5 and run[0].startswith("2025年4月3日") and run[-1] == "5月1日，E。"
    assert chronicle_run(CHRONICLE, max_run=4) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("3月5日，支部开展活动。", True), ("2025年3月，支部开展活动。", True), ("三月五日，支部开展活动。", True),
    ("3月份，支部开展活动。", True), ("支部于3月5日开展活动。", False), ("2025年，支部坚持……", False),
    ("30余名党员参加。", False),
])
def test_opens_with_date(sentence: str, expected: bool) -> None:
    assert opens_with_date(sentence) is expected


def test_a_composed_paragraph_is_no_chronicle(records, stats) -> None:
    picked = pick_representative(records, 3)
    groups = {g.key: g.records for g in stats.themes}
    text = aggregate_sentence(stats) + "".join(record_sentence(r) for r in picked) + \
        theme_sentence("volunteer", groups["volunteer"])
    assert not is_chronicle(text)
    # whereas four records told one after the other are one
    assert is_chronicle("".join(record_sentence(r) for r in records[:4]))


def test_others_sentence_names_single_records_of_several_themes() -> None:
    from drafter.drafting.thematic.rest import others_sentence

    rows = classify_all([rec(row=2, month=3, kind="其他", topic="与县农业局党支部开展联建共建"),
                         rec(row=3, month=5, kind="主题党日", topic="“我为群众办实事”"),
                         rec(row=4, month=9, kind="业务工作", topic="党员带头推进人居环境整治")])
    assert others_sentence(rows) == "此外，还开展了联建共建、“我为群众办实事”、人居环境整治等活动。"
    many = classify_all([rec(row=i, kind="其他", topic=f"活动{n}项目") for i, n in enumerate("甲乙丙丁戊己庚", start=2)])
    assert others_sentence(many).endswith("等7项活动。")
    assert others_sentence([]) == ""


def test_a_place_is_said_unless_the_text_goes_there() -> None:
    said = classify_all([rec(month=6, day=1, kind="主题党日", topic="学习如何做到两个维护", place="会议室")])[0]
    assert record_sentence(said) == "6月1日，支部在会议室开展主题党日活动，学习如何做到两个维护。"
    gone = classify_all([rec(month=6, day=2, kind="主题党日", topic="红色教育", content="组织党员前往延安参观",
                             place="延安革命纪念馆")])[0]
    assert "在延安革命纪念馆" not in record_sentence(gone)


def test_what_a_lecture_drew_on_goes_with_its_act_and_its_own_verb_is_not_doubled() -> None:
    row = classify_all([rec(kind="党课", topic="书记讲党课：学习贯彻党的二十届四中全会精神", host="韩立群",
                            content="结合“十五五”规划建议，讲全会精神和分局落实举措")])[0]
    text = record_sentence(row, secretary="韩立群")
    assert "为题讲党课，结合“十五五”规划建议讲全会精神和分局落实举措" in text, text
    assert text.count("讲") == 2


def test_a_lecturer_the_content_names_with_another_title_is_named_once() -> None:
    row = classify_all([rec(kind="党课", topic="以案为鉴 守牢廉洁底线", host="刘涛（县局党委委员、纪委书记）",
                            content="县公安局党委委员、纪委书记刘涛到联系点讲廉政党课，通报近年违纪违法案件")])[0]
    text = record_sentence(row)
    assert text.count("刘涛") == 1 and text.startswith("3月5日，县公安局党委委员、纪委书记刘涛以“以案为鉴 守牢廉洁底线”为题，到联系点讲党课")


def test_a_retold_title_whose_content_says_where_first_keeps_the_branch_as_subject() -> None:
    row = classify_all([rec(kind="主题党日", topic="警民恳谈会进社区", content="在幸福里社区召开警民恳谈会，听取群众意见",
                            present=17)])[0]
    assert record_sentence(row).startswith("3月5日，支部在幸福里社区召开警民恳谈会")


def test_a_talks_attendance_is_not_told_as_members_who_came() -> None:
    # the 实到 of a 谈心谈话 is who talked ("参加人员：支委"): "3名党员参加" read as a talk with 3 members
    row = classify_all([rec(kind="谈心谈话", topic="支委与党员谈心", content="支委分头上门与每名党员谈心", present=3)])[0]
    assert "参加" not in record_sentence(row)


def test_a_home_is_where_the_visits_went_not_where_the_branch_met() -> None:
    row = classify_all([rec(kind="主题党日", topic="元宵节走访慰问独居老人", place="辖区居民家中",
                            content="送去元宵", note="走访独居老人18户", present=15)])[0]
    assert "家中" not in record_sentence(row)


def test_who_came_follows_the_act_when_the_content_has_figures_of_its_own() -> None:
    row = classify_all([rec(kind="主题党日", topic="敬老月", present=4,
                            content="走访慰问离退休老党员7人，听取老同志意见建议3条")])[0]
    text = record_sentence(row)
    assert not text.endswith("参加4人。") and "参加4人" in text, text


def test_steps_of_a_procedure_are_told_as_one_clause_with_a_verb():
    """Reading 23: "……民主评议党员，党员个人自评、党员互评、民主测评，支委会综合评定等次，26名党员参加" was marked
    as fragments without a verb in three drafts."""
    row = classify_all([rec(kind="民主评议", topic="2024年度民主评议党员",
                            content="党员个人自评、党员互评、民主测评，支委会综合评定等次", expected=28, present=26)])[0]
    text = record_sentence(row)
    assert "按党员个人自评、党员互评、民主测评、支委会综合评定等次的程序进行" in text, text
    # a content with a verb, or of two parts, is told as given
    other = classify_all([rec(kind="民主评议", topic="民主评议党员", content="党员自评、互评，评出优秀党员4名")])[0]
    assert "的程序进行" not in record_sentence(other)


def test_a_time_before_the_act_comes_before_the_place():
    """Reading 23: "支部在书记办公室组织生活会前开展谈心谈话" read as a 组织生活会 held in the office."""
    row = classify_all([rec(kind="谈心谈话", topic="组织生活会前开展谈心谈话", place="书记办公室",
                            content="书记与支委逐一谈心")])[0]
    text = record_sentence(row)
    assert "支部在组织生活会前于书记办公室开展谈心谈话" in text, text
    # a time inside a quoted theme stays where it is (run 27: "支部在以“春节前于辖区各社区走访慰问”为主题……")
    named = classify_all([rec(kind="主题党日", topic="春节前走访慰问", place="辖区各社区", content="送去慰问金")])[0]
    text = record_sentence(named)
    assert "在辖区各社区以“春节前走访慰问”为主题" in text, text


def test_the_secretary_named_by_post_is_told_by_name():
    """Held-out E2: "沈主任" in the 主讲 column is the secretary 沈嘉禾: "支部书记沈嘉禾", not "支部书记沈主任"."""
    row = classify_all([rec(kind="党课", topic="落实中央八项规定精神", host="沈主任", present=15)])[0]
    text = record_sentence(row, secretary="沈嘉禾")
    assert "支部书记沈嘉禾" in text and "沈主任" not in text, text


def test_a_lecture_whose_topic_is_what_was_done_and_whose_content_names_the_post_again():
    """Run 27, held-out E1: "汪建平以“宣讲党的二十届四中全会精神”为题讲党课，公司党委书记到项目宣讲全会精神"."""
    row = classify_all([rec(kind="党课", topic="宣讲党的二十届四中全会精神", host="汪建平（公司党委书记、董事长）",
                            content="公司党委书记到项目宣讲全会精神，并对项目年底冲刺提出要求", present=25)])[0]
    text = record_sentence(row)
    assert "汪建平讲党课，宣讲党的二十届四中全会精神，并对项目年底冲刺提出要求" in text, text


def test_a_lectures_subtitle_on_the_contents_first_line_joins_the_title():
    """Reading 27 (law firm): "……为题讲党课，做忠诚干净担当的法律人；结合……" — the subtitle read as a stray clause."""
    row = classify_all([rec(kind="党课", topic="落实中央八项规定精神", host="沈嘉禾", present=15,
                            content="做忠诚干净担当的法律人\n结合律师行业违规执业案例讲执业纪律和廉洁从业")])[0]
    text = record_sentence(row, secretary="沈嘉禾")
    assert "以“落实中央八项规定精神 做忠诚干净担当的法律人”为题讲党课，结合律师行业" in text, text
