"""The assembler keeps supported sentences, drops echoes, loops, invented numbers and stale slogans, back-fills facts."""

from __future__ import annotations

import pytest

from drafter.documents.templates import load_templates
from drafter.drafting.compose import template_text
from drafter.drafting.sentence_filter import Assembler


@pytest.fixture
def setup(settings, school_facts):
    ts = load_templates(settings.templates_dir)
    outline = ts.default_outline(school_facts)
    return Assembler(school_facts, ts), outline


GOOD = "支部坚持集中学习与个人自学相结合，引导党员读原著、学原文、悟原理。"


@pytest.mark.parametrize("bad, why", [
    ("字数：约420字（不少于336字，不超过504字），分2段。", "提示词"),
    ("直接输出续写的文字。", "提示词"),
    ("支部全年开展活动37次。", ""),
    ("扎实开展创先争优活动，深入学习十七大精神。", ""),
    ("总的来说，支部工作取得了显著成效。", ""),
    ("支部在20__年取得了XX项成绩。", ""),
    ("党员们以实际行动践行了commitment，赢得群众好评。", "外文"),
    ("3.5万元帮扶资金全部发放到困难群众手中。", "3.5"),
])
def test_bad_sentences_are_dropped(setup, bad, why):
    asm, outline = setup
    out = asm.assemble(GOOD + bad, outline.section("discipline"))
    assert bad not in out.text and GOOD in out.text
    assert out.dropped and why in out.dropped[0][1]


def test_supported_numbers_and_names_stay(setup):
    asm, outline = setup
    s = "2025年3月5日，支部组织党员28人到青湖社区开展志愿服务。周敏同志获评区优秀党务工作者。"
    assert asm.assemble(s, outline.section("service")).text.startswith(s)


def test_loops_are_cut(setup):
    asm, outline = setup
    out = asm.assemble(GOOD * 4 + "支部坚持集中学习与个人自学相结合，引导党员读原著、学原文。", outline.section("theory"))
    assert out.text.count("集中学习") == 1


def test_missing_facts_come_back(setup):
    asm, outline = setup
    out = asm.assemble(GOOD, outline.section("service"))
    for needle in ("2025年3月5日", "28人", "1260名学生", "2025年9月10日"):
        assert needle in out.text
    assert "activities[0]" in out.backfilled
    # the honour ("……被评为区“五星级党支部”") is the opening's: it comes back there
    opening = asm.assemble("2025年，支部较好地完成了全年各项任务。", outline.section("opening"))
    assert "五星级党支部" in opening.text


def test_tail_once_at_the_end(setup):
    asm, outline = setup
    tail = "现将一年来的工作总结如下："
    reply = "支部现有党员34名。现将一年来的工作总结如下：支部坚持党建引领。现将一年来的工作总结如下："
    text = asm.assemble(reply, outline.section("opening"), tail=tail).text
    assert text.count("现将一年来的工作总结如下") == 1 and text.endswith(tail)


def test_recited_fact_block_is_dropped(setup):
    asm, outline = setup
    reply = "单位：中共青湖实验小学支部委员会；类型：学校\n党员情况：支部现有党员34名；发展党员陈晓雯、刘洋\n" + GOOD
    out = asm.assemble(reply, outline.section("discipline"))
    assert "单位" not in out.text and "党员情况" not in out.text and GOOD in out.text


def test_dated_fact_of_another_section_is_dropped(setup):
    asm, outline = setup
    other = "2025年3月5日，支部开展学雷锋主题党日，组织党员28人到青湖社区开展志愿服务。"  # service's fact
    out = asm.assemble(GOOD + other, outline.section("theory"))
    assert "3月5日" not in out.text and out.dropped[0][1] == "属于其他小节的事实"
    assert "3月5日" in asm.assemble(GOOD + other, outline.section("service")).text


def test_list_lines_become_paragraphs(setup):
    asm, outline = setup
    reply = "专题党课：支部组织党员认真学习党的创新理论\n主题党日：支部定期开展主题党日活动。\n研讨交流：党员结合工作实际交流体会。"
    text = asm.assemble(reply, outline.section("theory")).text
    first = text.split("\n")[0]
    assert first.startswith("支部组织党员认真学习党的创新理论。支部定期开展主题党日活动。")
    assert "专题党课：" not in text and "研讨交流：" not in text


