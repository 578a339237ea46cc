"""Render test: the .docx converted by LibreOffice must read as a GB/T 9704 page (needs soffice, poppler)."""

from __future__ import annotations

import re
import struct

import pytest

from drafter.documents.export import to_docx
from drafter.documents.export.docx import CHARS_PER_LINE, LINE_PT, blocks, display_width
from tests.documents.export import render
from tests.documents.export.conftest import make_draft

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(render.SOFFICE is None, reason="LibreOffice (soffice) is not installed: `make apt-test`"),
    pytest.mark.skipif(not render.POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed"),
]

MM = 72 / 25.4
_WS = re.compile(r"\s+")
_HANGING = "，。、；：！？”’）》」』"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One conversion for the whole module (LibreOffice is slow and the machine is shared)."""
    draft = make_draft()
    tmp = tmp_path_factory.mktemp("render")
    pdf = render.to_pdf(to_docx(draft), tmp)
    return draft, pdf, tmp


def _paragraphs(draft) -> list[tuple[str, bool]]:
    """Every paragraph the document should show, with whether it is body text with a first-line indent."""
    out = [(draft.title, False)]
    for section in draft.sections:
        if section.heading:
            out.append((section.heading, True))
        out.extend((b.head + b.text, True) for b in blocks(section.text))
    out += [(draft.signature.unit, False), (draft.signature.date_cn, False)]
    return out


def _body_lines(pdf):
    """Rendered lines without the page numbers, and the page-number lines."""
    lines, size = render.lines(pdf)
    numbers = [ln for ln in lines if render.PAGE_NO.match(ln.text)]
    return [ln for ln in lines if not render.PAGE_NO.match(ln.text) and ln.text.strip()], numbers, size


def test_pdf_has_title_every_heading_and_the_text(rendered):
    draft, pdf, _ = rendered
    flat = _WS.sub("", render.text(pdf))
    assert "\ufffd" not in flat
    assert draft.title in flat
    for section in draft.sections:
        assert _WS.sub("", section.heading) in flat
        for block in blocks(section.text):
            if block.level:
                assert _WS.sub("", block.head or block.text) in flat
    assert draft.signature.unit in flat and draft.signature.date_cn in flat


def test_at_least_three_a4_pages_with_numbers_odd_right_even_left(rendered):
    _, pdf, _ = rendered
    body, numbers, (width, height) = _body_lines(pdf)
    pages = max(ln.page for ln in body)
    assert pages >= 3
    assert abs(width - 210 * MM) < 1 and abs(height - 297 * MM) < 1
    assert [int(render.PAGE_NO.match(n.text).group(1)) for n in numbers] == list(range(1, pages + 1))
    for n in numbers:
        assert [ln.page for ln in numbers].count(n.page) == 1
        if n.page % 2:  # odd: right, one 14 pt character from the text block's right edge
            assert abs(n.x1 - (width - 26 * MM - 14)) < 3
        else:  # even: left, one character in
            assert abs(n.x0 - (28 * MM + 14)) < 3
        # GB/T 9704 7.5: below the text block (which ends 35 mm above the page's foot).
        assert height - 35 * MM < n.y0 and n.y1 < height - 25 * MM


def test_text_block_margins_and_line_pitch(rendered):
    _, pdf, _ = rendered
    body, _, (width, _) = _body_lines(pdf)
    assert min(ln.x0 for ln in body) == pytest.approx(28 * MM, abs=1.5)
    right = width - 26 * MM
    for ln in body:  # only a closing punctuation mark may hang past the block (Word's default too)
        assert ln.x1 <= right + 2 or (ln.text.rstrip()[-1] in _HANGING and ln.x1 <= right + 17)
    first = [ln for ln in body if ln.page == 1][0]
    assert 37 * MM <= first.y0 < 37 * MM + 10  # the title sits on the first line of the block
    pitches = [b.y0 - a.y0 for a, b in zip(body, body[1:], strict=False) if a.page == b.page]
    body_pitches = [p for p in pitches if p < 1.5 * LINE_PT]  # leave out the gap under the title
    assert body_pitches and all(abs(p - LINE_PT) < 0.6 for p in body_pitches)
    # 22 lines a page: the last line of a full page still lies in the 225 mm block.
    assert max(ln.y1 for ln in body) < 37 * MM + 225 * MM


def test_body_lines_hold_28_characters(rendered):
    draft, pdf, _ = rendered
    body, _, _ = _body_lines(pdf)
    texts = [_WS.sub("", ln.text) for ln in body]
    i, full_lines = 0, 0
    for para, indented in _paragraphs(draft):
        target = _WS.sub("", para)
        got, mine = "", []
        while len(got) < len(target):
            got += texts[i]
            mine.append(texts[i])
            i += 1
        assert got == target, "the PDF text differs from the source: a glyph is missing or changed"
        if not indented:
            continue
        for k, line in enumerate(mine[:-1]):  # a paragraph's last line may be short
            if display_width(line) != len(line):
                continue  # digits/Latin have no fixed width (and LibreOffice adds space around them)
            chars = len(line) + (2 if k == 0 else 0)  # the first line's indent is two characters
            assert abs(chars - CHARS_PER_LINE) <= 1, f"{chars} characters in “{line}”"
            full_lines += 1
    assert i == len(texts)
    assert full_lines >= 15


def test_no_missing_glyphs(rendered):
    draft, pdf, _ = rendered
    fonts = render.fonts(pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    assert not [f for f in fonts if f["type"].startswith("Type 3")]  # LibreOffice's last-resort boxes
    covered = render.installed_charset()
    source = draft.title + draft.body_text() + draft.signature.unit + draft.signature.date_cn
    missing = {ch for ch in source if not ch.isspace() and ord(ch) not in covered}
    assert not missing


def test_page_one_png(rendered):
    _, pdf, tmp = rendered
    png = render.page_png(pdf, tmp / "page1.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    assert abs(h / w - 297 / 210) < 0.02 and w < 800


def test_hostile_text_opens_in_libreoffice(tmp_path):
    from tests.documents.export.test_hostile import HOSTILE, _hostile_draft

    pdf = render.to_pdf(to_docx(_hostile_draft(HOSTILE), fonts="common"), tmp_path)
    flat = _WS.sub("", render.text(pdf))
    assert "表情" in flat and "＜w:t＞&amp;<script>]]>" in flat and "二、标题" in flat
