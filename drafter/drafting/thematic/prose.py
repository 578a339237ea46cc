"""One ledger record told as the genre tells it ("3月5日，支部在……以“……”为主题开展主题党日活动，……，26名党员参加。"):
its subject, act, title, content, place, day and who came, from the record's fields only. The totals are in
totals.py, the rest named by theme in rest.py; every phrase pattern is in templates/ledger_prose.yaml."""

from __future__ import annotations

import re

from drafter.drafting.thematic.cells import (
    bare_acts,
    lecture_remainder,
    names_place,
    noted,
    outside_title,
    said_share,
    tidy_field,
    titled_name,
    unrepeated,
)
from drafter.drafting.thematic.phrases import ProsePhrases, RecordPhrases, load_phrases, render
from drafter.facts.ledger.classify import (
    OTHER,
    RoutineRules,
    is_secretary_lecture,
    lecturer_of,
    load_rules,
    routines_of,
    story_key,
    theme_of,
)
from drafter.facts.ledger.models import LedgerRecord

__all__ = ["record_sentence", "record_parts", "day_of", "clean_topic", "is_clause", "quotable", "unquoted",
           "noun_verb", "event_name", "event_suffix"]

# ---- one record told ---------------------------------------------------------------------------------------

def noun_verb(topic: str, rp: RecordPhrases) -> str | None:
    """The verb a topic ending in a name of an event takes ("读书班" → 举办), None otherwise."""
    ends = sorted(rp.noun_verbs, key=len, reverse=True)
    return next((rp.noun_verbs[e] for e in ends if topic.endswith(e)), None)


def unquoted(topic: str) -> str:
    """A topic wholly in quotes without them ("“国际志愿者日”" → 国际志愿者日); one with quotes of its own inside
    ("“税企共建”进园区") as it is."""
    return topic[1:-1] if topic.startswith("“") and topic.endswith("”") and topic.count("“") == 1 else topic


def quotable(topic: str) -> str:
    """A topic to put inside “…”: its own outer quotes dropped, inner ones turned to ‘…’ (the nesting rule)."""
    return unquoted(topic).replace("“", "‘").replace("”", "’")


def is_clause(topic: str, rp: RecordPhrases) -> bool:
    """A topic told as it stands: it opens with a verb, or names who did what ("党员带头推进……"); a topic ending
    in a name of an event ("……专题研讨", "……推进会") is a name even when it opens with a verb."""
    if any(topic.startswith(v) for v in rp.governing_verbs):  # "部署……学习教育": the verb governs the name
        return True
    if noun_verb(topic, rp) or any(topic.startswith(n) for n in rp.lead_nouns):  # 组织生活会 is no 组织……
        return False
    return any(topic.startswith(v) for v in rp.lead_verbs) or any(v in topic[1:] for v in rp.clause_verbs)


def _action(record: LedgerRecord, topic: str, routine: str | None, host: str, rules: RoutineRules,
            rp: RecordPhrases, *, again: bool = False) -> str:
    if routine == "party_lecture" and host:
        if not topic:
            return rp.acts["party_lecture"]
        if topic.endswith("党课"):
            return render(rp.lecture_title_by_host, host=host, topic=topic)
        if rp.lecture_clause_by_host and topic.startswith(tuple(rp.lecture_clause_verbs)):
            return render(rp.lecture_clause_by_host, host=host, topic=topic)
        return render(rp.lecture_by_host, host=host, topic=quotable(topic))
    if routine is not None and routine in rp.acts:
        act, label = rp.acts[routine], rules.label(routine)
        if not topic:
            return act
        if label in topic or label.removeprefix("支部") in topic:
            # the topic names the routine itself: "召开支委会研究……" as it stands, "2025年度组织生活会" with a verb
            # ("组织生活会前开展谈心谈话" says its act already: not "开展组织生活会前开展谈心谈话")
            return topic if is_clause(topic, rp) or act in topic else (noun_verb(topic, rp) or act[:2]) + topic
        if is_clause(topic, rp):
            return render(rp.routine_with_clause, act=act, topic=topic)
        # "以“……推进会”为主题开展主题党日活动" reads wrong: the 推进会 is what was held
        event = event_name(topic, rp)
        if event:
            return render(rp.routine_with_clause, act=act, topic=event)
        # "以“学习贯彻全会精神研讨”为主题" reads wrong: the theme is what was discussed, the 研讨 is what was done
        suffix = event_suffix(topic, rp)
        if suffix:
            done = "" if suffix[-2:] in record.content else render(rp.theme_event_act, event=suffix)
            return render(rp.routine_with_theme, act=act, topic=quotable(topic[: -len(suffix)])) + done
        if again and routine in rp.routine_with_theme_again:  # the second 主题党日 of a section: said briefly
            return render(rp.routine_with_theme_again[routine], topic=quotable(topic))
        return render(rp.routine_with_theme, act=act, topic=quotable(topic))
    theme = record.routine or OTHER
    if not topic:
        return render(rp.theme_no_topic, label=rules.label(theme))
    if is_clause(topic, rp):
        return topic
    verb = noun_verb(topic, rp)
    if verb:
        return verb + topic
    return render(rp.theme_acts.get(theme, rp.theme_default), topic=quotable(topic), raw=topic)


