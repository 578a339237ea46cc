"""审校: review a draft (generated or typed) into findings with position, severity and a Chinese message."""

# Public API:
#   review_draft(draft) -> list[Finding]
#   review_sections(sections, facts, year, *, title="", fact_sections=None, kind=None, roles=None) -> list[Finding]
#   genre_defects(draft_or_sections, facts=None, ...) -> dict[class, list[Finding]]  (issue 11 classes 2–7)
#   review_text = review_sections (the name ARCHITECTURE.md uses)
#   fact_usage(sections, facts) -> list[FactCheck]  (which facts the text uses; coverage = used / total)
#   summarize(findings) -> dict, has_errors(findings) -> bool, summary_line(findings) -> str

from __future__ import annotations

from typing import TYPE_CHECKING

from drafter.facts import FactSheet
from drafter.review.findings import (
    RULE_LABELS,
    SEVERITY_LABELS,
    Finding,
    Severity,
    has_errors,
    sort_key,
    summarize,
    summary_line,
)
from drafter.review.rules_common import SectionInput, as_secs, fact_texts
from drafter.review.rules_era import find_era
from drafter.review.rules_facts import FactCheck, Support, check_facts, find_unsupported, find_unused
from drafter.review.rules_genre import find_genre, genre_defects
from drafter.review.rules_style import find_chatbot, find_length, find_placeholders, find_repetition

if TYPE_CHECKING:
    from drafter.draft import Draft

__all__ = [
    "RULE_LABELS", "SEVERITY_LABELS", "FactCheck", "Finding", "SectionInput", "Severity", "fact_usage",
    "genre_defects", "has_errors", "review_draft", "review_sections", "review_text", "summarize", "summary_line",
]


def review_sections(sections: list[SectionInput], facts: FactSheet | None, year: int, *, title: str = "",
                    fact_sections: dict[str, str] | None = None, kind: str | None = None,
                    roles: dict[str, str] | None = None) -> list[Finding]:
    """Review (section_id, heading, text, target_chars | None) tuples; without facts the fact rules are skipped.
    kind and roles (section id -> opening/body/problems/next) default to the facts' kind (else the title's) and
    the template's roles (else the headings')."""
    secs = as_secs(sections)
    ftexts = fact_texts(facts) if facts is not None else None
    support = Support.from_facts(facts, year) if facts is not None else None
    out: list[Finding] = []

    def text_rules(sid: str | None, text: str, where: str) -> list[Finding]:
        found = find_placeholders(sid, text, where) + find_chatbot(sid, text, where) + \
            find_era(sid, text, year, ftexts, where)
        if support is not None:
            found += find_unsupported(sid, text, support, where)
        return found

    if title:
        out += text_rules(None, title, "title")
    for sec in secs:
        if sec.heading:
            out += text_rules(sec.id, sec.heading, "heading")
        out += text_rules(sec.id, sec.text, "text")
        out += find_length(sec)
    extra_terms = [facts.guiding, facts.branch.name, facts.theme or ""] + [a.title for a in facts.activities] \
        if facts is not None else []
    out += find_repetition(secs, extra_terms)
    out += find_genre(secs, facts, year, kind=kind, title=title, roles=roles)
    if facts is not None:
        doc = "\n".join(x for s in secs for x in (s.heading, s.text) if x)
        out += find_unused(facts, doc, fact_sections, {s.id: s.heading for s in secs})
    order = {s.id: i for i, s in enumerate(secs)}

    def place(f: Finding) -> int:
        # Title first, then sections in document order, then document-level findings (facts left out).
        if f.section_id is not None:
            return order.get(f.section_id, len(order))
        return -1 if f.where == "title" else len(order) + 1

    return sorted(out, key=lambda f: (place(f), *sort_key(f)))


review_text = review_sections


def review_draft(draft: Draft) -> list[Finding]:
    """Review a Draft: its title, every section against its target, and the facts snapshot it was drafted from."""
    fact_sections = {ref: o.id for o in draft.outline.sections for ref in o.fact_refs}
    sections = [(s.id, s.heading, s.text, s.target_chars) for s in draft.sections]
    return review_sections(sections, draft.facts, draft.facts.year, title=draft.title, fact_sections=fact_sections,
                           kind=draft.kind, roles={o.id: o.role for o in draft.outline.sections})


def fact_usage(sections: list[SectionInput], facts: FactSheet) -> list[FactCheck]:
    """Each fact of the sheet and whether the sections use it (coverage = used / total)."""
    doc = "\n".join(x for s in as_secs(sections) for x in (s.heading, s.text) if x)
    return check_facts(facts, doc)
