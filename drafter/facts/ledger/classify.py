"""Classify ledger records into the routines of the 支部工作条例 or an activity theme, by the rules of
templates/routines.yaml.

Representation of a row that counts for several routines ("组织生活会暨民主评议党员"): LedgerRecord.routine
holds the primary key; `routines_of(record)` returns every routine the row counts for, primary first; counts
use `routines_of`. A secretary's correction (routine_fixed=True) is never overwritten: the primary stays as
set and only the joint routines of that primary named in the row's own 类别/主题 are added.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drafter.errors import TemplateError
from drafter.facts.ledger._data import load_model
from drafter.facts.ledger.models import LedgerRecord

OTHER = "other"
ROUTINES_FILE = "routines.yaml"
Stage = Literal["kind", "topic", "content"]
STAGES: tuple[Stage, ...] = ("kind", "topic", "content")


class ClassRule(BaseModel):
    """One routine or theme: its key, Chinese label and the patterns that name it."""

    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    unit: str = "次"
    patterns: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    joint: list[str] = Field(default_factory=list)
    joint_after_join: bool = False  # a joint routine counts only when a joining word (暨, 并 …) adds it
    meeting: bool = False
    # themes under which this meeting is told as a case in that theme's section, not only totalled: a 党员大会
    # that 部署……八项规定精神学习教育 is the year's discipline work itself
    told_on: list[str] = Field(default_factory=list)
    # False: a record of this routine is never one of a theme's "活动" in its total (a 廉政谈话 is a talk, not a
    # 警示教育活动; a 党员大会 on 八项规定 is a meeting)
    in_theme_totals: bool = True

    @functools.cached_property
    def _compiled(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        return [re.compile(p) for p in self.patterns], [re.compile(p) for p in self.exclude]

    def position(self, text: str) -> int | None:
        """Where the first pattern matches in text (None when none does, or an exclusion does)."""
        if not text:
            return None
        found, excluded = self._compiled
        if any(x.search(text) for x in excluded):
            return None
        hits = [m.start() for p in found if (m := p.search(text))]
        return min(hits) if hits else None


class SecretaryLecture(BaseModel):
    """How a 党课 given by the branch secretary is recognised."""

    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    host_patterns: list[str]
    text_patterns: list[str]
    # the content naming who gave the 党课 ("校党委书记李国平到支部讲党课"): group 1 is the lecturer
    content_lecturer: list[str] = []
    content_lecturer_not: list[str] = []  # a captured text with one of these is what was done, not who
    surname_titles: list[str] = []  # the secretary's surname and one of these ("沈主任") names the secretary


class RoutineRules(BaseModel):
    """templates/routines.yaml: routines, themes, the secretary's lecture and where each goes in a document."""

    model_config = ConfigDict(extra="forbid")

    routines: list[ClassRule]
    themes: list[ClassRule]
    secretary_lecture: SecretaryLecture
    sections: dict[str, dict[str, list[str]]]
    fallback: dict[str, list[str]]
    lecture_keeps_routine: list[str] = []  # themes a 党课 is not routed by (it stays with the lectures)

    @model_validator(mode="after")
    def _check(self) -> RoutineRules:
        keys = [r.key for r in self.routines + self.themes]
        if len(set(keys)) != len(keys) or OTHER not in keys:
            raise ValueError("routine and theme keys must be unique, and the theme 'other' must exist")
        unknown = {j for r in self.routines for j in r.joint} - set(keys)
        if unknown:
            raise ValueError(f"joint names unknown keys: {sorted(unknown)}")
        try:
            for r in self.routines + self.themes:
                _ = r._compiled
        except re.error as exc:
            raise ValueError(f"bad pattern: {exc}") from exc
        return self

    def rule(self, key: str) -> ClassRule | None:
        """The routine or theme of that key."""
        return next((r for r in self.routines + self.themes if r.key == key), None)

    def label(self, key: str) -> str:
        """Chinese label of a key (the secretary lecture included); the key itself when unknown."""
        if key == self.secretary_lecture.key:
            return self.secretary_lecture.label
        rule = self.rule(key)
        return rule.label if rule else key

    def is_routine(self, key: str | None) -> bool:
        """Whether key is one of the 条例's routines (not a theme)."""
        return any(r.key == key for r in self.routines)


