"""A template section's share of the ledger: which records it tells, its totals, representative records and the
rest named by theme — the text pieces of prose.py put in the genre's order (totals, cases, the rest by theme)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from drafter.drafting.thematic.phrases import load_phrases, render
from drafter.drafting.thematic.prose import (
    _name,
    aggregate_sentence,
    others_sentence,
    pick_representative,
    record_sentence,
    theme_sentence,
)
from drafter.facts.ledger.classify import RoutineRules, load_rules, routines_of, section_for, theme_of
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats


class LedgerSection(BaseModel):
    """What the ledger gives one section: each piece kept apart so the compose path can place and label it."""

    section: str
    keys: list[str]  # routines and themes whose totals this section reports
    records: list[LedgerRecord]  # records whose story belongs here
    aggregate: str = ""  # "全年召开支部党员大会4次……。" ("" when nothing counts)
    told: list[LedgerRecord] = Field(default_factory=list)  # the representative records, date order
    told_sentences: list[str] = Field(default_factory=list)  # one per told record
    theme_sentences: list[str] = Field(default_factory=list)  # "围绕……，先后开展了……等活动。"

    @property
    def text(self) -> str:
        """The pieces as one paragraph: totals, the representative cases, the rest by theme."""
        return "".join([self.aggregate, *self.told_sentences, *self.theme_sentences])


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


def keys_for_section(section: str, template_kind: str, section_keys: Sequence[str],
                     rules: RoutineRules | None = None) -> list[str]:
    """The routine and theme keys (and secretary_lecture) whose totals go to this section of the outline."""
    rules = rules or load_rules()
    keys = [r.key for r in rules.routines] + [rules.secretary_lecture.key] + [t.key for t in rules.themes]
    return [k for k in keys if section_for(k, template_kind, section_keys, rules) == section]


def records_by_section(records: Iterable[LedgerRecord], template_kind: str, section_keys: Sequence[str],
                       rules: RoutineRules | None = None) -> dict[str, list[LedgerRecord]]:
    """Each record under the section that tells its story (records no section takes are left out)."""
    rules = rules or load_rules()
    out: dict[str, list[LedgerRecord]] = {}
    for rec in records:
        section = section_for(story_key(rec, rules), template_kind, section_keys, rules)
        if section is not None:
            out.setdefault(section, []).append(rec)
    return out


def ledger_section(section: str, records: Sequence[LedgerRecord], stats: LedgerStats, template_kind: str,
                   section_keys: Sequence[str], *, told: int | None = 2, secretary: str = "",
                   rules: RoutineRules | None = None, mine: Sequence[LedgerRecord] | None = None,
                   totals: bool = True) -> LedgerSection:
    """The ledger's pieces for one section: its totals (when `totals`: only a whole ledger has them), `told` (1–3,
    None: by how many there are) representative records told in detail, and the rest named by theme (no dates).
    `mine` are the records this section tells (default: those the routing rules send here)."""
    rules = rules or load_rules()
    keys = keys_for_section(section, template_kind, section_keys, rules)
    if mine is None:
        mine = [r for r in records if section_for(story_key(r, rules), template_kind, section_keys, rules) == section]
    mine = [r for r in mine if stats.year is None or r.date.year == stats.year]
    piece = LedgerSection(section=section, keys=keys, records=mine,
                          aggregate=(aggregate_sentence(stats, keys, records=records, rules=rules)
                                     + monthly_sentence(stats, keys, rules=rules)) if totals else "")
    # a routine meeting is totalled, not told: only records with something to tell are candidates
    candidates = [r for r in mine if not _is_meeting(r, rules)]
    if candidates:
        piece.told = pick_representative(candidates, told or told_for(len(candidates)), rules=rules)
        piece.told_sentences = [record_sentence(r, secretary=secretary, rules=rules) for r in piece.told]
    for key in load_phrases().theme.agenda_routines:
        if key in keys:
            piece.theme_sentences.append(agenda_sentence(key, records, stats, rules=rules))
    piece.theme_sentences = [s for s in piece.theme_sentences if s]
    agenda_keys = [k for k in load_phrases().theme.agenda_routines if k in keys]
    named = {id(r) for r in records if any(k in routines_of(r, rules) for k in agenda_keys)}  # named in the agendas
    figured = [r for r in mine if r not in piece.told and id(r) not in named and _figure_of(r)]
    figured = sorted(figured, key=lambda r: (-len(_figure_of(r)), r.date))[:load_phrases().theme.max_figured]
    if figured:
        piece.theme_sentences.append(figured_sentence(figured, rules=rules))
    rest: dict[str, list[LedgerRecord]] = {}
    told_topics = {r.topic.strip() for r in piece.told + figured}
    for rec in mine:
        # a record whose topic a told one already names (a 党课 and a 主题党日 on the same 全会) is not named again
        if rec not in piece.told and rec.topic.strip() not in told_topics:
            rest.setdefault(story_key(rec, rules), []).append(rec)
    order = [r.key for r in rules.routines] + [t.key for t in rules.themes]
    keys = sorted(rest, key=lambda k: order.index(k) if k in order else len(order))
    tellable = {k: [r for r in rest[k] if not _is_meeting(r, rules)] for k in keys}
    singles = [k for k in keys if len(tellable[k]) == 1]
    if len(singles) < 2:
        singles = []
    for key in keys:
        if key not in singles:
            sentence = theme_sentence(key, rest[key], secretary=secretary, rules=rules)
            if sentence:
                piece.theme_sentences.append(sentence)
    if singles:
        piece.theme_sentences.append(others_sentence([tellable[k][0] for k in singles], rules=rules))
    return piece


def monthly_sentence(stats: LedgerStats, keys: Sequence[str], *, rules: RoutineRules | None = None) -> str:
    """"支委会、党小组会做到每月召开。" for the section's routines held in all twelve months ("" otherwise)."""
    rules, ag = rules or load_rules(), load_phrases().aggregate
    by_verb: dict[str, list[str]] = {}
    for r in stats.routines:
        if r.key in keys and r.key in ag.monthly and len(r.months) == 12:
            by_verb.setdefault(ag.monthly[r.key], []).append(r.label)
    parts = [render(ag.monthly_sentence, labels="、".join(labels), verb=verb) for verb, labels in by_verb.items()]
    return "，".join(parts) + "。" if parts else ""


