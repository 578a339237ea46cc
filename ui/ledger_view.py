"""The ledger (台账) in the app: upload and preview with an editable column mapping, merge into the facts (the
records kept are ui/ledger_kept.py), the review's compliance hints and month grid, and what would fill an empty
outline section."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
import streamlit as st

from drafter.documents.draft import Draft
from drafter.errors import DrafterError
from drafter.facts.ledger import editing
from drafter.facts.ledger.build import build_ledger, remap
from drafter.facts.ledger.header import COLUMN_LABELS, COLUMN_NAMES
from drafter.facts.ledger.models import Ledger, LedgerTable
from drafter.facts.ledger.read import read_table
from drafter.facts.ledger.stats import date_span
from drafter.text.numerals import cn_date
from ui import state
from ui.ledger_kept import clear, kept, kept_table, set_kept

TABLE, PREVIEW, SOURCE, MESSAGE = "lg_table", "lg_preview", "lg_source", "lg_message"
NOT_READ = -1  # the mapping selectbox's 不读入
TYPES = ["xlsx", "xlsm", "csv", "txt", "docx"]


def _form() -> dict[str, Any]:
    return st.session_state[state.FORM]


def _year() -> int | None:
    year = _form().get("year")
    return int(year) if year else None


# --- upload and preview ------------------------------------------------------------------


def _read(upload: Any) -> None:
    """Read a newly chosen file once; the mapping widgets start again from what the reader found."""
    ss = st.session_state
    ss[SOURCE] = upload.file_id
    for key in [k for k in ss if isinstance(k, str) and k.startswith("lg_map_")]:
        del ss[key]
    ss.pop(TABLE, None)
    ss.pop(PREVIEW, None)
    ss.pop(MESSAGE, None)
    try:
        table = read_table(upload.getvalue(), upload.name)
        ss[TABLE], ss[PREVIEW] = table, build_ledger(table, year=_year())
    except DrafterError as exc:
        st.error(f"台账未能读取：{exc}")


def _remap() -> None:
    """Read the same cells again with the mapping as the selectboxes now say (the file is not read again)."""
    ss = st.session_state
    table: LedgerTable | None = ss.get(TABLE)
    if table is None:
        return
    mapping = {c: ss[f"lg_map_{c}"] for c in COLUMN_NAMES
               if ss.get(f"lg_map_{c}", NOT_READ) not in (NOT_READ, None)}
    with state.shown_errors(deferred=True):
        ss[PREVIEW] = remap(table, mapping, year=_year())
        ss.pop(MESSAGE, None)


def _column_name(ledger: Ledger, index: int) -> str:
    if index == NOT_READ:
        return "不读入"
    name = ledger.headers[index].replace("\n", "") if index < len(ledger.headers) else ""
    return f"第{index + 1}列" + (f"“{name}”" if name else "")


def _mapping(ledger: Ledger, table: LedgerTable) -> None:
    """One selectbox per column the program reads: which of the file's columns it comes from."""
    ss = st.session_state
    width = max([len(ledger.headers), *(len(r) for r in table.rows[:200])], default=0)
    options = [NOT_READ, *range(width)]
    st.markdown("**列对应**（可修改：每一项从哪一列读取）")
    cols = st.columns(3)
    for n, column in enumerate(COLUMN_NAMES):
        key = f"lg_map_{column}"
        if key not in ss:
            ss[key] = ledger.mapping.get(column, NOT_READ)
        cols[n % 3].selectbox(COLUMN_LABELS[column], options, key=key, on_change=_remap,
                              format_func=lambda i, lg=ledger: _column_name(lg, i))
    unused = [i for i, h in enumerate(ledger.headers) if h and i not in ledger.mapping.values()]
    if unused:
        st.caption("未读入的列：" + "、".join(_column_name(ledger, i) for i in unused))


