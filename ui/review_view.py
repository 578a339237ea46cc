"""Step 4, 审校: findings per section with the offending text highlighted, a jump, one-click fixes and ignore."""

from __future__ import annotations

from typing import Any

import streamlit as st

from drafter.documents.draft import Draft
from drafter.text.safetext import md_escape
from ui import ledger_view, state, wordlists_view
from ui.draft_view import anchor
from ui.state import Deps

COLORS = {"error": "#ffd6d6", "warning": "#fff1c2", "info": "#dcecff"}
PROOF_RULES = {"formulation", "wordlist", "punctuation", "number_style", "era", "chatbot", "placeholder"}
REVIEW = "review_cache"
SHOWN_PER_SECTION = 40  # a pasted web text can have hundreds of half-width commas; each row costs a rerun  # (draft id, updated_at) -> findings; review runs once per change, not per rerun


def _entries(deps: Deps | None) -> tuple:
    """The unit's word-list entries (cached by the store until they change)."""
    lists = getattr(deps, "wordlists", None) if deps is not None else None
    if lists is None:
        return ()
    try:
        return lists.entries()
    except Exception as exc:  # noqa: BLE001 - a database hiccup must not hide the rest of the review
        state.log.warning("word lists unavailable: %s", exc.__class__.__name__)
        return ()


def findings(draft: Draft, deps: Deps | None = None) -> list[Any] | None:
    """The review's findings for the draft as it is now (None when the review module is unavailable)."""
    try:
        from drafter.proofreading import review_draft
    except ImportError:
        return None
    entries = _entries(deps)
    path = _path(deps)
    key = (draft.id, draft.updated_at, tuple(draft.ignored), id(entries), path)
    cached = st.session_state.get(REVIEW)
    if cached and cached[0] == key:
        return cached[1]
    if not any(s.text for s in draft.sections):
        result: list[Any] = []
    else:
        from drafter.drafting.pathlimits import reachable

        # No finding asks for what no button on this path can do (a length on the compose path); an order
        # finding carries its one-click fix from review itself (proofreading/rules_order.py).
        result = reachable(review_draft(draft, entries), path)
    st.session_state[REVIEW] = (key, result)
    return result


def _path(deps: Deps | None) -> str:
    """This session's drafting path ("compose" / "free")."""
    if deps is None:
        return "free"
    from drafter.llm.providers import draft_policy

    return draft_policy(state.effective_settings(deps)).path


def tab_label(draft: Draft | None, deps: Deps | None = None) -> str:
    """④ 审校 with the number of findings."""
    if draft is None:
        return "④ 审校"
    found = findings(draft, deps)
    return "④ 审校" if not found else f"④ 审校（{len(found)}）"


def highlight(text: str, start: int, end: int, severity: str) -> str:
    """The sentence around a finding, the offending part marked."""
    if end - start > 80:  # a whole-section finding (length): mark only its beginning
        return (f"<mark style='background:{COLORS.get(severity, '#eee')}'>{md_escape(text[start:start + 40])}"
                f"</mark>…")
    a, b = max(0, start - 40), min(len(text), end + 40)
    pre, hit, post = text[a:start], text[start:end], text[end:b]
    return ("…" if a else "") + md_escape(pre) + (
        f"<mark style='background:{COLORS.get(severity, '#eee')}'>{md_escape(hit)}</mark>") + md_escape(
        post) + ("…" if b < len(text) else "")


def jump(section_id: str) -> None:
    """跳到本节: the draft step, scrolled to the section."""
    state.set_step("draft")
    st.session_state["scroll_to"] = anchor(section_id)


def _fix(deps: Deps, finding: Any) -> None:
    from drafter.proofreading.fixes import apply_fix

    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            apply_fix(draft, finding)
            if state.save(deps, draft):
                state.flash("success", f"已将“{finding.text}”改为“{finding.fix}”，本节新增一个版本，可在版本记录中恢复")


def _fix_section(deps: Deps, items: list[Any]) -> None:
    from drafter.proofreading.fixes import apply_fixes

    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            n = apply_fixes(draft, items)
            if n and state.save(deps, draft):
                state.flash("success", f"已修正 {n} 处，本节新增一个版本")


