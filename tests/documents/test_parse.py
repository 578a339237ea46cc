"""The document parser on the seed-derived samples and on tricky hand-made inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.documents.parse import match_marker, parse_document, split_heading, year_of
from drafter.drafting.samples import read_sample

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# id -> (title, top-level headings, closing (unit, date) or None)
EXPECTED = {
    "seed-000": ("2013年度嘉泽中心小学党支部工作总结",
                 ["党支部工作目标和理念", "党支部工作内容和任务", "党支部工作成绩和不足"],
                 (None, "2013年12月6日")),
    "seed-001": ("创先争优促发展,三思三创葆先进 ——江北区实验小学2012年党支部工作总结",
                 ["不断加强学习,提高党性修养", "扎实开展“创先争优”和“三思三创”主题教育实践活动",
                  "发挥组织优势,推动民主决策"],
                 ("江北区实验小学", "20131")),
    "seed-002": ("2023-2023学年度小学学校党建工作计划",
                 ["扎实推进创先争优活动，做好七件实事", "扎实推进支部自身建设，争创先进基层党组织",
                  "精心策划“十个一”活动，隆重庆祝中国共产党成立90周年"],
                 None),
    "seed-003-1": ("党支部工作总结",
                   ["坚持原则,秉公办事", "心系百姓,勤政为民", "政务公开,体现民主", "扶贫帮困,持之以恒"], None),
    "seed-003-2": ("党支部工作总结",
                   ["把握理论学习本质,提高思想教育的针对性", "把握师德建设实质,提升精神文明的自觉性",
                    "把握群众路线要领,提领党建工作的有效性", "把握团队凝聚核心,发挥群众组织的能动性"], None),
    "seed-003-3": ("党支部工作总结",
                   ["坚持党员学习制度,抓好基层队伍建设", "抓好党风廉政建设,争做勤廉好干部",
                    "抓好民心工程,为民办好实事"], None),
    "seed-003-4": ("党支部工作总结",
                   ["加强教学管理,教学质量不断提高", "故事活动打造成学校文化建设的特色品牌",
                    "注重实效,提高德育工作针对性", "加强学校安全工作,营造和谐育人氛围",
                    "全面加强党的建设,充分发挥党组织的政治核心作用和党员的先锋模范作用,不断推进党的各项事业发展"],
                   None),
    "seed-003-5": ("党支部工作总结",
                   ["以倡导“求真务实”为根本,全力抓好党员干部队伍建设", "围绕中心搞创建,提升精神文明品味",
                    "加强党的建设,不断壮大支部力量", "改进党风政风,增强支部凝聚力"], None),
    "seed-004": ("田林二中党支部创先争优工作总结",
                 ["制定计划，宣传动员，创先争优活动拉开帷幕", "依托载体，重在行动，创先争优岗位谱写新篇",
                  "总结提升，推进创新，不断建立健全长效机制"],
                 ("田林二中党支部", "2012年9月")),
}


def test_every_sample_file_is_covered():
    assert sorted(p.stem for p in SAMPLES.glob("*.md") if p.name != "README.md") == sorted(EXPECTED)


@pytest.mark.parametrize("sample_id", sorted(EXPECTED))
def test_seed_sample_parses_into_its_real_structure(sample_id):
    title, headings, closing = EXPECTED[sample_id]
    doc = read_sample(SAMPLES / f"{sample_id}.md").parsed
    assert doc.title == title
    assert doc.headings == headings
    assert [s.level for s in doc.sections] == [1] * len(headings)
    assert [s.number for s in doc.sections] == list(range(1, len(headings) + 1))
    assert doc.opening, "every seed has an opening paragraph before its first heading"
    if closing is None:
        assert doc.closing is None
    else:
        assert (doc.closing.unit, doc.closing.date_text) == closing


def test_seed_000_full_width_spaces_and_sub_items():
    doc = read_sample(SAMPLES / "seed-000.md").parsed
    assert doc.opening[0].startswith("一年来") and doc.opening[0].endswith("现把一年来的工作汇报如下。")
    first = doc.sections[0]
    assert [c.marker for c in first.children] == ["1、", "2、", "3、"]
    assert all(c.level == 2 for c in first.children)
    second = doc.sections[1]
    assert second.children[0].heading == "加强队伍建设，增强理想信念"
    assert second.children[0].sep == "。"
    assert second.children[0].body.startswith("全体党员以“厚德修身、大道树人”为座右铭")
    # Padding U+3000 at line ends is gone; the ones inside a line are prose as published and stay.
    assert not any(p != p.strip() for s in doc.walk() for p in [s.heading, *s.body.split("\n")])
    assert doc.closing.year == 2013


def test_seed_001_half_width_sub_sections_and_ending():
    doc = read_sample(SAMPLES / "seed-001.md").parsed
    assert [c.heading for c in doc.sections[0].children] == [
        "加强理论学习,抓好作风建设", "推行微型党课充实基层组织生活", "扎实做好暑期师德培训工作"]
    assert doc.sections[0].children[0].style == "paren_cn"
    assert len(doc.opening) == 3 and doc.opening[-1] == "现将学校一年来的支部工作总结如下:"
    assert doc.ending and doc.ending[0].startswith("回顾近一年的学校支部工作")
    assert doc.closing.year == 2013  # "20131" = 2013年1月, garbled on the web page


def test_seed_003_2_ordinal_sub_sections():
    doc = read_sample(SAMPLES / "seed-003-2.md").parsed
    third = doc.sections[2]
    assert [c.heading for c in third.children] == [
        "用心开展群众路线活动", "智慧开展品牌项目建设", "规范开展基础党建工作", "有序推进党风廉政建设"]
    assert {c.style for c in third.children} == {"ordinal"}


def test_seed_003_3_arabic_top_level_with_paren_children():
    doc = read_sample(SAMPLES / "seed-003-3.md").parsed
    assert [s.marker for s in doc.sections] == ["1、", "2、", "3、"]
    assert [c.marker for c in doc.sections[2].children] == ["(1)、", "(2)、"]


def test_tricky_half_width_markers_and_same_line_text():
    text = """某某村党支部2025年工作总结

