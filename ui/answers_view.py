"""The facts form's 本节可补充的内容: per section of the chosen kind, one optional field per checklist item
(templates/checklists.yaml), typed into the raw form like every other field."""

from __future__ import annotations

from typing import Any

import streamlit as st

from drafter.documents.templates import TemplateSet
from drafter.facts.ledger.checklist import ChecklistItem, answerable
from drafter.facts.sheet import KIND_LABELS
from ui.form_data import LIMITS
from ui.state import FORM

PER_ROW = 3  # number fields side by side


def _key(kind: str, section: str, item: str) -> str:
    # f_…: dropped with the form's other widget state when a whole sheet is loaded (state.clear_form_widgets)
    return f"f_ans_{kind}_{section}_{item}"


def open_key(kind: str, section: str) -> str:
    """The session key of a section's expander (open or closed)."""
    return f"ans_open_{kind}_{section}"


def _store(every: dict[str, Any], kind: str, section: str, key: str, value: Any) -> None:
    """One field's text into the raw form as typed; an emptied field is no answer, and a blank form stays equal to
    a new one (no empty sections or kinds are left behind)."""
    values = every.setdefault(kind, {}).setdefault(section, {})
    if isinstance(value, str) and value.strip():
        values[key] = value
    else:
        values.pop(key, None)
    if not values:
        every[kind].pop(section, None)
    if not every[kind]:
        every.pop(kind, None)


def _sync(every: dict[str, Any]) -> None:
    """What the fields hold now, into the form, before anything is drawn: a field typed in and its section closed
    (or the kind changed) in one run is not drawn in that run, and its text must not be lost."""
    ss = st.session_state
    for kind in KIND_LABELS:
        for section, items in answerable(kind).items():
            for item in items:
                if _key(kind, section, item.key) in ss:
                    _store(every, kind, section, item.key, ss[_key(kind, section, item.key)])


def _field(kind: str, section: str, item: ChecklistItem, every: dict[str, Any], where: Any) -> None:
    """One item's field, seeded from the raw form; what it holds goes back into the form as typed."""
    ss = st.session_state
    key = _key(kind, section, item.key)
    if key not in ss:
        ss[key] = every.get(kind, {}).get(section, {}).get(item.key, "")
    if item.kind == "number":
        value = where.text_input(f"{item.label}（{item.unit}）", key=key, help=item.hint,
                                 placeholder=f"填数字，如 12（单位：{item.unit}）")
    else:
        label = f"{item.label}（每行一条）" if item.kind == "list" else item.label
        value = where.text_area(label, key=key, placeholder=item.hint,  # the hint in the field says enough
                                height=90 if item.kind == "list" else 68)
        limit, n = LIMITS["answers"], len(value or "")
        if n >= limit // 2:
            where.caption(f":red[{n} / {limit} 字，超出 {n - limit} 字]" if n > limit else f"{n} / {limit} 字")
    _store(every, kind, section, item.key, value)


def render(templates: TemplateSet, slots: dict[str, Any]) -> None:
    """One expander a section of the chosen kind (its fields drawn only while it is open: a long form reruns
    slower); a slot under each for its messages (filled after validation)."""
    form = st.session_state[FORM]
    kind = form["kind"]
    every = form.setdefault("answers", {})
    _sync(every)
    items_of = answerable(kind)
    st.subheader("各部分可补充的内容")
    st.caption("按文稿的各个部分，列出这类文稿通常会写到的内容，均为选填。填写的内容会写进对应部分：数字按规范说法成句，"
               "文字按您的原话写入。数字请只填阿拉伯数字。")
    for sec in templates.get(kind).sections:
        items = items_of.get(sec.id, [])
        if not items:
            continue
        box = st.expander(f"{sec.heading or '开篇'}：本节可补充的内容（均为选填）", key=open_key(kind, sec.id),
                          on_change="rerun")
        with box:
            if box.open:
                numbers = [i for i in items if i.kind == "number"]
                for start in range(0, len(numbers), PER_ROW):
                    cols = st.columns(PER_ROW)
                    for item, col in zip(numbers[start:start + PER_ROW], cols, strict=False):
                        _field(kind, sec.id, item, every, col)
                for item in items:
                    if item.kind != "number":
                        _field(kind, sec.id, item, every, st)
        given = every.get(kind, {}).get(sec.id, {})
        if given and not box.open:  # what a closed section holds, so nothing typed is out of sight
            st.caption("已填：" + "、".join(i.label for i in items if i.key in given))
        slots[f"answers.{sec.id}"] = st.empty()
