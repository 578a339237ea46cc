"""The facts form's raw values: blank form, from/to a FactSheet, validation and where each message goes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from drafter.errors import FactsError, InputError, Problem
from drafter.facts import fields
from drafter.facts.ledger.checklist import answerable
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
# The most characters each free-text field takes (templates/fields.yaml, enforced by drafter.facts.load on every
# input path); the form shows a counter beside each field.
LIMITS = fields.limits()
# Form blocks of the problems read here (typed dates and months), by the row's field.
_TYPED_GROUP = {"activities": "activities", "schedule": "schedule", "signature_date": "signature"}


def empty_form(year: int | None = None) -> dict[str, Any]:
    """A blank form for a new document."""
    this_year = year or dt.date.today().year
    return {"kind": "annual_summary", "year": this_year, "theme": "", "guiding_thought": "", "name": "",
            "short_name": "", "org_type": "other", "parent_org": "", "secretary": "", "total": None,
            "probationary": None, "breakdown": "", **{f: "" for f in LIST_FIELDS},
            **{t: [] for t in TABLES}, "signature_date": None, "notes": "", "ledger": [], "answers": {}}


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
        "answers": {f.kind: typed_answers(f.answers)} if f.answers else {},  # ui/answers_view.py
    }


def typed_answers(answers: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """A sheet's answers as the form's fields hold them: a number as its digits, a list one entry a line."""
    return {section: {key: "\n".join(v) if isinstance(v, list) else str(v) for key, v in items.items()}
            for section, items in answers.items()}


def answers_data(kind: str, typed: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The answers typed for this kind as parse_facts reads them (a list item's lines split); the form keeps what
    was typed for the other kinds, so switching the kind back loses nothing."""
    out: dict[str, dict[str, Any]] = {}
    for section, items in answerable(kind).items():
        values = ((typed or {}).get(kind) or {}).get(section) or {}
        for item in items:
            value = values.get(item.key)
            if isinstance(value, str) and value.strip():
                out.setdefault(section, {})[item.key] = lines(value) if item.kind == "list" else value
    return out


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
        "answers": answers_data(form["kind"], form.get("answers")),
    }
    for k in LIST_FIELDS:
        if k not in ("developed", "activists"):
            data[k] = lines(form[k])
    for table, cols in TABLES.items():
        rows = [{c: (None if blank(r.get(c)) else r.get(c)) for c in cols} for r in form[table]]
        data[table] = [{k: v for k, v in r.items() if v is not None} for r in rows
                       if any(v is not None for v in r.values())]
    return data


def read_typed(form: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The form with its typed dates and months read (drafter.text.datetext), and a Chinese message for each unreadable
    one (the typed text stays in the form, so nothing is lost while it is corrected)."""
    out = dict(form)
    problems: list[Problem] = []
    year = form.get("year")
    # Activities of a plan are last year's (the form shows them as 上一年度的活动).
    act_year = year - 1 if isinstance(year, int) and form.get("kind") == "annual_plan" else year

    def read(label: str, path: tuple[str | int, ...], fn, value, *args):
        try:
            return fn(value, *args)
        except InputError as exc:
            problems.append(Problem("date", path, f"{label}：{exc}"))
            return None

    out["activities"] = [{**r, "date": read(f"活动一览第{i + 1}行", ("activities", i, "date"), _date_iso,
                                              r.get("date"), act_year)}
                         for i, r in enumerate(form.get("activities") or [])]
    out["schedule"] = [{**r, "month": read(f"时间安排第{i + 1}行", ("schedule", i, "month"), parse_month, r.get("month"))}
                       for i, r in enumerate(form.get("schedule") or [])]
    out["signature_date"] = read("落款日期", ("signature_date",), _date_iso, form.get("signature_date"), year)
    return out, problems


def _date_iso(value: Any, year: int | None) -> str | None:
    if blank(value):
        return None
    day = parse_date(value if isinstance(value, dt.date) else str(value), year)
    return day.isoformat() if day else None


def validate(form: dict[str, Any]) -> tuple[FactSheet | None, list[Problem]]:
    """The fact sheet, or the problems (each with the field's path, so the form places it by the field)."""
    form, typed = read_typed(form)
    try:
        facts = parse_facts(facts_data(form))
    except FactsError as exc:
        return None, typed + exc.details
    return (None, typed) if typed else (facts, [])


def group_of(problem: Problem) -> str:
    """The form block a problem belongs next to, by its field's path (never by the wording of the message)."""
    key = next((k for k in reversed(problem.path) if isinstance(k, str) and k not in ("branch", "members")), None)
    if problem.path and problem.path[0] in ("branch", "members") and key in (None, "name", "short_name", "org_type",
                                                                               "parent_org", "secretary", "total",
                                                                               "probationary", "breakdown"):
        return str(problem.path[0])
    top = problem.path[0] if problem.path and isinstance(problem.path[0], str) else ""
    if top == "answers" and len(problem.path) > 1:
        return f"answers.{problem.path[1]}"  # under the section's own 本节可补充的内容
    return _TYPED_GROUP.get(top) or fields.group(top) if top else "basics"


def to_date(value: Any) -> dt.date | None:
    """An ISO date string (or date) as a date; None when empty or malformed."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
