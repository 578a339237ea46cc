"""Before a run: the confidentiality check, the model (the embedded one assembled and started on first use) and
the engine context of this session."""

from __future__ import annotations

from typing import Any

import streamlit as st

from drafter.documents.draft import Draft
from ui import state
from ui.state import Deps


def prepare(deps: Deps, draft: Draft) -> tuple[Any, Any]:
    """The model and engine context for this session, after the confidentiality check."""
    from drafter.drafting.context import EngineContext
    from drafter.proofreading import guard
    from ui.samples_view import chosen_samples

    settings = state.effective_settings(deps)
    typed = {f"重写要求·{k}": v for k, v in st.session_state.items()
             if isinstance(k, str) and k.startswith("instr_") and isinstance(v, str) and v}
    marks = guard.check_before_drafting(draft.facts, settings, extra=typed)
    if marks:
        st.info("材料中有密级标识，当前使用本机模型，文字不会离开本机。")
    if settings.provider == "local":
        from drafter.llm.local_server import STATE_LABELS

        bar = st.empty()

        def on_progress(stage: str, fraction: float) -> None:
            # Called while the embedded model is assembled, verified and started (first use takes minutes).
            try:
                bar.progress(max(0.0, min(1.0, fraction)), text=f"本机模型：{STATE_LABELS.get(stage, stage)}…")
            except BaseException:  # noqa: BLE001 - a click elsewhere must not abort assembling the model half-way
                pass

        with st.spinner("正在准备本机模型（首次使用需几分钟，请勿关闭页面）…"):
            deps.prepare_local(settings, on_progress)  # immediate once the server runs
            model = deps.model_for(settings)
        bar.empty()
    else:
        with st.spinner("正在连接模型…"):
            model = deps.model_for(settings)
    ctx = EngineContext.create(settings, samples=deps.samples(), sample_ids=chosen_samples())
    return model, ctx
