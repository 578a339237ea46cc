"""Step 5, 导出: Word (GB/T 9704) and Markdown downloads named after the branch, year and kind."""

from __future__ import annotations

import streamlit as st

from drafter.draft import Draft
from ui import state

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(draft: Draft | None) -> None:
    """Draw the export step."""
    if draft is None or not any(s.text for s in draft.sections):
        st.info("生成全文后即可导出。")
        return
    from drafter.export import export_filename, to_docx, to_markdown

    empty = [s.heading or "开头" for s in draft.sections if not s.text]
    if empty:
        st.warning("以下小节还是空的：" + "、".join(empty))
    fonts = st.radio("字体", ["official", "common"], horizontal=True, key="export_fonts",
                     format_func={"official": "公文字体（方正小标宋、仿宋_GB2312 等）",
                                  "common": "常用字体（宋体、黑体、楷体，电脑上都有）"}.get)
    c1, c2 = st.columns(2)
    with state.shown_errors():
        c1.download_button("下载 Word 文档（.docx）", to_docx(draft, fonts=fonts), type="primary",
                           file_name=export_filename(draft, "docx"), mime=DOCX_MIME, key="dl_docx",
                           on_click="ignore")
    with state.shown_errors():
        c2.download_button("下载 Markdown（.md）", to_markdown(draft).encode("utf-8"),
                           file_name=export_filename(draft, "md"), mime="text/markdown", key="dl_md",
                           on_click="ignore")
    st.caption("Word 文档按党政机关公文格式（GB/T 9704）排版：A4、标题二号小标宋、正文三号仿宋、每页22行。")
