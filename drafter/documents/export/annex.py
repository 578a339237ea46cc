"""Optional annexes of the Word export (GB/T 9704 8.5): the year's activities and the month × routine grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any  # b: Any is docx.py's builder, which hands itself over

from docx.oxml import OxmlElement
from pydantic import BaseModel, ConfigDict, Field, model_validator

from drafter.documents.draft import Draft
from drafter.documents.export import oxml
from drafter.facts.ledger._data import load_model
from drafter.facts.ledger.classify import OTHER, load_rules
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.records import sheet_records, sheet_stats
from drafter.facts.ledger.stats import month_grid_rows
from drafter.text.clean import clean_text

# Styles of the annex pages; the Word import skips paragraphs in these (they are not the draft's text).
STYLE_MARK, STYLE_ANNEX_TITLE, STYLE_NOTE = "附件标识", "附件标题", "附件说明"
STYLE_CELL, STYLE_HEAD, STYLE_CELL_SMALL, STYLE_HEAD_SMALL = "表格文字", "表格表头", "表格文字小", "表格表头小"
ANNEX_STYLES = (STYLE_MARK, STYLE_ANNEX_TITLE, STYLE_NOTE)

# Table type sizes. The activity list is 仿宋 四号 (14 pt): one step below the 三号 body, the smallest size
# offices use for a 公文's annex table that is read, and a topic still gets about 11 characters a line.
# The grid is 五号 (10.5 pt): 14 columns (类别, 1月…12月, 合计) must fit the 156 mm block on one line each.
LIST_PT, GRID_PT = 14, 10.5
# Fixed line heights in the cells (1.4–1.7 × the size): auto spacing would take the CJK fonts' tall ascent.
LIST_LINE_PT, GRID_LINE_PT = 20, 18
# Column widths in mm; each table sums to the 156 mm text block (the last column takes the rounding).
# 日期 holds "12月20日" and the grid's months "10月" on one line even with the space LibreOffice puts around
# digits; 类别 holds "民主评议党员"; the topic takes the rest.
LIST_WIDTHS = (16, 28, 32, 58, 22)
GRID_LABEL_MM, GRID_MONTH_MM, GRID_TOTAL_MM = 26, 10, 10
CELL_MARGIN_MM, GRID_CELL_MARGIN_MM = 1.0, 0.5  # left and right; the grid's "10月" needs the narrower one
BORDER_EIGHTHS = 4  # single line, 0.5 pt (w:sz is in eighths of a point)
_TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
              "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
              "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
_TCPR_SEQ = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
             "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


class _Part(BaseModel):
    """Wording shared by both annexes: the title."""

    model_config = ConfigDict(extra="forbid")
    title: str


class _ListLabels(_Part):
    """The activity list's column heads (one per column of LIST_WIDTHS), date and attendance forms."""

    columns: list[str] = Field(min_length=len(LIST_WIDTHS), max_length=len(LIST_WIDTHS))
    date: str
    attendance: str


class _GridLabels(_Part):
    """The grid's corner cell, month head and total head."""

    corner: str
    month: str
    total: str


# The placeholders each format string may use: a file naming another fails on loading, not on export.
_FORMATS = {"numbered_mark": {"n": 1}, "note_item": {"n": 1, "title": ""},
            "activities.title": {"year": 2025}, "activities.date": {"month": 3, "day": 5},
            "activities.attendance": {"present": 27, "expected": 28}, "grid.title": {"year": 2025},
            "grid.month": {"month": 1}}


class AnnexLabels(BaseModel):
    """templates/annex.yaml: the marks, titles and column heads of the annexes."""

    model_config = ConfigDict(extra="forbid")
    mark: str
    numbered_mark: str
    note_lead: str
    note_item: str
    activities: _ListLabels
    grid: _GridLabels

    @model_validator(mode="after")
    def _formats(self) -> AnnexLabels:
        for path, values in _FORMATS.items():
            obj = self
            for part in path.split("."):
                obj = getattr(obj, part)
            try:
                obj.format(**values)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(f"{path}“{obj}”只能使用 {{{'}、{'.join(values)}}}：{exc}") from None
        return self


def labels() -> AnnexLabels:
    """The annex wording from templates/annex.yaml (cached)."""
    return load_model("annex.yaml", AnnexLabels)


@dataclass(frozen=True)
class AnnexTable:
    """One annex: its title, column heads, rows of cell text, column widths (mm) and which columns centre."""

    key: str  # "activities" or "grid"
    title: str
    header: list[str]
    rows: list[list[str]]
    widths_mm: tuple[float, ...]
    centred: frozenset[int]
    size_pt: float


