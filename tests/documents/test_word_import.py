"""Word round trip: export, edit with python-docx, re-import -> exactly the edited section gets a new version."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from drafter.documents.draft import VersionSource
from drafter.documents.export import to_docx
from drafter.documents.word_import import import_docx, parse_docx, read_docx_text
from drafter.errors import InputError
from drafter.proofreading import review_draft
from tests.storage.test_store import make_draft

TEXTS = [
    "2025年，支部在上级党委的坚强领导下，团结带领全体党员扎实工作。现将一年来的工作总结如下：",
    "（一）加强理论学习。支部全年组织集中学习12次。\n坚持“三会一课”制度，书记讲党课2次。",
    "支部按期召开支委会，规范发展党员程序。\n全年确定入党积极分子3名。",
    "严格落实中央八项规定精神，开展警示教育1次。",
]


@pytest.fixture
def draft():
    d = make_draft()
    for i, sec in enumerate(d.sections):
        text = TEXTS[i] if i < len(TEXTS) else f"第{i}节的正文，支部工作稳步推进。\n第{i}节另有一段。"
        sec.record(text, VersionSource.GENERATED)
    return d


def edited(data: bytes, old: str, new: str) -> bytes:
    """The .docx with the paragraph that contains `old` changed, as a user would in Word."""
    document = docx.Document(io.BytesIO(data))
    hits = [p for p in document.paragraphs if old in p.text]
    assert len(hits) == 1
    para = hits[0]
    text = para.text.replace(old, new)
    for run in para.runs[1:]:
        run._r.getparent().remove(run._r)
    para.runs[0].text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_export_parse_round_trip(draft):
    doc = parse_docx(to_docx(draft))
    assert doc.styled and doc.title == draft.title
    assert doc.unit == draft.signature.unit and doc.date == draft.signature.date
    assert [p.heading for p in doc.parts] == [s.heading for s in draft.sections if s.text]
    assert "2025年，支部" in read_docx_text(to_docx(draft))


def test_editing_one_paragraph_changes_exactly_that_section(draft):
    target = draft.sections[2]
    before = {s.id: len(s.versions) for s in draft.sections}
    data = edited(to_docx(draft), "规范发展党员程序", "严格按照程序发展党员,并做好公示")
    report = import_docx(draft, data)
    assert report.changed == [target.id] and not report.added and not report.missing
    assert target.text.split("\n")[0] == "支部按期召开支委会，严格按照程序发展党员,并做好公示。"
    assert target.versions[-1].source == VersionSource.WORD_IMPORT and target.versions[-1].label == "Word 导入"
    assert {s.id: len(s.versions) for s in draft.sections} == {**before, target.id: before[target.id] + 1}
    found = [f for f in review_draft(draft) if f.section_id == target.id and f.rule == "punctuation"]
    assert found and found[0].fix == "，"  # the review runs on the imported text


def test_no_change_imports_nothing(draft):
    report = import_docx(draft, to_docx(draft))
    assert not report.anything and "一致" in report.summary()


def test_renamed_heading_becomes_a_new_section_and_overwrites_nothing(draft):
    old = draft.sections[1]
    old_text, n = old.text, len(draft.sections)
    data = edited(to_docx(draft), old.heading, "一、全新的小标题")
    report = import_docx(draft, data)
    assert len(report.added) == 1 and len(draft.sections) == n + 1
    new = draft.section(report.added[0])
    assert new.text == old.text == old_text and draft.sections.index(new) == 1
    assert any("对不上" in m for m in report.messages) and any("保持原样" in m for m in report.messages)
    assert new.id in [o.id for o in draft.outline.sections]  # survives an outline edit


def test_title_and_signature_edits(draft):
    data = edited(to_docx(draft), draft.signature.date_cn, "2025年12月28日")
    report = import_docx(draft, data)
    assert draft.signature.date == dt.date(2025, 12, 28), report.messages
    assert any(m.startswith("落款") for m in report.messages), report.messages


def test_a_plain_docx_of_the_same_shape(draft):
    document = docx.Document()
    for line in ["某某学校党支部2025年度工作总结", "今年支部工作有新进展。", draft.sections[1].heading,
                 "支部全年组织集中学习15次。", "某某学校党支部", "2025年12月6日"]:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    doc = parse_docx(buf.getvalue())
    assert doc.title == "某某学校党支部2025年度工作总结" and not doc.styled
    assert [(p.heading, p.lines) for p in doc.parts] == [("", ["今年支部工作有新进展。"]),
                                                         (draft.sections[1].heading, ["支部全年组织集中学习15次。"])]
    assert doc.unit == "某某学校党支部" and doc.date == dt.date(2025, 12, 6)
    report = import_docx(draft, buf.getvalue())
    assert set(report.changed) == {draft.sections[0].id, draft.sections[1].id}


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    return buf.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "空的"),
    (b"just some text, not a docx", "不是 Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版"),
    (_zip_without_document(), "损坏"),
    (b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), "太大"),
])
def test_bad_uploads_are_clear_and_change_nothing(draft, data, message):
    snapshot = draft.model_dump_json()
    with pytest.raises(InputError, match=message) as info:
        import_docx(draft, data)
    assert info.value.hint
    assert draft.model_dump_json() == snapshot


def test_a_heading_typed_in_word_becomes_a_new_section(draft):
    document = docx.Document(io.BytesIO(to_docx(draft)))
    last_body = [p for p in document.paragraphs if p.text.startswith(draft.sections[-1].text.split("\n")[-1][:6])][0]
    for line in ["五、新增的一节", "这一节是在 Word 里新写的。"]:
        last_body._p.addnext(docx.Document().add_paragraph(line)._p)
        last_body = document.paragraphs[[p._p for p in document.paragraphs].index(last_body._p) + 1]
    buf = io.BytesIO()
    document.save(buf)
    n = len(draft.sections)
    report = import_docx(draft, buf.getvalue())
    assert len(report.added) == 1 and len(draft.sections) == n + 1 and not report.changed
    new = draft.section(report.added[0])
    assert new.text == "这一节是在 Word 里新写的。" and new.heading.endswith("新增的一节")
