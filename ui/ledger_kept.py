"""The ledger records kept in the facts form: the table, the secretary's note (备注：做法与成效) typed per row, a row's
class corrected, a row deleted, all cleared."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from drafter.facts.ledger import editing
from drafter.facts.ledger.models import LedgerRecord
from drafter.text.safetext import md_escape
from ui import state
from ui.form_data import LIMITS

CONFIRM_CLEAR = "lg_confirm_clear"
NOTE_PAGE = 20  # note fields shown at a time (a ledger may hold hundreds of rows)
NOTE_PAGE_KEY = "lg_note_page"
NOTES_OPEN = "lg_notes_open"  # the note fields' expander, open or closed
NOTE_SHOWN = 24  # characters of a note the table shows


def _form() -> dict[str, Any]:
    return st.session_state[state.FORM]


def _note_key(index: int) -> str:
    # f_…: dropped with the form's other widget state when a whole sheet is loaded (state.clear_form_widgets)
    return f"f_lgnote_{index}"


def kept() -> list[LedgerRecord]:
    """The records merged into the form so far, with the notes typed since the last run written in: a click in the
    same run as the typing (并入材料, 删除) keeps them. The form is saved with the draft, so they survive a refresh."""
    ss = st.session_state
    records = editing.records_of(_form().get("ledger"))
    typed = {i: ss[_note_key(i)] for i in range(len(records)) if _note_key(i) in ss}
    updated = editing.with_notes(records, typed)
    if updated != records:
        _form()["ledger"] = editing.rows_of(updated)
    return updated


def set_kept(records: list[LedgerRecord]) -> None:
    """New records for the form; the note fields start again from them (a row may have moved). Callbacks only."""
    ss = st.session_state
    # A new list (never edited in place): the form is compared with its saved copy to know it changed.
    _form()["ledger"] = editing.rows_of(records)
    for key in [k for k in ss if isinstance(k, str) and k.startswith("f_lgnote_")]:
        del ss[key]


def _correct() -> None:
    ss = st.session_state
    with state.shown_errors(deferred=True):
        index, key = ss.get("lg_pick"), ss.get("lg_class")
        if index is None or key is None:
            return
        set_kept(editing.corrected(kept(), index, key))
        state.flash("success", f"第{index + 1}条已改为“{editing.class_options()[key]}”，以后不会再被程序改回")


def _delete() -> None:
    ss = st.session_state
    with state.shown_errors(deferred=True):
        index = ss.get("lg_pick")
        if index is None:
            return
        set_kept(editing.deleted(kept(), index))
        ss.pop("lg_pick", None)
        state.flash("success", f"已删除第{index + 1}条台账记录")


def clear(confirmed: bool) -> None:
    """清空台账 (after the secretary confirmed), or the question withdrawn."""
    ss = st.session_state
    if confirmed:
        set_kept([])
        ss.pop("lg_pick", None)
        state.flash("success", "台账记录已清空")
    ss[CONFIRM_CLEAR] = False


def _number(value: int | None) -> str:
    return "" if value is None else str(value)  # blank, not "None", where the ledger gave no count


def _short(note: str) -> str:
    return note if len(note) <= NOTE_SHOWN else note[:NOTE_SHOWN] + "…"


def _notes(records: list[LedgerRecord]) -> None:
    """One note field a row (a page of rows at a time, drawn only while open: a long form reruns slower), seeded
    from the record; kept() writes what is typed, also when the expander was closed in the same run."""
    ss = st.session_state
    box = st.expander("逐条填写做法与成效（备注，均为选填）", key=NOTES_OPEN, on_change="rerun")
    with box:
        if not box.open:
            return
        st.caption("写这次会议或活动是怎么做的、有什么成效，一两句即可；起草时作为书记的原话写进文稿。"
                   "重新导入台账不会覆盖这里填写或删去的内容。")
        pages = (len(records) + NOTE_PAGE - 1) // NOTE_PAGE
        if ss.get(NOTE_PAGE_KEY, 0) >= pages:
            ss[NOTE_PAGE_KEY] = 0
        page = 0
        if pages > 1:
            page = st.selectbox("显示", list(range(pages)), key=NOTE_PAGE_KEY,
                                format_func=lambda p: f"第{p * NOTE_PAGE + 1}—{min(len(records), (p + 1) * NOTE_PAGE)}条")
        limit = LIMITS["note"]
        for i in range(page * NOTE_PAGE, min(len(records), (page + 1) * NOTE_PAGE)):
            r = records[i]
            key = _note_key(i)
            if key not in ss:
                ss[key] = r.note
            left, right = st.columns([2, 5])
            left.caption(f"第{i + 1}条 · {r.date.isoformat()} · {md_escape(r.topic or r.kind)}")
            value = right.text_area(f"第{i + 1}条的备注", key=key, height=68, label_visibility="collapsed",
                                    placeholder="如：采取“书记领学+党员交流”的方式，形成整改措施3条")
            if len(value) > limit:
                right.caption(f":red[{len(value)} / {limit} 字，超出 {len(value) - limit} 字，请精简]")


def _day(record: LedgerRecord) -> str:
    """The record's date as the ledger gave it: "2025-03-05", "4月上旬", or 未记日期."""
    return "未记日期" if record.undated else record.date_text or record.date.isoformat()


def kept_table(records: list[LedgerRecord]) -> None:
    """The records kept, their notes, and correcting, deleting or clearing them."""
    options = editing.class_options()
    st.markdown(f"**材料中的台账记录（{len(records)} 条）**")
    st.dataframe(pd.DataFrame([{
        "序号": i + 1, "日期": _day(r), "类别": r.kind, "主题": r.topic,
        "应到": _number(r.expected), "实到": _number(r.present),
        "归类": options.get(r.routine or "", r.routine or "") + ("（已改正）" if r.routine_fixed else ""),
        "备注": _short(r.note),
    } for i, r in enumerate(records)]), hide_index=True, width="stretch")
    _notes(records)
    ss = st.session_state
    if ss.get("lg_pick") is not None and ss["lg_pick"] >= len(records):
        ss["lg_pick"] = None
    c = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    c[0].selectbox("选择一条记录", list(range(len(records))), index=None, key="lg_pick", placeholder="选择要改正的记录",
                   format_func=lambda i: f"第{i + 1}条 · {_day(records[i])} · "
                   f"{records[i].topic or records[i].kind}")
    c[1].selectbox("改为", list(options), index=None, key="lg_class", format_func=options.get, placeholder="选择类别")
    c[2].button("改正归类", key="lg_correct", on_click=_correct,
                disabled=ss.get("lg_pick") is None or ss.get("lg_class") is None)
    c[3].button("删除这一条", key="lg_delete", on_click=_delete, disabled=ss.get("lg_pick") is None)
    if ss.get(CONFIRM_CLEAR):
        st.warning(f"确定清空全部 {len(records)} 条台账记录吗？清空后可重新上传台账。")
        d = st.columns([1, 1, 4])
        d[0].button("确认清空", key="lg_clear_yes", type="primary", on_click=clear, args=(True,))
        d[1].button("取消", key="lg_clear_no", on_click=clear, args=(False,))
    else:
        st.button("清空台账", key="lg_clear", on_click=lambda: ss.__setitem__(CONFIRM_CLEAR, True))
