"""Placeholders, chatbot tics and markdown marks, repetition and length."""

from __future__ import annotations

import pytest

from drafter.proofreading import review_sections
from tests.proofreading.conftest import review_one, rules


@pytest.mark.parametrize(("text", "expected"), [
    ("本人x任x村党支部书记以来", ["x", "x"]),
    ("20x年学校党支部围绕中心工作", ["20x"]),
    ("撰写好20__年度的社会责任报告", ["20__"]),
    ("向建党__周年献礼", ["__"]),
    ("由XX同志主讲专题党课", ["XX"]),
    ("组织党员赴××纪念馆参观", ["××"]),
    ("某某同志被评为优秀党员", ["某某"]),
    ("在[单位名称]的领导下", ["[单位名称]"]),
    ("{{branch_name}}召开党员大会", ["{{branch_name}}"]),
    ("【请填写活动名称】取得实效", ["【请填写活动名称】"]),
    ("全年共发展党员（ ）名", ["（ ）"]),
    ("201x年", ["201x"]),
])
def test_placeholders_are_flagged(text: str, expected: list[str]) -> None:
    found = review_one(text)
    assert rules(found, "placeholder") == expected
    assert all(f.severity == "error" for f in found if f.rule == "placeholder")


@pytest.mark.parametrize("text", [
    "严格落实“三会一课”制度，坚持“一岗双责”，增强“四个意识”。",
    "2025年3月5日，支部组织党员到社区开展志愿服务。",
    "通过微信群发送温馨MAIL，开展Excel培训。",
    "按3×4的方阵排列。",
    "二〇二五年，支部深入学习党的二十届三中全会精神。",
    "《上海市田林第二中学贯彻落实〈中小学教师职业道德规范〉实施细则》",
    "某些党员学习不够主动。",
    "探索“1+N”模式，形成“1+3+X”工作体系。",
])
def test_placeholders_not_flagged(text: str) -> None:
    assert rules(review_one(text), "placeholder") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("您好！以下是为您撰写的党支部工作总结。", ["您好", "以下是"]),
    ("总的来说，支部工作取得了成效。", ["总的来说"]),
    ("希望对你有帮助。", ["希望对你有帮助"]),
    ("希望以上内容对您有所帮助！", ["希望以上内容对您有所帮助"]),
    ("作为AI，我无法核实这些数据。", ["作为AI"]),
    ("谢谢！", ["谢谢"]),
    ("请根据实际情况修改。", ["请根据实际情况修改"]),
    ("**一是**加强学习。", ["**", "**"]),
    ("## 一、加强学习", ["##"]),
    ("- 加强学习\n- 加强组织", ["-", "-"]),
    ("如有其他需要，请随时告诉我。", ["如有其他需要"]),
    ("好的，下面是总结。", ["好的，"]),
    ("支部工作取得成效。（注：以上数据请核实）", ["（注："]),
    ("注：本节可删减。", ["注："]),
])
def test_chatbot_tics_are_flagged(text: str, expected: list[str]) -> None:
    found = review_one(text)
    assert sorted(rules(found, "chatbot")) == sorted(expected)
    assert all(f.severity == "error" for f in found if f.rule == "chatbot")


@pytest.mark.parametrize("text", [
    "综上所述，支部全年工作取得了明显成效。",  # normal in the genre
    "总之，新的一年，支部将继续努力。",  # plans close this way
    "感谢上级党委的关心支持。",
    "1.加强理论学习。\n（1）落实“第一议题”制度。",
    "党员干部要坚持以人民为中心——这是根本。",
    "如有问题及时上报支部。",
    "群众反映好的事情要坚持，关注度高的问题要重视。",
    "注重实效，注意方法。",
])
def test_chatbot_not_flagged(text: str) -> None:
    assert rules(review_one(text), "chatbot") == []


def test_placeholder_in_heading_and_title() -> None:
    found = review_sections([("s1", "一、XX工作", "正文内容。", None)], None, 2025, title="20__年度工作总结")
    where = {(f.where, f.text) for f in found if f.rule == "placeholder"}
    assert where == {("heading", "XX"), ("title", "20__")}


