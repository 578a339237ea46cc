"""The fact sheet: YAML format, validation messages in Chinese, cleaning, refs."""

from __future__ import annotations

import pytest

from drafter.errors import FactsError
from drafter.facts.load import dump_facts_yaml, load_facts_yaml, parse_facts

BASE = "year: 2025\nbranch: {name: 中共测试支部委员会}\n"


def problems(text: str) -> list[str]:
    with pytest.raises(FactsError) as info:
        load_facts_yaml(text)
    return info.value.problems


def test_bad_activity_date_names_position():
    text = BASE + "activities:\n  - {date: 2025-03-05, title: a}\n  - {date: 2025-03-05, title: b}\n" \
                  "  - {date: 2025-13-05, title: c}\n"
    assert problems(text) == ["活动第3条：日期应为 YYYY-MM-DD（如 2025-03-05）"]


def test_unknown_field_is_named():
    msgs = problems(BASE + "memberz: {total: 3}\n")
    assert any("memberz" in m and "无法识别" in m for m in msgs)


def test_nested_unknown_field_names_where():
    msgs = problems("year: 2025\nbranch: {name: 支部, foo: 1}\n")
    assert msgs == ["无法识别的栏目“foo”（位置：支部信息），请删除或改正拼写"]


def test_missing_branch_and_bad_year():
    msgs = problems("year: 1800\n")
    assert any(m.startswith("年度") for m in msgs)
    assert "支部信息：必须填写" in msgs


def test_negative_member_count():
    assert any("党员总数" in m for m in problems(BASE + "members: {total: -1}\n"))


def test_thematic_needs_theme():
    assert any("专题名称" in m for m in problems(BASE + "kind: thematic_summary\n"))


def test_empty_title_in_list():
    assert problems(BASE + "activities:\n  - {title: ''}\n") == ["活动第1条的标题：不能为空"]


def test_yaml_syntax_error_says_line():
    msgs = problems("year: 2025\nbranch: [\n")
    assert "YAML 格式错误" in msgs[0]


def test_not_a_mapping():
    with pytest.raises(FactsError):
        parse_facts(["a list"])


def test_control_characters_are_removed():
    facts = parse_facts({"year": 2025, "branch": {"name": "支部\x00\x07名\ud800"},
                         "achievements": ["荣获\x0b先进"]})
    assert facts.branch.name == "支部名"
    assert facts.achievements == ["荣获先进"]


def test_items_refs_and_round_trip(school_facts):
    refs = [it.ref for it in school_facts.items()]
    assert "activities[4]" in refs and "members.developed" in refs and "highlights[0]" in refs
    again = load_facts_yaml(dump_facts_yaml(school_facts))
    assert again == school_facts


def test_default_guiding_thought(school_facts):
    assert school_facts.guiding == "习近平新时代中国特色社会主义思想"


def test_split_notes_keeps_every_character_in_pieces_of_at_most_the_limit():
    from drafter.facts.sheet import NOTE_CHARS, split_notes

    assert split_notes("支部换届已完成。") == ["支部换届已完成。"]
    assert split_notes("第一段说明。\n\n第二段说明。") == ["第一段说明。", "第二段说明。"]
    long = "支部全年坚持学习制度，组织党员集中学习，开展专题研讨。" * 300 + "没有标点的一段" * 100
    pieces = split_notes(long)
    assert all(0 < len(p) <= NOTE_CHARS for p in pieces) and "".join(pieces) == long
    assert pieces[0].endswith("。")  # cut at a sentence end where there is one


def test_long_notes_are_several_facts_and_short_notes_keep_their_ref(school_facts):
    short = school_facts.model_copy(update={"notes": "本年度支部完成换届选举。"})
    assert [it.ref for it in short.items() if it.field == "notes"] == ["notes"]
    text = "支部情况说明，涉及多个方面的工作安排和人员变动。" * 800  # 19,200 characters pasted
    long = school_facts.model_copy(update={"notes": text})
    notes = [it for it in long.items() if it.field == "notes"]
    assert len(notes) > 50 and [it.ref for it in notes][:2] == ["notes[0]", "notes[1]"]
    assert "".join(it.text for it in notes) == text  # nothing cut
    assert long.item("notes[3]").text == notes[3].text
