"""A template section's share of the ledger: which records it tells, its totals, representative records and the
rest named by theme — the text pieces of prose.py put in the genre's order (totals, cases, the rest by theme)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from drafter.drafting.thematic.cells import noted
from drafter.drafting.thematic.phrases import load_phrases, render
from drafter.drafting.thematic.prose import (
    aggregate_sentence,
    is_meeting,
    pick_representative,
    record_sentence,
    story_key,
)
from drafter.drafting.thematic.rest import (
    agenda_sentence,
    figure_of,
    figured_sentence,
    lectures_sentence,
    others_sentence,
    theme_sentence,
)
from drafter.facts.ledger.classify import RoutineRules, load_rules, routines_of, section_for
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
    told_bare: list[str] = Field(default_factory=list)  # the same without the secretary's notes
    theme_sentences: list[str] = Field(default_factory=list)  # "围绕……，先后开展了……等活动。"

    @property
    def text(self) -> str:
        """The pieces as one paragraph: totals, the representative cases, the rest by theme."""
        return "".join([self.aggregate, *self.told_sentences, *self.theme_sentences])


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
                   totals: bool = True, told_elsewhere: Sequence[str] = ()) -> LedgerSection:
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
    candidates = [r for r in mine if not is_meeting(r, rules)]
    if candidates:
        piece.told = pick_representative(candidates, told or told_for(len(candidates)), rules=rules)
        # each record told once; its note, when it has one, follows as typed
        piece.told_bare = told_sentences(piece.told, secretary=secretary, rules=rules, with_note=False)
        piece.told_sentences = [noted(text, r.note) for text, r in zip(piece.told_bare, piece.told, strict=True)]
    piece.theme_sentences = _rest(piece, records, mine, stats, keys, secretary, rules, told_elsewhere)
    return piece


def _rest(piece: LedgerSection, records: Sequence[LedgerRecord], mine: Sequence[LedgerRecord],
          stats: LedgerStats, keys: Sequence[str], secretary: str, rules: RoutineRules,
          told_elsewhere: Sequence[str] = ()) -> list[str]:
    """What follows the told cases, without dates: the meetings' agendas, the figures of the rest, the rest by
    theme, the 党课 by who gave them. Only the first sentence that adds opens with 此外."""
    ph = load_phrases()
    out = []
    agenda_keys = [k for k in ph.theme.agenda_routines if k in keys]
    out += [agenda_sentence(k, records, stats, rules=rules, told_elsewhere=told_elsewhere) for k in agenda_keys]
    named = {id(r) for r in records if any(k in routines_of(r, rules) for k in agenda_keys)}  # named in the agendas
    # a meeting's figures follow its agendas (agenda_sentence), wherever its story is routed
    figured = [r for r in mine if r not in piece.told and id(r) not in named and not is_meeting(r, rules)
               and figure_of(r)]
    figured = sorted(figured, key=lambda r: (-len(figure_of(r)), r.date))[: ph.theme.max_figured]
    opener = "此外，"
    if figured:
        out.append(figured_sentence(figured, opener=opener, secretary=secretary, rules=rules))
        opener = ""
    rest: dict[str, list[LedgerRecord]] = {}
    lectures: list[LedgerRecord] = []
    told_topics = {r.topic.strip() for r in piece.told + figured}
    for rec in mine:
        # a record whose topic a told one already names (a 党课 and a 主题党日 on the same 全会) is not named again
        if rec in piece.told or rec.topic.strip() in told_topics:
            continue
        if routines_of(rec, rules)[:1] == ["party_lecture"]:
            lectures.append(rec)  # told by who gave it, not as "……专题党课等活动"
        else:
            rest.setdefault(story_key(rec, rules), []).append(rec)
    order = [r.key for r in rules.routines] + [t.key for t in rules.themes]
    groups = sorted(rest, key=lambda k: order.index(k) if k in order else len(order))
    tellable = {k: [r for r in rest[k] if not is_meeting(r, rules)] for k in groups}
    singles = [k for k in groups if len(tellable[k]) == 1]
    if len(singles) < 2:
        singles = []
    for key in groups:
        if key not in singles:
            out.append(theme_sentence(key, rest[key], secretary=secretary, rules=rules))
    if singles:
        out.append(others_sentence([tellable[k][0] for k in singles], opener=opener, rules=rules))
    out.append(lectures_sentence(lectures, secretary=secretary, rules=rules))
    return [s for s in out if s]


def told_sentences(records: Sequence[LedgerRecord], *, secretary: str = "", rules: RoutineRules | None = None,
                   with_note: bool = True) -> list[str]:
    """The told records of one section, each a sentence; a place the one before gave is not said again, a
    routine told before in the section is introduced more briefly ("开展“……”主题党日活动"), and the third does not
    open with its date ("支部还于12月5日……")."""
    rules = rules or load_rules()
    out, place, seen = [], None, set()
    for k, rec in enumerate(records):
        routine = (routines_of(rec, rules) or [None])[0]
        out.append(record_sentence(rec, secretary=secretary, rules=rules, with_note=with_note,
                                   same_place=rec.place.strip() == place, again=routine in seen, later=k >= 2))
        place = rec.place.strip() or place
        seen.add(routine)
    return out


def monthly_sentence(stats: LedgerStats, keys: Sequence[str], *, rules: RoutineRules | None = None) -> str:
    """"支委会做到每月召开，支部党员大会做到每季度召开。" for the section's routines held in all twelve months or
    in every quarter ("" otherwise)."""
    rules, ag = rules or load_rules(), load_phrases().aggregate
    by_verb: dict[tuple[str, str], list[str]] = {}
    for r in stats.routines:
        if r.key not in keys:
            continue
        if r.key in ag.monthly and len(r.months) == 12:
            by_verb.setdefault((ag.monthly_sentence, ag.monthly[r.key]), []).append(r.label)
        elif r.key in ag.quarterly and sorted((m - 1) // 3 for m in r.months) == [0, 1, 2, 3]:
            # one month in each quarter: what the 条例 asks of a 党员大会 ("一般每季度召开1次"); meetings every other
            # month are more than that, and "每季度" would understate them
            by_verb.setdefault((ag.quarterly_sentence, ag.quarterly[r.key]), []).append(r.label)
    order = sorted(by_verb.items(), key=lambda kv: kv[0][0] != ag.monthly_sentence)  # every month first
    parts = [render(pattern, labels="、".join(labels), verb=verb) for (pattern, verb), labels in order]
    return "，".join(parts) + "。" if parts else ""


def told_for(candidates: int) -> int:
    """How many records a section tells in detail: all of up to three, else three (the genre's one to three)."""
    return min(candidates, 3)