def has_annex(draft: Draft) -> bool:
    """Whether the draft's facts hold ledger records, so the annexes can be offered."""
    return bool(draft.facts.ledger)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def activity_rows(records: list[LedgerRecord], year: int) -> list[list[str]]:
    """序号, 日期 ("3月5日"), 类别 (the classification's label, else as written), 主题, 参加人数 of the year's records."""
    words, rules = labels().activities, load_rules()
    mine = sorted((r for r in records if r.date.year == year), key=lambda r: (r.date, r.row))
    rows = []
    for i, rec in enumerate(mine, 1):
        known = rec.routine and rec.routine != OTHER and rules.rule(rec.routine) is not None
        kind = rules.label(rec.routine) if known else _one_line(rec.kind)
        if rec.present is not None and rec.expected:
            people = words.attendance.format(present=rec.present, expected=rec.expected)
        else:
            people = "" if rec.present is None else str(rec.present)
        date = ("" if rec.undated else rec.date_text  # "4月上旬" as written; an undated record: no day to show
                or words.date.format(month=rec.date.month, day=rec.date.day))
        rows.append([str(i), date, kind, _one_line(rec.topic), people])
    return rows


def grid_rows(draft: Draft) -> list[list[str]]:
    """One row per routine with any record: its label, the 12 monthly counts (blank for none), the total."""
    out = []
    for label, counts in month_grid_rows(sheet_stats(draft.facts)):
        if any(counts):
            out.append([label, *(str(n) if n else "" for n in counts), str(sum(counts))])
    return out


def annex_tables(draft: Draft, *, activities: bool = True, grid: bool = False) -> list[AnnexTable]:
    """The annexes asked for, in order; none when the draft's facts have no ledger or nothing to list."""
    if not has_annex(draft):
        return []
    words, year, out = labels(), draft.facts.year, []
    if activities:
        rows = activity_rows(sheet_records(draft.facts), year)
        if rows:
            out.append(AnnexTable("activities", words.activities.title.format(year=year),
                                  list(words.activities.columns), rows, LIST_WIDTHS,
                                  frozenset({0, 1, 4}), LIST_PT))
    if grid and (rows := grid_rows(draft)):
        head = [words.grid.corner, *(words.grid.month.format(month=m) for m in range(1, 13)), words.grid.total]
        widths = (GRID_LABEL_MM, *(GRID_MONTH_MM,) * 12, GRID_TOTAL_MM)
        out.append(AnnexTable("grid", words.grid.title.format(year=year), head, rows, widths,
                              frozenset(range(1, 14)), GRID_PT))
    return out


def marks(count: int) -> list[str]:
    """"附件" for one annex, "附件1", "附件2", … for more (GB/T 9704 8.5)."""
    words = labels()
    return [words.mark] if count == 1 else [words.numbered_mark.format(n=i) for i in range(1, count + 1)]


# --- writing ------------------------------------------------------------------------------------


def _define_styles(b: Any) -> None:
    """The mark (黑体 三号, flush left), the title (as 公文标题), the 附件说明 and the table cell styles."""
    from drafter.documents.export.layout import LINE_PT, STYLE_BODY, STYLE_TITLE, TITLE_PT

    if STYLE_MARK in b.styles:
        return
    mark = b.add_style(STYLE_MARK, "h1", base="Normal")
    ppr = mark.element.get_or_add_pPr()
    oxml.set_on(ppr, "w:keepNext")
    oxml.set_line_exact(ppr, LINE_PT, after_pt=LINE_PT)  # the title goes on the block's third line
    oxml.set_indent(ppr)
    oxml.set_jc(ppr, "left")
    title = b.add_style(STYLE_ANNEX_TITLE, "title", size=TITLE_PT, base=STYLE_TITLE)
    title.next_paragraph_style = b.styles[STYLE_BODY]
    note = b.add_style(STYLE_NOTE, "body", base=STYLE_BODY)
    oxml.set_on(note.element.get_or_add_pPr(), "w:keepNext")
    for name, role, size, line in ((STYLE_CELL, "body", LIST_PT, LIST_LINE_PT),
                                   (STYLE_HEAD, "h1", LIST_PT, LIST_LINE_PT),
                                   (STYLE_CELL_SMALL, "body", GRID_PT, GRID_LINE_PT),
                                   (STYLE_HEAD_SMALL, "h1", GRID_PT, GRID_LINE_PT)):
        style = b.add_style(name, role, size=size, base="Normal")
        ppr = style.element.get_or_add_pPr()
        oxml.set_line_exact(ppr, line)
        oxml.set_indent(ppr, char_pt=size)
        oxml.set_on(ppr, "w:autoSpaceDE", False)  # as in the body: no extra space around digits in Word
        oxml.set_on(ppr, "w:autoSpaceDN", False)
        oxml.set_jc(ppr, "left")