def event_suffix(topic: str, rp: RecordPhrases) -> str:
    """"研讨" of "学习贯彻全会精神研讨" (record.theme_event_suffixes): what was done, the rest being the theme quoted;
    "" when the topic does not end so or is no more than the act."""
    return next((e for e in rp.theme_event_suffixes if topic.endswith(e) and len(topic) > len(e) + 3), "")


def event_name(topic: str, rp: RecordPhrases) -> str:
    """"召开党员技术攻关推进会" for a topic naming an event ("党建与业务融合：党员技术攻关推进会"), "" otherwise."""
    name = re.split(r"[：:]", topic)[-1].strip()
    end = next((e for e in sorted(rp.event_names, key=len, reverse=True) if name.endswith(e)), None)
    if end is None or len(name) <= len(end) + 1:
        return ""
    return (noun_verb(name, rp) or "") + name


def clean_topic(topic: str, routine: str | None, rules: RoutineRules) -> str:
    """A topic without a label naming its routine before a colon ("支部书记讲党课：赓续红色血脉" → 赓续红色血脉)."""
    rule = rules.rule(routine) if routine else None
    labelled = re.match(r"(.+?)[：:](.+)", topic)
    if labelled and rule is not None and rule.position(labelled.group(1)) is not None:
        return labelled.group(2).strip()
    return topic


def as_procedure(content: str, rp: RecordPhrases) -> str:
    """"党员自评、党员互评、民主测评，支委会综合评定等次" → "按党员自评、党员互评、民主测评、支委会综合评定等次的程序
    进行": three or more steps of a procedure without a verb told as one clause (record.procedure); others as given."""
    parts = [p.strip() for p in re.split(r"[、，,；;]", content.strip().rstrip("。；;")) if p.strip()]
    if not rp.procedure or len(parts) < 3 or not all(p.endswith(tuple(rp.procedure_steps)) for p in parts):
        return content
    return render(rp.procedure, steps="、".join(parts))


def _on_theme(content: str, record: LedgerRecord, routine: str | None, rules: RoutineRules) -> str:
    """A meeting told in a theme's section (ClassRule.told_on: a 党员大会 that 部署……八项规定精神学习教育, in
    the discipline section) keeps the clauses of its content that name the theme, if any does: "审议通过支部2025年
    工作计划" from the same cell was marked as placed in the wrong section (reading 23)."""
    rule = rules.rule(routine) if routine else None
    theme = theme_of(record, rules)
    if rule is None or not rule.told_on or theme not in rule.told_on:
        return content
    patterns = next((t.patterns for t in rules.themes if t.key == theme), [])
    clauses = [c for c in re.split(r"[，,；;。]", content) if c.strip()]
    kept = [c for c in clauses if any(re.search(p, c) for p in patterns)]
    if kept or any(re.search(p, record.topic) for p in patterns):
        return "，".join(kept)  # the topic names the theme: the rest of the cell is the meeting's other business
    return content


