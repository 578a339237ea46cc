"""The agendas of the routine meetings (支部党员大会, 支委会, 党小组会), named without dates, and what the 党员大会
decided, each meeting by its month. Every phrase pattern is in templates/ledger_prose.yaml (theme)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.drafting.thematic.cells import said_share
from drafter.drafting.thematic.phrases import ProsePhrases, ThemePhrases, load_phrases, render
from drafter.drafting.thematic.rest import name_of
from drafter.drafting.thematic.totals import figure_words
from drafter.facts.ledger.classify import RoutineRules, is_meeting, load_rules, routines_of
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.stats import LedgerStats
from drafter.text.checks import repeated_run
from drafter.text.clean import bigrams

__all__ = ["agenda_sentence"]


def _spread(items: list[str], n: int) -> list[str]:
    """n of the items spread over the year (first, last and evenly between), not the first n months only."""
    if len(items) <= n:
        return items
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)] if n > 1 else items[:1]


def agenda_sentence(key: str, records: Sequence[LedgerRecord], stats: LedgerStats, *,
                    rules: RoutineRules | None = None, phrases: ProsePhrases | None = None,
                    told_elsewhere: Sequence[str] = ()) -> str:
    """"支部党员大会的议题包括……、……等。3月的支部党员大会讨论确定发展对象1名；6月的会议表彰优秀党员2名。" — the
    year's agendas of one routine meeting, each once, spread over the year, without dates (a 党小组's "生产党小组："
    prefix and a 支委会's "研究" dropped), then what its rows record it decided, each meeting by its month (a
    meeting whose decisions are told is not among the agendas: "议题包括……表彰……；会议表彰……" said it twice);
    "" with fewer than two agendas and nothing decided (one agenda is named beside decisions)."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    tp = ph.theme
    label = rules.label(key)
    topics: list[str] = []
    figures: list[str] = []
    owners: list[LedgerRecord] = []  # the meeting each of `figures` was held at
    elsewhere: dict[int, list[str]] = {}  # a meeting's decisions the sheet tells (its agenda does not retell them)
    seen: set[str] = set()
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        if stats.year is not None and rec.date.year != stats.year or key not in routines_of(rec, rules):
            continue
        if not is_meeting(rec, rules):
            continue  # told as a case in its theme's section (ClassRule.told_on), not named again here
        # "第一党小组学习研讨" → 学习研讨; "税源管理党小组、综合党小组学习……" → 学习……
        items = _agenda_items(re.sub(r"^(?:[、，和及与]?[^，、：:]{0,6}党小组(?!会))+", "", name_of(rec, ph, rules)),
                              tp.agenda_strip.get(key, []))
        for clause in re.split(r"[，,；;。]", f"{rec.content}；{rec.note}") if key in tp.agenda_figures_of else []:
            clause, units = clause.strip(), set(figure_words(clause, ph.figure_units))
            if any(w in clause for w in tp.agenda_figure_skip):
                continue  # "到会有表决权的党员38人" is who came, not what was decided
            # a clause whose figures one before already gave ("表彰的3名优秀党员……" after "表彰优秀党员3名") goes;
            # a decision on a member names its person, not a figure ("全票通过罗晓燕同志按期转正")
            # (one that names nobody, "同意按期转正", says nothing a reader can place: marked "garbled")
            decided = (not units and any(w in clause for w in tp.agenda_decisions) and clause not in figures
                       and "同志" in clause)
            if decided and any(who and who in clause for who in told_elsewhere):
                elsewhere.setdefault(id(rec), []).append(clause)
                continue  # the sheet's sentence tells who was admitted
            told = next((i for i, f in enumerate(figures) if repeated_run(clause, f, 6)), None)
            if decided and told is not None:
                figures[told] = clause  # the note's outcome ("全票通过……按期转正") for the content's "讨论……按期转正"
            elif any(re.search(rf"(?:的|这|其中){re.escape(u)}", clause) for u in units & seen):
                continue  # "表彰的3名优秀党员中2名……" refers back to "表彰优秀共产党员3名": no decision of its own
            elif (units and not units <= seen or decided) and not re.search(r"\d{4}", clause):
                figures.append(clause)
                owners.append(rec)
                seen |= units
        if tp.agenda_votes and any(who and who in rec.content + rec.note for who in told_elsewhere):
            # "6项表决全部通过" counted the admissions the sheet tells too: hung on what is left it miscounts
            kept = [k for k, (f, r) in enumerate(zip(figures, owners, strict=True))
                    if not (r is rec and re.search(tp.agenda_votes, f))]
            figures, owners = [figures[k] for k in kept], [owners[k] for k in kept]
        decided_here = [f for f, r in zip(figures, owners, strict=True) if r is rec] + elsewhere.get(id(rec), [])
        for name in items:
            if label in name or label.removeprefix("支部") in name or name.endswith("大会"):
                continue  # "第一党小组会", "七一表彰大会" name the meeting, not an agenda
            if any(who and who in name for who in told_elsewhere):
                continue  # who was admitted is told by the sheet's sentence
            # what it decided is told after the agendas: only the parts of its agenda that the decisions do not
            # say ("讨论预备党员转正暨七一表彰" and "表彰优秀党员3名" → "讨论预备党员转正")
            if decided_here:
                name = _undecided(name, decided_here, tp)
            # a comma inside one item of a 、-list reads as a broken list: "通报……工作并听取……意见"
            name = re.sub(r"[，,](?=\S)", tp.agenda_comma, name, count=1) if tp.agenda_comma else name
            if name and name not in topics:
                topics.append(name)
    # an agenda a longer one says ("党费公示" beside "年度工作总结和党费收缴情况公示") is not listed twice (reading 27)
    topics = [t for t in topics if not any(len(o) > len(t) and said_share(t, o) >= 0.6 for o in topics)]
    # one agenda alone is named only beside what the meetings decided (a sentence for one agenda read as a list
    # of one); without it the decisions stand alone
    if len(topics) < (1 if figures else 2):
        return _decisions(figures[: tp.max_agenda_figures], owners, label, tp)
    # after the agendas the meeting is named already: "6月的会议……", not the label twice in a row
    done = _decisions(figures[: tp.max_agenda_figures], owners, tp.agenda_meeting_again, tp)
    pattern = tp.agendas.get(key, tp.agenda)
    return render(pattern, label=label, topics="、".join(_spread(topics, tp.max_agenda)), figures=done)


