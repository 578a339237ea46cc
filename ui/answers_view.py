"""The facts form's 本节可补充的内容: per section of the chosen kind, one optional field per checklist item
(templates/checklists.yaml), typed into the raw form like every other field."""

from __future__ import annotations

from typing import Any

import streamlit as st

from drafter.documents.templates import TemplateSet
from drafter.facts.ledger.checklist import ChecklistItem, answerable
from ui.form_data import LIMITS
from ui.state import FORM

PER_ROW = 3  # number fields side by side


def _key(kind: str, section: str, item: str) -> str:
    # f_…: dropped with the form's other widget state when a whole sheet is loaded (state.clear_form_widgets)
    return f"f_ans_{kind}_{section}_{item}"


def _field(kind: str, section: str, item: ChecklistItem, typed: dict[str, Any], where: Any) -> None:
    """One item's field, seeded from the raw form; what it holds goes back into the form as typed."""
    ss = st.session_state
    key = _key(kind, section, item.key)
    if key not in ss:
        ss[key] = typed.get(section, {}).get(item.key, "")
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
    values = typed.setdefault(section, {})
    if value and value.strip():
        values[item.key] = value
    else:
        values.pop(item.key, None)  # an emptied field is no answer (and a blank form stays equal to a new one)
    if not values:
        typed.pop(section, None)


def render(templates: TemplateSet, slots: dict[str, Any]) -> None:
    """One expander a section of the chosen kind; a slot under each for its messages (filled after validation)."""
    form = st.session_state[FORM]
    kind = form["kind"]
    every = form.setdefault("answers", {})
    typed = every.setdefault(kind, {})
    items_of = answerable(kind)
    st.subheader("各部分可补充的内容")
    st.caption("按文稿的各个部分，列出这类文稿通常会写到的内容，均为选填。填写的内容会写进对应部分：数字按规范说法成句，"
               "文字按您的原话写入。数字请只填阿拉伯数字。")
    for sec in templates.get(kind).sections:
        items = items_of.get(sec.id, [])
        if not items:
            continue
        with st.expander(f"{sec.heading or '开篇'}：本节可补充的内容（均为选填）"):
            numbers = [i for i in items if i.kind == "number"]
            for start in range(0, len(numbers), PER_ROW):
                cols = st.columns(PER_ROW)
                for item, col in zip(numbers[start:start + PER_ROW], cols, strict=False):
                    _field(kind, sec.id, item, typed, col)
            for item in items:
                if item.kind != "number":
                    _field(kind, sec.id, item, typed, st)
        slots[f"answers.{sec.id}"] = st.empty()
    if not typed:
        every.pop(kind, None)