def test_long_text_is_trimmed_but_keeps_its_facts(setup):
    asm, outline = setup
    sec = outline.section("service")
    facts = ("2025年3月5日，支部开展学雷锋主题党日，组织党员28人到青湖社区开展志愿服务。"
             "2025年6月27日，支部召开庆祝建党104周年暨“七一”表彰大会，表彰优秀共产党员5名。"
             "2025年9月10日，支部开展党员示范课展示活动，12名党员教师上示范课。"
             "学校党支部被评为区“五星级党支部”。周敏同志获评区优秀党务工作者。"
             "“红领巾小讲堂”党建品牌覆盖全校1260名学生。")
    padding = "".join(f"支部在第{n}个方面持续用力，工作取得新的进展。".replace(f"第{n}个", c)
                      for n, c in enumerate("思想组织作风纪律制度服务业务群团宣传文化统战青年妇女", 1))
    out = asm.assemble(facts + padding * 3, sec)
    from drafter.text.clean import count_chars
    assert count_chars(out.text) <= sec.target_chars * 1.2
    for needle in ("3月5日", "104周年", "12名党员教师", "五星级党支部", "周敏", "1260名学生"):
        assert needle in out.text


def test_inline_labels_fragments_and_unknown_months(setup):
    asm, outline = setup
    reply = GOOD + "具体做法：支部书记带头讲党课。下一步打算。陈晓雯于2025年8月加入中国共产党。"
    text = asm.assemble(reply, outline.section("organisation")).text
    assert "具体做法" not in text and "支部书记带头讲党课。" in text
    assert "下一步打算。" not in text and "2025年8月" not in text  # no activity in August
    assert "2025年6月" in asm.assemble(GOOD + "2025年6月，支部表彰优秀党员。", outline.section("service")).text


def test_guiding_thought_is_not_a_purpose_echo(settings):
    from drafter.facts.load import load_facts_file
    from drafter.settings import RESOURCE_ROOT

    ts = load_templates(settings.templates_dir)
    facts = load_facts_file(RESOURCE_ROOT / "examples" / "hospital_plan_2026.yaml")
    asm = Assembler(facts, ts)
    sec = ts.default_outline(facts).section("guiding")
    good = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十届四中全会精神，推动党建与医疗业务深度融合。"
    assert asm.assemble(good, sec).text == good
    assert "写明全年工作" not in asm.assemble(good + "写明全年工作总体思路和主线，一段话。", sec).text


def test_emptied_section_falls_back_to_template(setup, settings):
    asm, outline = setup
    out = asm.assemble("字数：约420字。直接输出本节正文。", outline.section("discipline"))
    assert "2025年11月18日" in out.text and out.backfilled == ["activities[4]"]
    from drafter.facts.load import parse_facts

    ts = load_templates(settings.templates_dir)
    bare = parse_facts({"kind": "annual_plan", "year": 2026, "branch": {"name": "支部"}})
    sec = ts.default_outline(bare).section("guiding")
    out = Assembler(bare, ts).assemble("直接输出本节正文。", sec)
    assert out.text == template_text(bare, ts, sec) and out.backfilled == ["template"]


def test_repeated_phrase_is_a_loop_but_fact_wording_is_not(setup):
    asm, outline = setup
    a = "通过这次活动，大家增强了团队凝聚力和归属感。"
    b = "通过定期开展学习，我们也增强了团队凝聚力和归属感。"
    text = asm.assemble(GOOD + a + b, outline.section("theory")).text
    assert a in text and b not in text


def test_short_section_gets_the_template_lead(setup):
    asm, outline = setup
    sec = outline.section("discipline")
    text = asm.with_lead(asm.assemble("2025年11月18日，支部开展廉洁从教警示教育。", sec).text, sec)
    assert text.startswith("支部坚持把纪律和规矩挺在前面")
    similar = "支部坚持把纪律和规矩挺在前面，扎实推进党风廉政建设。"
    assert asm.with_lead(similar, sec) == similar


def test_latin_words_from_the_facts_stay(settings, school_facts):
    facts = school_facts.model_copy(update={"highlights": ["支部用WPS协同编辑党建台账"]})
    ts = load_templates(settings.templates_dir)
    asm = Assembler(facts, ts)
    s = "支部用WPS协同编辑党建台账，党务工作效率进一步提升。"
    assert s in asm.assemble(GOOD + s, ts.default_outline(facts).section("service")).text