def _counts(ledger: Ledger) -> None:
    records = ledger.records
    year = f"（{ledger.year}年度）" if ledger.year else ""
    if not records:
        st.warning("没有读到记录。请检查列对应中的“日期”列，或查看下面未读入的行。")
        return
    span = date_span(records)
    shown = f"，时间：{cn_date(span[0])}至{cn_date(span[1])}" if span else ""
    st.markdown(f"**读到记录 {len(records)} 条**{year}{shown}")
    routines, themes = editing.count_lines(records, ledger.year or _year(), _form().get("secretary") or "")
    st.markdown("按规定动作：" + ("、".join(routines) or "无"))
    st.markdown("按活动主题：" + ("、".join(themes) or "无"))
    st.caption("归类由程序按类别、主题和内容判断；并入材料后可逐条改正。")


SHOWN_AS_LIST = 30  # more refused rows than this are a table (every one is still shown)


def _problems(ledger: Ledger) -> None:
    """Every refused row with its number and reason, and every note: nothing is left out silently."""
    if ledger.refused:
        st.markdown(f"**未读入的行（{len(ledger.refused)}）**：请在原文件中补全后重新上传，或修改列对应")
        rows = [(r.row, r.reason, " | ".join(c for c in r.cells if c)) for r in ledger.refused]
        if len(rows) <= SHOWN_AS_LIST:
            st.markdown("\n".join(f"- 第{n}行：{html.escape(why)}" + (f"〔{html.escape(cells[:80])}〕" if cells else "")
                                   for n, why, cells in rows))
        else:
            st.dataframe(pd.DataFrame(rows, columns=["行号", "原因", "内容"]), hide_index=True, width="stretch")
    else:
        st.caption("未读入的行：无")
    if ledger.notes:
        st.markdown(f"**请核对（{len(ledger.notes)}）**")
        notes = [(n.row, n.reason) for n in ledger.notes]
        if len(notes) <= SHOWN_AS_LIST:
            st.markdown("\n".join(f"- {'第' + str(n) + '行：' if n else ''}{html.escape(why)}" for n, why in notes))
        else:
            st.dataframe(pd.DataFrame(notes, columns=["行号", "说明"]), hide_index=True, width="stretch")


def _merge() -> None:
    ss = st.session_state
    ledger: Ledger | None = ss.get(PREVIEW)
    if ledger is None:
        return
    with state.shown_errors(deferred=True):
        result = editing.merge_ledger(kept(), ledger.records)
        set_kept(result.records)
        ss[MESSAGE] = result.message
        state.flash("success", result.message)


def _close() -> None:
    for key in (TABLE, PREVIEW, MESSAGE):
        st.session_state.pop(key, None)


def _preview() -> None:
    ss = st.session_state
    ledger: Ledger | None = ss.get(PREVIEW)
    table: LedgerTable | None = ss.get(TABLE)
    if ledger is None or table is None:
        return
    with st.container(border=True):
        where = f"（{ledger.sheet}）" if ledger.sheet else ""
        head = f"表头在第{ledger.header_row}行" if ledger.header_row else "未找到表头，请在下面指定各列"
        st.markdown(f"**{html.escape(ledger.source)}**{where} · {head}")
        if ledger.header_row:
            st.caption("表头：" + " | ".join(h.replace("\n", "") for h in ledger.headers if h))
        if table.others:
            st.caption("文件中另有像台账的表：" + "、".join(table.others) + "（只读取了上面这一张）")
        _mapping(ledger, table)
        _counts(ledger)
        _problems(ledger)
        c1, c2, _ = st.columns([1, 1, 4])
        c1.button("并入材料", key="lg_merge", type="primary", on_click=_merge, disabled=not ledger.records,
                  help="把读到的记录加入本文稿的材料；再次并入同一份台账不会重复添加")
        c2.button("关闭预览", key="lg_close", on_click=_close)
        if ss.get(MESSAGE):
            st.success(ss[MESSAGE])