def write_note(b: Any, tables: list[AnnexTable]) -> None:
    """附件说明 (GB/T 9704 7.3.4): one blank line under the body, "附件：" two characters in, later items aligned."""
    from drafter.documents.export.layout import STYLE_BODY, display_width

    if not tables:
        return
    _define_styles(b)
    words = labels()
    blank = b.paragraph("", STYLE_BODY)
    oxml.set_on(blank._p.get_or_add_pPr(), "w:keepNext")
    items = [t.title for t in tables] if len(tables) == 1 else \
        [words.note_item.format(n=i, title=t.title) for i, t in enumerate(tables, 1)]
    lead = display_width(words.note_lead)
    for i, item in enumerate(items):
        para = b.paragraph((words.note_lead if i == 0 else "") + item, STYLE_NOTE)
        oxml.set_indent(para._p.get_or_add_pPr(), left_chars=2 + (lead if i else 0))


def write_annexes(b: Any, tables: list[AnnexTable]) -> None:
    """Each annex on a new page: mark, title, table."""
    if not tables:
        return
    _define_styles(b)
    for mark, table in zip(marks(len(tables)), tables, strict=True):
        para = b.paragraph(mark, STYLE_MARK)
        oxml.set_on(para._p.get_or_add_pPr(), "w:pageBreakBefore")
        b.paragraph(table.title, STYLE_ANNEX_TITLE)
        _table(b, table)


def _twips(widths_mm: tuple[float, ...]) -> list[int]:
    """Column widths in twips summing exactly to the 156 mm block."""
    from drafter.documents.export.layout import BLOCK_W

    cols = [oxml.twips(w) for w in widths_mm[:-1]]
    return [*cols, oxml.twips(BLOCK_W) - sum(cols)]


def _table(b: Any, table: AnnexTable) -> None:
    """A real w:tbl: fixed layout, single 0.5 pt borders, header row repeated, rows not split."""
    small = table.size_pt < LIST_PT
    cell_style = b.styles[STYLE_CELL_SMALL if small else STYLE_CELL].style_id
    head_style = b.styles[STYLE_HEAD_SMALL if small else STYLE_HEAD].style_id
    widths = _twips(table.widths_mm)
    tbl = b.doc.add_table(rows=1 + len(table.rows), cols=len(widths))
    tbl_pr = tbl._tbl.tblPr
    oxml.set_attrs(oxml.child(tbl_pr, "w:tblW", _TBLPR_SEQ), w=sum(widths), type="dxa")
    oxml.set_attrs(oxml.child(tbl_pr, "w:jc", _TBLPR_SEQ), val="center")
    borders = oxml.child(tbl_pr, "w:tblBorders", _TBLPR_SEQ)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        oxml.set_attrs(oxml.child(borders, f"w:{side}", ()), val="single", sz=BORDER_EIGHTHS, space=0,
                       color="000000")
    oxml.set_attrs(oxml.child(tbl_pr, "w:tblLayout", _TBLPR_SEQ), type="fixed")
    margins = oxml.child(tbl_pr, "w:tblCellMar", _TBLPR_SEQ)
    for side in ("left", "right"):
        oxml.set_attrs(oxml.child(margins, f"w:{side}", ()), w=oxml.twips(GRID_CELL_MARGIN_MM if small else CELL_MARGIN_MM),
                       type="dxa")
    for col, width in zip(tbl._tbl.tblGrid.gridCol_lst, widths, strict=True):
        oxml.set_attrs(col, w=width)  # twips as written (python-docx's col.w would read an int as EMU)
    for i, (row, texts) in enumerate(zip(tbl.rows, [table.header, *table.rows], strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never split across pages
        if i == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # Word and LibreOffice repeat it on each page
        for j, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            tc_pr = cell._tc.get_or_add_tcPr()
            oxml.set_attrs(oxml.child(tc_pr, "w:tcW", _TCPR_SEQ), w=widths[j], type="dxa")
            oxml.set_attrs(oxml.child(tc_pr, "w:vAlign", _TCPR_SEQ), val="center")
            para = cell.paragraphs[0]
            ppr = para._p.get_or_add_pPr()
            ppr.style = head_style if i == 0 else cell_style
            if i == 0 or j in table.centred:
                oxml.set_jc(ppr, "center")
            if text:
                para.add_run(text)

