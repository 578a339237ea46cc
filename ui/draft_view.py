"""Step 3, 文稿: 生成全文 streamed into place with a stop button; per section edit, 重写本节, history, retry."""

from __future__ import annotations

import streamlit as st

from drafter.documents.draft import Draft, Section, SectionStatus
from drafter.drafting.engine import without_material
from drafter.text.clean import count_chars
from drafter.text.safetext import md_escape
from ui import jobs, live_view, model_setup, state, versions_view
from ui.state import Deps

ICONS = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}
# Which drafting path wrote a text, in the secretary's words (drafter.llm.providers.DraftPolicy.path).
PATH_NOTES = {
    "compose": "本机内置模型：按事实组稿，模型只写每条事实的成效句，未通过检查的句子不用",
    "free": "模型逐节写作：每句经过检查，材料里没有的数字和过时提法删去，漏写的事实用模板句补回",
}


_PATH = "draft_path"  # session key: this run's drafting path ("compose" / "free"), for the sections' notes


def anchor(section_id: str) -> str:
    """The HTML id the review's 跳到本节 scrolls to."""
    return f"sec-{section_id}"



def start_all(deps: Deps, draft: Draft, only: list[str] | None = None, *, undoable: bool = False) -> None:
    """Start drafting every (or only the given) section; undoable: keep what 撤销本次重新生成 goes back to."""
    from drafter.documents.protect import version_marks
    from drafter.drafting import engine

    with state.shown_errors():
        model, ctx = model_setup.prepare(deps, draft)
        ids = only or [s.id for s in draft.sections]
        st.session_state.pop(LAST_RUN, None)
        st.session_state.pop(UNDO_RUN, None)
        if undoable:
            st.session_state[UNDO_RUN] = {"draft": draft.id, "marks": version_marks(draft, ids)}
        st.session_state[jobs.JOB] = jobs.start(
            draft, ids, "生成全文" if not only else "重新生成", deps.store,
            lambda work, job: engine.draft_document(work, model, ctx, on_event=job.on_event, stop=job.stop,
                                                    only=only))
        st.rerun()


def start_section(deps: Deps, draft: Draft, section_id: str, instruction: str | None) -> None:
    """Start rewriting one section (its instruction is kept: 重试 repeats the request as it was)."""
    from drafter.drafting import engine
    from drafter.drafting.pathlimits import unreachable_instruction

    with state.shown_errors():
        model, ctx = model_setup.prepare(deps, draft)
        st.session_state.pop(LAST_RUN, None)
        st.session_state.pop(UNDO_RUN, None)
        st.session_state.setdefault(REQUESTS, {})[(draft.id, section_id)] = instruction or None
        job = jobs.start(
            draft, [section_id], "重写本节", deps.store,
            lambda work, job: engine.regenerate_section(work, section_id, model, ctx, instruction=instruction or None,
                                                        on_event=job.on_event, stop=job.stop))
        job.note = unreachable_instruction(ctx.path, instruction)
        st.session_state[jobs.JOB] = job
        st.rerun()


def advice(deps: Deps) -> str:
    """What to do in the app after a failed run (never a shell command)."""
    if state.effective_settings(deps).provider == "local":
        return "可稍后点该节的“重试”；问题持续时，请查看侧栏中本机模型的状态。"
    return "请检查侧栏“模型设置”中的 API Key 和服务地址，或切换到本机内置模型，再点该节的“重试”。"


LAST_RUN = "last_run"  # session key: the outcome of the last run, shown next to what it concerns until the next run
UNDO_RUN = "undo_run"  # session key: {"draft", "marks"}: the versions each section had before 全部重新生成
REQUESTS = "rewrite_requests"  # session key: (draft id, section id) -> the instruction of its last rewrite
ASK_REDRAFT = "confirm_redraft"  # session key: the draft whose 全部重新生成 waits for the user's choice


def adopt_finished_job(deps: Deps) -> None:
    """When a job has ended, its saved draft becomes the open one (if it still is) and its outcome is kept."""
    job: jobs.Job | None = st.session_state.get(jobs.JOB)
    if job is None or job.running:
        return
    del st.session_state[jobs.JOB]
    draft = state.current()
    if job.result is not None and draft is not None and draft.id == job.draft_id:
        st.session_state[state.DRAFT] = job.result
    level, text = _outcome(deps, job)
    # Next to the section a rewrite concerns, or above the draft for a whole run (both persist until the next run);
    # a toast as well when the draft step is not in sight (the run ended while another tab was open).
    st.session_state[LAST_RUN] = {"draft": job.draft_id, "level": level, "text": text,
                                  "section": job.section_ids[0] if job.label == "重写本节" else None}
    if st.session_state.get(state.STEP) != "draft" or draft is None or draft.id != job.draft_id:
        state.flash(level, text)


