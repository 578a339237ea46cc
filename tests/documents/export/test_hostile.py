"""Text that would break a .docx (control characters, surrogates, emoji, 100,000 characters) still exports."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from drafter.documents.draft import VersionSource
from drafter.documents.export import to_docx, to_markdown, to_text
from tests.documents.export.conftest import make_draft

HOSTILE = ("控制符\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f 代理\ud800\udfff 非字符\ufffe\uffff\U0001fffe "
           "表情😀👍🏻🇨🇳 零宽\u200b\ufeff 制表\t符 换行\r\n回车\r段落\u2028分隔 私用\ue000 "
           "＜w:t＞&amp;<script>]]> 𠀀𪚥")


def _hostile_draft(text: str):
    draft = make_draft(title="标题\x00😀<>&" + "长" * 300, unit="某党支部\x07")
    # Bypass Section.record's cleaning: the export must not rely on callers having cleaned text.
    draft.sections[1].text = text
    draft.sections[2].heading = "二、\x01标题\ud83d"
    draft.facts.branch.name = "某\x0b党支部"
    return draft


def _reopen(data: bytes) -> docx.Document:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(z.read(name))  # strict XML 1.0 parse of every part
    return docx.Document(io.BytesIO(data))


def test_control_characters_surrogates_and_emoji_export_and_reopen():
    for fonts in ("official", "common"):
        doc = _reopen(to_docx(_hostile_draft(HOSTILE), fonts=fonts))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "表情😀👍🏻🇨🇳" in text and "＜w:t＞&amp;<script>]]>" in text and "𠀀𪚥" in text
        assert "\x00" not in text and "\x07" not in text and "\ud800" not in text and "\ufffe" not in text
        assert "二、标题" in text and "某党支部" in text


def test_hundred_thousand_characters_in_one_line_and_many_paragraphs():
    one_line = "党建引领发展" * 16_667  # 100,002 characters, no line break
    doc = _reopen(to_docx(_hostile_draft(one_line)))
    assert max(len(p.text) for p in doc.paragraphs) == len(one_line)
    many = "\n".join(f"（{i}）第{i}段。" + "内容" * 40 for i in range(1, 1200))
    draft = make_draft()
    draft.sections[1].record(many, VersionSource.EDITED)
    doc = _reopen(to_docx(draft))
    assert len(doc.paragraphs) > 1200


def test_empty_draft_still_exports():
    draft = make_draft(texts=[], opening="")
    doc = _reopen(to_docx(draft))
    assert [p.text for p in doc.paragraphs][0] == draft.title
    assert doc.paragraphs[-1].text == "2025年12月6日"


def test_markdown_and_text_survive_hostile_text():
    draft = _hostile_draft(HOSTILE)
    for out in (to_markdown(draft), to_text(draft)):
        assert "\x00" not in out and "\ud800" not in out and "😀" in out
        out.encode("utf-8")  # no lone surrogates left