def _agenda_items(name: str, verbs: list[str]) -> list[str]:
    """The agendas of one meeting's cell: a numbered list ("1.研究……；2.研究……") is several, each without the
    verb the pattern says ("研究"); an agenda about one member ("确定许嘉怡同志为发展对象") is told in the 发展党员
    measure, not here."""
    text = re.sub(r"(?:^|(?<=[；;。\s]))\d{1,2}\s*[.、．)）](?!\d)", "；", name)
    items = []
    for item in (i.strip(" ，,。") for i in re.split(r"[；;\n]", text)):
        for verb in verbs:
            if item.startswith(verb) and len(item) > len(verb) + 1:
                item = item[len(verb):]
                if "同志" in item:  # "研究了……、许嘉怡同志为发展对象" without its 确定
                    item = ""
        if item:
            items.append(item)
    return items


def _undecided(agenda: str, decisions: list[str], tp: ThemePhrases) -> str:
    """The parts of one meeting's agenda (split at 暨/和/并/、) whose words its told decisions do not share."""
    said = set().union(*(bigrams(d) for d in decisions)) - set(tp.agenda_common_words)
    parts = [p for p in re.split(r"暨|并|和|及|、|，", agenda) if p.strip()]
    return "和".join(p for p in parts if not bigrams(p) & said)


def _decisions(figures: list[str], owners: list[LedgerRecord], first: str, tp: ThemePhrases) -> str:
    """"6月的支部党员大会表彰优秀共产党员4名，讨论……转正；12月的会议征求意见建议7条。" — each meeting's decisions
    by its month ("会议先后……" after the year's agendas could not say which meeting; reading 23)."""
    items: list[str] = []
    for k, (clause, rec) in enumerate(zip(figures, owners, strict=False)):
        if k and rec is owners[k - 1]:
            items[-1] += "，" + clause
            continue
        if re.match(r"\d", clause):
            continue  # "6月的会议7名毕业生党员组织关系……转出": a clause with its own subject is no decision of it
        meeting = first if not items else tp.agenda_meeting_again
        when = "" if rec.undated else render(tp.agenda_meeting_when, month=rec.date.month)
        items.append(render(tp.agenda_decided, when=when, meeting=meeting, clause=clause))
    return render(tp.agenda_decisions_sentence, items="；".join(items)) if items else ""
