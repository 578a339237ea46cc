"""The records a section does not tell in full, said without dates: named by theme, the 党课 by who gave them,
the figures of the rest with their own verb, the agendas of the routine meetings with what they decided.
Every phrase pattern is in templates/ledger_prose.yaml (theme)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from drafter.drafting.thematic.cells import END_CHARS, tidy_field
from drafter.drafting.thematic.phrases import ProsePhrases, ThemePhrases, load_phrases, render
from drafter.drafting.thematic.prose import (
    clean_topic,
    event_name,
    is_clause,
    noun_verb,
    quotable,
    record_parts,
    unquoted,
)
from drafter.facts.ledger.classify import (
    RoutineRules,
    load_rules,
    routines_of,
    story_key,
    theme_of,
)
from drafter.facts.ledger.models import LedgerRecord

__all__ = ["name_of", "theme_sentence", "others_sentence", "lectures_sentence", "figure_of", "figured_sentence",
           "dated", "themes_of"]


def name_of(record: LedgerRecord, ph: ProsePhrases | None = None, rules: RoutineRules | None = None) -> str:
    """A record named in a list: its topic without dates, a clause cut to the activity it names."""
    rules, ph = rules or load_rules(), ph or load_phrases()
    tp, rp = ph.theme, ph.record
    found = routines_of(record, rules)
    name = clean_topic(tidy_field(record.topic), found[0] if found else None, rules)
    name = _without(name, tp.date_patterns).strip(END_CHARS).split("：")[-1].split(":")[-1]  # "党建与业务融合：党员技术攻关推进会" names the 推进会
    cuts = [name.rfind(v) + len(v) for v in rp.clause_verbs if name.rfind(v) > 0]
    if cuts and len(name) - max(cuts) >= 2:
        name = name[max(cuts):]
    for suffix in tp.strip_suffix:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
    if name and found and found[0] in tp.named_as and not any(name.endswith(e) for e in tp.named_as_skip):
        name = render(tp.named_as[found[0]], name=quotable(name))
    return name


def _names(records: Iterable[LedgerRecord], ph: ProsePhrases, rules: RoutineRules) -> list[str]:
    names: list[str] = []
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        name = name_of(rec, ph, rules)
        if name and name not in names:
            names.append(name)
    return names


def _listed(names: list[str], total: int, tp: ThemePhrases, pattern: str, pattern_more: str, **values: str) -> str:
    """The names (at most max_named) in a pattern; the "等N项活动" one when more records stand behind them."""
    shown = tp.separator.join(names[: tp.max_named])
    if total > min(len(names), tp.max_named):
        return render(pattern_more, names=shown, n=total, **values)
    return render(pattern, names=shown, **values)


def theme_sentence(theme: str, records: Sequence[LedgerRecord], *, secretary: str = "",
                   rules: RoutineRules | None = None, phrases: ProsePhrases | None = None) -> str:
    """"围绕……，先后开展了……、……等活动。" naming the records by topic (deduplicated, at most max_named, "等N项活动"
    when more), never with a date; "" when there is nothing to name. Routine meetings (党员大会, 支委会, 党小组会)
    are left to the totals: their topics are agendas, not activities."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    tp = ph.theme
    told = []
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        found = routines_of(rec, rules)
        rule = rules.rule(found[0]) if found else None
        # a row with neither topic nor content names nothing ("围绕支部各项工作，支部开展其他活动。" was marked)
        if (rule is None or not rule.meeting) and (rec.topic.strip() or rec.content.strip()):
            told.append(rec)
    if not told:
        return ""
    focus = tp.focus.get(theme, rules.label(theme))
    if len(told) == 1:
        subject, action, _ = record_parts(told[0], secretary, rules, ph.record)
        return render(tp.one, focus=focus, clause=subject + action)
    names = _names(told, ph, rules)
    if not names:
        return render(tp.count_only, focus=focus, label=rules.label(theme), n=len(told))
    return _listed(names, len(told), tp, tp.several, tp.several_more, focus=focus)


def others_sentence(records: Sequence[LedgerRecord], *, opener: str = "此外，", rules: RoutineRules | None = None,
                    phrases: ProsePhrases | None = None) -> str:
    """"此外，还开展了……、……等活动。" naming records of several themes at once (themes with one record each, so
    the paragraph is not a row of one-line "围绕……" sentences); "" for no records."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    tp = ph.theme
    names = _names(records, ph, rules)
    if not names:
        return ""
    return _listed(names, len(records), tp, tp.others, tp.others_more, opener=opener)


def lectures_sentence(records: Sequence[LedgerRecord], *, secretary: str = "", rules: RoutineRules | None = None,
                      phrases: ProsePhrases | None = None, dates_left: int = 99) -> str:
    """The 党课 of the rest by who gave them ("全国优秀医师吴振华以“……”为题讲党课；支部书记韩立新以“……”为题讲党课。"),
    not as "……专题党课等活动" in a list of activities, the first `dates_left` with their month; "" for none."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    by_subject: dict[str, list[tuple[str, LedgerRecord]]] = {}
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        subject, action, _ = record_parts(rec, secretary, rules, ph.record)
        by_subject.setdefault(subject, []).append((action, rec))
    items: list[str] = []
    before: str | None = None
    for subject, done in by_subject.items():
        said = subject if subject != ph.record.subject else ""
        actions = [a for a, _ in done]
        titled = [a.removesuffix("讲党课") for a in actions]
        if len(actions) > 1 and all(a.endswith("讲党课") and t for a, t in zip(actions, titled, strict=True)):
            items.append(render(ph.theme.lectures_by_one, subject=said, items="、".join(titled)))
        else:  # one lecture with its day: undated after the cases, it read as an afterthought
            for action, rec in done:
                items.append(dated(subject, action, rec, ph, before=before, dateless=dates_left <= 0))
                before, dates_left = subject, dates_left - 1
    return render(ph.theme.lectures, items="；".join(items)) if items else ""