def render() -> None:
    """The facts page's section 台账（三会一课记录）: upload, preview, merge, and the records kept."""
    st.subheader("台账（三会一课记录）")
    st.caption("上传支部的三会一课台账或活动记录（Excel、CSV 或 Word 表格），程序会统计各项规定动作的次数，"
               "并按主题写入文稿。")
    upload = st.file_uploader("上传台账（.xlsx、.csv 或 .docx 文件，不超过 10 MB）", type=TYPES, key="lg_upload",
                              help="每行一次会议或活动，有日期、类别、主题等列；.xls 或 .doc 请先另存为 .xlsx 或 .docx")
    if upload is not None and st.session_state.get(SOURCE) != upload.file_id:
        _read(upload)
    _preview()
    try:
        records = kept()
    except DrafterError as exc:
        st.error(str(exc))
        st.button("清空台账", key="lg_clear_bad", on_click=clear, args=(True,))
        return
    if records:
        kept_table(records)


# --- review and outline ------------------------------------------------------------------


def _grid_styles(frame: pd.DataFrame, gaps: set[tuple[str, str]]) -> pd.DataFrame:
    """Green where something was held; red where a hint names the month as missing; plain elsewhere."""
    def style(label: str, month: str, value: int) -> str:
        if (label, month) in gaps:
            return "background-color: #ffd6d6"
        return "background-color: #d7f0d7" if value else ""

    return pd.DataFrame([[style(i, c, frame.loc[i, c]) for c in frame.columns] for i in frame.index],
                        index=frame.index, columns=frame.columns)


def review_panel(draft: Draft) -> None:
    """Compliance hints (never in the text) and the month × routine grid of the draft's records."""
    facts = draft.facts
    grid = editing.draft_grid(facts)
    if not grid:
        return
    as_of = facts.signature_date or draft.signature.date or dt.date.today()
    hints = editing.draft_hints(facts, as_of)
    with st.expander(f"台账提示：规定动作（{len(hints)} 条）", expanded=bool(hints)):
        st.caption("以下按《中国共产党支部工作条例（试行）》等常见要求对照台账统计，只作提示，不写入文稿。")
        for h in hints:
            body = (f"**{h.label}**：{h.message}\n\n依据：{h.source}。{h.note}")
            (st.warning if h.severity == "warning" else st.info)(body)
        if not hints:
            st.success("台账中的各项规定动作都达到了常见的最低要求。")
        frame = pd.DataFrame([counts for _, counts in grid], index=[label for label, _ in grid],
                             columns=[f"{m}月" for m in range(1, 13)])
        gaps = {(h.label, f"{m}月") for h in hints for m in h.missing_months}
        st.markdown("**各月开展情况**（绿色为当月有记录，红色为上面提示中缺少的月份）")
        st.dataframe(frame.style.apply(_grid_styles, axis=None, gaps=gaps), width="stretch")


def _outline_gaps(draft: Draft) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(records each section tells, checklist items of the sections with neither facts nor records), per change."""
    from drafter.drafting.thematic.gaps import empty_sections, ledger_counts

    key = (draft.id, draft.updated_at)
    cached = st.session_state.get("lg_gaps")
    if cached and cached[0] == key:
        return cached[1]
    sections = [(s.id, bool(s.fact_refs)) for s in draft.outline.sections]
    try:
        found = (ledger_counts(draft.facts, draft.outline.kind, [s for s, _ in sections]),
                 empty_sections(draft.facts, draft.outline.kind, sections))
    except DrafterError:
        found = ({}, {})
    st.session_state["lg_gaps"] = (key, found)
    return found


def section_gaps(draft: Draft, section_id: str) -> None:
    """Under an outline section without facts: the ledger records it tells, or which checklist items would fill it."""
    counts, gaps = _outline_gaps(draft)
    if counts.get(section_id):
        st.caption(f"本节写台账中的 {counts[section_id]} 条记录（次数由程序统计）")
    elif gaps.get(section_id):
        items = gaps[section_id]
        st.caption("本节还没有材料，可在“事实材料”的“各部分可补充的内容”中填写：" + "；".join(items[:6])
                   + ("等" if len(items) > 6 else ""))
