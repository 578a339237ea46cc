"""A document as the genre rules see it: each section's role and kind, the genre word lists, one finding shape.

Shared by rules_genre.py (tense, shortcomings, the entry point), rules_prose.py and rules_placement.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drafter.errors import TemplateError
from drafter.facts.sheet import FactSheet
from drafter.proofreading.findings import Finding
from drafter.proofreading.rules_common import Sec
from drafter.settings import RESOURCE_ROOT
from drafter.text.checks import load_words

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
    raw = load_words("genre_rules.yaml")
    sentences = load_words("sentences.yaml")
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


def template_roles(kind: str, templates_dir: Path | None = None) -> dict[str, str]:
    """Section id -> role, as the template of this kind names them (templates_dir: Settings.templates_dir)."""
    from drafter.documents.templates import load_templates

    try:
        tpl = load_templates(templates_dir or RESOURCE_ROOT / "templates").get(kind)
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


def section_roles(kind: str, secs: list[Sec], roles: dict[str, str] | None = None,
                  templates_dir: Path | None = None) -> dict[str, str]:
    """Each section's role: given, else the template's for its id, else by its heading; an unheaded first section
    is the opening."""
    by_template = template_roles(kind, templates_dir)
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



def finding(sec: Sec, a: int, b: int, rule: str, message: str) -> Finding:
    """A warning on one sentence of a section (every genre defect is a warning: the writer decides)."""
    return Finding(section_id=sec.id, start=a, end=b, text=sec.text[a:b], severity="warning", rule=rule,
                   message=message)
