"""本单位词表: add, edit, delete, import and export the unit's 错误写法 → 建议写法 pairs and 禁用词."""

from __future__ import annotations

import streamlit as st

from drafter.proofreading.wordlists import DEFAULT_LIST, WordEntry, WordLists
from ui import state
from ui.state import Deps

PICK = "wl_pick"
NEW = "（新增一条）"


def _lists(deps: Deps) -> WordLists | None:
    return getattr(deps, "wordlists", None)


def _save(deps: Deps) -> None:
    """Add or change the entry in the form."""
    ss = st.session_state
    wrong = (ss.get("wl_wrong") or "").strip()
    if not wrong or any(len(ss.get(k) or "") > 200 for k in ("wl_wrong", "wl_right", "wl_list")):
        state.flash("warning", "请填写错误写法（词表名、错误写法、建议写法各不超过 200 字）。")
        return
    with state.shown_errors(deferred=True):
        entry = WordEntry(list_name=ss.get("wl_list") or DEFAULT_LIST, wrong=ss.get("wl_wrong", ""),
                          right=ss.get("wl_right", ""), note=ss.get("wl_note", ""))
        if entry.right == entry.wrong:
            state.flash("warning", "错误写法与建议写法相同，未保存。")
            return
        lists = _lists(deps)
        picked = ss.get(PICK)
        if picked and picked != NEW:
            lists.update(picked, entry)
            state.flash("success", f"已修改“{entry.wrong}”")
        else:
            lists.add(entry)
            state.flash("success", f"已加入“{entry.wrong}”" + ("（禁用词）" if entry.banned else ""))
        for k in ("wl_wrong", "wl_right", "wl_note"):
            ss[k] = ""
        ss[PICK] = NEW


def _delete(deps: Deps, entry_id: str, wrong: str) -> None:
    with state.shown_errors(deferred=True):
        _lists(deps).delete(entry_id)
        st.session_state[PICK] = NEW
        for k in ("wl_wrong", "wl_right", "wl_note"):
            st.session_state[k] = ""
        state.flash("success", f"已删除“{wrong}”")


def _fill(deps: Deps, by_id: dict) -> None:
    """Put the picked entry into the form for editing."""
    picked = st.session_state.get(PICK)
    e = by_id.get(picked)
    ss = st.session_state
    ss["wl_list"] = e.list_name if e else ss.get("wl_list") or DEFAULT_LIST
    ss["wl_wrong"], ss["wl_right"], ss["wl_note"] = (e.wrong, e.right, e.note) if e else ("", "", "")


def _import(deps: Deps) -> None:
    upload = st.session_state.get("wl_upload")
    if upload is None:
        state.flash("warning", "请先选择 CSV 或 YAML 文件。")
        return
    fmt = "csv" if upload.name.lower().endswith((".csv", ".txt")) else "yaml"
    with state.shown_errors(deferred=True):
        result = _lists(deps).import_file(upload.getvalue(), fmt,
                                          default_list=st.session_state.get("wl_list") or DEFAULT_LIST)
        state.flash("success" if not result.skipped else "warning", result.summary())


def render(deps: Deps) -> None:
    """The word-list manager (an expander, so it stays out of the way)."""
    lists = _lists(deps)
    if lists is None:
        return
    with state.shown_errors():
        rows = lists.all()
    by_id = {r.id: r.entry for r in rows}
    with st.expander(f"本单位词表（{len(rows)} 条）：错误写法 → 建议写法、禁用词", expanded=False):
        st.caption("审校时逐条比对；建议写法留空即为禁用词。词表保存在本程序的数据库中，所有文稿共用。")
        if rows:
            st.dataframe([{"词表": r.entry.list_name, "错误写法": r.entry.wrong,
                           "建议写法": r.entry.right or "（禁用）", "说明": r.entry.note} for r in rows],
                         hide_index=True, use_container_width=True, height=min(300, 38 + 35 * len(rows)))
        options = [NEW] + [r.id for r in rows]
        labels = {r.id: f"{r.entry.list_name}：{r.entry.wrong} → {r.entry.right or '（禁用）'}" for r in rows}
        st.selectbox("修改或删除", options, key=PICK, format_func=lambda x: labels.get(x, x),
                     on_change=_fill, args=(deps, by_id))
        c = st.columns([2, 3, 3, 3])
        c[0].text_input("词表", key="wl_list", placeholder=DEFAULT_LIST)
        c[1].text_input("错误写法", key="wl_wrong", placeholder="如：街道办")
        c[2].text_input("建议写法", key="wl_right", placeholder="如：街道办事处（留空为禁用词）")
        c[3].text_input("说明", key="wl_note", placeholder="可选")
        b = st.columns([1, 1, 4])
        picked = st.session_state.get(PICK)
        b[0].button("保存" if picked and picked != NEW else "添加", key="wl_save", type="primary",
                    on_click=_save, args=(deps,))
        if picked and picked != NEW and picked in by_id:
            b[1].button("删除", key="wl_delete", on_click=_delete, args=(deps, picked, by_id[picked].wrong))
        st.markdown("**导入 / 导出**")
        st.file_uploader("CSV（第一行：错误写法,建议写法,说明）或 YAML", type=["csv", "txt", "yaml", "yml"],
                         key="wl_upload")
        d = st.columns([1, 1, 1, 3])
        d[0].button("导入", key="wl_import", on_click=_import, args=(deps,))
        with state.shown_errors():
            d[1].download_button("导出 CSV", lists.export("csv").encode("utf-8-sig"), file_name="词表.csv",
                                 mime="text/csv", key="wl_dl_csv", on_click="ignore")
            d[2].download_button("导出 YAML", lists.export("yaml").encode("utf-8"), file_name="词表.yaml",
                                 mime="application/x-yaml", key="wl_dl_yaml", on_click="ignore")
        st.caption("导入时同一词表中已有的错误写法会被更新；文件有误时不会改动现有词表。")
