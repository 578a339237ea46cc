"""Reading Markdown and plain-text drafts into sections for `drafter check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.documents.markdown_input import parse_draft_text, read_draft_file
from drafter.errors import InputError
from tests.proofreading.conftest import SEEDS

MD = """# 青湖实验小学党支部2025年度工作总结

2025年，支部坚持以习近平新时代中国特色社会主义思想为指导。

现将一年来的工作总结如下：

## 一、强化理论武装，筑牢思想根基

一是落实“三会一课”。

### （一）抓好集中学习

二是开展专题党课。

## 二、加强组织建设

支部现有党员34名。

中共青湖实验小学支部委员会
2025年12月20日
"""


def test_markdown_shape() -> None:
    p = parse_draft_text(MD)
    assert p.title == "青湖实验小学党支部2025年度工作总结"
    assert [(sid, h) for sid, h, _ in p.sections] == [
        ("opening", ""), ("s1", "一、强化理论武装，筑牢思想根基"), ("s2", "二、加强组织建设")]
    assert p.sections[0][2] == "2025年，支部坚持以习近平新时代中国特色社会主义思想为指导。\n现将一年来的工作总结如下："
    assert p.sections[1][2] == "一是落实“三会一课”。\n（一）抓好集中学习\n二是开展专题党课。"
    assert p.sections[2][2] == "支部现有党员34名。"
    assert (p.signature_unit, p.signature_date) == ("中共青湖实验小学支部委员会", "2025年12月20日")
    assert p.year_hint() == 2025
    assert p.as_input()[1] == ("s1", "一、强化理论武装，筑牢思想根基", p.sections[1][2], None)


def test_plain_text_with_ordinal_headings() -> None:
    text = "某校党支部2025年工作计划\n\n今年支部将……\n一、指导思想\n坚持……\n二、主要任务\n1.加强学习。\n\n某校党支部\n2025年1月8日\n"
    p = parse_draft_text(text)
    assert p.title == "某校党支部2025年工作计划"
    assert [h for _, h, _ in p.sections] == ["", "一、指导思想", "二、主要任务"]
    assert p.sections[2][2] == "1.加强学习。"
    assert p.signature_unit == "某校党支部"


def test_front_matter_is_skipped_and_no_signature_is_fine() -> None:
    p = parse_draft_text("---\nid: x\n---\n# 标题\n\n正文一段。\n")
    assert p.title == "标题" and p.sections == [("opening", "", "正文一段。")]
    assert p.signature_date == ""


def test_seed_last_paragraph_is_not_taken_for_the_unit() -> None:
    p = parse_draft_text(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    assert p.signature_date == "2013年12月6日" and p.signature_unit == ""
    assert p.sections[-1][2].endswith("党支部活动室还未布置。")
    assert len(p.sections) == 4


def test_read_errors_are_chinese(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法读取"):
        read_draft_file(tmp_path / "missing.md")
    (tmp_path / "empty.md").write_text("# 只有标题\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有正文"):
        read_draft_file(tmp_path / "empty.md")


def test_round_trip_with_the_exporters() -> None:
    # The contract with drafter/documents/export/markdown.py: what it writes, the reader gives back section by section.
    import datetime as dt

    from drafter.documents.draft import new_draft
    from drafter.documents.export.markdown import to_markdown, to_text
    from drafter.documents.outline import Outline, OutlineSection
    from drafter.facts.load import parse_facts

    facts = parse_facts({"year": 2025, "branch": {"name": "中共青湖实验小学支部委员会"}})
    outline = Outline(kind="annual_summary", title="青湖实验小学党支部2025年度工作总结", sections=[
        OutlineSection(id="opening", heading="", numbered=False, role="opening"),
        OutlineSection(id="a", heading="强化理论武装"), OutlineSection(id="b", heading="加强组织建设")])
    d = new_draft(facts, outline, signature_date=dt.date(2025, 12, 20))
    d.section("opening").record("2025年，支部扎实工作。\n现将一年来的工作总结如下：", "generated")
    d.section("a").record("（一）抓学习\n一是落实“三会一课”。", "generated")
    d.section("b").record("支部现有党员34名。", "generated")
    for text in (to_markdown(d), to_text(d)):
        p = parse_draft_text(text)
        assert p.title == d.title
        assert [(h, t) for _, h, t in p.sections] == [(s.heading, s.text) for s in d.sections]
        assert (p.signature_unit, p.signature_date) == ("中共青湖实验小学支部委员会", "2025年12月20日")
