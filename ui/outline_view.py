"""Step 2, 提纲: see and edit the outline before drafting (rename, reorder, remove, add, move a fact, length)."""

from __future__ import annotations

import streamlit as st

from drafter.documents.draft import Draft
from drafter.documents.outline import Outline
from drafter.text.safetext import md_escape
from ui import ledger_view, state
from ui.state import Deps

LENGTHS = [2000, 3000, 5000]


def _apply(deps: Deps, outline: Outline) -> None:
    """Adopt an edited outline (kept in the draft's outline history) and save."""
    draft = state.current()
    if draft is None:
        return
    draft.apply_outline(outline)
    state.save(deps, draft)


def _edit(deps: Deps, make) -> None:
    """Run one outline edit from a callback; errors are shown at the top, nothing else changes."""
    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            _apply(deps, make(draft.outline))


def _fact_label(draft: Draft, ref: str) -> str:
    item = draft.facts.item(ref)
    if item is None:
        return f"（已删除的材料 {ref}）"
    text = item.text  # shown whole: a long 其他说明 is already split into facts of at most 200 characters
    return text if len(text) <= 300 else f"{text[:280]}…（共 {len(text)} 字，全文在“事实材料”中）"


def render(deps: Deps) -> None:
    """Draw the outline editor."""
    draft = state.current()
    if draft is None:
        st.info("请先在“① 事实材料”中填写材料，点击“下一步：查看提纲”。")
        return
    outline = draft.outline
    st.caption("生成全文前，先确认文稿的结构：每一节写什么、写多长、用哪些材料。修改会自动保存。")

    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    tkey = f"title_{draft.id}_{len(draft.outline_history)}"
    c1.text_input("文稿标题", value=outline.title, key=tkey,
                  on_change=lambda: _edit(deps, lambda o: _retitled(o, st.session_state[tkey])))
    current = outline.total_chars
    options = sorted({*LENGTHS, current})
    lkey = f"length_{draft.id}_{current}"
    from drafter.drafting.pathlimits import length_note
    from drafter.llm.providers import draft_policy

    note = length_note(draft_policy(state.effective_settings(deps)).path)
    if note:  # the compose path writes what the facts support: a length setting would change nothing
        c2.caption(f"全文篇幅：约 {current:,} 字（按现有材料估算）")
        st.caption(note)
    else:
        c2.segmented_control("全文篇幅（字）", options, default=current, key=lkey,
                             format_func=lambda n: f"约{n:,}" if n in LENGTHS else f"当前 {n:,}",
                             on_change=lambda: _edit(deps, lambda o: o.rescaled(st.session_state[lkey] or current)))

    ids = [s.id for s in outline.sections]
    headings = outline.numbered_headings()
    labels = {s.id: headings[s.id] or "（开头段，无标题）" for s in outline.sections}
    for i, sec in enumerate(outline.sections):
        with st.container(border=True):
            top = st.columns([6, 1, 1, 1], vertical_alignment="bottom")
            hkey = f"h_{draft.id}_{sec.id}_{sec.heading}"
            if sec.heading or sec.role != "opening":
                top[0].text_input(f"第{i + 1}节标题", value=sec.heading, key=hkey,
                                  on_change=lambda sid=sec.id, k=hkey: _edit(
                                      deps, lambda o: o.renamed(sid, st.session_state[k])))
            else:
                top[0].markdown(f"**第{i + 1}节：开头段（无标题）**")
            top[1].button("上移", key=f"up_{sec.id}", disabled=i == 0,
                          on_click=lambda sid=sec.id, j=i: _edit(deps, lambda o: o.moved(sid, j - 1)))
            top[2].button("下移", key=f"down_{sec.id}", disabled=i == len(ids) - 1,
                          on_click=lambda sid=sec.id, j=i: _edit(deps, lambda o: o.moved(sid, j + 1)))
            top[3].button("删除", key=f"rm_{sec.id}", disabled=len(ids) == 1,
                          help="删除本节；本节的材料会移到相邻一节，不会丢失",
                          on_click=lambda sid=sec.id: _edit(deps, lambda o: o.removed(sid)))
            st.caption(f"写什么：{md_escape(sec.purpose) or '（未说明）'} · 目标约 {sec.target_chars} 字")
            if not sec.fact_refs:
                # what the ledger gives this section, or which items would fill it (it is not padded)
                ledger_view.section_gaps(draft, sec.id)
            for ref in sec.fact_refs:
                fc = st.columns([6, 3], vertical_alignment="center")
                fc[0].markdown(f"- {md_escape(_fact_label(draft, ref))}")
                mkey = f"mv_{draft.id}_{ref}_{sec.id}"
                others = [x for x in ids if x != sec.id]
                fc[1].selectbox("移到", others, index=None, key=mkey, placeholder="移到其他节…",
                                label_visibility="collapsed", format_func=labels.get,
                                on_change=lambda r=ref, k=mkey: _edit(
                                    deps, lambda o: o.fact_moved(r, st.session_state[k])))

    with st.expander("＋ 新增一节"):
        with st.form("add_section", clear_on_submit=True, border=False):
            heading = st.text_input("标题", placeholder="例如：深化作风建设，营造清风正气")
            purpose = st.text_input("这一节写什么", placeholder="例如：作风建设和廉洁教育的做法与成效")
            chars = st.number_input("目标字数", min_value=50, max_value=5000, value=400, step=50)
            pos = st.selectbox("放在", list(range(len(ids) + 1)), index=max(0, len(ids) - 2),
                               format_func=lambda k: f"“{labels[ids[k]]}”之前" if k < len(ids) else "最后")
            if st.form_submit_button("新增"):
                with state.shown_errors():
                    _apply(deps, outline.added(heading, purpose, int(chars), index=pos))
                    st.rerun()

    with st.expander("请模型建议标题（可选）"):
        st.caption("模型会根据材料拟写文稿标题，并把各节标题写成对仗的短语，您可以采用或忽略，不会自动替换。")
        if st.button("生成建议", key="suggest_outline"):
            _suggest(deps, draft)
        suggestion: Outline | None = st.session_state.get("outline_suggestion")
        if suggestion is not None and suggestion.kind == outline.kind:
            if suggestion.title != outline.title:
                st.markdown(f"- 文稿标题：{md_escape(outline.title)} → **{md_escape(suggestion.title)}**")
            new_heads = suggestion.numbered_headings()
            for s in outline.sections:
                if s.id in new_heads and new_heads[s.id] and suggestion.section(s.id).heading != s.heading:
                    st.markdown(f"- {md_escape(s.heading)} → **{md_escape(suggestion.section(s.id).heading)}**")
            c3, c4 = st.columns(2)
            if c3.button("采用建议的标题", key="accept_suggestion"):
                heads = {s.id: s.heading for s in suggestion.sections}
                _edit(deps, lambda o: _with_headings(o, heads).model_copy(update={"title": suggestion.title}))
                st.session_state.pop("outline_suggestion", None)
                st.rerun()
            if c4.button("不采用", key="drop_suggestion"):
                st.session_state.pop("outline_suggestion", None)
                st.rerun()

    with st.expander("按材料重新生成提纲"):
        st.caption("提纲恢复为模板的结构，材料重新分配到各节；对提纲的修改会放弃（仍保留在修改记录中），"
                   "已写好的正文按小节保留。")
        if st.button("重新生成提纲", key="reoutline"):
            from drafter.drafting.outlines import default_outline

            templates, path = state.outline_basis(deps)
            _edit(deps, lambda o: default_outline(draft.facts, templates, path))
            st.rerun()

    if draft.outline_history:
        with st.expander(f"提纲修改记录（{len(draft.outline_history)} 次）"):
            for n, old in enumerate(reversed(draft.outline_history[-10:]), 1):
                heads = "；".join(h for h in old.numbered_headings().values() if h)
                st.caption(f"{n}. {md_escape(old.title)}：{md_escape(heads)}（约 {old.total_chars} 字）")

    if st.button("确认提纲，去生成全文 →", type="primary", key="to_draft"):
        state.set_step("draft")
        st.rerun()


def _retitled(outline: Outline, title: str) -> Outline:
    """A new outline with another document title."""
    from drafter.errors import InputError

    title = title.strip()
    if not title:
        raise InputError("标题不能为空")
    return outline.model_copy(update={"title": title})


def _with_headings(outline: Outline, headings: dict[str, str]) -> Outline:
    """The outline with the suggested headings for the sections that still exist."""
    for s in outline.sections:
        if headings.get(s.id) and headings[s.id] != s.heading:
            outline = outline.renamed(s.id, headings[s.id])
    return outline


def _suggest(deps: Deps, draft: Draft) -> None:
    """Ask the model for parallel-phrase headings; shown for the user to accept, never applied by itself."""
    from drafter.drafting import titles
    from ui.model_setup import prepare

    with state.shown_errors(), st.spinner("正在请模型建议标题…"):
        model, ctx = prepare(deps, draft)
        st.session_state["outline_suggestion"] = titles.suggest_headings(draft, model, ctx)