def _lecture_title(record: LedgerRecord, topic: str, content: str, lecturer: str,
                   rp: RecordPhrases) -> tuple[str, str]:
    """A lecture's (title, content): a subtitle on the content's first line joins the title, and a content that
    opens with the lecturer's post (the column's "汪建平（公司党委书记、董事长）") does not name him again."""
    first, newline, rest = record.content.strip().partition("\n")
    if topic and newline and rest.strip() and len(first) <= 16 and not re.search(r"[，,。；;：:、]", first):
        # "落实中央八项规定精神" + "做忠诚干净担当的法律人\n结合……": the title's second half, as a title written on
        # two lines is ("锤炼过硬作风 做人民满意的公安民警")
        topic, content = f"{topic} {first.strip()}", as_procedure(tidy_field(rest), rp)
    for post in re.split(r"[、，,]", "".join(re.findall(r"[（(]([^）)]*)[）)]", lecturer))):
        # "公司党委书记到项目宣讲全会精神" after "公司党委书记、董事长汪建平讲党课": the post is the lecturer
        if len(post) >= 2 and content.startswith(post) and not content.startswith(post + "、"):
            return topic, content[len(post):]
    return topic, content


def record_parts(record: LedgerRecord, secretary: str, rules: RoutineRules, rp: RecordPhrases, *,
                 again: bool = False) -> tuple[str, str, str]:
    """(subject, action, content left to tell) of a record; a content that retells the topic replaces it."""
    found = routines_of(record, rules)
    routine = found[0] if found else None
    raw = tidy_field(lecturer_of(record, rules)) if routine == "party_lecture" else ""
    lecturer = titled_name(raw)
    bare = re.split(r"[（(]", raw)[0].strip()  # "刘涛（县局党委委员、纪委书记）" → 刘涛
    host = lecturer
    if host and is_secretary_lecture(record, secretary, rules) and "书记" not in host:
        # "沈主任" (the secretary by surname and post) is told by the name the sheet gives: "支部书记沈嘉禾"
        named = len(secretary) >= 2 and host.startswith(secretary[0]) and secretary not in host and len(host) <= 4
        host = rp.secretary_title + (secretary if named else host)
    topic, content = clean_topic(tidy_field(record.topic), routine, rules), as_procedure(tidy_field(record.content), rp)
    if routine == "party_lecture":
        topic, content = _lecture_title(record, topic, content, raw, rp)
    # a content that retells the topic, or (no topic) opens by naming the routine ("召开支委会……"), is told in
    # the topic's place
    act = rp.acts.get(routine or "")
    told_as_clause = False
    after = re.split(r"[：:]", topic)[-1].strip()
    if routine is not None and after != topic and is_clause(after, rp):
        topic = after  # "警示教育：观看警示教育片": what was done follows the colon
    if (topic and content.startswith(topic)) or (not topic and act and content.startswith(act)):
        topic, content = content, ""
    elif topic and content and is_clause(topic, rp) and topic[:2] == content[:2]:
        # "参观廉政教育基地" then "参观市廉政教育基地，签订……": the content tells it (less what the note retells)
        topic, content = unrepeated(content, [], record.note) or content, ""
    elif topic and content and routine is None and any(content.startswith(v) for v in rp.lead_verbs):
        # (only a content that opens with its verb: "党员骨干教师6人到……" has a subject of its own)
        # "重阳节走访慰问离退休老党员" then "走访慰问离退休老党员7人，……": one clause, "重阳节走访慰问离退休老党员7人"
        run = next((topic[i:] for i in range(len(topic) - 3) if content.startswith(topic[i:i + 4])), "")
        if run:
            topic, content, told_as_clause = topic[: len(topic) - len(run)].rstrip("：:，") + content, "", True
    subject = host or rp.subject
    said = lecturer if lecturer and lecturer in content else bare if len(bare) >= 2 and bare in content else ""
    if host and said:
        # "全国技术能手、老党员王海生讲述成长经历": the content says who the speaker is, so it names him once (also
        # when it gives him another title than the host column: "县公安局党委委员、纪委书记刘涛到联系点……")
        who, _, rest = content.partition(said)
        subject = (who + said) if who and not host.startswith(rp.secretary_title) else host
        content = rest
    # "……刘振华到联系点讲党课": the first clause said how the lecture was given; what is left of it goes with the act
    modifier = ""
    if routine == "party_lecture":  # "书记结合医疗行业“九项准则”讲专题党课": what the lecture drew on stays
        said = [lecturer, rp.secretary_title, "支部书记", "书记"]
        head = re.split(r"[，,；;]", content)[0]
        modifier = lecture_remainder(head, rp, said) if head.endswith(tuple(rp.lecture_words)) else ""
        content = lecture_remainder(content, rp, said)
    content = bare_acts(unrepeated(content, [topic, act or "", *rp.lecture_words], record.note), rp)
    content = _on_theme(content, record, routine, rules)
    retold = _retold(topic, content, routine, rp, rules) if not told_as_clause else None
    if retold is not None:
        return retold
    if topic and not told_as_clause:
        # "以“我看社区四十年变迁”为题讲党课，讲社区变迁": a clause the title says already goes
        # (the title as the sentence quotes it: "……学习教育专题研讨" is quoted without its 专题研讨)
        suffix = event_suffix(topic, rp)
        shown = topic[: -len(suffix)] if suffix else topic
        content = outside_title(content, shown, rp.retold_share, rp.lecture_verbs)
    action = topic if told_as_clause else _action(record, topic, routine, host, rules, rp, again=again)
    first, _, rest = content.partition("，")
    # ... unless the clause has its own verb of speaking ("结合教育强国建设讲新时代教师的使命担当"): "……讲……讲党课"
    own_verb = any(v in first[len(rp.lecture_with):] for v in rp.lecture_verbs)
    drew_on = first.startswith(rp.lecture_with) and not own_verb
    if routine == "party_lecture" and drew_on and any(rest.startswith(v) for v in rp.lecture_verbs):
        # "结合……规划建议，讲全会精神……": its own 讲 follows, "……讲党课，讲……" would say it twice
        content = first + rest
    elif (routine == "party_lecture" and (drew_on or (modifier and first == modifier))
            and action.endswith(rp.acts["party_lecture"])):
        # "以“……”为题，结合医疗行业“九项准则”讲党课": what the lecture drew on goes with it, not dangling after it
        action = render(rp.lecture_joined, before=action.removesuffix(rp.acts["party_lecture"]), joined=first)
        content = rest
    occasion = _occasion(action, rp, opening=True)
    if occasion and subject:  # "支部重阳节走访慰问……" → "支部结合重阳节走访慰问……"
        action = _with_occasion(occasion, rp) + action[len(occasion):]
    return subject, action, content


