"""A ledger record's cells as clauses of a sentence: tidied, cleared of what the sentence says already, a note
joined to its record's sentence or given the subject it lacks. Phrase data in templates/ledger_prose.yaml."""

from __future__ import annotations

import re

from drafter.drafting.thematic.phrases import ProsePhrases, RecordPhrases, load_phrases, render
from drafter.facts.ledger.classify import RoutineRules, load_rules, routines_of
from drafter.facts.ledger.models import LedgerRecord
from drafter.text.checks import repeated_run
from drafter.text.clean import bigrams, norm

NOTE_RUN = 4  # characters a content clause shares with the note: the note tells it, with its figures
NOTE_CLAUSE_MAX = 10  # a longer content clause says more than the note's figure retells
END_CHARS = "。；;，,、：:！？!? \n"
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*[余多]?\S{1,3}")  # "18户", "40余次", "2.6万元" (a note's count, as written)


def tidy_field(text: str) -> str:
    """A field as a clause: one line, no closing stop (the pattern adds its own punctuation)."""
    text = re.sub(r"[。；;]*\s*\n+\s*", "；", text.strip()).rstrip(END_CHARS).strip()
    # a half-width comma or semicolon after Chinese text is the full-width one (typed on an English keyboard)
    text = re.sub(r"(?<=[\u4e00-\u9fff”）》])\s*,\s*", "，", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff”）》])\s*;\s*", "；", text)
    # one record is one sentence: its own full stops become semicolons
    return re.sub(r"。(?=.)", "；", text)


def lecture_remainder(content: str, rp: RecordPhrases, subjects: list[str]) -> str:
    """A lecture's content without the subject the sentence has already ("书记宣讲全会精神" → "宣讲全会精神") and
    without a 讲党课 said again: "书记结合村情讲党课" → "结合村情" (the clause goes when nothing is left)."""
    parts = re.split(r"([，,；;])", content)
    out: list[str] = []
    for clause, sep in zip(parts[::2], [*parts[1::2], ""], strict=True):
        word = next((w for w in sorted(rp.lecture_words, key=len, reverse=True) if clause.endswith(w)), None)
        for subject in sorted(filter(None, subjects), key=len, reverse=True):  # the sentence's subject already
            clause = clause.removeprefix(subject)
        if word:
            clause = clause[: -len(word)]
            if len(clause.strip()) < 4:
                continue
        out += [clause, sep]
    return "".join(out).strip().rstrip("，,；;")


def bare_acts(content: str, rp: RecordPhrases) -> str:
    """"对照检查，批评与自我批评" (names of acts, as a ledger cell lists them) → "开展对照检查、批评与自我批评"; any
    other content as it is."""
    parts = [p.strip() for p in re.split(r"[，,；;]", content) if p.strip()]

    def bare(part: str) -> bool:  # "个人自评" is a name; "支委班子对照检查" says who did it: a clause
        return all(any(w.endswith(a) and len(w) <= len(a) + 2 for a in rp.bare_acts) for w in part.split("、"))

    if len(parts) < 2 or not all(bare(p) for p in parts):
        return content
    return rp.bare_acts_verb + "、".join(parts)


def without_asides(note: str, phrases: ProsePhrases | None = None) -> str:
    """The note without its sentences about the record-keeping ("具体哪天记不清了，5月中旬。", "补记")."""
    asides = (phrases or load_phrases()).record.note_asides
    parts = re.split(r"(?<=[。！？；\n])", note)
    return "".join(p for p in parts if not any(w in p for w in asides)).strip()


def noted(text: str, note: str) -> str:
    """A told sentence with the secretary's note after it as typed (a closing stop added when it has none)."""
    note = without_asides(note.strip())
    if not note:
        return text
    return text + (note if note[-1] in "。！？" else note.rstrip(END_CHARS) + "。")


