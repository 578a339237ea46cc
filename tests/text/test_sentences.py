"""The one sentence splitter and heading pattern: every module that needs them agrees, decimals are never markers."""

from __future__ import annotations

import pytest

from drafter.documents.export.docx import classify
from drafter.documents.markdown_input import parse_draft_text
from drafter.documents.parse import parse_document
from drafter.drafting.postprocess import tidy
from drafter.text.sentences import heading_level, is_subheading, sentence_spans, split_sentences

DECIMAL = "3.5万元帮扶资金全部发放到困难群众手中。"


@pytest.mark.parametrize(("line", "level"), [
    ("一、加强政治建设", 1), ("（一）抓好理论学习", 2), ("(二)抓好理论学习", 2), ("1.开展主题党日", 3),
    ("2、开展主题党日", 3), ("3．开展主题党日", 3), ("（1）每月一次", 4), (DECIMAL, 0), ("62.5%的党员参加", 0),
    ("2025年3月5日，支部开展活动。", 0), ("一是加强学习。", 0), ("支部全年开展活动。", 0),
])
def test_heading_level(line: str, level: int) -> None:
    assert heading_level(line) == level
    assert is_subheading(line) == (level >= 2)


def test_split_sentences_keeps_marks_and_lines() -> None:
    text = "支部认真学习。党员积极参与！成效如何？\n（一）抓好学习\n末尾没有句号"
    assert split_sentences(text) == ["支部认真学习。", "党员积极参与！", "成效如何？", "（一）抓好学习", "末尾没有句号"]
    assert split_sentences("他说：“好。”然后离开；大家鼓掌。") == ["他说：“好。”", "然后离开；", "大家鼓掌。"]


def test_sentence_spans_leave_marks_out() -> None:
    text = "支部学习。党员参与；\n成效明显"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["支部学习", "党员参与", "成效明显"]


def test_decimal_is_not_a_heading_anywhere() -> None:
    """The assembler, the export, the parser and the tidier all read "3.5万元…" as a sentence."""
    assert classify(DECIMAL).level == 0
    assert tidy(DECIMAL) == DECIMAL
    doc = parse_document("标题\n\n一、帮扶工作\n" + DECIMAL + "\n1.走访慰问\n支部走访慰问困难党员。")
    section = doc.sections[0]
    assert DECIMAL in section.body and [c.heading for c in section.children] == ["走访慰问"]
    parsed = parse_draft_text("标题\n一、帮扶工作\n" + DECIMAL)
    assert parsed.sections[-1][2] == DECIMAL


def test_list_marks_still_become_prose() -> None:
    assert tidy("1. 加强学习。\n2、抓好落实。") == "加强学习。\n抓好落实。"
