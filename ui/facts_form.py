"""Step 1, 事实材料: the fact sheet as a form, YAML import/export, example sheets, messages next to the fields."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from drafter.documents.draft import Draft, new_draft
from drafter.drafting import provisional
from drafter.drafting.outlines import default_outline
from drafter.errors import DrafterError, FactsError
from drafter.facts.load import dump_facts_yaml, load_facts_yaml
from drafter.facts.sheet import KIND_LABELS, ORG_TYPE_LABELS, FactSheet
from ui import answers_view, ledger_view, state
from ui.form_data import LIMITS, empty_form, form_from_facts, group_of, validate
from ui.rows_editor import Column, rows_editor
from ui.state import Deps

FORM, FORM_SAVED = state.FORM, state.FORM_SAVED


def load_sheet(facts: FactSheet) -> None:
    """Put a whole fact sheet (example or import) into the form."""
    state.clear_form_widgets()
    st.session_state[FORM] = form_from_facts(facts)


# --- widgets -------------------------------------------------------------------------------


def _bind(name: str) -> str:
    """The widget key of a form field, seeded from the raw form (widget state is dropped on hidden tabs)."""
    key = f"f_{name}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state[FORM][name]
    return key


def _counter(name: str, value: str | None, *, always: bool) -> None:
    """The field's length against its limit, under it (red when over; the message says what to do)."""
    limit = LIMITS.get(name)
    n = len(value or "")
    if limit is None or (not always and n < limit // 2):
        return
    st.caption(f":red[{n} / {limit} 字，超出 {n - limit} 字]" if n > limit else f"{n} / {limit} 字")


def _text(label: str, name: str, **kw: Any) -> None:
    st.session_state[FORM][name] = value = st.text_input(label, key=_bind(name), **kw)
    _counter(name, value, always=False)


def _area(label: str, name: str, **kw: Any) -> None:
    st.session_state[FORM][name] = value = st.text_area(label, key=_bind(name), **kw)
    _counter(name, value, always=True)


def _examples(deps: Deps) -> dict[str, str]:
    """Example file stem -> its label (the file's first comment line, e.g. "# 示例：…")."""
    folder = deps.settings.examples_dir
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        except OSError:
            continue
        out[path.stem] = first.lstrip("# ").removeprefix("示例：").strip() if first.startswith("#") else path.stem
    return out


UNDO_FORM = "form_undo"  # session key: the form as it was before 载入示例 / 导入 replaced it, for one-click undo
ASK_EXAMPLE = "confirm_example"  # session key: the example waiting for the user's yes over a filled form


def _filled(form: dict[str, Any]) -> bool:
    """Whether the user has typed anything into the form."""
    return form != empty_form(form["year"])


def _replace_form(facts: FactSheet, what: str) -> None:
    """Put a whole sheet into the form, keeping the form it replaces for 撤销 (one click)."""
    ss = st.session_state
    old = ss[FORM]
    draft = state.current()
    if _filled(old):
        ss[UNDO_FORM] = {"draft": draft.id if draft else None, "form": copy.deepcopy(old), "what": what}
    else:
        ss.pop(UNDO_FORM, None)
    load_sheet(facts)


def _load_example(deps: Deps, stem: str) -> None:
    st.session_state.pop(ASK_EXAMPLE, None)
    with state.shown_errors(deferred=True):
        text = (deps.settings.examples_dir / f"{stem}.yaml").read_text(encoding="utf-8")
        _replace_form(load_facts_yaml(text), "载入示例")


def _ask_example(deps: Deps) -> None:
    """载入示例: straight in over a blank form; over a filled one, ask first."""
    stem = st.session_state.get("example_pick")  # read here: a choice made in the same rerun as the click counts
    if not stem:
        return
    if _filled(st.session_state[FORM]):
        st.session_state[ASK_EXAMPLE] = stem
    else:
        _load_example(deps, stem)


def _undo_replace() -> None:
    undo = st.session_state.pop(UNDO_FORM, None)
    if undo is None:
        return
    state.clear_form_widgets()
    st.session_state[FORM] = undo["form"]
    state.flash("success", f"已撤销{undo['what']}，恢复了原来填写的材料。")


def _replaced_notice() -> None:
    """The undo of the last replacement, while the same draft is open."""
    undo = st.session_state.get(UNDO_FORM)
    draft = state.current()
    if undo is None or (undo["draft"] is not None and (draft is None or draft.id != undo["draft"])):
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.info(f"已{undo['what']}，原来填写的材料被替换。", icon=":material/info:")
    c2.button(f"撤销{undo['what']}", key="undo_replace", on_click=_undo_replace, icon=":material/undo:")


def _io_panel(deps: Deps) -> Any:
    """Example sheets, YAML import and export; returns the slot the export is drawn into at the end of the run."""
    ss = st.session_state
    with st.expander("载入示例 / 导入导出材料（YAML）", expanded=state.current() is None or ASK_EXAMPLE in ss):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        examples = _examples(deps)
        c1.selectbox("示例材料", list(examples), key="example_pick", placeholder="选择一份示例",
                            format_func=examples.get, help="示例为虚构单位的材料，可用来试用本工具")
        c2.button("载入示例", key="load_example", disabled=not examples, on_click=_ask_example, args=(deps,),
                  help="填写了内容时会先询问；载入后可一键撤销")
        asked = ss.get(ASK_EXAMPLE)
        if asked:
            with st.container(border=True):
                name = ss[FORM].get("name") or "当前文稿"
                st.warning(f"载入示例“{examples.get(asked, asked)}”会替换您已填写的材料（{name}）。"
                           "载入后可点“撤销载入示例”一键恢复。", icon=":material/warning:")
                b1, b2 = st.columns(2)
                b1.button("确认载入示例", key="confirm_load_example", type="primary", on_click=_load_example,
                          args=(deps, asked))
                b2.button("取消", key="cancel_load_example", on_click=lambda: ss.pop(ASK_EXAMPLE, None))
        up = st.file_uploader("导入材料（.yaml 或 .yml 文件，不超过 10 MB）", type=["yaml", "yml"], key="yaml_upload",
                              help="选择以前导出的材料文件，或按示例格式写好的 YAML 文件")
        if up is not None and st.button("导入这份材料", key="do_import"):
            try:
                _replace_form(load_facts_yaml(up.getvalue().decode("utf-8-sig", errors="replace")), "导入材料")
                st.rerun()
            except FactsError as exc:
                st.error("导入的材料有误，未导入：\n\n" + "\n".join(f"- {p}" for p in exc.problems))
        # Filled at the end of the run, from the form as this run's widgets left it (drawn here it was one edit
        # behind: the widgets below had not yet written their new values into the form).
        return st.empty()


def _export_yaml(slot: Any, facts: FactSheet | None) -> None:
    if facts is not None:
        slot.download_button("导出材料（YAML）", dump_facts_yaml(facts).encode("utf-8"),
                             file_name=f"{facts.branch.display_name}-{facts.year}-材料.yaml",
                             mime="application/x-yaml", key="yaml_download", on_click="ignore")


def render(deps: Deps) -> None:
    """Draw the form, validate it, and save it with the open draft."""
    ss = st.session_state
    if FORM not in ss:
        state.reset_form(deps, state.current())
    form = ss[FORM]
    draft = state.current()
    slots: dict[str, Any] = {}
    export_slot = _io_panel(deps)
    _replaced_notice()

    st.subheader("基本信息")
    c1, c2 = st.columns(2)
    form["kind"] = c1.selectbox("文稿类型", list(KIND_LABELS), key=_bind("kind"), format_func=KIND_LABELS.get,
                                placeholder="请选择")
    form["year"] = c2.number_input("年度", min_value=2000, max_value=2100, step=1, key=_bind("year"))
    if form["kind"] == "thematic_summary":
        _text("专题名称（必填）", "theme", placeholder="例如：深入贯彻中央八项规定精神学习教育")
    _text("指导思想（可不填）", "guiding_thought", placeholder="留空则使用“习近平新时代中国特色社会主义思想”")
    slots["basics"] = st.empty()

    st.subheader("支部信息")
    c1, c2 = st.columns(2)
    with c1:
        _text("支部全称（必填）", "name", placeholder="例如：中共××小学支部委员会")
        _text("上级党组织", "parent_org")
    with c2:
        _text("简称（用于标题和落款）", "short_name", placeholder="例如：××小学党支部")
        _text("支部书记", "secretary")
    form["org_type"] = st.selectbox("单位类型", list(ORG_TYPE_LABELS), key=_bind("org_type"),
                                    format_func=ORG_TYPE_LABELS.get, placeholder="请选择")
    slots["branch"] = st.empty()

    st.subheader("党员情况")
    c1, c2 = st.columns(2)
    form["total"] = c1.number_input("党员总数", min_value=0, max_value=100_000, step=1, value=None,
                                    key=_bind("total"), placeholder="人数")
    form["probationary"] = c2.number_input("其中预备党员", min_value=0, max_value=100_000, step=1, value=None,
                                           key=_bind("probationary"), placeholder="人数")
    _text("党员构成（可不填）", "breakdown", placeholder="例如：在职党员31名，退休党员3名")
    c1, c2 = st.columns(2)
    with c1:
        _area("新发展党员（每行一人）", "developed", height=80)
    with c2:
        _area("入党积极分子（每行一人）", "activists", height=80)
    slots["members"] = st.empty()

    plan = form["kind"] == "annual_plan"
    if plan:
        st.subheader("计划内容")
        _area("工作目标（每行一条）", "goals")
        slots["goals"] = st.empty()
        rows_editor("tasks", "主要任务", [Column("title", "任务", "如：加强理论学习", 2.5),
                                          Column("detail", "具体内容", "可不填：措施、要求等", 5)],
                    empty="还没有任务，点“添加一行”开始填写。")
        slots["tasks"] = st.empty()
        rows_editor("schedule", "时间安排（按月）", [Column("month", "月份", "如：3", 1),
                                              Column("item", "事项", "如：开展学雷锋志愿服务", 6)],
                    empty="还没有安排，点“添加一行”开始填写。")
        slots["schedule"] = st.empty()
        _area("保障措施（每行一条）", "safeguards")
        slots["safeguards"] = st.empty()
    with st.container() if not plan else st.expander("上一年度的活动和成绩（可选）"):
        if not plan:
            st.subheader("全年活动")
        rows_editor("activities", "活动一览", [
            Column("date", "日期", "如：3月5日", 1.3), Column("title", "活动名称", "如：学雷锋主题党日", 2.5),
            Column("detail", "具体情况（人数、成效等）", "如：组织党员28人到社区开展志愿服务", 4),
            Column("category", "类别（可不填）", "如：理论学习", 1.5)],
            empty="还没有活动，点“添加一行”开始填写。",
            note="日期可写成 2025-03-05、2025/3/5、3月5日 或 2025年3月5日；清空或删去一行即不再使用。")
        slots["activities"] = st.empty()
        _area("成绩荣誉（每行一条）", "achievements")
        slots["achievements"] = st.empty()
        _area("特色亮点（每行一条）", "highlights")
        slots["highlights"] = st.empty()
        if not plan:
            _area("存在不足（每行一条）", "shortcomings")
            slots["shortcomings"] = st.empty()
            _area("下一步打算（每行一条）", "next_steps")
            slots["next_steps"] = st.empty()
    ledger_view.render()
    slots["ledger"] = st.empty()
    answers_view.render(state.outline_basis(deps)[0], slots)

    st.subheader("落款与其他")
    c1, c2 = st.columns(2)
    if "f_sig" not in ss:
        ss["f_sig"] = form["signature_date"] or ""
    # Typed like any date of the form (2025年12月6日, 12月6日, 2025-12-06); read and checked in validate().
    sig = c1.text_input("落款日期（留空为今天）", key="f_sig", placeholder="如：2025年12月6日")
    form["signature_date"] = sig or None
    with c2:
        _area("其他说明（可不填）", "notes", height=68)
    slots["signature"] = st.empty()

    facts, problems = validate(form)
    # A blank new form is not an error yet: messages appear once something has been typed.
    shown = problems if draft is not None or form != empty_form(form["year"]) else []
    by_group: dict[str, list[str]] = {}
    for p in shown:
        by_group.setdefault(group_of(p), []).append(p.message)
    for group, msgs in by_group.items():
        slot = slots.get(group) or slots["basics"]
        slot.error("\n".join(f"- {m}" for m in msgs))
    _persist(deps, draft, form, facts)
    _export_yaml(export_slot, facts)
    _next_button(deps, state.current(), facts, shown)


def _persist(deps: Deps, draft: Draft | None, form: dict[str, Any], facts: FactSheet | None) -> None:
    """Every change is saved: the raw form always, the facts when they are valid; the first input makes the draft
    (a provisional one while the form is incomplete), so a refresh, a restart or a closed tab loses nothing."""
    ss = st.session_state
    if draft is None:
        if form == empty_form(form["year"]):
            return
        draft = provisional.start_draft(facts, *state.outline_basis(deps), kind=form["kind"], year=form["year"])
        ss[state.DRAFT] = draft
        if not state.save(deps, draft):
            ss[state.DRAFT] = None
            return
        st.query_params[state.QP_DRAFT] = draft.id
        ss[FORM_SAVED] = None
    if form == ss.get(FORM_SAVED):
        return
    try:
        deps.store.save_form(draft.id, form)
        ss[FORM_SAVED] = copy.deepcopy(form)  # deep: the tables' rows are edited in place
    except DrafterError as exc:
        st.error(f"{exc}。您输入的内容仍保留在本页。")
    if facts is not None and facts != draft.facts:
        state.save(deps, provisional.follow_facts(draft, facts, *state.outline_basis(deps)))


def _next_button(deps: Deps, draft: Draft | None, facts: FactSheet | None, problems: list[str]) -> None:
    st.divider()
    if problems:
        st.info(f"还有 {len(problems)} 处需要修改（见上方红色提示），改好后即可生成提纲。")
    # Every input is saved as it is typed: the button only moves on (there is nothing left to save).
    if st.button("下一步：查看提纲", type="primary", disabled=facts is None, key="to_outline"):
        with state.shown_errors():
            if draft is None:
                outline = default_outline(facts, *state.outline_basis(deps))
                draft = new_draft(facts, outline)
                deps.store.save(draft)
                deps.store.save_form(draft.id, st.session_state[FORM])
                st.session_state[state.DRAFT] = draft
                st.query_params[state.QP_DRAFT] = draft.id
                st.session_state[FORM_SAVED] = copy.deepcopy(st.session_state[FORM])
            state.set_step("outline")
            st.rerun()
