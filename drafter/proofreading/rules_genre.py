"""Genre rules a reader checks first (issue 11), and the entry point of every reader-visible defect detector.

A plan speaks of the future, a summary of the past; the shortcomings section states problems only; next year's
steps stand only in the next-steps section. The detectors of defect classes 3–7 live in rules_prose.py (orphan
sentences, label lines, verbless sentences) and rules_placement.py (facts told twice or out of place, broken
ordinals); this module gives each section its role and kind and runs them all. Word lists: templates/genre_rules.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import yaml

from drafter.errors import TemplateError
from drafter.facts.sheet import FactSheet
from drafter.proofreading.findings import Finding
from drafter.proofreading.rules_common import Sec, SectionInput, as_secs
from drafter.settings import RESOURCE_ROOT
from drafter.text.sentences import sentence_spans

if TYPE_CHECKING:
    from drafter.documents.draft import Draft

GENRE_FILE = RESOURCE_ROOT / "templates" / "genre_rules.yaml"

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
SUMMARY_KINDS = ("annual_summary", "thematic_summary")


@dataclass(frozen=True)
class GenreData:
    """The word lists of templates/genre_rules.yaml, plus the activity verbs of templates/sentences.yaml."""

    raw: dict
    verbs: tuple[str, ...]

    def words(self, key: str) -> tuple[str, ...]:
        """One word list, longest first (so 组织生活会 is taken before 组织)."""
        return tuple(sorted(self.raw.get(key, []), key=len, reverse=True))


@cache
def genre_data() -> GenreData:
    """The genre word lists, loaded once."""
    try:
        raw = yaml.safe_load(GENRE_FILE.read_text(encoding="utf-8"))
        sentences = yaml.safe_load((RESOURCE_ROOT / "templates" / "sentences.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"体例规则文件 {GENRE_FILE} 无法读取：{exc}", hint="请检查 templates/ 目录是否完整") from exc
    verbs = [*sentences.get("activity_verbs", []), *sentences.get("clause_verbs", []), *raw.get("extra_verbs", [])]
    return GenreData(raw, tuple(dict.fromkeys(verbs)))


@dataclass(frozen=True)
class Doc:
    """A document as the genre rules see it: its kind, year, sections with their roles, and the facts."""

    kind: str
    year: int
    secs: list[Sec]
    roles: dict[str, str]
    facts: FactSheet | None = None

    @property
    def summary(self) -> bool:
        """A summary (annual or thematic) tells the past; a plan the future."""
        return self.kind in SUMMARY_KINDS


def template_roles(kind: str) -> dict[str, str]:
    """Section id -> role, as the template of this kind names them."""
    from drafter.documents.templates import load_templates

    try:
        tpl = load_templates(RESOURCE_ROOT / "templates").get(kind)
    except TemplateError:
        return {}
    return {s.id: s.role for s in tpl.sections}


def heading_role(heading: str) -> str | None:
    """problems / next when a heading says so ("四、存在的不足"), else None."""
    words = genre_data().raw.get("role_headings", {})
    core = re.sub(r"^[一二三四五六七八九十]+、", "", heading)
    if any(w in core for w in words.get("mixed", [])):
        return None
    for role in ("next", "problems"):
        if any(w in core for w in words.get(role, [])):
            return role
    return None


def section_roles(kind: str, secs: list[Sec], roles: dict[str, str] | None = None) -> dict[str, str]:
    """Each section's role: given, else the template's for its id, else by its heading; an unheaded first section
    is the opening."""
    by_template = template_roles(kind)
    out: dict[str, str] = {}
    for i, s in enumerate(secs):
        role = (roles or {}).get(s.id) or by_template.get(s.id) or heading_role(s.heading)
        if role is None:
            role = "opening" if i == 0 and not s.heading else "body"
        out[s.id] = role
    return out


def kind_from_title(title: str) -> str:
    """A document's kind guessed from its title (used when no fact sheet says it)."""
    words = genre_data().raw.get("kind_titles", {})
    for kind in ("annual_plan", "thematic_summary"):
        if any(w in title for w in words.get(kind, [])):
            return kind
    return "annual_summary"


# --- the genre rules proper ------------------------------------------------------------------------

def finding(sec: Sec, a: int, b: int, rule: str, message: str) -> Finding:
    """A warning on one sentence of a section (every genre defect is a warning: the writer decides)."""
    return Finding(section_id=sec.id, start=a, end=b, text=sec.text[a:b], severity="warning", rule=rule,
                   message=message)


def future_claim(sentence: str, year: int) -> str | None:
    """The words that make a sentence next year's plan ("下一步，支部将……", "2026年要……"), or None."""
    data = genre_data()
    for phrase in data.words("future_phrases"):
        if phrase in sentence:
            return phrase
    rx = _future_rx(year)
    m = rx.search(sentence)
    return m.group(1) if m else None


@cache
def _future_rx(year: int) -> re.Pattern[str]:
    """A time word and, within a dozen characters of the same clause, a modal ("下一步，支部将"); not "为今后……打下基础"."""
    data = genre_data()
    times = "|".join(re.escape(t.replace("{next_year}", str(year + 1))) for t in data.words("future_time"))
    modals = "|".join(re.escape(m) for m in data.words("future_modal"))
    return re.compile(f"(?<![为从])({times})[^。；！？]{{0,12}}?(?:{modals})")


def find_tense(doc: Doc) -> list[Finding]:
    """A plan's sections report results; a summary's sections of this year announce next year's steps."""
    data = genre_data()
    out: list[Finding] = []
    past = data.words("plan_past")
    ending = _ending(doc)
    for sec in doc.secs:
        role = doc.roles.get(sec.id, "body")
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b]
            if not doc.summary and role != "opening":
                hit = next((w for w in past if w in s), None)
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
               title: str = "", roles: dict[str, str] | None = None) -> list[Finding]:
    """Every reader-visible defect of classes 2–7 in the sections, as review findings (warnings)."""
    from drafter.proofreading.rules_placement import (
        find_opening_list,
        find_repeats,
        find_structure,
        find_wrong_place,
    )
    from drafter.proofreading.rules_prose import find_labels, find_orphans, find_verbless

    secs = [s for s in sections if isinstance(s, Sec)] or as_secs(sections)  # type: ignore[arg-type]
    kind = kind or (facts.kind if facts is not None else kind_from_title(title))
    doc = Doc(kind, year, secs, section_roles(kind, secs, roles), facts)
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
