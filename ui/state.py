"""Per-session state: the open draft, its id in the URL, saving, dependencies and error display."""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import streamlit as st

from drafter.documents.draft import Draft
from drafter.documents.templates import TemplateSet, load_templates
from drafter.errors import ConflictError, DrafterError, InputError
from drafter.settings import Settings
from drafter.storage.store import DraftStore
from drafter.text.safetext import md_escape
from ui.form_data import empty_form, form_from_facts

log = logging.getLogger("drafter.ui")

# Session keys (user data lives only in st.session_state, never in module globals, so sessions never mix).
DRAFT = "draft"            # the open Draft
NAV = "nav"                # the active tab's label (the st.tabs key)
STEP = "step"              # the active step id: facts / outline / draft / review / export
FLASH = "flash"            # messages from callbacks, shown once at the top: list of (level, text)
QP_DRAFT = "d"             # the query parameter carrying the open draft's id
QP_STEP = "s"              # the query parameter carrying the open step, so a refresh comes back to it
STEPS = ("facts", "outline", "draft", "review", "export")
FORM = "form"              # the facts form as typed (may be invalid), one per session, saved with the draft
FORM_SAVED = "form_saved"  # the raw form as last written to the database


@dataclass(frozen=True)
class Deps:
    """What app.py builds once per process (st.cache_resource) and hands to the UI."""

    settings: Settings
    store: DraftStore
    samples: Callable[[], Any]          # () -> SampleLibrary (cached; reloaded after an upload)
    reload_samples: Callable[[], None]
    model_for: Callable[[Settings], Any]  # Settings -> ChatModel, cached per provider/model/key
    # (Settings, on_progress) -> None: assembles and starts the embedded model, outside any cache (progress bar)
    prepare_local: Callable[..., Any] = lambda settings, on_progress=None: None
    wordlists: Any = None  # drafter.proofreading.wordlists.WordLists over the same database (the unit's word lists)


TOASTS = {  # level -> (icon from Streamlit's bundled Material Symbols font, how long it stays)
    "success": (":material/check_circle:", "long"),
    "info": (":material/info:", "long"),
    "warning": (":material/warning:", "long"),
    "error": (":material/error:", "infinite"),
}


def flash(level: str, text: str) -> None:
    """Queue a message (callbacks run before the page is drawn); shown once as a toast, in sight wherever one is."""
    st.session_state.setdefault(FLASH, []).append((level, text))


def show_flash() -> None:
    """Show and clear the queued messages as toasts (errors stay until closed)."""
    for level, text in st.session_state.pop(FLASH, []):
        icon, duration = TOASTS.get(level, TOASTS["info"])
        st.toast(md_escape(text), icon=icon, duration=duration)  # messages quote user text: never Markdown


def error_text(exc: BaseException) -> str:
    """A Chinese message for the user; unexpected errors are logged and described generically."""
    if isinstance(exc, DrafterError):
        return str(exc)
    log.exception("unexpected error in the UI", exc_info=exc)
    return "出现意外错误，已记录日志。您输入的内容已保留，请重试。"