def _ignore(deps: Deps, finding: Any) -> None:
    from drafter.proofreading.fixes import ignore

    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            ignore(draft, finding)
            state.save(deps, draft)


def _unignore(deps: Deps) -> None:
    from drafter.proofreading.fixes import unignore_all

    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None and unignore_all(draft):
            state.save(deps, draft)


def _actions(deps: Deps | None, sec_id: str, i: int, f: Any) -> None:
    """修正 (when the finding has a replacement in the text; 修正全部 for a group) and 忽略 buttons."""
    if deps is None:
        return
    count = getattr(f, "count", 1)
    c = st.columns([2, 1, 5])
    if f.fix is not None and f.where == "text":
        if count > 1:
            c[0].button(f"修正全部（{count}处）", key=f"fix_{sec_id}_{i}", on_click=_fix_section, args=(deps, [f]),
                        help="本节这一类问题各处一次改好，存为一个新版本")
        else:
            c[0].button("修正", key=f"fix_{sec_id}_{i}", on_click=_fix, args=(deps, f),
                        help=f"改为“{f.fix}”" if f.fix else "删去")
    c[1].button("忽略", key=f"ign_{sec_id}_{i}", on_click=_ignore, args=(deps, f),
                help="本文稿中不再提示这一处（同样的写法都不再提示）" if count == 1 else
                f"本文稿中不再提示这{count}处")


def render(draft: Draft | None, deps: Deps | None = None) -> None:
    """Draw the review."""
    if deps is not None:
        wordlists_view.render(deps)
    if draft is None:
        st.info("还没有文稿。")
        return
    ledger_view.review_panel(draft)
    found = findings(draft, deps)
    if found is None:
        st.info("审校功能暂不可用。")
        return
    if not any(s.text for s in draft.sections):
        st.info("生成全文后，这里会列出需要核对的地方。")
        return
    from drafter.proofreading.findings import sort_key, summary_line
    from drafter.proofreading.grouping import group_findings

    st.markdown(f"**{summary_line(found)}**。审校只是提示，请结合实际判断；修改后本页会自动更新。")
    if draft.ignored and deps is not None:
        st.button(f"重新提示已忽略的 {len(draft.ignored)} 类问题", key="unignore", on_click=_unignore, args=(deps,))
    whole = [f for f in found if f.section_id is None]
    if whole:
        with st.container(border=True):
            st.markdown("**全文**")
            for f in whole:
                st.markdown(f"- 【{f.severity_label}·{f.rule_label}】{md_escape(f.message)}",
                            unsafe_allow_html=True)
    for sec in draft.sections:
        places = sorted((f for f in found if f.section_id == sec.id), key=sort_key)
        if not places:
            continue
        mine = group_findings(places)  # the same rule and kind in the section: one row with a count
        with st.container(border=True):
            c = st.columns([4, 1, 1], vertical_alignment="center")
            c[0].markdown(f"**{md_escape(sec.heading or '开头')}** · {len(places)} 处")
            fixable = [f for f in places if f.fix is not None and f.where == "text"]
            if deps is not None and len(fixable) > 1:
                c[1].button(f"全部修正（{len(fixable)}）", key=f"fixall_{sec.id}", on_click=_fix_section,
                            args=(deps, fixable), help="本节可直接替换的各处一次改好，存为一个新版本")
            c[2].button("跳到本节", key=f"jump_{sec.id}", on_click=jump, args=(sec.id,))
            for i, f in enumerate(mine[:SHOWN_PER_SECTION]):
                source = sec.heading if f.where == "heading" else draft.title if f.where == "title" else sec.text
                where = highlight(source, f.start, f.end, f.severity) if f.end > f.start else md_escape(f.text)
                more = f"（本节共{f.count}处，此为第一处）" if f.count > 1 else ""
                st.markdown(f"- 【{f.severity_label}·{f.rule_label}】{md_escape(f.message)}{more}<br>"
                            f"<span style='color:#555'>{where}</span>", unsafe_allow_html=True)
                if f.rule in PROOF_RULES:
                    _actions(deps, sec.id, i, f)
            if len(mine) > SHOWN_PER_SECTION:
                st.caption(f"本节另有 {len(mine) - SHOWN_PER_SECTION} 条未列出："
                           "可点“全部修正”一次改好，或修改后再看")