def day_of(record: LedgerRecord, rp: RecordPhrases) -> str:
    """"9月25日" — or what the cell said when it gave only a part of a month ("4月上旬")."""
    return record.date_text or render(rp.when, month=record.date.month, day=record.date.day)


def _occasion(text: str, rp: RecordPhrases, *, opening: bool = False) -> str:
    """The occasion the text names (the longest of record.occasions; with `opening`, only one it opens with)."""
    return next((o for o in sorted(rp.occasions, key=len, reverse=True)
                 if (text.startswith(o) if opening else o in text)), "")


def _with_occasion(occasion: str, rp: RecordPhrases) -> str:
    """"结合重阳节" for an occasion, "" for none."""
    return render(rp.retold_occasion, occasion=rp.occasions[occasion]) if occasion else ""


def _retold(topic: str, content: str, routine: str | None, rp: RecordPhrases,
            rules: RoutineRules) -> tuple[str, str, str] | None:
    """(subject, action, "") when the content retells the title in its own words: the content is told and the
    title goes, its occasion kept ("以“重阳节走访慰问退休老党员”为主题开展主题党日活动，走访慰问……9户" →
    "支部结合重阳节走访慰问……9户"); a content with a subject of its own ("支委会成员走访慰问……") is its own
    sentence. None otherwise (a 党课 or a routine meeting keeps its title)."""
    if not topic or not content or routine not in (None, *rp.retold_routines):
        return None
    first = re.split(r"[，,；;]", content)[0]
    occasion = _occasion(topic, rp)
    # the share of the title's two-character pieces (its occasion aside) that the first clause says again:
    # "走访慰问退休老党员" in "走访慰问科室退休老党员和困难党员" is retold; "深入贯彻……学习教育" is not by
    # "围绕学习教育开展专题研讨", nor "党员护士岗位建功" by "党员护士分享护理经验"
    if said_share(topic.replace(occasion, "") if occasion else topic, first) < rp.retold_share:
        return None
    joined = _with_occasion(occasion, rp)
    # "在幸福里社区召开警民恳谈会" says where before its verb: still the branch's act, not a sentence without one
    if any(content.startswith(v) for v in rp.lead_verbs) or re.match(r"在[^，。；]{1,20}?(?:召开|开展|举办|组织)", content):
        return rp.subject, joined + content, ""
    return "", (joined + "，" if joined else "") + content, ""


