"""The draft while it is being written: a stop button and each section repainted twice a second."""

from __future__ import annotations

import streamlit as st

from drafter.documents.draft import Draft, Section
from drafter.drafting.events import SectionProgress
from drafter.text.safetext import md_escape
from ui import jobs, state

STATUS_LABELS = {"waiting": "排队中", "start": "开始写作…", "delta": "正在写…", "done": "完成",
                 "cut_off": "被截断", "failed": "失败"}
# Icons from Streamlit's bundled Material Symbols font: emoji (❌ ⚠️) render as empty boxes without an emoji font.


def render_running(draft: Draft, job: jobs.Job) -> None:
    """The stop button and the live view. The page's run ends here, so nothing drawn before the run stays on
    screen (a run that waited for the job kept the old text boxes below the live view, greyed: sections twice)."""
    st.button("停止生成", key="stop_job", on_click=job.stop.set, disabled=job.stop.is_set(),
              icon=":material/stop_circle:", help="已写出的内容会保留")
    _live(draft.id)


@st.fragment(run_every=0.5)
def _live(draft_id: str) -> None:
    """Each section as it is written, repainted twice a second; when the job ends the whole page is drawn again."""
    job: jobs.Job | None = st.session_state.get(jobs.JOB)
    draft = state.current()
    if job is None or not job.running or draft is None or draft.id != draft_id:
        st.rerun(scope="app")
    ended, total = job.counts()
    st.progress(ended / max(1, total), text=f"{job.label}：已完成 {ended}/{total} 节")
    st.markdown(f"### {md_escape(draft.title)}")
    for sec in draft.sections:
        if sec.heading:
            st.markdown(f"**{md_escape(sec.heading)}**")
        if sec.id in job.section_ids:
            st.markdown(_live_body(job, sec), unsafe_allow_html=True)
        else:
            st.markdown(md_escape(sec.text).replace("\n", "<br>") or "（空）", unsafe_allow_html=True)


def _live_body(job: jobs.Job, sec: Section) -> str:
    """What a section of the job shows now: accepted sentences, a count, or its earlier text until replaced."""
    p = job.progress.get(sec.id, SectionProgress())
    old = ("<br><span style='color:#777'>（写好后替换下面原来的文字）<br>"
           + md_escape(sec.text).replace("\n", "<br>") + "</span>") if sec.text else ""
    if p.text:
        body = md_escape(p.text).replace("\n", "<br>")
    elif p.status == "delta":
        body = f"已写出约 {p.chars} 字，检查通过后显示全文" + old
    else:  # nothing new yet: the section's text stays in sight until it is replaced
        body = old.removeprefix("<br>") or "…"
    return f"<small>【{STATUS_LABELS.get(p.status, p.status)}】</small><br>{body}"
