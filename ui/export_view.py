"""Step 5, 导出: Word (GB/T 9704) and Markdown downloads; an edited .docx uploaded back ("Word 导入")."""

from __future__ import annotations

import streamlit as st

from drafter.documents.draft import Draft
from drafter.text.safetext import md_escape
from ui import state
from ui.state import Deps

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _import_word(deps: Deps) -> None:
    """Read the uploaded .docx into a copy of the draft; only a successful import replaces and saves it."""
    from drafter.documents.word_import import import_docx
    from drafter.proofreading import review_draft

    upload = st.session_state.get("docx_upload")
    draft = state.current()
    if upload is None or draft is None:
        state.flash("warning", "请先选择在 Word/WPS 中修改过的 .docx 文件。")
        return
    with state.shown_errors(deferred=True):
        work = draft.model_copy(deep=True)
        report = import_docx(work, upload.getvalue())
        if not report.anything:
            state.flash("info", report.summary() + "。")
            return
        if not state.save(deps, work):
            return
        st.session_state[state.DRAFT] = work
        touched = set(report.changed + report.added)
        found = [f for f in review_draft(work, deps.wordlists.entries() if deps.wordlists else ())
                 if f.section_id in touched]
        state.flash("success", report.summary() + f"；修改过的小节审校发现 {len(found)} 处，可到“④ 审校”查看。"
                    "每节导入前的文字都保留在版本记录中。")
        for m in report.messages:
            state.flash("warning" if "对不上" in m else "info", m)


def _audited(deps: Deps | None, draft_id: str, fmt: str):
    """Shared mode: a download is recorded in the audit trail (the admin's 汇总 shows it); else no rerun."""
    record = getattr(deps.store, "exported", None) if deps is not None else None
    return "ignore" if record is None else (lambda: record(draft_id, fmt))


SHOWN = 3  # findings listed per section here; the review has them all
# What must not go out unseen comes first: placeholders, numbers/names not in the material, wrong formulations.
FIRST = ["placeholder", "unsupported_number", "unsupported_name", "unsupported_honour", "formulation", "era",
         "claimed_routine"]


def _first(f) -> tuple:
    from drafter.proofreading.findings import sort_key

    return (f.severity != "error", FIRST.index(f.rule) if f.rule in FIRST else len(FIRST), *sort_key(f))


def _open_findings(draft: Draft, deps: Deps | None) -> None:
    """The review's errors and warnings still open, with 跳到本节, before the downloads (which stay possible)."""
    from ui import review_view

    found = [f for f in (review_view.findings(draft, deps) or []) if f.severity in ("error", "warning")]
    if not found:
        return
    errors = sum(f.severity == "error" for f in found)
    st.warning(f"审校还有 {errors} 处错误、{len(found) - errors} 处警告未处理（占位符、材料里没有的数字、"
               "不规范的提法等）。建议改好再导出；仍可直接下载。", icon=":material/warning:")
    # A long list scrolls in its own box, so the download buttons stay in sight below it.
    with st.container(border=True, key="export_findings", height=360 if len(found) > 6 else "content"):
        whole = [f for f in found if f.section_id is None]
        for f in whole[:SHOWN]:
            st.markdown(f"- 【{f.severity_label}·{f.rule_label}】{md_escape(f.message)}")
        for sec in draft.sections:
            mine = sorted((f for f in found if f.section_id == sec.id), key=_first)
            if not mine:
                continue
            c = st.columns([5, 1], vertical_alignment="center")
            c[0].markdown(f"**{md_escape(sec.heading or '开头')}** · {len(mine)} 处")
            c[1].button("跳到本节", key=f"xjump_{sec.id}", on_click=review_view.jump, args=(sec.id,))
            for f in mine[:SHOWN]:
                st.markdown(f"- 【{f.severity_label}·{f.rule_label}】“{md_escape(f.text[:40])}”："
                            f"{md_escape(f.message)}")
            if len(mine) > SHOWN:
                st.caption(f"本节另有 {len(mine) - SHOWN} 处，见“④ 审校”")


def render(draft: Draft | None, deps: Deps | None = None) -> None:
    """Draw the export step."""
    if draft is None or not any(s.text for s in draft.sections):
        st.info("生成全文后即可导出。")
        return
    from drafter.documents.export import export_filename, has_annex, to_docx, to_markdown

    empty = [s.heading or "开头" for s in draft.sections if not s.text]
    if empty:
        st.warning("以下小节还是空的，导出的文件中不含这些小节（后面各节的序号顺延）：" + "、".join(empty))
    _open_findings(draft, deps)
    fonts = st.radio("字体", ["official", "common"], horizontal=True, key="export_fonts",
                     format_func={"official": "公文字体（方正小标宋、仿宋_GB2312 等）",
                                  "common": "常用字体（宋体、黑体、楷体，电脑上都有）"}.get)
    annex = grid = False
    if has_annex(draft):  # the annexes come from the ledger: offered only when the facts have one
        annex = st.checkbox("附件：全年活动一览（来自台账）", key="export_annex")
        grid = st.checkbox("附件：逐月开展情况表", key="export_grid")
    c1, c2 = st.columns(2)
    with state.shown_errors():
        c1.download_button("下载 Word 文档（.docx）", to_docx(draft, fonts=fonts, annex=annex, grid=grid), type="primary",
                           file_name=export_filename(draft, "docx"), mime=DOCX_MIME, key="dl_docx",
                           on_click=_audited(deps, draft.id, "docx"))
    with state.shown_errors():
        c2.download_button("下载 Markdown（.md）", to_markdown(draft).encode("utf-8"),
                           file_name=export_filename(draft, "md"), mime="text/markdown", key="dl_md",
                           on_click=_audited(deps, draft.id, "md"))
    st.caption("Word 文档按党政机关公文格式（GB/T 9704）排版：A4、标题二号小标宋、正文三号仿宋、每页22行。")
    if deps is not None:
        with st.expander("从 Word 导入修改（在 Word/WPS 中改过后上传回来）"):
            st.caption("按标题、小标题和落款对应到各节：改过的小节各存为一个“Word 导入”版本，并重新审校；"
                       "对不上的内容作为新的一节加入，不会覆盖原文。")
            st.file_uploader("修改过的 Word 文件（.docx，最多 10 MB）", type=["docx"], key="docx_upload")
            st.button("导入修改", key="docx_import", on_click=_import_word, args=(deps,))
