"""The Word export's optional annexes: the year's activities and the month × routine grid, as real tables."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafter.cli import main
from drafter.documents.export import has_annex, to_docx
from drafter.documents.export.annex import ANNEX_STYLES, labels
from drafter.documents.export.docx import BLOCK_W, STYLE_SIGN
from drafter.documents.export.oxml import twips
from drafter.documents.word_import import parse_docx
from drafter.facts.ledger.records import sheet_records, sheet_stats
from drafter.facts.ledger.stats import month_grid_rows
from drafter.settings import RESOURCE_ROOT
from tests.documents.export.conftest import ENTERPRISE, ENTERPRISE_LEDGER, make_draft

_THEME = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _year_records(draft):
    return sorted((r for r in sheet_records(draft.facts) if r.date.year == draft.facts.year),
                  key=lambda r: (r.date, r.row))


@pytest.fixture(scope="module")
def both(with_ledger):
    """The ledger draft exported with both annexes, opened again."""
    return _open(to_docx(with_ledger, annex=True, grid=True))


def test_activity_table_has_a_row_per_record_and_the_header(with_ledger, both):
    table = both.tables[0]
    records = _year_records(with_ledger)
    assert len(records) >= 40  # the example ledger: the test means something
    assert len(table.rows) == 1 + len(records)
    assert [c.text for c in table.rows[0].cells] == labels().activities.columns
    assert [row.cells[0].text for row in table.rows[1:]] == [str(i) for i in range(1, len(records) + 1)]
    assert [row.cells[3].text for row in table.rows[1:]] == [r.topic.strip() for r in records]


def test_dates_read_month_and_day_without_zeros(with_ledger, both):
    dates = [row.cells[1].text for row in both.tables[0].rows[1:]]
    assert dates == [f"{r.date.month}月{r.date.day}日" for r in _year_records(with_ledger)]
    assert all(re.fullmatch(r"[1-9]\d?月[1-9]\d?日", d) for d in dates)
    assert "3月4日" in dates  # the ledger's 2025-03-04 支委会


def test_kind_is_the_routine_label_and_attendance_present_over_expected(with_ledger, both):
    rows = {row.cells[3].text: row for row in both.tables[0].rows[1:]}
    recs = {r.topic.strip(): r for r in _year_records(with_ledger)}
    party = next(t for t, r in recs.items() if r.routine == "party_congress")
    assert rows[party].cells[2].text == "支部党员大会"
    both_given = next(r for r in recs.values() if r.present is not None and r.expected)
    assert rows[both_given.topic.strip()].cells[4].text == f"{both_given.present}/{both_given.expected}"
    missing = [r for r in recs.values() if r.present is None]
    assert all(rows[r.topic.strip()].cells[4].text == "" for r in missing)


def test_header_repeats_rows_do_not_split_widths_fill_the_block_single_borders(both):
    for table in both.tables:
        trs = table._tbl.tr_lst
        assert trs[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in trs[1:])
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
        cols = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.gridCol_lst]
        assert sum(cols) == twips(BLOCK_W)
        assert int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == twips(BLOCK_W)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert len(borders) == 6
        assert {(b.get(qn("w:val")), b.get(qn("w:sz"))) for b in borders} == {("single", "4")}


def test_table_fonts_are_set_the_east_asian_way(both):
    for table in both.tables:
        for cell in (table.rows[0].cells[0], table.rows[1].cells[1]):
            style = both.styles.get_by_id(cell.paragraphs[0]._p.pPr.pStyle.val, 1)
            rfonts = style.element.rPr.find(qn("w:rFonts"))
            assert rfonts.get(qn("w:eastAsia")) in ("仿宋_GB2312", "黑体")
            assert not any(rfonts.get(qn(a)) for a in _THEME)
    body_cell = both.tables[0].rows[1].cells[3].paragraphs[0]
    assert both.styles.get_by_id(body_cell._p.pPr.pStyle.val, 1).font.size.pt == 14  # 仿宋 四号


def test_grid_counts_equal_the_sheet_stats(with_ledger, both):
    grid = {row.cells[0].text: [int(c.text or 0) for c in row.cells[1:13]] for row in both.tables[1].rows[1:]}
    expected = {label: counts for label, counts in month_grid_rows(sheet_stats(with_ledger.facts)) if any(counts)}
    assert grid == expected
    assert [c.text for c in both.tables[1].rows[0].cells][1:13] == [f"{m}月" for m in range(1, 13)]
    totals = {row.cells[0].text: int(row.cells[13].text) for row in both.tables[1].rows[1:]}
    assert totals == {k: sum(v) for k, v in expected.items()}
    assert "" in [c.text for row in both.tables[1].rows[1:] for c in row.cells]  # an empty month stays blank


def test_marks_titles_page_breaks_and_the_note_before_the_signature(with_ledger, both):
    texts = [(p.style.name, p.text) for p in both.paragraphs]
    year = with_ledger.facts.year
    marks = [t for s, t in texts if s == "附件标识"]
    assert marks == ["附件1", "附件2"]
    titles = [t for s, t in texts if s == "附件标题"]
    assert titles == [f"{year}年活动一览", f"{year}年逐月开展情况表"]
    for p in both.paragraphs:
        if p.style.name == "附件标识":
            assert p._p.pPr.find(qn("w:pageBreakBefore")) is not None
            assert p.style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    notes = [t for s, t in texts if s == "附件说明"]
    assert notes == [f"附件：1.{year}年活动一览", f"2.{year}年逐月开展情况表"]
    order = [s for s, _ in texts]
    assert order.index("附件说明") < order.index(STYLE_SIGN) < order.index("附件标识")


def test_one_annex_is_marked_without_a_number(with_ledger):
    doc = _open(to_docx(with_ledger, grid=True))
    assert len(doc.tables) == 1 and len(doc.tables[0].rows[0].cells) == 14
    assert [p.text for p in doc.paragraphs if p.style.name == "附件标识"] == ["附件"]


def test_no_ledger_no_annex_and_no_error():
    draft = make_draft()
    assert not has_annex(draft)
    doc = _open(to_docx(draft, annex=True, grid=True))
    assert doc.tables == []
    assert not any(p.style.name in ANNEX_STYLES for p in doc.paragraphs)


def test_default_export_has_no_annex(with_ledger):
    assert has_annex(with_ledger)
    assert _open(to_docx(with_ledger)).tables == []


def test_control_characters_in_a_topic_do_not_break_the_file(with_ledger):
    draft = with_ledger.model_copy(deep=True)
    ledger = list(draft.facts.ledger)
    ledger[0] = ledger[0].model_copy(update={"topic": "学习\x00二十届\x0b四中全会\x1f精神\ufffe", "kind": "党课\x08"})
    draft.facts = draft.facts.model_copy(update={"ledger": ledger})
    doc = _open(to_docx(draft, annex=True))
    topics = [row.cells[3].text for row in doc.tables[0].rows[1:]]
    assert "学习二十届四中全会精神" in topics


def test_word_import_ignores_the_annex(with_ledger):
    plain, annexed = parse_docx(to_docx(with_ledger)), parse_docx(to_docx(with_ledger, annex=True, grid=True))
    assert annexed.parts == plain.parts
    assert (annexed.title, annexed.unit, annexed.date) == (plain.title, plain.unit, plain.date)


def test_cli_annex_and_grid_flags(tmp_path, capsys):
    out = tmp_path / "out.docx"
    assert main(["draft", str(ENTERPRISE), "--ledger", str(ENTERPRISE_LEDGER), "--engine", "template",
                 "-o", str(out), "--annex", "--grid"]) == 0
    doc = Document(str(out))
    assert len(doc.tables) == 2
    assert main(["draft", str(ENTERPRISE), "--engine", "template", "-o", str(out), "--annex"]) == 0
    assert Document(str(out)).tables == []  # no ledger given: no annex, no error


def test_a_wording_file_with_an_unknown_placeholder_fails_on_loading(tmp_path):
    from drafter.documents.export.annex import AnnexLabels
    from drafter.errors import TemplateError
    from drafter.facts.ledger._data import load_model

    text = (RESOURCE_ROOT / "templates" / "annex.yaml").read_text(encoding="utf-8")
    (tmp_path / "annex.yaml").write_text(text.replace('"{month}月"', '"{mon}月"'), encoding="utf-8")
    with pytest.raises(TemplateError, match="grid.month"):
        load_model("annex.yaml", AnnexLabels, tmp_path)
