"""The .docx read back with python-docx: page, styles, fonts, spacing, indents, footers, properties."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from drafter.documents.export import to_docx
from drafter.documents.export.docx import blocks, classify, signature_indents
from drafter.errors import ExportError
from tests.documents.export.conftest import make_draft

OFFICIAL = {"公文标题": "方正小标宋简体", "公文正文": "仿宋_GB2312", "一级标题": "黑体", "二级标题": "楷体_GB2312",
            "三级标题": "仿宋_GB2312", "四级标题": "仿宋_GB2312", "落款": "仿宋_GB2312", "页码": "宋体"}
COMMON = {"公文标题": "宋体", "公文正文": "仿宋", "一级标题": "黑体", "二级标题": "楷体", "三级标题": "仿宋",
          "四级标题": "仿宋", "落款": "仿宋", "页码": "宋体"}
SIZES = {"公文标题": 22, "公文正文": 16, "一级标题": 16, "二级标题": 16, "三级标题": 16, "四级标题": 16,
         "落款": 16, "页码": 14}


def _mm(length) -> float:
    return length / 36000  # EMU per mm


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _rfonts(style):
    return style.element.rPr.find(qn("w:rFonts"))


@pytest.fixture(scope="module")
def doc():
    return _open(to_docx(make_draft()))


def test_a4_page_and_gbt9704_margins(doc):
    sec = doc.sections[0]
    tol = 0.05  # twips rounding
    assert _mm(sec.page_width) == pytest.approx(210, abs=tol) and _mm(sec.page_height) == pytest.approx(297, abs=tol)
    assert _mm(sec.top_margin) == pytest.approx(37, abs=tol) and _mm(sec.left_margin) == pytest.approx(28, abs=tol)
    assert _mm(sec.page_width - sec.left_margin - sec.right_margin) == pytest.approx(156, abs=tol)
    assert _mm(sec.page_height - sec.top_margin - sec.bottom_margin) == pytest.approx(225, abs=tol)


@pytest.mark.parametrize("fonts, faces", [("official", OFFICIAL), ("common", COMMON)])
def test_every_style_names_its_east_asian_font_without_theme_fonts(fonts, faces):
    doc = _open(to_docx(make_draft(), fonts=fonts))
    for name, face in faces.items():
        style = doc.styles[name]
        rfonts = _rfonts(style)
        assert rfonts.get(qn("w:eastAsia")) == face, name
        assert rfonts.get(qn("w:ascii")) == face
        assert not [a for a in rfonts.attrib if "Theme" in a or a.endswith("theme")]
        assert style.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
        assert style.font.size == Pt(SIZES[name])
    assert doc.styles["公文标题"].font.bold is (fonts == "common")  # 宋体 bold stands in for 小标宋


def test_no_theme_font_or_japanese_default_left_anywhere():
    data = to_docx(make_draft())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
        font_table = z.read("word/fontTable.xml").decode()
    assert "Theme=" not in styles and "cstheme" not in styles
    assert 'w:eastAsia="ja-JP"' not in settings
    assert "明朝" not in font_table and "仿宋_GB2312" in font_table and 'w:altName w:val="仿宋"' in font_table
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


def test_body_style_line_spacing_indent_and_grid(doc):
    body = doc.styles["公文正文"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing == Pt(28.95)
    assert body.first_line_indent == Pt(32)
    ind = doc.styles["公文正文"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    spacing = doc.styles["公文正文"].element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"  # −0.25 pt: 28 characters of 16 pt in 156 mm
    assert 22 * 28.95 <= 225 / 25.4 * 72  # 22 lines fit the 225 mm block
    title = doc.styles["公文标题"].paragraph_format
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and not title.first_line_indent
    for name, level in (("一级标题", "0"), ("二级标题", "1"), ("三级标题", "2"), ("四级标题", "3")):
        style = doc.styles[name]
        assert style.base_style.name == "公文正文" and style.paragraph_format.keep_with_next
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level


def test_paragraphs_use_the_named_styles_and_carry_no_direct_fonts(doc):
    paras = doc.paragraphs
    assert paras[0].style.name == "公文标题" and paras[0].text == "嘉泽中心小学党支部2025年度工作总结"
    by_text = {p.text: p.style.name for p in paras}
    assert by_text["一、强化理论武装，筑牢思想根基"] == "一级标题"
    assert by_text["（一）坚持集中学习与个人自学相结合。"] == "二级标题"
    assert by_text["（一）规范组织生活。"] == "二级标题"
    assert by_text["1.严格执行主题党日制度。每月固定开展主题党日活动，做到主题鲜明、形式多样、内容充实。"] == "公文正文"
    assert by_text["（1）坚持标准、严格程序，发展工作做到程序规范、材料齐全。"] == "四级标题"
    run_in3 = [p for p in paras if p.text.startswith("1.严格执行")][0]
    assert run_in3.runs[0].style.name == "三级标题字符" and run_in3.runs[1].style.name == "Default Paragraph Font"
    inline = [p for p in paras if "一是坚持每月" in p.text][0]
    assert inline.style.name == "公文正文" and len(inline.runs) == 1
    run_in = [p for p in paras if p.text.startswith("（二）深入开展")][0]
    assert run_in.style.name == "公文正文"
    assert run_in.runs[0].style.name == "二级标题字符" and run_in.runs[0].text == "（二）深入开展中央八项规定精神学习教育。"
    for p in paras:
        for r in p.runs:
            assert r._r.rPr is None or r._r.rPr.find(qn("w:rFonts")) is None


def test_heading_levels_are_recognised_from_the_text():
    assert classify("一、加强学习").level == 1
    assert classify("（一）规范组织生活").level == 2
    assert classify("(二)规范组织生活").level == 2
    assert classify("1.严格执行").level == 3 and classify("12、认真开展").level == 3
    assert classify("（1）坚持标准").level == 4
    assert classify("一是坚持学习，二是……").level == 0
    assert classify("1.5万元用于慰问").level == 0
    assert classify("2025年，支部……").level == 0
    b = classify("（一）加强学习。支部坚持每月集中学习。")
    assert (b.level, b.head, b.text) == (2, "（一）加强学习。", "支部坚持每月集中学习。")
    assert [x.text for x in blocks("　　第一段\n\n  第二段  \n")] == ["第一段", "第二段"]
    long = "一、二年级党员教师积极参加志愿服务，在社区、村居和学校周边开展文明劝导、环境整治和关爱留守儿童等活动，收到良好效果"
    assert classify(long).level == 0


def test_odd_and_even_footers_with_page_fields(doc):
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, side, indent in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "w:right"),
                                 (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "w:left")):
        para = footer.paragraphs[0]
        assert para.style.name == "页码" and para.alignment == side
        ind = para._p.pPr.find(qn("w:ind"))
        assert ind.get(qn(indent)) == "280" and ind.get(qn(indent + "Chars")) == "100"  # one 14 pt character
        xml = para._p.xml
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and 'w:fldCharType="end"' in xml
        assert para.text.startswith("— ") and para.text.endswith(" —")
    # GB/T 9704 7.5: the number's lower edge 7 mm under the text block.
    assert _mm(sec.footer_distance) == pytest.approx(28, abs=0.05)


def test_signature_follows_gbt9704_7352(doc):
    paras = doc.paragraphs
    unit, date = paras[-2], paras[-1]
    assert paras[-3].text == "" and paras[-3].style.name == "公文正文"  # one blank line after the body
    assert (unit.text, date.text) == ("中共嘉泽中心小学支部委员会", "2025年12月6日")
    assert unit.style.name == date.style.name == "落款"
    assert doc.styles["落款"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert unit.paragraph_format.right_indent == Pt(32)  # 右空二字
    # The date starts two characters right of the unit's first character.
    u_right, d_right = signature_indents(unit.text, date.text)
    assert (u_right + 13) - 2 == pytest.approx(d_right + 6.5)
    assert date.paragraph_format.right_indent == Pt(16 * d_right)
    assert unit.paragraph_format.keep_with_next and paras[-4].paragraph_format.keep_with_next


def test_short_unit_pushes_the_unit_left_so_the_date_keeps_two_characters():
    u_right, d_right = signature_indents("某党支部", "2025年12月16日")
    assert d_right == 2 and u_right + 4 - 2 == pytest.approx(d_right + 7)


def test_core_and_app_properties():
    data = to_docx(make_draft())
    props = _open(data).core_properties
    assert props.title == "嘉泽中心小学党支部2025年度工作总结"
    assert props.subject == "年度工作总结"
    assert props.author == "中共嘉泽中心小学支部委员会"
    assert props.language == "zh-CN"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Company>中共嘉泽中心小学支部委员会</Company>" in app


def test_unknown_font_set_is_an_export_error():
    with pytest.raises(ExportError):
        to_docx(make_draft(), fonts="fancy")  # type: ignore[arg-type]


def test_unexpected_failure_is_wrapped_in_a_chinese_export_error(monkeypatch):
    from drafter.documents.export import docx as builder

    def boom(self):
        raise OSError("disk full")

    monkeypatch.setattr(builder._Builder, "page_numbers", boom)
    with pytest.raises(ExportError) as err:
        to_docx(make_draft())
    assert "Word" in str(err.value) and isinstance(err.value.__cause__, OSError)
