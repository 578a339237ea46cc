"""The totals of a thematic section ("全年召开支部党员大会4次……，以上会议党员平均参会率95%。") and the choice of the
records it tells in detail (by substance: figures, participants, the secretary's note). Counts and rates are
computed here, never asked of the model; the phrase patterns are in templates/ledger_prose.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from drafter.drafting.thematic.cells import tidy_field
from drafter.drafting.thematic.phrases import Aggregate, ProsePhrases, load_phrases, render
from drafter.facts.ledger.classify import (
    OTHER,
    RoutineRules,
    in_theme_totals,
    load_rules,
    routines_of,
    story_key,
)
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats, attendance

__all__ = ["aggregate_sentence", "pick_representative", "substance", "figure_words", "figures_in"]

# ---- the totals -------------------------------------------------------------------------------------------

def aggregate_sentence(stats: LedgerStats, routines: Sequence[str] | None = None, *,
                       records: Iterable[LedgerRecord] | None = None, opener: str | None = None,
                       rules: RoutineRules | None = None, phrases: ProsePhrases | None = None) -> str:
    """"全年召开支部党员大会4次、支委会12次……，开展主题党日活动11次。" over the given routine or theme keys (all
    routines when None), in the fixed order, only counts above zero; "" when nothing counts. A theme counts the
    rows told with that theme (a 主题党日 about it included), when some row is classed as it. The attendance rate
    is added when it can be computed: from `records` of those routines, or from the whole ledger when
    `routines` is None."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    agg = ph.aggregate
    wanted = set(routines) if routines is not None else {r.key for r in rules.routines} | {"secretary_lecture"}
    items: list[tuple[str, str]] = []
    lectures, own = stats.count("party_lecture"), stats.count("secretary_lecture")
    for key, item in agg.items.items():
        if key in ("party_lecture", "secretary_lecture", "secretary_within"):
            n = _lecture_count(key, lectures, own, wanted)
        else:
            n = stats.count(key) if key in wanted else 0
        if n:
            items.append((item.verb, render(item.text, n=n)))
    for group in stats.themes:
        # A theme is totalled when rows are classed as it; its total then counts every row told with it (a
        # 主题党日 about 志愿服务 too: "志愿服务活动1次" before three volunteer days read as an undercount).
        own = sum(1 for r in group.records if not routines_of(r, rules))
        n = sum(1 for r in group.records if story_key(r, rules) == group.key and in_theme_totals(r, rules))
        totalled = agg.theme_totalled is None or group.key in agg.theme_totalled
        if group.key in wanted and group.key != OTHER and totalled and own:
            items.append((agg.theme.verb, render(agg.theme.text, label=group.label, n=n)))
    if not items:
        return ""
    groups: list[list[tuple[str, str]]] = []
    for verb, text in items:
        if groups and verb and groups[-1][0][0] == verb:
            groups[-1].append((verb, text))
        else:
            groups.append([(verb, text)])
    joined = "，".join(g[0][0] + "、".join(t for _, t in g) for g in groups)
    return render(agg.sentence, opener=agg.opener if opener is None else opener, groups=joined,
              attendance=_attendance_clause(stats, routines, records, rules, agg))


def _lecture_count(key: str, lectures: int, own: int, wanted: set[str]) -> int:
    """党课 said as "讲党课5次，其中书记讲党课2次", or "书记讲党课2次" when every 党课 was the secretary's."""
    lect, sec = "party_lecture" in wanted, "secretary_lecture" in wanted
    if key == "party_lecture":
        return lectures if lect and own != lectures else 0
    if key == "secretary_lecture":
        return own if (sec or lect) and (own == lectures or not lect) else 0
    return own if lect and 0 < own < lectures else 0


def _attendance_clause(stats: LedgerStats, routines: Sequence[str] | None, records: Iterable[LedgerRecord] | None,
                       rules: RoutineRules, agg: Aggregate) -> str:
    if records is not None and routines is not None:
        # the rate of the section's meetings only ("以上会议"): a 主题党日 of volunteers is no roll call, and two
        # rates of different scope in adjacent sections read as a contradiction
        keys = set(routines) & set(agg.attendance_of) if agg.attendance_of else set(routines)
        att = attendance(r for r in records if r.date.year == stats.year and keys & set(routines_of(r, rules)))
    elif routines is None:
        att = stats.attendance
    else:
        return ""
    # Over 100% means guests were counted as present: not a members' attendance rate.
    if att is None or att.records < agg.attendance_min_records or att.percent > 100:
        return ""
    return render(agg.attendance if routines is not None else agg.attendance_all or agg.attendance, percent=att.percent)


# ---- representative records -------------------------------------------------------------------------------

def figure_words(text: str, units: list[str]) -> list[str]:
    """The figures of a text as written ("3名", "8条"): a number with one of figure_units after it."""
    alternatives = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return re.findall(rf"\d+(?:\.\d+)?\s*(?:{alternatives})", text)


def figures_in(text: str, units: list[str]) -> int:
    """How many figures the text holds."""
    return len(figure_words(text, units))


def substance(record: LedgerRecord, rules: RoutineRules | None = None, phrases: ProsePhrases | None = None) -> float:
    """How much a record has to tell: figures, people present, the secretary's note, content; routine meetings
    (党员大会, 支委会, 党小组会) are totalled, not told, so they score low."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    score = 2.0 * min(figures_in(f"{record.content}{record.note}", ph.figure_units), 3)
    score += 2.0 if record.present else 0.0
    score += 3.0 if record.note.strip() else 0.0
    score += min(len(record.content.strip()) / 40, 3.0)
    score += 0.5 if record.place.strip() else 0.0
    primary = (routines_of(record, rules) or [None])[0]
    rule = rules.rule(primary) if primary else None
    if rule is not None and rule.meeting:
        score -= 6.0
    return score


def pick_representative(records: Iterable[LedgerRecord], n: int = 2, *, rules: RoutineRules | None = None,
                        phrases: ProsePhrases | None = None) -> list[LedgerRecord]:
    """The n (1–3) records with the most substance, one per topic, in date order; deterministic."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    n = max(1, min(n, 3))
    ranked = sorted(records, key=lambda r: (-substance(r, rules, ph), r.date, r.row))
    chosen: list[LedgerRecord] = []
    seen: set[str] = set()
    for rec in ranked:
        topic = tidy_field(rec.topic) or f"#{rec.row}"
        if topic in seen:
            continue
        seen.add(topic)
        chosen.append(rec)
        if len(chosen) == n:
            break
    return sorted(chosen, key=lambda r: (r.date, r.row))
