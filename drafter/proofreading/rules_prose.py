"""Prose defects a reader sees in one sentence: orphan and echo sentences (class 3), "title：" label lines
(class 5), fact sentences without a predicate or a subject (class 7). Word lists: templates/genre_rules.yaml."""

from __future__ import annotations

import re

from drafter.proofreading.findings import Finding
from drafter.proofreading.genre_doc import Doc, finding, genre_data
from drafter.text.clean import norm
from drafter.text.sentences import HEADING_LEVELS, MARKERS, sentence_spans

# A line opening with a heading marker (the shared ones: never the 3. of 3.5万元) or 第一，.
_ORDINAL = re.compile("^(?:" + "|".join(MARKERS) + "|第[一二三四五六七八九十]+[，、])")
_MONTH_LINE = re.compile(r"^\d{1,2}(?:月|-\d{1,2}月)[：:]")
_HEADING_ORDINAL = HEADING_LEVELS[0]  # 一、
# A date at the start of a sentence: 2025年2月18日， / 2月18日， / 2025年3月，
_DATE_START = re.compile(r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上旬|中旬|下旬|初|底)?[，,]")
_LABEL = re.compile(r"^([^，。：:；、,;！？（）()“”\d]{3,16})[：:]\s*(?=\S)")
_ACT = re.compile(r"开展|举办|召开|组织|参加|活动|学习|参观|观看|走访|慰问|志愿|党课|党日|会议|培训|讲座|研讨|教育")


def find_orphans(doc: Doc) -> list[Finding]:
    """Sentences that point back at nothing ("通过这样的活动，…" opening a paragraph or said again right after
    another), outline words standing as a sentence ("具体做法与成效。"), a section opening with its own heading."""
    data = genre_data()
    backs = data.words("back_references")
    meta = data.words("meta_words")
    out: list[Finding] = []
    for sec in doc.secs:
        head = _HEADING_ORDINAL.sub("", sec.heading).strip("。：: ")
        first = sec.text.lstrip()
        if head and len(norm(head)) >= 4 and first.startswith(head):
            rest = first[len(head):len(head) + 1]
            if rest in ("：", ":", "\n", "。", ""):
                a = len(sec.text) - len(first)
                out.append(finding(sec, a, a + len(head) + len(rest.strip()), "genre_orphan",
                                   "本节开头重复了小标题，请删去这几个字，直接写内容"))
        prev_back = False
        prev_end = -1
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b].strip()
            para_start = a == 0 or sec.text[a - 1] == "\n" or prev_end < 0
            back = next((w for w in backs if s.startswith(w)), None)
            if back and (para_start or prev_back):
                why = "紧接着又一句" if prev_back else "段首"
                out.append(finding(sec, a, b, "genre_orphan",
                                   f"“{back}”在{why}，前面没有可指的具体活动，读来空泛；请删去，或紧跟在所指活动之后写明成效"))
            elif _meta_only(s, meta):
                out.append(finding(sec, a, b, "genre_orphan",
                                   f"“{s}”是提纲用语，不是正文；请删去，或写出具体做法和成效"))
            prev_back = bool(back)
            prev_end = b
    return out


def _meta_only(sentence: str, meta: tuple[str, ...]) -> bool:
    """True when a short sentence is made only of outline words ("具体做法与成效", "主要做法如下")."""
    core = norm(sentence)
    # "主要做法如下：" leads into what follows; "具体做法与成效。" stands for nothing.
    if not core or len(core) > 12 or _ORDINAL.match(sentence) or (sentence.endswith(("：", ":")) and "如下" in core):
        return False
    for w in meta:
        core = core.replace(w, "")
    return core == ""


def find_labels(doc: Doc) -> list[Finding]:
    """Lines that start with a short label and a colon ("护士节党员先锋岗评选：5月12日，…"): a list, not prose."""
    ends = genre_data().words("label_lead_ends")
    nouns = genre_data().words("label_nouns")
    out: list[Finding] = []
    for sec in doc.secs:
        pos = 0
        for line in sec.text.split("\n"):
            start = pos + len(line) - len(line.lstrip())
            pos += len(line) + 1
            s = line.strip()
            if not s or _ORDINAL.match(s) or _MONTH_LINE.match(s):
                continue
            m = _LABEL.match(s)
            if not m or m.group(1).endswith(ends):
                continue
            label = m.group(1)
            after = s[m.end():]
            # A label before a date, or naming an act, is a list item; "全年工作目标是：" and the like were
            # excluded above by their last word; "…情况：（一）" is a stray sub-heading (rules_placement).
            named = _ACT.search(label) or label.endswith(nouns)
            if _ORDINAL.match(after) or not (_DATE_START.match(after) or named):  # 6_structure's
                continue
            end = start + len(s)
            stop = next((start + i for i, ch in enumerate(s) if ch in "。！？；"), end)
            out.append(finding(sec, start, stop, "genre_label",
                               f"“{label}：”是标签式罗列；请把它写进句子（如“{_as_prose_hint(label)}”），不要用“标题：内容”的格式"))
    return out


def _as_prose_hint(label: str) -> str:
    return f"……支部开展{label}，……" if not label.startswith(("开展", "召开", "举办", "组织")) else f"……支部{label}，……"


def find_verbless(doc: Doc) -> list[Finding]:
    """A fact sentence whose first clause after the date names an event with no verb ("2025年2月18日，支部专题
    组织生活会，…"), or a sentence that starts with 被 and has no subject ("被评为…先进基层党组织。")."""
    data = genre_data()
    nouns = data.words("event_nouns")
    compounds = data.words("noun_compounds")
    out: list[Finding] = []
    for sec in doc.secs:
        for a, b in sentence_spans(sec.text):
            s = sec.text[a:b].strip()
            m = _DATE_START.match(s)
            body = s[m.end():] if m else s
            if body.startswith("被"):
                out.append(finding(sec, a, b, "genre_verbless",
                                   "这句以“被”开头，缺少主语；请写明谁获得这项荣誉（如“支部被评为……”）"))
                continue
            if not m:
                continue
            clause = re.split(r"[，,：:]", body, maxsplit=1)[0]
            if not clause.endswith(nouns) or len(clause) < 3:
                continue
            bare = clause
            for c in compounds:
                bare = bare.replace(c, "\x00")
            if not any(v in bare for v in data.verbs):
                out.append(finding(sec, a, b, "genre_verbless",
                                   f"“{clause}”只有活动名称，缺少谓语；请补上动词（如“支部召开……”“支部开展……”）"))
    return out
