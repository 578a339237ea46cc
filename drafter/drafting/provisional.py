"""A draft from the first keystroke: saved while the fact sheet is still incomplete, so nothing typed is lost."""

from __future__ import annotations

from typing import Any

from drafter.documents.draft import Draft, new_draft
from drafter.documents.templates import TemplateSet
from drafter.drafting.events import Path
from drafter.drafting.outlines import default_outline
from drafter.drafting.reconcile import apply_facts
from drafter.facts.load import parse_facts
from drafter.facts.sheet import KIND_LABELS, FactSheet

# The branch name a draft carries until the form names one; never shown as the document's text (the form is).
PLACEHOLDER_BRANCH = "（支部名称待填写）"


def placeholder_facts(kind: str = "annual_summary", year: int | None = None) -> FactSheet:
    """The smallest valid fact sheet: what a draft holds while its form is still incomplete."""
    data: dict[str, Any] = {"kind": kind if kind in KIND_LABELS else "annual_summary",
                            "branch": {"name": PLACEHOLDER_BRANCH}}
    if year:
        data["year"] = year
    if data["kind"] == "thematic_summary":
        data["theme"] = "（专题名称待填写）"
    return parse_facts(data)


def is_provisional(draft: Draft | None) -> bool:
    """A draft whose form has never yet been a valid fact sheet (no outline to show, nothing to draft)."""
    return draft is not None and draft.facts.branch.name == PLACEHOLDER_BRANCH


def default_name(facts: FactSheet) -> str:
    """The name a new draft gets from its facts (e.g. 青山社区党支部2025年度工作总结)."""
    return f"{facts.branch.display_name}{facts.year}年度{KIND_LABELS[facts.kind].removeprefix('年度')}"


def start_draft(facts: FactSheet | None, templates: TemplateSet, path: Path, *, kind: str = "annual_summary",
                year: int | None = None) -> Draft:
    """A new draft for a form just begun: from its facts when they are valid, else a provisional one."""
    sheet = facts or placeholder_facts(kind, year)
    draft = new_draft(sheet, default_outline(sheet, templates, path))
    if facts is None:
        draft.name = ""  # the list says 未命名文稿 until the form names the branch
    return draft


def follow_facts(draft: Draft, facts: FactSheet, templates: TemplateSet, path: Path) -> Draft:
    """New facts for a draft (`reconcile.apply_facts`); a name nobody chose follows the facts too."""
    automatic = draft.name in ("", default_name(draft.facts))
    if is_provisional(draft):  # nothing of the placeholder is worth keeping, not even as an earlier outline
        out = start_draft(facts, templates, path).model_copy(update={"id": draft.id, "created_at": draft.created_at,
                                                                   "revision": draft.revision})
        out.name = draft.name or default_name(facts)
        return out
    out = apply_facts(draft, facts, templates, path)
    if automatic:
        out.name = default_name(facts)
    return out