def test_offsets_point_at_the_text() -> None:
    text = "支部组织XX活动。"
    f = next(f for f in review_one(text) if f.rule == "placeholder")
    assert text[f.start:f.end] == f.text == "XX"


def test_repeated_sentence_is_flagged_and_third_time_is_error() -> None:
    s = "支部坚持把政治建设摆在首位。"
    found = review_one(s + "加强组织建设。" + s + s)
    reps = [f for f in found if f.rule == "repetition"]
    assert [f.severity for f in reps] == ["warning", "error"]
    assert all(f.text == "支部坚持把政治建设摆在首位" for f in reps)


def test_short_sentence_loop_is_an_error() -> None:
    found = [f for f in review_one("支部坚持学习。" * 4) if f.rule == "repetition"]
    assert [f.severity for f in found] == ["error", "error"]
    assert rules(review_one("成效明显。工作扎实。成效明显。"), "repetition") == []


def test_repetition_across_sections() -> None:
    secs = [("a", "", "全体党员积极参与社区志愿服务活动，受到群众好评。", None),
            ("b", "一、", "今年全体党员积极参与社区志愿服务活动，反响很好。", None)]
    found = [f for f in review_sections(secs, None, 2025) if f.rule == "repetition"]
    assert len(found) == 1 and found[0].section_id == "b"
    assert "全体党员积极参与社区志愿服务活动" in found[0].text


def test_fixed_terms_and_short_sentences_are_not_repetition() -> None:
    text = ("坚持以习近平新时代中国特色社会主义思想为指导。深入学习习近平新时代中国特色社会主义思想。"
            "成效明显。成效明显。用习近平新时代中国特色社会主义思想武装头脑。")
    assert rules(review_one(text), "repetition") == []


def test_no_repetition_in_varied_text() -> None:
    text = "一是加强理论学习，落实“三会一课”。二是加强组织建设，规范发展党员。三是加强作风建设，落实“一岗双责”。"
    assert rules(review_one(text), "repetition") == []


@pytest.mark.parametrize(("chars", "target", "severity"), [
    (300, 300, None), (230, 300, None), (370, 300, None),
    (200, 300, "warning"), (400, 300, "warning"),
    (140, 300, "error"), (500, 300, "error"), (0, 300, "error"),
])
def test_length_against_target(chars: int, target: int, severity: str | None) -> None:
    found = [f for f in review_one("党" * chars, target=target) if f.rule == "length"]
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_length_counts_characters_not_whitespace_and_no_target_no_check() -> None:
    assert rules(review_one("党 " * 300, target=300), "length") == []
    assert rules(review_one("党", target=None), "length") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("支部党员的commitment进一步增强。", ["commitment"]),
    ("党员干部make a difference，服务群众。", ["make", "difference"]),
    ("组织党员开展Team Building活动。", ["Team", "Building"]),
    ("支部始终把政治建设摆在首位。", []),
    ("推进智慧党建APP和PPT课件建设，提升GDP。", []),  # abbreviations usual in Chinese documents
    ("由XX同志主讲专题党课", []),  # a placeholder, reported by its own rule
    ("完成A级景区创建", []),  # a single letter is not a word
])
def test_latin_words_in_chinese_prose(text: str, expected: list[str]) -> None:
    found = review_one(text)
    assert rules(found, "latin") == expected
    assert all(f.severity == "error" and "外文" in f.message for f in found if f.rule == "latin")


def test_latin_words_from_the_facts_are_allowed(school_facts) -> None:
    facts = school_facts.model_copy(update={"highlights": ["上线“Smart Party”智慧党建平台"]})
    assert rules(review_one("支部依托Smart Party平台开展学习，smart party用户覆盖全体党员。", facts), "latin") == []
    assert rules(review_one("支部依托Smart平台开展Learning活动。", facts), "latin") == ["Learning"]