def load_rules(folder: Path | None = None) -> RoutineRules:
    """templates/routines.yaml (cached)."""
    return load_model(ROUTINES_FILE, RoutineRules, folder)


def _field(record: LedgerRecord, stage: Stage) -> str:
    return getattr(record, stage).strip()


def _matches(rules: Iterable[ClassRule], text: str) -> list[str]:
    """Keys of the rules matching text, the first named first (rule order breaks ties)."""
    hits = [(pos, i, r.key) for i, r in enumerate(rules) if (pos := r.position(text)) is not None]
    return [key for _, _, key in sorted(hits)]


def _stage_classes(record: LedgerRecord, rules: RoutineRules) -> tuple[list[str], list[str]]:
    """(routines, themes): routines of the first stage naming any, themes of the first stage naming any. A 类别
    naming a routine ends the search; one naming only a theme lets the 主题 still name the routine ("集中学习" /
    "召开支部党员大会传达……" is a 党员大会); the content is read only when 类别 and 主题 name nothing."""
    found: list[str] = []
    for stage in STAGES:
        if stage == "content" and found:
            break
        text = _field(record, stage)
        routines, themes = _matches(rules.routines, text), _matches(rules.themes, text)
        found = found or themes
        if routines:
            return routines, found
    return [], found


JOINING = r"暨|并|同时"  # what joins a second routine to a row's first


def _joint(record: LedgerRecord, primary: str, rules: RoutineRules) -> list[str]:
    """Routines joint with the primary that the row's kind or topic names ("……暨民主评议党员")."""
    rule = rules.rule(primary)
    if rule is None or not rule.joint:
        return []
    text = f"{record.kind}\n{record.topic}"
    if rule.joint_after_join:
        # only what a joining word adds ("……主题党日暨书记讲党课"), not a topic that mentions the routine
        # ("观看党课视频" in a 主题党日 row is no 党课)
        parts = [re.split(JOINING, t, maxsplit=1) for t in (record.kind, record.topic)]
        text = "\n".join(p[1] for p in parts if len(p) > 1)
    return [k for k in _matches([r for r in rules.routines if r.key in rule.joint], text)] if text else []


def routines_of(record: LedgerRecord, rules: RoutineRules | None = None) -> list[str]:
    """Every routine the record counts for, primary first; [] for a theme's record."""
    rules = rules or load_rules()
    if record.routine_fixed:
        primary = record.routine
        found: list[str] = [primary] if rules.is_routine(primary) else []
    else:
        found, _ = _stage_classes(record, rules)
        primary = found[0] if found else None
    if primary and rules.is_routine(primary):
        found += [k for k in _joint(record, primary, rules) if k not in found]
    return found


def primary_of(record: LedgerRecord, rules: RoutineRules | None = None) -> str:
    """The class a record gets: its first routine, else its first theme, else 'other'."""
    rules = rules or load_rules()
    routines, themes = _stage_classes(record, rules)
    return (routines or themes or [OTHER])[0]


def classify(record: LedgerRecord, rules: RoutineRules | None = None) -> LedgerRecord:
    """The record with `routine` set; a hand-corrected record (routine_fixed) is returned unchanged."""
    if record.routine_fixed:
        return record
    return record.model_copy(update={"routine": primary_of(record, rules)})


def classify_all(records: Iterable[LedgerRecord], rules: RoutineRules | None = None) -> list[LedgerRecord]:
    """Every record classified, in the same order; none dropped."""
    rules = rules or load_rules()
    return [classify(r, rules) for r in records]


def correct(record: LedgerRecord, key: str, rules: RoutineRules | None = None) -> LedgerRecord:
    """The secretary's correction of a row's class: kept by every later classification."""
    rules = rules or load_rules()
    if rules.rule(key) is None:
        known = "、".join(r.label for r in rules.routines + rules.themes)
        raise TemplateError(f"没有“{key}”这一类别", hint=f"请从以下类别中选择：{known}")
    return record.model_copy(update={"routine": key, "routine_fixed": True})


