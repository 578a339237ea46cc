"""Genre rules a reader checks first (issue 11), and the entry point of every reader-visible defect detector.

A plan speaks of the future, a summary of the past; the shortcomings section states problems only; next year's
steps stand only in the next-steps section. The detectors of defect classes 3–7 live in rules_prose.py (orphan
sentences, label lines, verbless sentences) and rules_placement.py (facts told twice or out of place, broken
ordinals); this module gives each section its role and kind and runs them all. Word lists: templates/genre_rules.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.facts.sheet import FactSheet
from drafter.proofreading.findings import Finding
from drafter.proofreading.genre_doc import Doc, finding, genre_data, kind_from_title, section_roles
from drafter.proofreading.rules_common import Sec, SectionInput, as_secs
from drafter.proofreading.rules_placement import (
    find_opening_list,
    find_repeats,
    find_structure,
    find_wrong_place,
)
from drafter.proofreading.rules_prose import find_labels, find_orphans, find_verbless
from drafter.text.checks import future_claim, past_claim
from drafter.text.sentences import sentence_spans

if TYPE_CHECKING:
    from drafter.documents.draft import Draft


# Rule id -> defect class of issue 11 (the quality bench counts by class; the review shows the rule's label).
RULE_CLASS: dict[str, str] = {
    "genre_tense": "2_genre",
    "genre_problems": "2_genre",
    "genre_orphan": "3_orphan",
    "genre_repeat": "4_repeat_or_misplaced",
    "genre_misplaced": "4_repeat_or_misplaced",
    "genre_label": "5_label_list",
    "genre_structure": "6_structure",
    "genre_verbless": "7_verbless",
}
# Every class genre_defects() may return, in order (a bench prints a column for each, also when it is 0).
DEFECT_CLASSES: tuple[str, ...] = tuple(dict.fromkeys(RULE_CLASS.values()))
# --- the genre rules proper ------------------------------------------------------------------------

def find_tense(doc: Doc) -> list[Finding]:
    """A plan's sections report results; a summary's sections of this year announce next year's steps."""
    out: list[Finding] = []
    ending = _ending(doc)
    for sec in doc.secs:
        role = doc.roles.get(sec.id, "body")
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b]
            if not doc.summary and role != "opening":
                hit = past_claim(s)
                if hit:
                    out.append(finding(sec, a, b, "genre_tense",
                                       f"计划写的是将要做的事，“{hit}”把任务写成了已完成的成绩；请改用“将”“要”“确保”“力争”等说法"))
            elif doc.summary and role in ("opening", "body") and (sec.id, a) not in ending:
                hit = future_claim(s, doc.year)
                if hit:
                    out.append(finding(sec, a, b, "genre_misplaced",
                                       f"“{hit}”是下一步的打算，不应写在总结今年工作的部分；请移到“下一步打算”一节或删去"))
    return out


def _ending(doc: Doc) -> set[tuple[str, int]]:
    """(section id, start) of the sentences of the last paragraph of a summary without a next-steps section: its
    closing exhortation ("我们将以高昂的斗志……") may look ahead."""
    last = next((s for s in reversed(doc.secs) if s.text.strip()), None)
    if last is None or "next" in doc.roles.values():
        return set()
    start = last.text.rstrip().rfind("\n") + 1
    return {(last.id, a) for a, _ in sentence_spans(last.text) if a >= start}


def find_problem_fixes(doc: Doc) -> list[Finding]:
    """A shortcomings section that says the problem is already fixed or how it will be fixed."""
    fixes = genre_data().words("problem_fixes")
    out: list[Finding] = []
    for sec in doc.secs:
        if doc.roles.get(sec.id) != "problems":
            continue
        for a, b in sentence_spans(sec.text):
            hit = next((w for w in fixes if w in sec.text[a:b]), None)
            if hit:
                out.append(finding(sec, a, b, "genre_problems",
                                   f"“存在的不足”只写问题，“{hit}”写的是整改或打算，与所列问题自相矛盾；"
                                   f"请删去，或把措施移到“下一步打算”"))
    return out


# --- entry points ----------------------------------------------------------------------------------

def find_genre(sections: list[SectionInput] | list[Sec], facts: FactSheet | None, year: int, *, kind: str | None = None,
               title: str = "", roles: dict[str, str] | None = None,
               templates_dir: Path | None = None) -> list[Finding]:
    """Every reader-visible defect of classes 2–7 in the sections, as review findings (warnings)."""
    secs = [s for s in sections if isinstance(s, Sec)] or as_secs(sections)  # type: ignore[arg-type]
    kind = kind or (facts.kind if facts is not None else kind_from_title(title))
    doc = Doc(kind, year, secs, section_roles(kind, secs, roles, templates_dir), facts)
    out: list[Finding] = []
    for rule in (find_tense, find_problem_fixes, find_orphans, find_labels, find_verbless, find_repeats,
                 find_wrong_place, find_opening_list, find_structure):
        out += rule(doc)
    return _dedupe(out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per sentence and rule class: the first rule that caught it speaks."""
    seen: set[tuple[str | None, int, str]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.section_id, f.start, RULE_CLASS.get(f.rule, f.rule))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def genre_defects(source: Draft | list[SectionInput], facts: FactSheet | None = None, *, kind: str | None = None,
                  year: int | None = None, title: str = "") -> dict[str, list[Finding]]:
    """Reader-visible defects by class ("3_orphan", "4_repeat_or_misplaced", …), each with the quoted sentence.

    source is a Draft (roles from its outline) or (section_id, heading, text, target) tuples; facts default to the
    draft's; kind and year default to the facts' (or, for bare sections, to the title's kind and year)."""
    from drafter.documents.draft import Draft

    if isinstance(source, Draft):
        facts = facts or source.facts
        roles = {o.id: o.role for o in source.outline.sections}
        sections: list[SectionInput] = [(s.id, s.heading, s.text, s.target_chars) for s in source.sections]
        found = find_genre(sections, facts, year or facts.year, kind=kind or source.kind, roles=roles)
    else:
        y = year or (facts.year if facts is not None else _title_year(title))
        found = find_genre(source, facts, y, kind=kind, title=title)
    out: dict[str, list[Finding]] = {}
    for f in found:
        out.setdefault(RULE_CLASS[f.rule], []).append(f)
    return out


def _title_year(title: str) -> int:
    m = re.search(r"(?:19|20)\d{2}", title)
    return int(m.group()) if m else 2025