def record_sentence(record: LedgerRecord, *, secretary: str = "", with_note: bool = True, same_place: bool = False,
                    again: bool = False, later: bool = False, same_day: bool = False, dateless: bool = False,
                    rules: RoutineRules | None = None, phrases: ProsePhrases | None = None) -> str:
    """"3月15日，支部在……召开支部党员大会，……，应到28人，实到26人。" told from the record's fields only; the
    secretary's note follows as typed (tidied) when with_note; `dateless`: told after the paragraph's dated cases,
    without its date ("支部还……")."""
    rules, ph = rules or load_rules(), phrases or load_phrases()
    rp = ph.record
    subject, action, content = record_parts(record, secretary, rules, rp, again=again)
    place = "" if same_place or not subject else tidy_field(record.place)  # a content's own subject says where
    # a place the action or the content already names ("赴烈士陵园……", "在城南社区卫生服务站……到城南社区") is not
    # said twice
    if place and (names_place(place, action + content, rp) or any(w in action or w in content for w in rp.place_skip)):
        place = ""
    if any(w in place for w in rp.place_not_venue):  # "在党员家中……开展主题党日活动": where the visits went
        place = ""
    # (not inside a quoted theme: "以“春节前走访慰问”为主题……" is a name)
    timed = re.match(rf"([^，。；在以“”‘’]{{2,12}}?(?:前|后|期间))({'|'.join(map(re.escape, rp.lead_verbs))})", action)
    if place and timed:
        # "支部在书记办公室组织生活会前开展谈心谈话" read as a 组织生活会 held in the office (reading 23): the time
        # first, then where
        action, place = f"在{timed.group(1)}于{place}{action[timed.end(1):]}", ""
    people = ""
    said = action + content + record.note
    outreach = story_key(record, rules) in rp.outreach_themes
    if record.present and re.search(rf"(?<!\d){record.present}\s*(?:人|名)", said):
        people = ""  # "党员志愿者18人……" says who came already
    elif record.present is not None and record.present <= 1:
        people = ""  # one person: the sentence names who ("许嘉怡同志参加……培训班"), not "1名党员参加"
    elif routines_of(record, rules)[:1] and routines_of(record, rules)[0] in rp.no_people:
        people = ""  # a talk's 实到 is who did the talking ("参加人员：支委"), not how many members it reached
    elif record.present and not outreach:  # who came: "19名党员参加", with or without an 应到 column
        people = render(rp.people_both, expected=record.expected, present=record.present)
    elif record.present:  # outreach is told by who went, not as a roll call of every member
        people = render(rp.people_present, present=record.present)
    # the day the record before was held is "同日", not the same date twice in a row
    when = rp.when_same if same_day and rp.when_same else day_of(record, rp)
    if later and subject and not same_day and not record.date_text and record.date_end is None:
        # a later case says its month ("支部还于11月……"): day after day was read as a diary
        when = render(ph.theme.rest_when, month=record.date.month)
    end = record.date_end
    if end is not None and rp.when_until and not same_day:  # "7月15日至25日": a span is told as one
        when += render(rp.when_until, month=end.month if end.month != record.date.month else "", day=end.day)
    clauses = len(re.split(r"[，；]", content))
    if people and (clauses >= rp.people_first_clauses or (clauses >= 2 and re.search(r"\d", content))):
        # who came goes with the act, not after the last of several clauses ("……融入开学第一课，38名党员参加")
        # nor after the content's own figures ("……走访慰问离退休老党员7人，……，参加4人")
        action, people = action + people, ""
    pattern = rp.sentence_later if later and rp.sentence_later and subject else rp.sentence
    if dateless and rp.sentence_dateless:
        pattern = rp.sentence_dateless if subject else rp.sentence_dateless_own or pattern
    text = render(pattern, when=when,
                  subject=subject, place=render(rp.place, place=place) if place else "", action=action,
                  content=render(rp.content, content=content) if content else "", people=people)
    return noted(text, record.note) if with_note else text
