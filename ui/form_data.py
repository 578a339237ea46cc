"""The facts form's raw values: blank form, from/to a FactSheet, validation and where each message goes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from drafter.errors import FactsError, InputError
from drafter.facts.load import parse_facts
from drafter.facts.sheet import FactSheet
from drafter.text.datetext import parse_date, parse_month

LIST_FIELDS = ["developed", "activists", "achievements", "highlights", "shortcomings", "next_steps", "goals",
               "safeguards"]
TABLES = {  # field -> columns of its st.data_editor
    "activities": ["date", "title", "detail", "category"],
    "tasks": ["title", "detail"],
    "schedule": ["month", "item"],
}
# The most characters each free-text field takes; the form shows a counter and says so when a field is longer.
LIMITS = {"theme": 100, "guiding_thought": 100, "name": 100, "short_name": 50, "parent_org": 100, "secretary": 50,
          "breakdown": 300, "developed": 1000, "activists": 1000, "achievements": 3000, "highlights": 3000,
          "shortcomings": 3000, "next_steps": 3000, "goals": 3000, "safeguards": 3000, "notes": 5000}
LIMIT_LABELS = {"theme": "专题名称", "guiding_thought": "指导思想", "name": "支部信息的名称", "short_name": "支部信息的简称",
                "parent_org": "支部信息的上级党组织", "secretary": "支部信息的支部书记", "breakdown": "党员情况的党员构成",
                "developed": "新发展党员", "activists": "入党积极分子", "achievements": "成绩荣誉", "highlights": "特色亮点",
                "shortcomings": "存在不足", "next_steps": "下一步打算", "goals": "工作目标", "safeguards": "保障措施",
                "notes": "其他说明"}


def too_long(form: dict[str, Any]) -> list[str]:
    """A Chinese message for each free-text field over its limit (nothing is cut: the user shortens it)."""
    out = []
    for name, limit in LIMITS.items():
        n = len(form.get(name) or "")
        if n > limit:
            out.append(f"{LIMIT_LABELS[name]}：最多 {limit} 字，现在有 {n} 字。请精简，或把一部分移到其他栏目"
                       + ("（较长的说明会按句分成几条，在提纲中可移到合适的小节）" if name == "notes" else ""))
    return out


# Which block of the form a validation message belongs to: the Chinese label it starts with.
_GROUPS = [("支部信息", "branch"), ("党员情况", "members"), ("活动", "activities"), ("主要任务", "tasks"),
           ("任务", "tasks"), ("时间安排", "schedule"), ("成绩荣誉", "achievements"), ("特色亮点", "highlights"),
           ("存在不足", "shortcomings"), ("下一步打算", "next_steps"), ("工作目标", "goals"),
           ("保障措施", "safeguards"), ("新发展党员", "members"), ("入党积极分子", "members"),
           ("落款日期", "signature"), ("其他说明", "signature")]


def empty_form(year: int | None = None) -> dict[str, Any]:
    """A blank form for a new document."""
    this_year = year or dt.date.today().year
    return {"kind": "annual_summary", "year": this_year, "theme": "", "guiding_thought": "", "name": "",
            "short_name": "", "org_type": "other", "parent_org": "", "secretary": "", "total": None,
            "probationary": None, "breakdown": "", **{f: "" for f in LIST_FIELDS},
            **{t: [] for t in TABLES}, "signature_date": None, "notes": "", "ledger": []}


def form_from_facts(f: FactSheet) -> dict[str, Any]:
    """The form's values for a valid fact sheet."""
    b, m = f.branch, f.members
    return {
        "kind": f.kind, "year": f.year, "theme": f.theme or "", "guiding_thought": f.guiding_thought or "",
        "name": b.name, "short_name": b.short_name or "", "org_type": b.org_type, "parent_org": b.parent_org or "",
        "secretary": b.secretary or "", "total": m.total, "probationary": m.probationary,
        "breakdown": m.breakdown or "", "developed": "\n".join(m.developed), "activists": "\n".join(m.activists),
        **{k: "\n".join(getattr(f, k)) for k in LIST_FIELDS if k not in ("developed", "activists")},
        "activities": [{"date": a.date.isoformat() if a.date else None, "title": a.title, "detail": a.detail,
                        "category": a.category or ""} for a in f.activities],
        "tasks": [{"title": t.title, "detail": t.detail} for t in f.tasks],
        "schedule": [{"month": s.month, "item": s.item} for s in f.schedule],
        "signature_date": f.signature_date.isoformat() if f.signature_date else None, "notes": f.notes or "",
        "ledger": [r.model_dump(mode="json") for r in f.ledger],  # the 台账's records (ui/ledger_view.py)
    }


