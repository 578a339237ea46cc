"""Safe rendering: user text never becomes Markdown (images, headings) in the UI or in the exports."""

from __future__ import annotations

import io
import re

import docx
import pytest

from drafter.documents.draft import VersionSource
from drafter.documents.export import to_docx
from drafter.documents.export.docx import HEADING_STYLES
from drafter.documents.export.markdown import to_markdown
from drafter.documents.markdown_input import parse_draft_text
from drafter.documents.templates import load_templates
from drafter.drafting.compose import template_text
from drafter.facts.load import parse_facts
from drafter.settings import RESOURCE_ROOT
from drafter.text.safetext import md_escape, one_line
from tests.storage.test_store import make_draft

IMAGE = "![t](http://127.0.0.1:8799/x)"


def test_md_escape_leaves_no_markdown_or_html():
    out = md_escape(IMAGE + " <img src=x> **粗** # 标题 :red[红] `代码` _斜_")
    assert not set("![]()<>*#:`_") & set(re.sub(r"&#\d+;", "", out)), out
    assert md_escape("支部全年组织集中学习12次。") == "支部全年组织集中学习12次。"  # Chinese untouched


def _sheet(achievement: str):
    return parse_facts({"year": 2025, "branch": {"name": "中共测试支部委员会"}, "achievements": [achievement],
                        "activities": [{"date": "2025-03-05", "title": "主题党日", "detail": "学习\n# 注入的标题"}]})


def test_facts_keep_their_line_breaks_for_the_guard_but_the_draft_text_has_none():
    facts = _sheet("获评先进\n一、注入的标题")
    assert facts.achievements == ["获评先进\n一、注入的标题"]  # "秘密\n…" must still read as a mark line
    ts = load_templates(RESOURCE_ROOT / "templates")
    outline = ts.default_outline(facts)
    text = "\n".join(template_text(facts, ts, s) for s in outline.sections)
    assert "获评先进一、注入的标题" in text and "学习# 注入的标题" in text
    assert not any(line.startswith(("一、注入", "# 注入")) for line in text.splitlines())
    assert one_line("Party\nbuilding\r\n党建\n工作") == "Party building党建工作"


def test_fact_newlines_make_no_heading_in_md_or_word():
    facts = _sheet("获评先进\n一、注入的标题\n## 又一个")
    ts = load_templates(RESOURCE_ROOT / "templates")
    outline = ts.default_outline(facts)
    from drafter.documents.draft import new_draft

    draft = new_draft(facts, outline)
    for sec in draft.sections:
        sec.record(template_text(facts, ts, outline.section(sec.id)), VersionSource.TEMPLATE)
    md = to_markdown(draft)
    headings = [ln for ln in md.splitlines() if ln.startswith("#")]
    assert not any("注入" in h or "又一个" in h for h in headings), headings
    word = docx.Document(io.BytesIO(to_docx(draft)))
    styled = [p.text for p in word.paragraphs if p.style.name in HEADING_STYLES]
    assert styled  # the real headings are there
    assert not any("注入" in t for t in styled), styled


@pytest.mark.parametrize("line", ["# 标题", "1. 列表", "- 列表", "> 引用", "---", IMAGE, "<img src=x>", "| 表 |"])
def test_markdown_export_keeps_typed_lines_as_paragraphs_and_reads_back(line):
    draft = make_draft()
    sec = draft.sections[1]
    sec.record(f"正文第一段。\n{line}", VersionSource.EDITED)
    md = to_markdown(draft)
    body = md.split(f"## {sec.heading}", 1)[1]
    assert f"\n{line}\n" not in body  # written escaped
    parsed = parse_draft_text(md)
    assert any(line in text for _sid, _h, text in parsed.sections)  # and `drafter check` reads it back as typed
