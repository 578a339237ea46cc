"""Punctuation and number style: half-width marks, doubled marks, spaces beside digits, mixed decimals."""

from __future__ import annotations

import pytest

from drafter.proofreading.rules_punct import find_punctuation
from drafter.text.numerals import cn_decimal


def fixed(text: str) -> str:
    for f in sorted(find_punctuation("s", text), key=lambda f: -f.start):
        text = text[:f.start] + f.fix + text[f.end:]
    return text


@pytest.mark.parametrize(("text", "want"), [
    ("支部召开会议,学习条例;要求如下:一是学习。", "支部召开会议，学习条例；要求如下：一是学习。"),
    ('开展"学党章"活动(共3次),学习<中国共产党章程>.', "开展“学党章”活动（共3次），学习《中国共产党章程》。"),
    ("发挥'头雁'作用", "发挥‘头雁’作用"),
    ("完成任务，，成效明显。。", "完成任务，成效明显。"),
    ("完成任务，。", "完成任务。"),
    ("2025 年度共 32 名党员", "2025年度共32名党员"),
    ("(1)加强学习", "（1）加强学习"),
])
def test_fixes(text, want):
    assert fixed(text) == want


@pytest.mark.parametrize("text", [
    "经费1,000元，时间10:30。", "发放1.5万元。", "真的吗？！", "他说……", "学习《党章》——读原著。",
    "发展 Python 程序", "第二季度。", "积累一点一滴的经验。",
])
def test_leaves_correct_text_alone(text):
    assert find_punctuation("s", text) == []


def test_mixed_decimals_only_when_the_document_uses_arabic():
    assert find_punctuation("s", "增收一点五万元。") == []
    found = find_punctuation("s", "增收一点五万元，另有1.2万元。")
    assert [(f.text, f.fix, f.rule) for f in found] == [("一点五", "1.5", "number_style")]
    assert find_punctuation("s", "增收一点五万元。", document_has_arabic_decimal=True)[0].fix == "1.5"
    assert cn_decimal("十二", "五") == "12.5" and cn_decimal("二十三", "零五") == "23.05"