def _outcome(deps: Deps, job: jobs.Job) -> tuple[str, str]:
    level, text = _plain_outcome(deps, job)
    if job.note and level != "error":
        return ("info" if level == "success" else level), job.note + ("" if level == "success" else text)
    return level, text


def _plain_outcome(deps: Deps, job: jobs.Job) -> tuple[str, str]:
    if job.error:
        return "error", job.error
    if job.stop.is_set():
        return "info", "已停止生成。已写出的内容已保存，可单独重写未完成的小节。"
    mine = [s for s in (job.result.sections if job.result else []) if s.id in job.section_ids]
    empty = [s for s in mine if s.status == SectionStatus.FAILED and not s.text]
    kept = [s for s in mine if s.status == SectionStatus.FAILED and s.text]
    short = [s for s in mine if s.status == SectionStatus.CUT_OFF]
    parts = []
    if empty:
        parts.append(f"有 {len(empty)} 节没有写成（已在该节标出）")
    if kept:
        parts.append(f"有 {len(kept)} 节这次没有写成，已保留原来的文字")
    if short:
        parts.append(f"有 {len(short)} 节没有写完")
    if parts:
        return "warning", "；".join(parts) + "。" + (advice(deps) if empty or kept else "可在该节点“重试”。")
    notes = [s.error for s in mine if s.error]
    if job.label == "重写本节" and notes:  # e.g. 重写结果与当前文字相同: said alone, never next to a green 完成
        return "info", notes[0]
    return "success", f"{job.label}完成，已自动保存。"


def _last_run(draft: Draft, section_id: str | None) -> None:
    """The last run's outcome, where it belongs (the whole draft: section_id None); a failed section says so
    itself, next to its text, so a rewrite's failure is not told twice."""
    last = st.session_state.get(LAST_RUN)
    if not last or last["draft"] != draft.id or last["section"] != section_id:
        return
    if section_id is not None and draft.section(section_id).status in (SectionStatus.FAILED, SectionStatus.CUT_OFF):
        return
    getattr(st, last["level"])(md_escape(last["text"]), icon=ICONS.get(last["level"], ":material/check_circle:"))


def _shown_by_last_run(draft: Draft, section_id: str) -> bool:
    last = st.session_state.get(LAST_RUN)
    return bool(last) and last["draft"] == draft.id and last["section"] == section_id


def _undo_run(deps: Deps) -> None:
    from drafter.documents.protect import undo_redraft

    undo = st.session_state.pop(UNDO_RUN, None)
    with state.shown_errors(deferred=True):
        draft = state.current()
        if undo is None or draft is None or draft.id != undo["draft"]:
            return
        n = undo_redraft(draft, undo["marks"])
        st.session_state.pop(LAST_RUN, None)
        if state.save(deps, draft):
            state.flash("success", f"已撤销本次重新生成：{n} 节恢复为原来的文字（重新生成的文字留在版本记录中）。")


# --- the draft, section by section ---------------------------------------------------------


def _save_edit(deps: Deps, section_id: str, key: str) -> None:
    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            draft.section(section_id).edit(st.session_state[key])
            # A run's message about this text no longer holds once the text was changed by hand.
            last = st.session_state.get(LAST_RUN)
            if last and last["draft"] == draft.id and last["section"] in (section_id, None):
                st.session_state.pop(LAST_RUN, None)
            state.save(deps, draft)


def _restore(deps: Deps, section_id: str, index: int) -> None:
    with state.shown_errors(deferred=True):
        draft = state.current()
        if draft is not None:
            draft.section(section_id).restore(index)
            state.save(deps, draft)
            state.flash("success", f"已恢复到版本 {index + 1}")


def _template_fill(deps: Deps, draft: Draft) -> None:
    """Fill the empty sections with the template-only text (no model call)."""
    from drafter.documents.draft import VersionSource
    from drafter.drafting import engine
    from drafter.drafting.context import EngineContext

    with state.shown_errors():
        ctx = EngineContext.create(state.effective_settings(deps))
        plain = engine.template_draft(draft.facts, ctx, outline=draft.outline)
        for sec in draft.sections:
            if not sec.text:
                sec.record(plain.section(sec.id).text, VersionSource.TEMPLATE)
        if state.save(deps, draft):
            state.flash("success", "已用模板写出初稿，可逐节修改，或点击“重写本节”让模型润色。")
        st.rerun()