def theme_of(record: LedgerRecord, rules: RoutineRules | None = None) -> str | None:
    """The activity theme a record's story belongs to: its class when that is a theme, else the first theme its
    类别/主题/内容 names (stage by stage); None for a routine row whose text names no theme."""
    rules = rules or load_rules()
    key = record.routine if record.routine is not None else primary_of(record, rules)
    if not rules.is_routine(key):
        return key
    for stage in STAGES:
        themes = [k for k in _matches(rules.themes, _field(record, stage)) if k != OTHER]
        if themes:
            return themes[0]
    return None


def is_secretary_lecture(record: LedgerRecord, secretary: str = "", rules: RoutineRules | None = None) -> bool:
    """A 党课 given by the branch secretary: the host is the secretary (by title or by the name given), or the
    row's 类别/主题 says the secretary gave it."""
    rules = rules or load_rules()
    lecture = next((r.key for r in rules.routines if r.key == "party_lecture"), None)
    if lecture is None or lecture not in routines_of(record, rules):
        return False
    spec = rules.secretary_lecture
    host = lecturer_of(record, rules)
    if host and (any(re.search(p, host) for p in spec.host_patterns) or (secretary and secretary.strip() in host)):
        return True
    name = secretary.strip()
    if host and len(name) >= 2 and host.strip() in {name[0] + t for t in spec.surname_titles}:
        return True
    text = f"{record.kind}\n{record.topic}"
    return any(re.search(p, text) for p in spec.text_patterns)


def lecturer_of(record: LedgerRecord, rules: RoutineRules | None = None) -> str:
    """Who gave a record's 党课: the one its content names when that is not the host column's person (a 主持人
    column names who chaired: "校党委书记李国平到支部讲党课" with 主持人 何建华 was 李国平's), else the host."""
    rules = rules or load_rules()
    host = record.host.strip()
    for pattern in rules.secretary_lecture.content_lecturer:
        m = re.search(pattern, record.content)
        who = re.sub(r"^(?:特邀|邀请|请)", "", m.group(1).strip()) if m else ""  # "邀请……教授张明讲党课"
        if who and (not host or host not in who) and not any(w in who for w in rules.secretary_lecture.content_lecturer_not):
            return who
    return host


def section_for(key: str, template_kind: str, section_keys: Iterable[str],
                rules: RoutineRules | None = None) -> str | None:
    """The section of a document (template kind, the outline's section ids) that tells a routine's or theme's
    records: the one routines.yaml names when the outline still has it, else the kind's first fallback present;
    None when the outline has none of them."""
    rules = rules or load_rules()
    present = list(section_keys)
    for section, keys in rules.sections.get(template_kind, {}).items():
        if key in keys and section in present:
            return section
    return next((s for s in rules.fallback.get(template_kind, []) if s in present), None)


def story_key(record: LedgerRecord, rules: RoutineRules | None = None) -> str:
    """The key a record's story is routed by: its theme when it names one (a 主题党日 about 志愿服务 is told with
    the 志愿服务), else its primary routine, else its class."""
    rules = rules or load_rules()
    theme = theme_of(record, rules)
    found = routines_of(record, rules)
    if found and found[0] == "party_lecture" and theme in rules.lecture_keeps_routine:
        return found[0]
    if theme is not None and theme != "other":
        return theme
    return found[0] if found else (record.routine or "other")


def in_theme_totals(record: LedgerRecord, rules: RoutineRules) -> bool:
    """Whether a record counts as one of its theme's "活动" in a total: not when it is a meeting, a talk or an
    组织生活会 (ClassRule.in_theme_totals; "警示教育活动2次" where the ledger had one was marked)."""
    return all((rule := rules.rule(k)) is None or (rule.in_theme_totals and not rule.meeting)
               for k in routines_of(record, rules))


def is_meeting(record: LedgerRecord, rules: RoutineRules) -> bool:
    """A routine meeting (党员大会, 支委会, 党小组会): totalled, never told or named — unless its theme is one its
    primary routine is told on (ClassRule.told_on)."""
    found = routines_of(record, rules)
    primary = rules.rule(found[0]) if found else None
    if primary is not None and primary.told_on and theme_of(record, rules) in primary.told_on:
        return False
    return any((rule := rules.rule(k)) is not None and rule.meeting for k in found)