\u3000\u3000一年来，支部在镇党委领导下扎实工作。现将有关情况总结如下：


一、 强化理论武装。支部全年开展集中学习12次，一是……二是……三是……
(一)、学习制度化
坚持“三会一课”。
(二)抓好专题学习：结合党纪学习教育开展专题研讨。
1. 读原著
全年共读书3本，人均笔记1.5万字。
2.5%的党员参加了线上培训。
(1)个人自学
（2）集中研讨
二、组织建设，夯实基础
第一，规范组织生活。按月开展主题党日。
第二、发展党员1名
三、存在的问题和下一步打算
2026年，支部将继续努力。

某某村党支部委员会
\u3000\u3000\u3000\u3000二〇二五年十二月六日\u3000
"""
    doc = parse_document(text)
    assert doc.title == "某某村党支部2025年工作总结"
    assert doc.opening == ["一年来，支部在镇党委领导下扎实工作。现将有关情况总结如下："]
    assert doc.headings == ["强化理论武装", "组织建设，夯实基础", "存在的问题和下一步打算"]
    first = doc.sections[0]
    assert first.body == "支部全年开展集中学习12次，一是……二是……三是……"  # inline 一是 stays body text
    assert [(c.marker, c.heading, c.level) for c in first.children] == [
        ("(一)、", "学习制度化", 2), ("(二)", "抓好专题学习", 2)]
    assert first.children[0].body == "坚持“三会一课”。"
    assert first.children[1].body == "结合党纪学习教育开展专题研讨。"
    read = first.children[1].children[0]
    assert (read.marker, read.heading, read.level) == ("1.", "读原著", 3)
    # "2.5%" is a decimal, not heading 2.; it stays in the body of 1.
    assert read.body == "全年共读书3本，人均笔记1.5万字。\n2.5%的党员参加了线上培训。"
    assert [(c.heading, c.level) for c in read.children] == [("个人自学", 4), ("集中研讨", 4)]
    second = doc.sections[1]
    assert [(c.style, c.heading) for c in second.children] == [("ordinal", "规范组织生活"), ("ordinal", "发展党员1名")]
    assert doc.sections[2].body == "2026年，支部将继续努力。"
    assert doc.closing.unit == "某某村党支部委员会"
    assert doc.closing.date_text == "二〇二五年十二月六日"
    assert doc.closing.year == 2025


def test_long_marker_line_is_a_numbered_paragraph_not_a_heading():
    rest = "支部在推进创先争优活动中，以公开承诺为主线，将公开承诺与领导点评、群众评议、评选表彰有机衔接，做到环环紧扣。"
    assert split_heading("arabic", rest) == ("", "", rest)
    assert split_heading("arabic", "突出“三性”：即实践性、针对性、操作性，做好支部公开承诺，按“五好”要求，结合承担的职能和年度中心任务，向全体党员和群众公开承诺。") [:2] == ("突出“三性”", "：")
    assert split_heading("cn", "党支部工作目标和理念。\u3000\u3000") == ("党支部工作目标和理念", "", "")


def test_markers_that_are_not_headings():
    assert match_marker("2012年,江北区实验小学党支部") is None
    assert match_marker("一是加强对工会组织的领导。") is None
    assert match_marker("62.5%的骨干教师是党员") is None
    assert match_marker("第二是加强常态教育。") is None
    assert match_marker("(一)、学习")[:3] == ("paren_cn", 1, "(一)、")
    assert match_marker("十二、其他")[:2] == ("cn", 12)
    assert match_marker("第十一，其他")[:2] == ("ordinal", 11)


def test_markdown_marks_blank_noise_and_empty_input():
    doc = parse_document("# 某医院党支部2026年工作计划\n\n\n## 一、指导思想\n\n**坚持以习近平新时代中国特色社会主义思想为指导。**\n\n\n")
    assert doc.title == "某医院党支部2026年工作计划"
    assert doc.headings == ["指导思想"]
    assert doc.sections[0].body == "坚持以习近平新时代中国特色社会主义思想为指导。"
    assert parse_document("").sections == [] and parse_document("\n\u3000\n").title == ""


def test_document_without_title_or_headings():
    doc = parse_document("今年以来，我们全面推进各项工作，取得了较好的成效。\n支部共有党员20名。")
    assert doc.title == ""
    assert doc.sections == []
    assert len(doc.opening) == 2


def test_unit_and_date_on_one_line_and_subtitle():
    doc = parse_document("创先争优促发展\n——某小学2012年党支部工作总结\n一年来……\n一、学习\n内容。\n某小学党支部  2012年12月")
    assert doc.title == "创先争优促发展 ——某小学2012年党支部工作总结"
    assert (doc.closing.unit, doc.closing.date_text) == ("某小学党支部", "2012年12月")


def test_section_text_round_trips_heading_and_body():
    doc = parse_document("标题\n开头。\n一、总标题\n1、加强学习。全年学习12次。\n2、其他工作\n具体内容。")
    assert doc.sections[0].text() == "一、总标题\n1、加强学习。全年学习12次。\n2、其他工作\n具体内容。"


def test_year_of():
    assert year_of("2013年12月6日") == 2013
    assert year_of("20131") == 2013
    assert year_of("二〇二五年十二月") == 2025
    assert year_of("无日期") is None
