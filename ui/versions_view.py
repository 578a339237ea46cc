"""A section's versions: where each differs from the one before, and two versions compared side by side."""

from __future__ import annotations

import streamlit as st

from drafter.documents.diff import first_difference
from drafter.documents.draft import Section
from drafter.text.safetext import md_escape


def compare(sec: Section) -> None:
    """Two versions side by side in one text: deletions struck through, insertions underlined (by character)."""
    from drafter.documents.diff import diff_chars, stats, to_html_pair

    n = len(sec.versions)
    st.markdown("**比较两个版本**")
    c = st.columns(2)
    fmt = lambda i: f"版本{i + 1} · {sec.versions[i].label}"  # noqa: E731
    a = c[0].selectbox("旧版本", range(n), index=n - 2, key=f"cmp_a_{sec.id}_{n}", format_func=fmt)
    b = c[1].selectbox("新版本", range(n), index=n - 1, key=f"cmp_b_{sec.id}_{n}", format_func=fmt)
    pieces = diff_chars(sec.versions[a].text, sec.versions[b].text)
    ins, dels = stats(pieces)
    st.caption(f"新增 {ins} 字（绿色下划线），删去 {dels} 字（红色删除线）" if ins or dels else "两个版本相同")
    if ins or dels:
        left, right = to_html_pair(pieces)
        c = st.columns(2)
        c[0].markdown(f"<div style='line-height:1.9'>{left}</div>", unsafe_allow_html=True)
        c[1].markdown(f"<div style='line-height:1.9'>{right}</div>", unsafe_allow_html=True)


def preview(text: str, before: str | None) -> str:
    """Where this version differs from the one before it: its first differing sentence."""
    sentence, differs = first_difference(text, before)
    if before is not None and text == before:
        return "（与上一版本相同）"
    if before is not None and not differs:
        return "（删去了上一版本末尾的文字）"
    one = sentence if len(sentence) <= 80 else sentence[:78] + "…"
    return ("从这里起不同：" if differs else "") + md_escape(one)
