"""Markdown and plain text (the shape `drafter check` reads) and the offered file name."""

from __future__ import annotations

import io

from docx import Document

from drafter.documents.export import export_filename, to_docx, to_markdown, to_text
from tests.documents.export.conftest import make_draft


def test_markdown_shape():
    draft = make_draft([("加强学习", ["（一）集中学习。", "一是……二是……", ""]), ("强化组织", ["　　段落一\n\n段落二"])],
                       opening="开头第一段。\n开头第二段。")
    assert to_markdown(draft) == (
        "# 嘉泽中心小学党支部2025年度工作总结\n\n"
        "开头第一段。\n\n开头第二段。\n\n"
        "## 一、加强学习\n\n（一）集中学习。\n\n一是……二是……\n\n"
        "## 二、强化组织\n\n段落一\n\n段落二\n\n"
        "中共嘉泽中心小学支部委员会\n\n2025年12月6日\n"
    )


def test_plain_text_shape():
    draft = make_draft([("加强学习", ["（一）集中学习。", "正文。"])], opening="开头。")
    assert to_text(draft) == (
        "嘉泽中心小学党支部2025年度工作总结\n\n开头。\n一、加强学习\n（一）集中学习。\n正文。\n\n"
        "中共嘉泽中心小学支部委员会\n2025年12月6日\n"
    )


def test_markdown_round_trips_through_the_reviewers_reader():
    from drafter.documents.markdown_input import parse_draft_text
    draft = make_draft()
    parsed = parse_draft_text(to_markdown(draft))
    assert parsed.title == draft.title
    assert (parsed.signature_unit, parsed.signature_date) == (draft.signature.unit, "2025年12月6日")
    assert [h for _, h, _ in parsed.sections] == [s.heading for s in draft.sections]


def test_export_filename():
    draft = make_draft()
    assert export_filename(draft, "docx") == "嘉泽中心小学党支部-2025年度工作总结.docx"
    assert export_filename(draft, ".md") == "嘉泽中心小学党支部-2025年度工作总结.md"
    draft.facts.branch.short_name = 'a/b\\c:d*e?f"g<h>i|j k\x07.'
    assert export_filename(draft, "txt") == "abcdefghijk-2025年度工作总结.txt"
    draft.kind = "thematic_summary"
    draft.facts.branch.short_name = "///"
    assert export_filename(draft, "docx") == "2025年专项工作总结.docx"


def test_a_section_left_without_text_is_not_exported_and_the_ordinals_run_on():
    # the middle section: no material, left unwritten (a heading over nothing in the file)
    draft = make_draft([("加强学习", ["学习。"]), ("严明纪律", [""]), ("服务群众", ["服务。"])])
    text = to_markdown(draft)
    assert "严明纪律" not in text and "## 一、加强学习" in text and "## 二、服务群众" in text
    assert "三、" not in text and "二、严明纪律" in draft.sections[2].heading  # the draft itself keeps it
    doc = Document(io.BytesIO(to_docx(draft)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "二、服务群众" in paragraphs and not any("严明纪律" in p for p in paragraphs)
