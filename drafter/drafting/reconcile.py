"""Keep a draft's outline in step with edited facts: the user's outline edits and written text survive."""

from __future__ import annotations

from drafter.documents.draft import Draft, new_draft
from drafter.documents.outline import Outline
from drafter.documents.templates import TemplateSet, route
from drafter.drafting.events import Path
from drafter.drafting.outlines import default_outline
from drafter.facts.sheet import FactSheet


def sync_refs(templates: TemplateSet, outline: Outline, facts: FactSheet) -> Outline:
    """The outline with refs to removed facts dropped and each new fact placed where the template routes it."""
    refs = {it.ref for it in facts.items()}
    new = outline.model_copy(deep=True)
    known = {r for s in new.sections for r in s.fact_refs}
    for sec in new.sections:
        sec.fact_refs = [r for r in sec.fact_refs if r in refs]
    by_id = {sec.id: sec for sec in new.sections}
    body = [sec for sec in new.sections if sec.role == "body"] or new.sections
    tpl = templates.get(facts.kind)
    for item in facts.items():
        if item.ref not in known:
            by_id.get(route(tpl, item), body[-1]).fact_refs.append(item.ref)
    return new


def apply_facts(draft: Draft, facts: FactSheet, templates: TemplateSet, path: Path) -> Draft:
    """New facts for a draft; the user's outline edits and written text are kept, new facts get a section.

    Another kind of document, or an outline nobody touched and no text yet, follows the drafting path's default
    outline afresh (on the compose path its targets are what the facts support). Needs no engine: saving the
    facts form only needs the templates and the drafting path.
    """
    if facts.kind != draft.kind or (not draft.outline_history and not any(s.text for s in draft.sections)):
        fresh = new_draft(facts, default_outline(facts, templates, path), name=draft.name)
        history = draft.outline_history + ([draft.outline] if facts.kind != draft.kind else [])
        return fresh.model_copy(update={"id": draft.id, "created_at": draft.created_at, "revision": draft.revision,
                                        "outline_history": history})
    outline = sync_refs(templates, draft.outline, facts)
    if draft.outline.title == templates.title(draft.facts):
        outline.title = templates.title(facts)  # the title was the template's: follow the new facts
    draft.outline = outline
    draft.title = outline.title
    draft.facts = facts
    draft.signature.unit = facts.branch.display_name
    if facts.signature_date:
        draft.signature.date = facts.signature_date
    draft.touch()
    return draft