def note_with_subject(note: str, record: LedgerRecord, *, rules: RoutineRules | None = None,
                      phrases: ProsePhrases | None = None) -> str:
    """A note told as a sentence of its own gets a subject when it opens with a bare verb ("讲了茶叶合作社的发展
    思路" after a lecture → "课上讲了……"): the lecture for a 党课, else the branch."""
    rules, rp = rules or load_rules(), (phrases or load_phrases()).record
    # a line break typed in the cell (Alt+Enter) ends a sentence; it must not become a paragraph of one line
    note = re.sub(r"(?<![。！？；，、：])\s*\n+\s*", "。", note.strip())
    note = re.sub(r"\s*\n+\s*", "", note)
    # "优秀共产党员：沈浩、马骁、周雪" is a label over a list, not a sentence: "优秀共产党员为沈浩、马骁、周雪"
    # (an honour over its names — "优秀共产党员：沈浩、马骁、周雪" — is who got it: "沈浩、马骁、周雪获评优秀共产党员";
    # "……为沈浩、马骁、周雪" was read as a list with no verb of honouring, reading 23)
    listed = r"^([^：:，。；]{2,12})[：:]\s*((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})[。]?$"
    honour = re.match(listed, note)
    if honour and re.match(r"优秀|先进|标兵|能手|模范", honour.group(1)):
        note = f"{honour.group(2)}获评{honour.group(1)}"
    note = re.sub(listed, r"\1为\2", note)
    found = routines_of(record, rules)
    if found[:1] == ["heart_talk"] and (said := next((v for v in rp.note_talk_verbs if note.startswith(v)), "")):
        # "谈了9人次，……" after a talk: "共开展谈心谈话9人次" (not "支部谈了9人次": the 支委 talked)
        return rp.note_talk + note[len(said):]
    if not note or not any(note.startswith(v) for v in rp.note_subject_verbs):
        return note
    if found and found[0] == "party_lecture" and rp.note_lecture_subject:
        # the lecture's sentence has just named the lecturer: "课上讲了……", not the name again ("刘福林讲了……")
        return rp.note_lecture_subject + note
    return rp.subject + note


def titled_name(name: str) -> str:
    """"刘振华（市局党委委员、副局长）" as a ledger cell writes it → "市局党委委员、副局长刘振华", as prose says it."""
    m = re.fullmatch(r"\s*([^（()）\s]{2,4})\s*[（(]([^（()）]{2,24})[）)]\s*", name)
    return f"{m.group(2).strip()}{m.group(1)}" if m else name


def note_total(told: str, note: str, *, phrases: ProsePhrases | None = None) -> str:
    """The told sentence with a note that only counts what it already says ("……开展书记与党员谈心谈话。" + "谈心谈话
    21人次" → "……谈心谈话，共21人次。"); "" when the note says more than that."""
    rp = (phrases or load_phrases()).record
    note = note.strip().rstrip(END_CHARS)
    for cut in range(min(len(note), 8), 3, -1):
        head, tail = note[:cut], note[cut:]
        unquoted = re.sub(r"“[^”]*”", "", told)  # "以“……走访慰问老党员”为主题……" does not count 户
        if head in unquoted and _FIGURE.fullmatch(tail):
            # the act told with its object ("，走访慰问老党员、困难群众，"): the figure follows the object
            # (anywhere in a clause but not inside a quoted title: "支部结合春节走访慰问老党员、困难群众，")
            masked = re.sub(r"“[^”]*”", lambda m: "＃" * len(m.group(0)), told)
            told_clause = re.search(rf"{re.escape(head)}[^，,。＃]+(?=[，,。])", masked)
            if told_clause:
                b = told_clause.end()
                return told[:b] + tail + told[b:]
            return told.rstrip("。") + render(rp.note_total, figure=tail) + "。"
    return ""


def count_clause(told: str, note: str, *, phrases: ProsePhrases | None = None) -> str:
    """The told sentence with a short note that only counts ("交流发言9人", "为3名老党员颁发纪念章") as its last
    clause, not a sentence without subject of its own; "" for any other note."""
    rp = (phrases or load_phrases()).record
    note = note.strip().rstrip(END_CHARS)
    if not note or len(note) > rp.count_clause_chars or not re.search(r"\d", note) or re.search(r"[。；;，,！？]", note):
        return ""
    # a count of what an earlier clause did is no clause of the last one ("……；党员给村小学生讲交通安全，平整操场约
    # 1200平方米" read as the talk levelling the playground: reading 27)
    head = _act_and_figure(note)[0].rstrip("约近共")
    # (who came, "参加16人", is no act: the clause before it is the one the count follows)
    # (nor is a quoted theme: "以“元宵节走访慰问独居老人”为主题" names the day, "走访独居老人18户" counts its visits)
    unquoted = re.sub(r"“[^”]*”", "", told.rstrip("。"))
    who_came = "|".join(_people_pattern(p) for p in (rp.people_both, rp.people_present))
    clauses = [c for c in re.split(r"[，,；;]", unquoted) if c and not re.fullmatch(who_came, c)]
    if len(head) >= 2 and len(clauses) > 1 and said_share(head, clauses[-1]) < 0.5 \
            and any(said_share(head, c) >= 0.5 for c in clauses[:-1]):
        return ""
    return told.rstrip("。") + "，" + note + "。"


def _people_pattern(phrase: str) -> str:
    """The clause a record's people phrase ("，{{ present }}名党员参加") writes, as a pattern of any head-count."""
    mark = "\x00"  # where the head-count goes
    return r"\d+".join(re.escape(part) for part in render(phrase, present=mark).lstrip("，").split(mark))


