"""The outline a new draft starts from: the template's, with targets the drafting path can honour."""

from __future__ import annotations

from drafter.documents.outline import Outline
from drafter.documents.templates import TemplateSet
from drafter.drafting.compose import Composer, estimate
from drafter.drafting.events import Path
from drafter.facts.sheet import FactSheet


def default_outline(facts: FactSheet, templates: TemplateSet, path: Path) -> Outline:
    """The template's outline for a fact sheet; on the compose path each target is what the facts support."""
    outline = templates.default_outline(facts)
    if path != "compose":
        return outline
    composer = Composer(facts, templates)  # one per outline: the sheet's records are classified once
    sections = [s.model_copy(update={"target_chars": estimate(templates, facts, s, composer)})
                for s in outline.sections]
    return outline.model_copy(update={"sections": sections})