def figure_of(record: LedgerRecord, phrases: ProsePhrases | None = None) -> str:
    """What a record counts: the clauses of its content, else of its note, that hold a number other than a date, as
    written ("" when neither counts anything)."""
    dates = (phrases or load_phrases()).theme.date_patterns
    # the content first: a note's clause out of its sentence loses what it counts ("第二天又补了200瓶")
    for text in (record.content, record.note):
        clauses = [c.strip() for c in re.split(r"[，,；;。]", text) if c.strip()]
        # a clause with a date would put the date back into the rest ("6月7日至8日在考点外……")
        counted = [c for c in clauses if re.search(r"\d", c) and _without(c, dates) == c]
        if counted:
            return "，".join(counted)
    return ""


def _figured_item(record: LedgerRecord, secretary: str, ph: ProsePhrases, rules: RoutineRules) -> tuple[str, str]:
    """(subject, what was done with its figure) of one record of the rest, told with the record's own verb:
    "党员防汛巡查40余次" (the figure's verb closes the name), "召开日间手术流程改进推进会，日间手术占择期手术比例由
    18%提高到27%" (else); the subject is "" when the text names who did it."""
    what = figure_of(record)
    name = name_of(record, ph, rules)
    rp = ph.record
    for cut in range(min(len(what), 8), 1, -1):
        head, tail = what[:cut], what[cut:]
        # the head must be the name's last act or a verb ("走访慰问9户"), not a subject ("党员教师26人分6组……")
        verb = name.endswith(head) or any(head.startswith(v) for v in rp.lead_verbs)
        if re.match(r"\d", tail) and not re.search(r"\d", head) and head in name and verb and "“" not in name:
            # "巡查40余次" after "党员防汛巡查": said once ("党员防汛巡查" names who did it: no 支部 before it)
            acts = name.startswith(tuple(rp.lead_verbs)) or name.startswith(tuple(rp.occasions))
            return (rp.subject if acts else ""), name + tail
    bare = unquoted(name)
    if len(bare) >= 4 and what.startswith(bare[:4]) and what.startswith(tuple(rp.lead_verbs)):
        # "走访慰问老党员和困难党员8人" retells "走访慰问老党员" with its figure: said once
        return rp.subject, what
    subject, action, _ = record_parts(record, secretary, rules, rp)
    if subject == rp.subject and bare and "party_lecture" not in routines_of(record, rules):
        # named by what was done, not as "以“……”为主题开展主题党日活动" three times in one sentence
        # (unquoted: "“税企共建”进园区" keeps its own quotes, nested as ‘…’ by quotable)
        action = (event_name(bare, rp) or (bare if is_clause(bare, rp) else "")
                  or ((noun_verb(bare, rp) or "") + bare if noun_verb(bare, rp) else "")
                  or render(rp.theme_acts.get(story_key(record, rules), rp.theme_default), topic=quotable(bare),
                            raw=bare))
    return subject, render(ph.theme.figured_item, action=action, what=what)


def dated(subject: str, action: str, record: LedgerRecord, ph: ProsePhrases, *, before: str | None = None,
          dateless: bool = False) -> str:
    """"支部还于9月开展……" — one record of the rest with who and when (readers marked "此外，开展……" as a
    sentence without subject or date, and the rest told day by day as a diary). `before`: the subject of the item
    before it in a list (None: the first), so a subject is said once ("支部还于3月……；9月……"); subject "": the
    action names who did it; `dateless`: past the paragraph's dated rows (theme.max_dated), "支部还……"."""
    tp = ph.theme
    if record.undated or dateless:  # the ledger gave no date, or the paragraph told its dated rows: none is told
        return render(tp.rest_undated, subject=subject, action=action) if subject and subject != before else action
    # the month, not the day: the rest told day by day read as a diary again (reading 21)
    when = record.date_text or render(tp.rest_when, month=record.date.month)
    if not subject:
        return render(tp.rest_own, when=when, action=action)
    pattern = tp.rest_first if before is None else tp.rest_same if subject == before else tp.rest_next
    return render(pattern, subject=subject, when=when, action=action)


def figured_sentence(records: Sequence[LedgerRecord], *, opener: str = "此外，", secretary: str = "",
                     rules: RoutineRules | None = None, phrases: ProsePhrases | None = None,
                     dates_left: int = 99) -> str:
    """"此外，支部还于7月开展党员防汛巡查40余次；9月召开……推进会，……。" — the rest's figures, the first
    `dates_left` with their month."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    items: list[str] = []
    before: str | None = None
    for rec in sorted(records, key=lambda r: (r.date, r.row)):
        subject, action = _figured_item(rec, secretary, ph, rules)
        items.append(dated(subject, action, rec, ph, before=before, dateless=dates_left <= 0))
        before, dates_left = subject, dates_left - (not rec.undated)
    return render(ph.theme.figured_sentence, opener=opener, items="；".join(items))


def _without(text: str, patterns: list[str]) -> str:
    for pattern in patterns:
        text = re.sub(pattern, "", text)
    return text


def themes_of(records: Iterable[LedgerRecord], rules: RoutineRules | None = None) -> dict[str, list[LedgerRecord]]:
    """Records grouped by theme (theme_of), routine rows whose text names no theme left out."""
    rules = rules or load_rules()
    groups: dict[str, list[LedgerRecord]] = {}
    for rec in records:
        key = theme_of(rec, rules)
        if key is not None:
            groups.setdefault(key, []).append(rec)
    return groups