@contextlib.contextmanager
def shown_errors(*, deferred: bool = False) -> Iterator[None]:
    """Show a failing action's error as st.error (or queue it, inside a callback) instead of a traceback."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - every error becomes a Chinese message; nothing typed is lost
        if deferred:
            flash("error", error_text(exc))
        else:
            st.error(md_escape(error_text(exc)))


def current() -> Draft | None:
    """The open draft of this session."""
    return st.session_state.get(DRAFT)


def open_draft(deps: Deps, draft: Draft | None) -> None:
    """Make this draft the open one (None: start a new one) and put its id in the URL."""
    st.session_state[DRAFT] = draft
    reset_form(deps, draft)
    if draft is None:
        st.query_params.pop(QP_DRAFT, None)
        set_step("facts")
    else:
        st.query_params[QP_DRAFT] = draft.id
        from drafter.drafting.provisional import is_provisional

        set_step("facts" if is_provisional(draft) else "draft" if any(s.text for s in draft.sections) else "outline")


def restore_from_url(deps: Deps) -> None:
    """On a fresh session (a refresh, a shared link) reopen the draft named in the URL."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    draft_id = st.query_params.get(QP_DRAFT)
    if not draft_id:
        open_draft(deps, None)
        return
    with shown_errors():
        draft = deps.store.get(draft_id)
        if draft is None:
            st.query_params.pop(QP_DRAFT, None)
            flash("warning", "链接中的文稿已不存在，可能已被删除。已为您新建一份空白材料。")
        step = st.query_params.get(QP_STEP)
        open_draft(deps, draft)
        from drafter.drafting.provisional import is_provisional

        if draft is not None and step in STEPS and not is_provisional(draft):
            set_step(step)  # a refresh comes back to the step it left


def save(deps: Deps, draft: Draft) -> bool:
    """Save the draft now (every change is saved as it happens); False and a message when it fails."""
    try:
        deps.store.save(draft)
    except ConflictError as exc:
        # Saved elsewhere first: go on from the stored draft, where this page's texts are kept as versions.
        if current() is not None and current().id == draft.id:
            st.session_state[DRAFT] = exc.draft
        flash("error", str(exc))
        return False
    except DrafterError as exc:
        flash("error", f"{exc}。修改仍保留在本页，请稍后重试。")
        return False
    if current() is not None and current().id == draft.id:
        st.session_state[DRAFT] = draft
    return True


def reset_form(deps: Deps, draft: Draft | None) -> None:
    """Seed the facts form from a draft (its saved raw form first, so unfinished input comes back) or blank."""
    ss = st.session_state
    clear_form_widgets()
    form = None
    if draft is not None:
        try:
            form = deps.store.get_form(draft.id)
        except DrafterError:
            form = None
        form = {**form_from_facts(draft.facts), **(form or {})}
    ss[FORM] = form or empty_form()
    ss[FORM_SAVED] = copy.deepcopy(ss[FORM])  # deep: the tables' rows are edited in place


def clear_form_widgets() -> None:
    """Drop the form's widget state (keys f_*, base_*) so the widgets are seeded again from the raw form."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and (k.startswith("f_") or k.startswith("base_"))]:
        del ss[key]


def set_step(step: str) -> None:
    """Switch to a step's tab (e.g. after 生成全文, or 跳到本节 in the review)."""
    st.session_state[STEP] = step
    st.session_state.pop(NAV, None)


def typed_address_allowed(deps: Deps, base_url: str | None) -> str | None:
    """Shared mode: a typed model address that reaches an internal network is not used (None) unless allowed."""
    if not base_url or deps.settings.auth != "accounts" or base_url == deps.settings.base_url:
        return base_url
    from drafter.storage.accounts import check_typed_address

    try:
        check_typed_address(base_url, deps.settings.allowed_hosts)
    except InputError:
        return None
    return base_url


def effective_settings(deps: Deps) -> Settings:
    """The process settings with this session's sidebar choices (the key lives in this session only)."""
    ss = st.session_state
    base = deps.settings
    provider = ss.get("provider") or base.provider
    if provider != base.provider:
        # Another service: the configured address, model and key belong to the configured one only.
        base = base.for_provider(provider)
    base_url = typed_address_allowed(deps, ss.get("base_url") or None)
    return base.with_overrides(model=ss.get("model_name") or None, base_url=base_url,
                               api_key=ss.get("api_key") or None)


def outline_basis(deps: Deps) -> tuple[TemplateSet, str]:
    """The templates and this session's drafting path: all a new outline or a facts save needs (no engine)."""
    from drafter.llm.providers import draft_policy

    settings = effective_settings(deps)
    return load_templates(settings.templates_dir), draft_policy(settings).path
