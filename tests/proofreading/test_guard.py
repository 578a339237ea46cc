"""Confidentiality guard: classification marks block a cloud provider and let the local one through."""

from __future__ import annotations

import pytest

from drafter.errors import ConfidentialError
from drafter.facts.load import parse_facts
from drafter.facts.sheet import FactSheet
from drafter.proofreading.guard import Mark, check_before_sending, gather_texts, scan

OATH = ("我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，严守党的纪律，"
        "保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，永不叛党。")

MARKED = [
    ("秘密★1年\n关于支部工作的报告", "秘密★1年"),
    ("机密★\n会议纪要", "机密★"),
    ("绝密★长期", "绝密★长期"),
    ("★秘密", "★秘密"),
    ("密级：秘密", "密级：秘密"),
    ("【机密】支委会会议纪要", "【机密】"),
    ("秘密\n关于发展党员的请示", "秘密"),
    ("内部资料 注意保密", "内部资料 注意保密"),
    ("内部资料，注意保存", "内部资料，注意保存"),
    ("本材料请注意保密。", "注意保密"),
    ("本文件涉密，仅限支委传阅。", "涉密"),
    ("该事项属于国家秘密。", "国家秘密"),
    ("会议材料请勿外传。", "请勿外传"),
    ("附件为机密文件。", "机密"),
    ("绝密档案一份", "绝密"),
]

CLEAN = [
    OATH,
    "组织新党员重温入党誓词，牢记“保守党的秘密”。",
    "组织学习新修订的《中华人民共和国保守国家秘密法》。",
    "教育党员不得泄露国家秘密。",
    "这次活动的秘密武器是群众路线。",
    "支部被评为“五星★★★”党支部。",
    "本材料为非涉密材料。",
    "坚持“三会一课”，落实“一岗双责”。",
    "教育党员严守党和国家机密。",
    "企业党支部督促员工保护商业机密。",
]


def _facts(detail: str) -> FactSheet:
    return parse_facts({"year": 2025, "branch": {"name": "中共青湖实验小学支部委员会"},
                        "activities": [{"title": "支委会", "detail": detail}]})


@pytest.mark.parametrize(("text", "mark"), MARKED)
def test_each_mark_is_found(text: str, mark: str) -> None:
    assert [m.mark for m in scan({"t": text})] == [mark]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_prose_and_the_oath_do_not_trigger(text: str) -> None:
    assert scan({"t": text}) == []


@pytest.mark.parametrize(("text", "mark"), MARKED)
def test_cloud_provider_is_blocked_for_each_mark(text: str, mark: str) -> None:
    with pytest.raises(ConfidentialError) as err:
        check_before_sending(_facts(text), is_local=False)
    assert mark in str(err.value)
    assert "活动第1条" in str(err.value)  # says where it was found
    assert "本机内置模型" in str(err.value)  # and what to do
    assert err.value.marks


@pytest.mark.parametrize(("text", "mark"), MARKED)
def test_local_provider_proceeds_and_gets_the_marks(text: str, mark: str) -> None:
    marks = check_before_sending(_facts(text), is_local=True)
    assert [m.mark for m in marks] == [mark]


def test_oath_passes_the_cloud_check() -> None:
    assert check_before_sending(_facts(OATH), is_local=False) == []
    assert check_before_sending({"样本：入党誓词.txt": OATH}, is_local=False) == []
    assert check_before_sending(OATH, is_local=False) == []


def test_extra_texts_are_scanned_too() -> None:
    with pytest.raises(ConfidentialError):
        check_before_sending(_facts("正常内容"), is_local=False, extra={"样本：往年总结.docx": "秘密★1年\n正文"})


def test_gather_texts_covers_every_field() -> None:
    facts = parse_facts({"year": 2025, "theme": "专题", "kind": "thematic_summary",
                         "branch": {"name": "某支部", "secretary": "周敏"},
                         "members": {"developed": ["陈晓雯"], "breakdown": "在职31名"},
                         "achievements": ["获评先进"], "tasks": [{"title": "任务", "detail": "细节"}],
                         "schedule": [{"month": 3, "item": "三月事项"}], "notes": "备注"})
    texts = gather_texts(facts, {"输入文字": "手写"})
    values = set(texts.values())
    for v in ("专题", "某支部", "周敏", "陈晓雯", "在职31名", "获评先进", "任务", "细节", "三月事项", "备注", "手写"):
        assert v in values
    assert any("成绩荣誉第1条" in k for k in texts)


def test_mark_carries_context() -> None:
    (m,) = scan({"样本": "前面的文字。秘密★1年 后面的文字"})
    assert m == Mark(where="样本", mark="秘密★1年", context=m.context)
    assert "前面的文字" in m.context and "后面的文字" in m.context


def test_check_before_drafting_decides_by_the_provider(tmp_path):
    from drafter.proofreading.guard import check_before_drafting
    from drafter.settings import load_settings

    local = load_settings({"DRAFTER_DATA_DIR": str(tmp_path)})
    cloud = load_settings({"DRAFTER_DATA_DIR": str(tmp_path), "DRAFTER_PROVIDER": "openai",
                           "OPENAI_API_KEY": "sk-test"})
    assert check_before_drafting(_facts("正常内容"), cloud, extra={"重写要求": "更简练"}) == []
    assert check_before_drafting(_facts("秘密★1年 材料"), local)  # local: returned to warn, not raised
    with pytest.raises(ConfidentialError):
        check_before_drafting(_facts("正常内容"), cloud, extra={"重写要求": "机密★ 内部资料"})