def lines(text: str | None) -> list[str]:
    """One item per non-empty line of a text area."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def blank(value: Any) -> bool:
    """Empty cell: None, NaN/NA or whitespace."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def facts_data(form: dict[str, Any]) -> dict[str, Any]:
    """The raw form as the data parse_facts validates (blank rows dropped, lines split)."""
    data: dict[str, Any] = {
        "kind": form["kind"], "year": form["year"], "theme": form["theme"] or None,
        "guiding_thought": form["guiding_thought"] or None,
        "branch": {"name": form["name"], "short_name": form["short_name"] or None, "org_type": form["org_type"],
                   "parent_org": form["parent_org"] or None, "secretary": form["secretary"] or None},
        "members": {"total": form["total"], "probationary": form["probationary"],
                    "breakdown": form["breakdown"] or None, "developed": lines(form["developed"]),
                    "activists": lines(form["activists"])},
        "signature_date": form["signature_date"] or None, "notes": form["notes"] or None,
        "ledger": form.get("ledger") or [],  # a form saved before the ledger existed has none
    }
    for k in LIST_FIELDS:
        if k not in ("developed", "activists"):
            data[k] = lines(form[k])
    for table, cols in TABLES.items():
        rows = [{c: (None if blank(r.get(c)) else r.get(c)) for c in cols} for r in form[table]]
        data[table] = [{k: v for k, v in r.items() if v is not None} for r in rows
                       if any(v is not None for v in r.values())]
    return data


def read_typed(form: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The form with its typed dates and months read (drafter.text.datetext), and a Chinese message for each unreadable
    one (the typed text stays in the form, so nothing is lost while it is corrected)."""
    out = dict(form)
    problems: list[str] = []
    year = form.get("year")
    # Activities of a plan are last year's (the form shows them as 上一年度的活动).
    act_year = year - 1 if isinstance(year, int) and form.get("kind") == "annual_plan" else year

    def read(label: str, fn, value, *args):
        try:
            return fn(value, *args)
        except InputError as exc:
            problems.append(f"{label}：{exc}")
            return None

    out["activities"] = [{**r, "date": read(f"活动一览第{i + 1}行", _date_iso, r.get("date"), act_year)}
                         for i, r in enumerate(form.get("activities") or [])]
    out["schedule"] = [{**r, "month": read(f"时间安排第{i + 1}行", parse_month, r.get("month"))}
                       for i, r in enumerate(form.get("schedule") or [])]
    out["signature_date"] = read("落款日期", _date_iso, form.get("signature_date"), year)
    return out, problems


def _date_iso(value: Any, year: int | None) -> str | None:
    if blank(value):
        return None
    day = parse_date(value if isinstance(value, dt.date) else str(value), year)
    return day.isoformat() if day else None


def validate(form: dict[str, Any]) -> tuple[FactSheet | None, list[str]]:
    """The fact sheet, or the Chinese problems."""
    long = too_long(form)
    form, typed = read_typed(form)
    try:
        facts = parse_facts(facts_data(form))
    except FactsError as exc:
        return None, long + typed + [p for p in exc.problems if not any(p.startswith(x.split("：")[0]) for x in long)]
    return (None, long + typed) if long or typed else (facts, [])


def group_of(problem: str) -> str:
    """The form block a message belongs next to."""
    for label, group in _GROUPS:
        if problem.startswith(label):
            return group
    return "basics"


def to_date(value: Any) -> dt.date | None:
    """An ISO date string (or date) as a date; None when empty or malformed."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
