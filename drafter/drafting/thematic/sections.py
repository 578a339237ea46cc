"""A template section's share of the ledger: which records it tells, its totals, representative records and the
rest named by theme — the text pieces of prose.py put in the genre's order (totals, cases, the rest by theme)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from drafter.drafting.thematic.agendas import agenda_sentence
from drafter.drafting.thematic.cells import noted
from drafter.drafting.thematic.phrases import MeasureGroup, load_phrases, render
from drafter.drafting.thematic.prose import record_parts, record_sentence
from drafter.drafting.thematic.rest import (
    dated,
    figure_of,
    figured_sentence,
    lectures_sentence,
    others_sentence,
    theme_sentence,
)
from drafter.drafting.thematic.totals import aggregate_sentence, pick_representative
from drafter.facts.ledger.classify import (
    OTHER,
    RoutineRules,
    is_meeting,
    load_rules,
    routines_of,
    section_for,
    story_key,
)
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats
from drafter.text.checks import repeated_run


class Measure(BaseModel):
    """One measure of a section told by measure: its lead ("一是抓好党课教育。"), its cases, the rest of its group."""

    lead: str
    facts: list[str] = Field(default_factory=list)  # refs of the sheet's facts this measure opens with
    notes_with: list[str] = Field(default_factory=list)  # … and the secretary's notes with one of these words
    told: list[LedgerRecord] = Field(default_factory=list)
    told_sentences: list[str] = Field(default_factory=list)
    told_bare: list[str] = Field(default_factory=list)
    rest: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The measure as one paragraph: lead, cases, the rest of its group."""
        return "".join([self.lead, *self.told_sentences, *self.rest])


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
    # told by measure (by_measure and two or more groups to tell): the agendas after the totals, then each
    # measure, then what no measure takes (theme_sentences); told/told_sentences are then empty
    agendas: list[str] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The pieces as one paragraph: totals, the representative cases (or the measures), the rest by theme."""
        return "".join([self.aggregate, *self.agendas, *self.told_sentences, *(m.text for m in self.measures),
                        *self.theme_sentences])


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
                   totals: bool = True, told_elsewhere: Sequence[str] = (), by_measure: bool = False,
                   org: str = "other") -> LedgerSection:
    """The ledger's pieces for one section: its totals (when `totals`: only a whole ledger has them), `told` (1–3,
    None: by how many there are) representative records told in detail, and the rest named by theme (no dates).
    `mine` are the records this section tells (default: those the routing rules send here). With `by_measure`, a
    section whose records fall under two or more measure groups is told measure by measure instead, its leads
    worded for the kind of branch (`org`: branch.org_type)."""
    rules = rules or load_rules()
    keys = keys_for_section(section, template_kind, section_keys, rules)
    if mine is None:
        mine = [r for r in records if section_for(story_key(r, rules), template_kind, section_keys, rules) == section]
    mine = [r for r in mine if stats.year is None or r.date.year == stats.year]
    piece = LedgerSection(section=section, keys=keys, records=mine,
                          aggregate=(aggregate_sentence(stats, keys, records=records, rules=rules)
                                     + monthly_sentence(stats, keys, rules=rules)) if totals else "")
    # a routine meeting is totalled, not told: only records with something to tell are candidates
    # (an undated record is not a case: a case is told with its day)
    candidates = [r for r in mine if not is_meeting(r, rules) and not r.undated]
    groups = measure_groups(candidates, rules, keys) if by_measure else []
    usual = usual_places(records)
    if len(groups) >= 2:
        _by_measure(piece, groups, records, stats, keys, secretary, rules, told_elsewhere, usual, org)
        return piece
    if candidates:
        piece.told, piece.told_bare, piece.told_sentences = _told(
            candidates, told or told_for(len(candidates)), secretary, rules, usual)
    piece.theme_sentences = _rest(piece.told, records, mine, stats, keys, secretary, rules, told_elsewhere,
                                  dates_left=_dates_left(piece.told))
    return piece


def _told(candidates: Sequence[LedgerRecord], n: int, secretary: str, rules: RoutineRules,
          usual: Iterable[str] = (), later_from: int = 2) -> tuple[list[LedgerRecord], list[str], list[str]]:
    """The n representative records, their sentences without notes and with them (each told once, the note
    appended as typed); from the `later_from`-th on a case does not open with its date, past theme.max_dated it
    has none."""
    chosen = pick_representative(candidates, n, rules=rules)
    bare = told_sentences(chosen, secretary=secretary, rules=rules, with_note=False, usual=usual,
                          later_from=later_from, undated_from=load_phrases().theme.max_dated)
    return chosen, bare, [noted(text, r.note) for text, r in zip(bare, chosen, strict=True)]


def measure_groups(candidates: Sequence[LedgerRecord], rules: RoutineRules | None = None,
                   keys: Sequence[str] = ("party_lecture",)) -> list[tuple[MeasureGroup, list[LedgerRecord]]]:
    """The records to tell by measure group, in the groups' order ((group, records) per group with any); records
    of no group are left out."""
    rules = rules or load_rules()
    keyed = [(measure_key(r, rules, keys), r) for r in candidates]
    out = []
    for group in load_phrases().measures.groups:
        recs = [r for key, r in keyed if key in group.keys]
        if recs:
            out.append((group, recs))
    return out


def measure_key(record: LedgerRecord, rules: RoutineRules | None = None, keys: Sequence[str] = ("party_lecture",)) -> str:
    """The group a record is told in: a 党课 or a 谈心谈话 (measures.by_routine) by its routine whatever its theme
    when the section totals that routine (`keys`), any other by its story (a 党课 on 党纪 in the discipline section
    is told with the 警示教育)."""
    rules = rules or load_rules()
    primary = routines_of(record, rules)[:1]
    if primary and primary[0] in load_phrases().measures.by_routine and primary[0] in keys:
        return primary[0]
    return story_key(record, rules)


def _by_measure(piece: LedgerSection, groups: list[tuple[MeasureGroup, list[LedgerRecord]]],
                records: Sequence[LedgerRecord], stats: LedgerStats, keys: Sequence[str], secretary: str,
                rules: RoutineRules, told_elsewhere: Sequence[str], usual: set[str], org: str = "other") -> None:
    """Fill `piece` measure by measure: the agendas after the totals, each group (up to as many as there are
    ordinals) with its cases and its own rest, then the records no measure took."""
    ph = load_phrases()
    ms = ph.measures
    largest = sorted(range(len(groups)), key=lambda i: -len(groups[i][1]))[: len(ms.ordinals)]
    groups = [g for i, g in enumerate(groups) if i in largest]
    # a routine's own name ("主题党日") may recur: "用好主题党日载体" before "……开展主题党日活动" is no echo
    own = "；".join(ph.record.acts.values())
    taken: set[int] = set()
    for ordinal, (group, recs) in zip(ms.ordinals, groups, strict=False):
        measure, leads = Measure(lead="", facts=group.facts, notes_with=group.notes_with), group.by_org.get(org, group.leads)
        # the second case of a measure does not open with its date too ("支部还于7月24日……"): measure after
        # measure of "X月X日，……。X月X日，……" was still read as a diary; the 党课 keep theirs (each its lecturer)
        later_from = 2 if "party_lecture" in group.keys else 1
        measure.told, measure.told_bare, measure.told_sentences = _told(recs, min(len(recs), group.told or ms.told),
                                                                        secretary, rules, usual, later_from)
        measure.rest = _rest(measure.told, records, recs, stats, [], secretary, rules, told_elsewhere,
                             in_measure=True, dates_left=_dates_left(measure.told))
        lead = next((x for x in leads if not repeated_run(x, measure.text, 4, exempt=own)), leads[0])
        measure.lead = render(ms.lead, ordinal=ordinal, lead=lead)
        piece.measures.append(measure)
        taken |= {id(r) for r in recs}
    piece.agendas = [s for s in _agendas(records, stats, keys, rules, told_elsewhere) if s]
    left = [r for r in piece.records if id(r) not in taken]
    piece.theme_sentences = _rest([], records, left, stats, keys, secretary, rules, told_elsewhere, agendas=False)


def _dates_left(told: Sequence[LedgerRecord]) -> int:
    """How many rows the rest after these cases may still tell with their month (theme.max_dated a paragraph)."""
    return max(0, load_phrases().theme.max_dated - sum(1 for r in told if not r.undated))


def _rest(told: Sequence[LedgerRecord], records: Sequence[LedgerRecord], mine: Sequence[LedgerRecord],
          stats: LedgerStats, keys: Sequence[str], secretary: str, rules: RoutineRules,
          told_elsewhere: Sequence[str] = (), *, agendas: bool = True, in_measure: bool = False,
          dates_left: int | None = None) -> list[str]:
    """What follows the told cases: the meetings' agendas (when `agendas`), the figures of the rest, the rest by
    theme (`in_measure`: all together, the measure's lead names their kind), the 党课 by who gave them; only the
    first `dates_left` rows with their month (theme.max_dated when None), the rest without. Only the first sentence
    that adds opens with 此外."""
    ph = load_phrases()
    left_dates = ph.theme.max_dated if dates_left is None else dates_left
    out = _agendas(records, stats, keys, rules, told_elsewhere) if agendas else []
    agenda_keys = [k for k in ph.theme.agenda_routines if k in keys]
    named = {id(r) for r in records if any(k in routines_of(r, rules) for k in agenda_keys)}  # named in the agendas
    # a meeting's figures follow its agendas (agenda_sentence), wherever its story is routed
    figured = [r for r in mine if r not in told and id(r) not in named and not is_meeting(r, rules)
               and figure_of(r)]
    figured = sorted(figured, key=lambda r: (-len(figure_of(r)), r.date))[: ph.theme.max_figured]
    opener = "此外，"
    if figured:
        out.append(figured_sentence(figured, opener=opener, secretary=secretary, rules=rules, dates_left=left_dates))
        left_dates -= sum(1 for r in figured if not r.undated)
        opener = ""
    rest: dict[str, list[LedgerRecord]] = {}
    lectures: list[LedgerRecord] = []
    told_topics = {r.topic.strip() for r in [*told, *figured]}
    for rec in mine:
        # a record whose topic a told one already names (a 党课 and a 主题党日 on the same 全会) is not named again
        if rec in told or rec.topic.strip() in told_topics:
            continue
        if routines_of(rec, rules)[:1] == ["party_lecture"]:
            lectures.append(rec)  # told by who gave it, not as "……专题党课等活动"
        else:
            rest.setdefault(story_key(rec, rules), []).append(rec)
    order = [r.key for r in rules.routines] + [t.key for t in rules.themes]
    groups = sorted(rest, key=lambda k: order.index(k) if k in order else len(order))
    tellable = {k: [r for r in rest[k] if not is_meeting(r, rules)] for k in groups}
    if in_measure:
        left = [r for k in groups for r in tellable[k]]
        if len(left) == 1:
            subject, action, _ = record_parts(left[0], secretary, rules, ph.record)
            out.append(render(ph.measures.rest_one, opener=opener,
                              item=dated(subject, action, left[0], ph, dateless=left_dates <= 0)))
        elif left:
            out.append(others_sentence(left, opener=opener, rules=rules))
        groups = []
    singles = [k for k in groups if len(tellable[k]) == 1]
    if len(singles) < 2 and singles != [OTHER]:
        # (a lone record of no theme is named as the others are: "围绕支部各项工作，……" names no focus)
        singles = []
    for key in groups:
        if key not in singles:
            out.append(theme_sentence(key, rest[key], secretary=secretary, rules=rules))
    if singles:
        out.append(others_sentence([tellable[k][0] for k in singles], opener=opener, rules=rules))
    out.append(lectures_sentence(lectures, secretary=secretary, rules=rules, dates_left=left_dates))
    return [s for s in out if s]


def _agendas(records: Sequence[LedgerRecord], stats: LedgerStats, keys: Sequence[str], rules: RoutineRules,
             told_elsewhere: Sequence[str]) -> list[str]:
    """The agendas sentence of each routine meeting of the section ("" for one with fewer than two agendas)."""
    return [agenda_sentence(k, records, stats, rules=rules, told_elsewhere=told_elsewhere)
            for k in load_phrases().theme.agenda_routines if k in keys]


def told_sentences(records: Sequence[LedgerRecord], *, secretary: str = "", rules: RoutineRules | None = None,
                   with_note: bool = True, usual: Iterable[str] = (), later_from: int = 2,
                   undated_from: int | None = None) -> list[str]:
    """The told records of one section, each a sentence; a place the one before gave is not said again, nor a
    `usual` one (the branch's own room), a routine told before in the section is introduced more briefly
    ("开展“……”主题党日活动"), the third (`later_from`) does not open with its date ("支部还于12月5日……"), and
    from `undated_from` on (dated ones counted) none is told ("支部还……")."""
    rules = rules or load_rules()
    usual = set(usual)
    out, place, seen, day, dates = [], None, set(), None, 0
    for k, rec in enumerate(records):
        dateless = undated_from is not None and dates >= undated_from and not rec.undated
        dates += not rec.undated
        routine = (routines_of(rec, rules) or [None])[0]
        here = rec.place.strip()
        out.append(record_sentence(rec, secretary=secretary, rules=rules, with_note=with_note,
                                   same_place=here == place or here in usual, again=routine in seen, later=k >= later_from,
                                   same_day=rec.date == day and not rec.date_text, dateless=dateless))
        place, day = here or place, rec.date
        seen.add(routine)
    return out


def usual_places(records: Sequence[LedgerRecord]) -> set[str]:
    """The branch's own rooms: places of three or more of the year's records that are a room of its own
    (record.own_rooms: "……会议室", "……党员活动室") or held a fifth of them. Said in every case they read as a
    ledger extract ("在住院部五楼会议室……在住院部五楼会议室"), and they tell the reader nothing."""
    rooms = load_phrases().record.own_rooms
    counts = Counter(r.place.strip() for r in records if r.place.strip())
    return {p for p, n in counts.items() if n >= 3 and (p.endswith(tuple(rooms)) or n >= len(records) / 5)}


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