def _section_notes(deps: Deps, sec: Section, *, note_shown: bool = False) -> None:
    """The section's state, next to it: only a failed section with no text is marked as failed."""
    # The error's own hint may already say what to do in the app; then it is not said twice.
    tip = "请点“重试”。" if "模型设置" in (sec.error or "") else advice(deps)
    reason = md_escape((sec.error or "未知原因").rstrip("。"))
    if sec.status == SectionStatus.FAILED and not sec.text:
        st.error(f"生成失败：{reason}。{tip}", icon=ICONS["error"])
    elif sec.status == SectionStatus.FAILED:
        st.info(f"这次没有写成，下面仍是原来的文字。原因：{reason}。{tip}", icon=ICONS["info"])
    elif sec.status == SectionStatus.CUT_OFF:
        st.warning("未写完" + (f"：{md_escape(sec.error)}" if sec.error else "") + "。可点“重试”，或直接在下面补写。",
                   icon=ICONS["warning"])
    elif sec.error and not note_shown:  # done, with a note (a rewrite that came out the same, a failed continuation)
        st.caption(md_escape(sec.error))
    v = sec.versions[-1] if sec.versions else None
    if v is not None:
        # The drafting path is told once above the draft; a section says it only when another path wrote it.
        note = "已手工修改" if sec.status == SectionStatus.EDITED else f"来源：{md_escape(v.label)}"
        other = v.path in PATH_NOTES and v.path != st.session_state.get(_PATH)
        st.caption(note + (f" · {PATH_NOTES[v.path]}" if other else ""))


