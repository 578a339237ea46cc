"""The Streamlit UI of drafter: sidebar, steps as tabs (材料, 提纲, 文稿, 审校, 导出)."""

from __future__ import annotations

import streamlit as st

from drafter.drafting.provisional import is_provisional
from drafter.errors import LoginError
from drafter.storage.accounts import PasswordGate
from drafter.text.safetext import md_escape
from ui import (
    accounts_view,
    draft_view,
    export_view,
    facts_form,
    jobs,
    outline_view,
    review_view,
    samples_view,
    sidebar,
    state,
)
from ui.state import Deps

__all__ = ["Deps", "main"]


# Streamlit draws some English of its own that no option changes: the uploader's "Upload" button and its
# "10MB per file • YAML, YML" line, and "Press Enter to apply" under a field being typed in. Hidden or replaced here
# (the uploaders' own labels and help say in Chinese what to upload); data-testids of Streamlit 1.67.
CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"], [data-testid="InputInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "选择文件"; }
</style>"""


def _authenticated(deps: Deps) -> bool:
    """With DRAFTER_PASSWORD set, ask for it once per session (shared deployments)."""
    secret = deps.settings.password
    if secret is None or not secret.get_secret_value() or st.session_state.get("authed"):
        return True
    st.title("党建文稿助手")
    with st.form("login"):
        entered = st.text_input("访问密码", type="password", key="password_input")
        ok = st.form_submit_button("进入", type="primary")
    if ok:
        try:
            _password_gate().check(entered, secret.get_secret_value())
        except LoginError as exc:
            st.error(md_escape(str(exc)))
            return False
        st.session_state["authed"] = True
        del st.session_state["password_input"]
        st.rerun()
    return False


@st.cache_resource
def _password_gate() -> PasswordGate:
    """One gate per process: the wait after wrong passwords holds for every session."""
    return PasswordGate()


def _labels(draft, deps: Deps | None = None) -> dict[str, str]:
    return {"facts": "① 事实材料", "outline": "② 提纲", "draft": "③ 文稿", "review": review_view.tab_label(draft, deps),
            "export": "⑤ 导出"}


def _on_tab(labels: dict[str, str]) -> None:
    step = {v: k for k, v in labels.items()}.get(st.session_state.get(state.NAV))
    if step:
        st.session_state[state.STEP] = step


@st.fragment(run_every=1.0)
def _watch_job() -> None:
    """While a job runs out of sight (another tab or draft), show its progress and pick up its end."""
    job: jobs.Job | None = st.session_state.get(jobs.JOB)
    if job is None or not job.running:
        st.rerun(scope="app")
    ended, total = job.counts()
    st.caption(f"后台正在{job.label}：已完成 {ended}/{total} 节，完成后自动保存")


def main(deps: Deps) -> None:
    """Draw the page for this session."""
    st.html(CSS)
    if not _authenticated(deps):
        return
    scoped = accounts_view.scoped(deps)  # shared mode: the login page, then the store as this user sees it
    if scoped is None:
        return
    deps = scoped
    state.restore_from_url(deps)
    draft_view.adopt_finished_job(deps)
    sidebar.render(deps)
    state.show_flash()
    draft = state.current()
    job: jobs.Job | None = st.session_state.get(jobs.JOB)
    if job is not None and job.running and (st.session_state.get(state.STEP) != "draft"
                                            or draft is None or draft.id != job.draft_id):
        with st.sidebar:
            _watch_job()
    labels = _labels(draft, deps)
    step = st.session_state.get(state.STEP, "facts")
    # The step is the truth (tab clicks update it in _on_tab). Set on every run: the review's label carries a
    # count, and a changed label makes a new tabs widget that would otherwise fall back to the first tab.
    st.session_state[state.NAV] = labels[step]
    if draft is not None and st.query_params.get(state.QP_STEP) != step:
        st.query_params[state.QP_STEP] = step
    elif draft is None:
        st.query_params.pop(state.QP_STEP, None)
    tabs = st.tabs(list(labels.values()), key=state.NAV, on_change=_on_tab, args=(labels,))
    for tab, name in zip(tabs, labels, strict=True):
        if not tab.open:
            continue  # only the open tab runs: keeps each rerun fast with a long draft
        with tab:
            if name != "facts" and is_provisional(draft):
                st.info("请先在“① 事实材料”中填好必填项（如支部全称）。已填写的内容随时自动保存。")
            elif name == "facts":
                facts_form.render(deps)
            elif name == "outline":
                outline_view.render(deps)
                if draft is not None:
                    samples_view.render(deps, draft)
            elif name == "draft":
                draft_view.render(deps)
            elif name == "review":
                review_view.render(state.current(), deps)
            else:
                export_view.render(state.current(), deps)
