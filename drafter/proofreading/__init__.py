"""审校: review a draft (generated or typed) into findings with position, severity and a Chinese message."""

# Public API:
#   review_draft(draft) -> list[Finding]
#   review_sections(sections, facts, year, *, title="", fact_sections=None, kind=None, roles=None) -> list[Finding]
#   genre_defects(draft_or_sections, facts=None, ...) -> dict[class, list[Finding]]  (issue 11 classes 2–7)
#   fact_usage(sections, facts) -> list[FactCheck]  (which facts the text uses; coverage = used / total)
#   summarize(findings) -> dict, has_errors(findings) -> bool, summary_line(findings) -> str
#   Proofreading (issue 13): standard formulations (templates/formulations.yaml) and the unit's word lists
#   (drafter.proofreading.wordlists) in one Aho-Corasick pass, punctuation and number style; findings carry `fix`.

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.facts.sheet import FactSheet
from drafter.proofreading.findings import (
    RULE_LABELS,
    SEVERITY_LABELS,
    Finding,
    Severity,
    has_errors,
    sort_key,
    summarize,
    summary_line,
)
from drafter.proofreading.rules_claims import find_claims
from drafter.proofreading.rules_common import SectionInput, as_secs, fact_texts
from drafter.proofreading.rules_era import find_era
from drafter.proofreading.rules_facts import FactCheck, Support, check_facts, find_unsupported, find_unused
from drafter.proofreading.rules_genre import find_genre, genre_defects
from drafter.proofreading.rules_proof import find_listed, merge_era, proof_matcher
from drafter.proofreading.rules_punct import find_punctuation, has_arabic_decimal
from drafter.proofreading.rules_style import (
    find_chatbot,
    find_latin,
    find_length,
    find_placeholders,
    find_repetition,
)

if TYPE_CHECKING:
    from drafter.documents.draft import Draft
    from drafter.proofreading.wordlists import WordEntry

__all__ = [
    "RULE_LABELS", "SEVERITY_LABELS", "FactCheck", "Finding", "SectionInput", "Severity", "fact_usage",
    "genre_defects", "has_errors", "review_draft", "review_sections", "summarize", "summary_line",
]


def review_sections(sections: list[SectionInput], facts: FactSheet | None, year: int, *, title: str = "",
                    fact_sections: dict[str, str] | None = None, kind: str | None = None,
                    roles: dict[str, str] | None = None, word_entries: Sequence[WordEntry] = (),
                    templates_dir: Path | None = None) -> list[Finding]:
    """Review (section_id, heading, text, target_chars | None) tuples; without facts the fact rules are skipped.
    kind and roles (section id -> opening/body/problems/next) default to the facts' kind (else the title's) and
    the template's roles (else the headings')."""
    secs = as_secs(sections)
    ftexts = fact_texts(facts) if facts is not None else None
    support = Support.from_facts(facts, year) if facts is not None else None
    matcher = proof_matcher(tuple(word_entries))
    arabic = any(has_arabic_decimal(s.text) for s in secs)
    out: list[Finding] = []

    def text_rules(sid: str | None, text: str, where: str) -> list[Finding]:
        era, listed = merge_era(find_era(sid, text, year, ftexts, where),
                                find_listed(sid, text, year, where=where, matcher=matcher))
        found = find_placeholders(sid, text, where) + find_chatbot(sid, text, where) + era + listed + \
            find_punctuation(sid, text, where, document_has_arabic_decimal=arabic) + \
            find_latin(sid, text, ftexts, where)
        if support is not None:
            found += find_unsupported(sid, text, support, where)
        if ftexts is not None and where == "text":
            found += find_claims(sid, text, ftexts, where)
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
    out += find_genre(secs, facts, year, kind=kind, title=title, roles=roles, templates_dir=templates_dir)
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


def review_draft(draft: Draft, word_entries: Sequence[WordEntry] = ()) -> list[Finding]:
    """Review a Draft (title, sections, facts snapshot, the unit's word lists), leaving out what it ignores."""
    fact_sections = {ref: o.id for o in draft.outline.sections for ref in o.fact_refs}
    sections = [(s.id, s.heading, s.text, s.target_chars) for s in draft.sections]
    found = review_sections(sections, draft.facts, draft.facts.year, title=draft.title, fact_sections=fact_sections,
                            kind=draft.kind, roles={o.id: o.role for o in draft.outline.sections},
                            word_entries=word_entries)
    ignored = set(draft.ignored)
    return [f for f in found if f.key not in ignored] if ignored else found


def fact_usage(sections: list[SectionInput], facts: FactSheet) -> list[FactCheck]:
    """Each fact of the sheet and whether the sections use it (coverage = used / total)."""
    doc = "\n".join(x for s in as_secs(sections) for x in (s.heading, s.text) if x)
    return check_facts(facts, doc)
