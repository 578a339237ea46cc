"""Step 4, 审校: findings per section with the offending text highlighted and a jump to the section."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from drafter.draft import Draft
from ui import state
from ui.draft_view import anchor

COLORS = {"error": "#ffd6d6", "warning": "#fff1c2", "info": "#dcecff"}
REVIEW = "review_cache"  # (draft id, updated_at) -> findings; review runs once per change, not per rerun


def findings(draft: Draft) -> list[Any] | None:
    """The review's findings for the draft as it is now (None when the review module is unavailable)."""
    try:
        from drafter.review import review_draft
    except ImportError:
        return None
    key = (draft.id, draft.updated_at)
    cached = st.session_state.get(REVIEW)
    if cached and cached[0] == key:
        return cached[1]
    if not any(s.text for s in draft.sections):
        result: list[Any] = []
    else:
        result = list(review_draft(draft))
    st.session_state[REVIEW] = (key, result)
    return result


def tab_label(draft: Draft | None) -> str:
    """④ 审校 with the number of findings."""
    if draft is None:
        return "④ 审校"
    found = findings(draft)
    return "④ 审校" if not found else f"④ 审校（{len(found)}）"


def highlight(text: str, start: int, end: int, severity: str) -> str:
    """The sentence around a finding, the offending part marked."""
    if end - start > 80:  # a whole-section finding (length): mark only its beginning
        return (f"<mark style='background:{COLORS.get(severity, '#eee')}'>{html.escape(text[start:start + 40])}"
                f"</mark>…")
    a, b = max(0, start - 40), min(len(text), end + 40)
    pre, hit, post = text[a:start], text[start:end], text[end:b]
    return ("…" if a else "") + html.escape(pre) + (
        f"<mark style='background:{COLORS.get(severity, '#eee')}'>{html.escape(hit)}</mark>") + html.escape(
        post) + ("…" if b < len(text) else "")


def _jump(section_id: str) -> None:
    state.set_step("draft")
    st.session_state["scroll_to"] = anchor(section_id)


def render(draft: Draft | None) -> None:
    """Draw the review."""
    if draft is None:
        st.info("还没有文稿。")
        return
    found = findings(draft)
    if found is None:
        st.info("审校功能暂不可用。")
        return
    if not any(s.text for s in draft.sections):
        st.info("生成全文后，这里会列出需要核对的地方。")
        return
    from drafter.review.findings import sort_key, summary_line

    st.markdown(f"**{summary_line(found)}**。审校只是提示，请结合实际判断；修改后本页会自动更新。")
    whole = [f for f in found if f.section_id is None]
    if whole:
        with st.container(border=True):
            st.markdown("**全文**")
            for f in whole:
                st.markdown(f"- 【{f.severity_label}·{f.rule_label}】{html.escape(f.message)}",
                            unsafe_allow_html=True)
    for sec in draft.sections:
        mine = sorted((f for f in found if f.section_id == sec.id), key=sort_key)
        if not mine:
            continue
        with st.container(border=True):
            c = st.columns([5, 1], vertical_alignment="center")
            c[0].markdown(f"**{html.escape(sec.heading or '开头')}** · {len(mine)} 处")
            c[1].button("跳到本节", key=f"jump_{sec.id}", on_click=_jump, args=(sec.id,))
            for f in mine:
                source = sec.heading if f.where == "heading" else draft.title if f.where == "title" else sec.text
                where = highlight(source, f.start, f.end, f.severity) if f.end > f.start else html.escape(f.text)
                st.markdown(f"- 【{f.severity_label}·{f.rule_label}】{html.escape(f.message)}<br>"
                            f"<span style='color:#555'>{where}</span>", unsafe_allow_html=True)