def _section(deps: Deps, draft: Draft, sec: Section) -> None:
    st.subheader(md_escape(sec.heading) or "开头", anchor=anchor(sec.id), divider="gray")
    _section_notes(deps, sec, note_shown=_shown_by_last_run(draft, sec.id))
    _last_run(draft, sec.id)
    key = f"txt_{draft.id}_{sec.id}_{len(sec.versions)}"
    st.text_area(md_escape(sec.heading) or "开头", value=sec.text, key=key, height=max(120, min(480, len(sec.text) // 2)),
                 label_visibility="collapsed", placeholder="（尚未生成，可直接在此输入）",
                 on_change=_save_edit, args=(deps, sec.id, key))
    n = count_chars(sec.text)
    c = st.columns([3, 4, 2, 2], vertical_alignment="bottom")
    c[0].caption(f"{n} 字 / 目标约 {sec.target_chars} 字")
    ikey = f"instr_{draft.id}_{sec.id}"
    compose = st.session_state.get(_PATH) == "compose"
    c[1].text_input("重写要求", key=ikey, label_visibility="collapsed",
                    placeholder="可选：如“换个说法”“更简练”" if compose else "可选：如“更简练”“突出数据”")
    if c[2].button("重写本节", key=f"regen_{sec.id}"):
        start_section(deps, draft, sec.id, st.session_state.get(ikey))
    if sec.status in (SectionStatus.FAILED, SectionStatus.CUT_OFF) and c[3].button(
            "重试", key=f"retry_{sec.id}", help="按上次的要求再试一次"):
        start_section(deps, draft, sec.id, st.session_state.get(REQUESTS, {}).get((draft.id, sec.id)))
    if len(sec.versions) > 1:
        with st.expander(f"版本记录（{len(sec.versions)}）"):
            for i in range(len(sec.versions) - 1, -1, -1):
                v = sec.versions[i]
                row = st.columns([5, 1], vertical_alignment="center")
                current = i == len(sec.versions) - 1
                prev = sec.versions[i - 1].text if i else None
                row[0].markdown(f"**版本{i + 1}** · {md_escape(v.label)} · {v.at:%m-%d %H:%M} · {count_chars(v.text)} 字"
                                + (" · 当前" if current else "") + f"\n\n{versions_view.preview(v.text, prev)}")
                if not current:
                    row[1].button("恢复", key=f"restore_{sec.id}_{i}", on_click=_restore, args=(deps, sec.id, i))
            versions_view.compare(sec)


def _ask_redraft(deps: Deps, draft: Draft) -> None:
    """全部重新生成 over text a person wrote: say which sections, keep them unless told otherwise."""
    from drafter.documents.protect import protected_sections, redraft_ids

    kept = protected_sections(draft)
    others = len(draft.sections) - len(kept)
    with st.container(border=True):
        st.warning(f"以下 {len(kept)} 节是手工修改、审校修正或从 Word 导入的文字："
                   + "、".join(s.heading or "开头" for s in kept)
                   + f"。默认保留这些小节，只重新生成其他 {others} 节。原来的文字都留在版本记录中，"
                   "生成后也可点“撤销本次重新生成”一键恢复。", icon=":material/warning:")
        also = st.checkbox("这些小节也重新生成", key="redraft_protected", value=False)
        b = st.columns([2, 1, 3])
        go = b[0].button("确认重新生成", key="confirm_redraft_go", type="primary")
        if b[1].button("取消", key="cancel_redraft"):
            st.session_state.pop(ASK_REDRAFT, None)
            st.rerun()
    if go:
        st.session_state.pop(ASK_REDRAFT, None)
        ids = redraft_ids(draft, include_protected=also)
        if not ids:
            state.flash("info", "没有需要重新生成的小节：各节都是手工修改或审校过的文字。")
            st.rerun()
        start_all(deps, draft, only=None if len(ids) == len(draft.sections) else ids, undoable=True)


def render(deps: Deps) -> None:
    """Draw the draft step."""
    draft = state.current()
    if draft is None:
        st.info("请先填写材料并确认提纲。")
        return
    job: jobs.Job | None = st.session_state.get(jobs.JOB)
    if job is not None and job.running and job.draft_id != draft.id:
        st.info("另一份文稿正在生成中，完成后会自动保存。请稍候再生成这一份。")
        return
    if job is not None and job.running:
        live_view.render_running(draft, job)
        return
    if job is not None:  # ended since the top of this run: show its result and messages
        adopt_finished_job(deps)
        st.rerun()
    _render_draft(deps, draft)


def _render_draft(deps: Deps, draft: Draft) -> None:
    from drafter.documents.protect import protected_sections
    from drafter.llm.providers import draft_policy

    written = any(s.text for s in draft.sections)
    path = draft_policy(state.effective_settings(deps)).path
    st.session_state[_PATH] = path
    c = st.columns([2, 2, 3], vertical_alignment="center")
    if c[0].button("生成全文" if not written else "全部重新生成", type="primary", key="draft_all",
                   help="按提纲逐节写作，写好的内容会出现在下方；可随时停止" if not written else
                   "手工修改、审校修正或从 Word 导入的小节会先询问，默认保留；生成后可一键撤销"):
        if written and protected_sections(draft):
            st.session_state[ASK_REDRAFT] = draft.id
        else:
            start_all(deps, draft, undoable=written)
    if not written and c[1].button("先用模板生成初稿", key="draft_template",
                                   help="不调用模型，几秒内按材料写出朴素的初稿，之后可逐节修改或重写"):
        _template_fill(deps, draft)
    missing = [s.id for s in draft.sections if not s.text or s.status == SectionStatus.CUT_OFF]  # a failed rewrite kept its text
    if written and missing:  # the ledger is classified only then, not on every rerun of the page
        missing = sorted(set(missing) - without_material(draft, state.outline_basis(deps)[0]), key=missing.index)
    if written and missing and c[1].button(f"补写未完成的 {len(missing)} 节", key="draft_missing"):
        start_all(deps, draft, only=missing)
    # The sum of the sections' counts, as each section shows it (the title and 落款 are not counted).
    c[2].caption(f"正文约 {sum(count_chars(s.text) for s in draft.sections)} 字 · 修改后自动保存")
    if st.session_state.get(ASK_REDRAFT) == draft.id:
        _ask_redraft(deps, draft)
    _last_run(draft, None)
    undo = st.session_state.get(UNDO_RUN)
    last = st.session_state.get(LAST_RUN)
    if undo and undo["draft"] == draft.id and last and last["draft"] == draft.id and last["section"] is None:
        st.button("撤销本次重新生成", key="do_undo_run", on_click=_undo_run, args=(deps,), icon=":material/undo:",
                  help="各节恢复为重新生成前的文字；重新生成的文字留在版本记录中")
    st.caption(f"当前的写法：{PATH_NOTES.get(path, path)}。每一节下面注明这段文字是怎么来的。")
    for warning in getattr(draft, "warnings", [])[:5]:
        st.caption(f"提示：{md_escape(warning)}")
    st.markdown(f"## {md_escape(draft.title)}")
    for sec in draft.sections:
        _section(deps, draft, sec)
    st.markdown(f"<div style='text-align:right'>{md_escape(draft.signature.unit)}<br>"
                f"{draft.signature.date_cn}</div>", unsafe_allow_html=True)
    target = st.session_state.pop("scroll_to", None)
    if target:
        # The review's 跳到本节: scroll the section's heading into view once the page is drawn.
        st.html(f"<script>setTimeout(()=>{{const e=window.parent.document.getElementById({target!r})"
                f"||document.getElementById({target!r});if(e)e.scrollIntoView({{behavior:'smooth'}});}},300)"
                f"</script>", unsafe_allow_javascript=True)