def _act_and_figure(note: str) -> tuple[str, str]:
    """A note split at its first number: ("走访慰问", "18户"); the figure part is "" when it holds no number."""
    note = note.strip()
    m = re.search(r"\d", note)
    return (note[: m.start()], note[m.start():]) if m else (note, "")


def _counted_by(clause: str, note: str) -> bool:
    """The note counts what the clause says ("签订承诺书28份" counts "签订廉洁从业承诺书"): its words before the
    figure open and close the clause's act."""
    head = _act_and_figure(note)[0].strip("，,、 ")
    return len(head) >= 4 and head != note.strip() and clause.strip().startswith(head[:2]) and head[-3:] in clause


def _counted_again(clause: str, note: str) -> bool:
    """A clause without a figure that a clause of the note tells again with one: the note clause's act (its words
    before the number) is mostly in the clause and the clause adds little else ("沿柳河城区段巡河" before "巡河3.5
    公里", "劝导在禁钓区垂钓" before "劝导垂钓12人次": reading 23 marked the pair as told twice)."""
    core = norm(clause)
    if re.search(r"\d", clause) or len(core) > NOTE_CLAUSE_MAX:
        return False
    for part in re.split(r"[，,；;。]", note):
        head = norm(_act_and_figure(part)[0])
        if len(head) < 2 or head == norm(part):
            continue  # no figure in this clause of the note
        pieces = bigrams(head)
        if pieces and sum(p in core for p in pieces) / len(pieces) >= 0.6:
            return True
    return False


def _object_lost(clause: str, note: str) -> bool:
    """Whether dropping the clause for the note would lose what was done to whom: the note is its act and a figure
    only ("走访慰问18户") and the clause names the act's object ("走访慰问老党员、困难群众")."""
    head, figure = _act_and_figure(note.strip().rstrip(END_CHARS))
    clause = clause.strip()
    return (2 <= len(head) <= 8 and bool(_FIGURE.fullmatch(figure)) and clause.startswith(head)
            and len(clause) > len(head) + 1)


def unrepeated(content: str, said: list[str], note: str) -> str:
    """The content without clauses that retell the topic or the routine ("讲专题党课" after "讲党课") or that
    the secretary's note tells again with its figures ("签订廉洁从业承诺书" before "签订廉洁从业承诺书28份");
    the separators of the clauses kept stay as written."""
    parts = re.split(r"([，,；;])", content)
    kept: list[str] = []
    for clause, sep in zip(parts[::2], [*parts[1::2], ""], strict=True):
        core = norm(clause)
        # a clause inside what was said goes; one that holds it goes only when it adds no figure
        if core and any(core in norm(s) or (len(norm(s)) >= 3 and norm(s) in core and not re.search(r"\d", clause))
                        for s in said if s):
            continue
        # (the note tells it again with a figure: "教育系统" shared with "案例都是教育系统的" is no retelling, and
        # dropping the clause left the note's "案例" with nothing to point to: reading 23)
        retold = repeated_run(clause, note, NOTE_RUN) and re.search(r"\d", note)
        if core and note and (retold or _counted_by(clause, note) or _counted_again(clause, note)):
            if not _object_lost(clause, note):
                continue
            # "走访慰问老党员、困难群众" + note "走访慰问18户": the figure goes to the clause (note_total), the
            # clause's object is not lost
        kept += [clause, sep]
    return "".join(kept).strip().rstrip("，,；;")


def names_place(place: str, text: str, rp: RecordPhrases) -> bool:
    """Whether the text names the place already: the place, or three characters of it that are not a generic
    word ("城南社区" of 城南社区卫生服务站, "桃源村" of 河口镇桃源村; not "会议室")."""
    if place in text:
        return True
    parts = {place[i:i + 3] for i in range(len(place) - 2)} - set(rp.place_generic)
    return any(p in text for p in parts if not any(p in g for g in rp.place_generic))


def outside_title(content: str, title: str, share: float, verbs: list[str]) -> str:
    """The content without clauses the title says already: half or more of a clause's two-character pieces (its
    opening verb of speaking aside) in the title ("以“我看社区四十年变迁”为题讲党课" + "讲社区变迁" → "")."""
    parts = re.split(r"([，,；;])", content)
    kept: list[str] = []
    for clause, sep in zip(parts[::2], [*parts[1::2], ""], strict=True):
        core = norm(clause)
        for verb in sorted(verbs, key=len, reverse=True):
            if core.startswith(verb):
                core = core[len(verb):]
                break
        if said_share(core, title) >= share and not re.search(r"\d", clause):
            continue
        kept += [clause, sep]
    return "".join(kept).strip().rstrip("，,；;")


def said_share(text: str, other: str) -> float:
    """The share of the text's two-character pieces that the other text holds (0 for a text of one character)."""
    pieces, key = bigrams(text), norm(other)
    return sum(p in key for p in pieces) / len(pieces) if pieces else 0.0