def _figure_of(record: LedgerRecord) -> str:
    """What a record says with a figure: its note, else its content, when it holds a number ("" otherwise)."""
    for text in (record.note, record.content):
        text = text.strip().rstrip("。；;，,")
        if re.search(r"\d", text):
            return text
    return ""


def figured_sentence(records: Sequence[LedgerRecord], *, rules: RoutineRules | None = None) -> str:
    """"此外，在“……”中，排查整改安全隐患17处；在“……”中，攻关项目使良品率由92%提高到96%。" — no dates."""
    rules, ph = rules or load_rules(), load_phrases()
    items = [render(ph.theme.figured_item, name=_name(r, ph, rules), what=_figure_of(r))
             for r in sorted(records, key=lambda r: (r.date, r.row))]
    return render(ph.theme.figured_sentence, opener="此外，", items="；".join(items))


def agenda_sentence(key: str, records: Sequence[LedgerRecord], stats: LedgerStats, *,
                    rules: RoutineRules | None = None) -> str:
    """"支部党员大会的议题包括传达学习全国两会精神、讨论接收预备党员……等。" — the year's agendas of one routine
    meeting, each once (a 党小组's "生产党小组：" prefix dropped), without dates; "" with fewer than two."""
    rules, ph = rules or load_rules(), load_phrases()
    topics: list[str] = []
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        if stats.year is not None and rec.date.year != stats.year or key not in routines_of(rec, rules):
            continue
        name = re.sub(r"^[^，、：:]{0,6}党小组(?!会)", "", _name(rec, ph, rules))  # "第一党小组学习研讨" → 学习研讨
        label = rules.label(key)
        if label in name or label.removeprefix("支部") in name or name.endswith("大会"):
            continue  # "第一党小组会", "七一表彰大会" name the meeting, not an agenda
        if name and name not in topics:
            topics.append(name)
    if len(topics) < 2:
        return ""
    return render(ph.theme.agenda, label=rules.label(key), topics="、".join(topics[: ph.theme.max_agenda]))


def told_for(candidates: int) -> int:
    """How many records a section tells in detail: all of up to three, else three (the genre's one to three)."""
    return min(candidates, 3)


def _is_meeting(record: LedgerRecord, rules: RoutineRules) -> bool:
    """A routine meeting (党员大会, 支委会, 党小组会): totalled, never told or named."""
    return any((rule := rules.rule(k)) is not None and rule.meeting for k in routines_of(record, rules))
