"""The sidebar: where the text goes, which model, the API key (this session only), and the saved drafts."""

from __future__ import annotations

from datetime import UTC

import streamlit as st

from drafter.facts.sheet import KIND_LABELS
from drafter.llm import PROVIDERS, llm_status
from drafter.text.safetext import md_escape
from ui import state
from ui.state import Deps, shown_errors


def render(deps: Deps) -> None:
    """Draw the whole sidebar."""
    with st.sidebar:
        st.title("党建文稿助手")
        settings = state.effective_settings(deps)
        status = llm_status(settings)
        # Always visible, first thing in the sidebar: does the text leave this machine?
        if status.text_stays_local:
            st.success("文字留在本机：材料和文稿不会发送到外部服务器", icon=":material/lock:")
        else:
            st.warning(f"文字将发送到云端：{status.provider_label}。请勿填写涉密内容。", icon=":material/cloud_upload:")
        _model_panel(deps, status)
        st.divider()
        _drafts_panel(deps)


def _model_panel(deps: Deps, status) -> None:
    ss = st.session_state
    names = list(PROVIDERS)
    if "provider" not in ss:
        ss["provider"] = deps.settings.provider if deps.settings.provider in names else "local"
    st.caption(f"当前模型：{status.provider_label}" + (f" · {status.model}" if status.model else ""))
    # A fixed label and state: a label that changed with the choice would make a new expander that snaps shut.
    with st.expander("模型设置"):
        st.selectbox("模型服务", names, key="provider", format_func=lambda n: PROVIDERS[n].label,
                     help="默认使用本机内置模型，无需联网和 API Key")
        p = PROVIDERS[ss["provider"]]
        if p.name != "local":
            _cloud_fields(p, status)
    local = status.local  # the embedded model's state, always in sight: assembling, starting, ready, failed
    if local is not None:
        if local.progress is not None and local.state not in ("ready", "failed"):
            st.progress(local.progress, text=f"本机模型：{local.label}")
        elif local.state == "failed":
            st.error(f"本机模型：{local.label}")
        else:
            st.caption(f"本机模型状态：{local.label}")
    if status.problem:
        st.warning(status.problem)


def _cloud_fields(p, status) -> None:
    """Model name, address and API key for a provider other than the embedded model."""
    st.text_input("模型名称", key="model_name", placeholder=p.default_model or "例如 qwen-plus",
                  help="留空则使用该服务的默认模型")
    if p.base_url is None or p.name == "ollama":
        st.text_input("服务地址", key="base_url", placeholder=p.base_url or "http://127.0.0.1:8000/v1")
    if p.needs_key or p.name == "custom":
        # Only in this session's memory: never saved, never in the URL, never logged.
        # live: taken after a short pause in typing. Without it, typing the key and pressing Tab left it untaken in
        # Chromium (only Enter committed it; seen in a browser check of this password field).
        st.text_input("API Key", key="api_key", type="password", live="300ms",
                      help="仅保存在本次浏览器会话中，不会写入数据库、网址或日志；关闭页面后需重新填写")
        if status.key_set:
            st.caption("API Key 已设置")


def _drafts_panel(deps: Deps) -> None:
    st.subheader("我的文稿")
    draft = state.current()
    if st.button("＋ 新建文稿", width="stretch", key="new_draft"):
        state.open_draft(deps, None)
        st.rerun()
    with shown_errors():
        rows = deps.store.list()
    if not rows:
        st.caption("还没有保存的文稿。填写材料并生成提纲后会自动保存。")
        return
    for row in rows[:50]:
        when = row.updated_at.astimezone(UTC).strftime("%m-%d %H:%M")
        is_open = draft is not None and draft.id == row.id
        label = md_escape(row.name) if row.name else "未命名文稿"  # a name is text, never Markdown (images)
        if st.button(label, key=f"open_{row.id}", width="stretch", type="primary" if is_open else "secondary",
                     icon=":material/edit_document:" if is_open else None,
                     help=f"{KIND_LABELS.get(row.kind, row.kind)} · {row.year} · 更新于 {when}（UTC）"):
            with shown_errors():
                opened = deps.store.get(row.id)
                if opened is None:
                    st.warning("这份文稿已不存在")
                else:
                    state.open_draft(deps, opened)
                    st.rerun()
    if draft is None:
        return
    with st.expander("管理当前文稿"):
        st.text_input("文稿名称", value=draft.name, key=f"rename_{draft.id}")
        c1, c2 = st.columns(2)
        if c1.button("重命名", key="do_rename"):
            with shown_errors():
                renamed = deps.store.rename(draft.id, st.session_state[f"rename_{draft.id}"])
                st.session_state[state.DRAFT] = renamed
                st.rerun()
        if c2.button("复制一份", key="do_duplicate"):
            with shown_errors():
                state.open_draft(deps, deps.store.duplicate(draft.id))
                st.rerun()
        if st.button("删除这份文稿", key="ask_delete"):
            st.session_state["confirm_delete"] = draft.id
        if st.session_state.get("confirm_delete") == draft.id:
            st.warning(f"确定删除“{md_escape(draft.name)}”吗？删除后无法恢复。")
            d1, d2 = st.columns(2)
            if d1.button("确认删除", key="do_delete", type="primary"):
                with shown_errors():
                    deps.store.delete(draft.id)
                    st.session_state.pop("confirm_delete", None)
                    state.open_draft(deps, None)
                    state.flash("success", "文稿已删除")
                    st.rerun()
            if d2.button("取消", key="cancel_delete"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()
