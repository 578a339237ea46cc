"""A table of the facts form as rows of text fields: 添加一行, 删除, Chinese labels and placeholders throughout."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import state


@dataclass(frozen=True)
class Column:
    """One column: the row's key, its Chinese label, what the empty field says, and its relative width."""

    key: str
    label: str
    placeholder: str = ""
    width: float = 2.0


def _key(name: str, i: int, col: str) -> str:
    return f"f_{name}_{i}_{col}"


def _synced(name: str, columns: list[Column]) -> list[dict]:
    """The table's rows with what the fields hold now (a callback runs before the fields write into the form)."""
    ss = st.session_state
    rows = ss[state.FORM][name]
    for i, row in enumerate(rows):
        for c in columns:
            if _key(name, i, c.key) in ss:
                row[c.key] = ss[_key(name, i, c.key)]
    return rows


def _forget(name: str) -> None:
    """Drop the table's field state so the fields are seeded again from the rows (after a row moved)."""
    ss = st.session_state
    for k in [k for k in ss if isinstance(k, str) and k.startswith(f"f_{name}_")]:
        del ss[k]


def _add(name: str, columns: list[Column]) -> None:
    _synced(name, columns).append({c.key: "" for c in columns})


def _delete(name: str, columns: list[Column], index: int) -> None:
    rows = _synced(name, columns)
    if 0 <= index < len(rows):
        rows.pop(index)
    _forget(name)


def rows_editor(name: str, title: str, columns: list[Column], *, empty: str, note: str = "") -> None:
    """Draw the table `name` of the form (a list of dicts) and write the fields back into it."""
    ss = st.session_state
    rows = ss[state.FORM][name]
    st.markdown(f"**{title}**")
    if note:
        st.caption(note)
    widths = [c.width for c in columns] + [1.0]
    if rows:
        head = st.columns(widths)
        for c, col in zip(columns, head, strict=False):
            col.caption(c.label)
    else:
        st.caption(empty)
    for i, row in enumerate(rows):
        cells = st.columns(widths, vertical_alignment="center")
        for c, cell in zip(columns, cells, strict=False):
            key = _key(name, i, c.key)
            if key not in ss:
                value = row.get(c.key)
                ss[key] = "" if value is None else str(value)
            row[c.key] = cell.text_input(f"{title}第{i + 1}行·{c.label}", key=key, placeholder=c.placeholder,
                                         label_visibility="collapsed")
        cells[-1].button("删除", key=f"del_{name}_{i}", on_click=_delete, args=(name, columns, i),
                         help=f"删去第{i + 1}行")
    st.button("＋ 添加一行", key=f"add_{name}", on_click=_add, args=(name, columns))
