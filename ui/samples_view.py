"""参考范文: which samples the model will see (chosen automatically, can be overridden), their cost, uploads."""

from __future__ import annotations

import streamlit as st

from drafter.documents.draft import Draft
from drafter.drafting.context import MANUAL_SAMPLE_BUDGET as MANUAL_BUDGET
from drafter.errors import DrafterError
from drafter.text.safetext import md_escape
from ui import state
from ui.state import Deps

SAMPLE_IDS = "sample_ids"  # None: automatic choice; else the user's chosen ids


def chosen_samples() -> list[str] | None:
    """The user's override, or None for the automatic choice."""
    return st.session_state.get(SAMPLE_IDS)


def _budget(deps: Deps) -> int:
    """The engine's token budget for samples with this session's settings."""
    from drafter.drafting.context import EngineContext

    return EngineContext.create(state.effective_settings(deps)).sample_budget


def render(deps: Deps, draft: Draft) -> None:
    """The samples panel."""
    from drafter.drafting.fewshot import select_samples

    lib = deps.samples()
    budget = _budget(deps)
    auto = select_samples(lib, draft.kind, draft.facts.branch.org_type, budget)
    ids = chosen_samples()
    # A fixed label: a label that changes with the choice would make a new expander that snaps shut.
    with st.expander("参考范文（可选）"):
        st.caption("模型会参照这些范文的写法（不会照抄内容）。范文越多，每次调用越慢。默认自动选择。")
        if ids is None:
            if budget == 0:
                st.caption("本机内置模型默认不用范文：实测这个小模型会照抄范文里的单位、活动和年份。"
                           "需要时可手动选择范文，或换用更大的模型。")
            elif not auto:
                st.caption("没有合适的范文。")
            for ex in auto:
                st.markdown(f"- {md_escape(ex.title)}（{md_escape(ex.part)}，约 {len(ex.text):,} 字）")
            if auto:  # in characters, as a secretary counts; the model's own unit (tokens) says nothing to her
                st.caption(f"合计约 {sum(len(e.text) for e in auto):,} 字")
        options = [s.id for s in lib]
        labels = {s.id: f"{s.title}（约 {s.chars:,} 字{'，我的范文' if s.meta.origin == 'user' else ''}）" for s in lib}
        manual = st.toggle("手动选择范文", value=ids is not None, key="samples_manual")
        if manual:
            default = ids if ids is not None else [e.sample_id for e in auto]
            picked = st.multiselect("使用这些范文", options, default=[i for i in default if i in labels],
                                    format_func=labels.get, key="samples_pick")
            st.session_state[SAMPLE_IDS] = picked
            cost = sum(s.tokens for s in lib if s.id in picked)
            room = budget or MANUAL_BUDGET
            chars = sum(s.chars for s in lib if s.id in picked)
            (st.warning if cost > room else st.caption)(
                f"所选范文约 {chars:,} 字" + ("，超出模型一次能参考的篇幅，只会取其中相关的段落" if cost > room else ""))
        else:
            st.session_state[SAMPLE_IDS] = None
        up = st.file_uploader("上传我的范文（.docx / .txt / .md，每个文件不超过 10 MB）", type=["docx", "txt", "md"],
                              accept_multiple_files=True, key="sample_upload",
                              help="可一次选择多个文件；范文只用来参照写法，不会照抄内容")
        if up and st.button("加入范文库", key="do_upload_samples"):
            from drafter.drafting.samples import save_user_sample

            settings = state.effective_settings(deps)
            for f in up:
                try:
                    path = save_user_sample(settings.user_samples_dir, f.name, f.getvalue())
                    st.success(f"已加入：{md_escape(path.name)}")
                except DrafterError as exc:
                    st.error(md_escape(f"{f.name}：{exc}"))
            deps.reload_samples()
        for w in getattr(lib, "warnings", [])[:5]:
            st.caption(w)
