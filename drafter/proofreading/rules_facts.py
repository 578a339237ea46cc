"""Fact rules: facts the draft leaves out, and numbers, dates, names and honours the facts do not back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.facts import fields
from drafter.facts.ledger.records import sheet_records, sheet_stats, stated_numbers
from drafter.facts.sheet import FactSheet
from drafter.proofreading.findings import Finding, Where
from drafter.proofreading.rules_common import fact_texts, masked
from drafter.text.checks import load_words
from drafter.text.clean import bigrams, norm
from drafter.text.numerals import CN_NUM_CHARS, CN_NUM_RE, cn_month_day, cn_to_int, number_values
from drafter.text.sentences import MARKERS, sentence_spans

# --- what counts as a claim --------------------------------------------------------------------
# Set phrases with numerals that are not counts of anything the branch did; masked before numbers
# are read. Regexes, so that 二十届三中全会 and 十四五 are covered in every form.
_WORDS = load_words("fact_words.yaml")
GENERIC_NUMBER_TERMS: list[str] = [*_WORDS["generic_number_terms"],
                                   rf"^\s*{MARKERS[2]}",  # 1. but not the 3. of 3.5万元
                                   r"^\s*[一二三四五六七八九十]{1,3}、"]
_GENERIC = re.compile("|".join(f"(?:{t})" for t in GENERIC_NUMBER_TERMS), re.M)

# Measure words after which a Chinese numeral states a count ("三次专题学习", "十二名党员").
CN_MEASURE = r"余?(?:名|人|位|次|场|期|项|篇|户|家|条|批|所|支|处|件|个|本|课时|学时|小时|天|周|万元|元|类|种|轮)"
# Counts that only announce the structure of the text ("从三个方面", "做好四项工作") are not facts.
STRUCTURE_NOUNS = r"(?:方面|层面|环节|阶段|重点|举措|措施|任务|工作|要求|原则|目标|问题|不足|体会|建议|结合|特点|转变)"

_STRUCTURE_COUNT = re.compile(rf"余?(?:[个项条点大]\S{{0,2}}?)?{STRUCTURE_NOUNS}")
_DATE = re.compile(r"(?:(?:19|20)\d{2}年)?(\d{1,2})月(?:份)?(?:(\d{1,2})[日号])?")
_ARABIC = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*\d)")
_YEARLIKE = re.compile(r"^(?:19|20)\d{2}$")
_CN_COUNT = re.compile(rf"(?<![\d.余第{CN_NUM_CHARS}])({CN_NUM_RE})(?={CN_MEASURE})")

# --- names ------------------------------------------------------------------------------------------
# Common surnames (first character of a person's name); a candidate must start with one.
SURNAMES = set(_WORDS["surnames"])
# Leaders and role models the genre cites by name ("以习近平同志为核心", "学习焦裕禄同志"): never invented.
WELL_KNOWN_NAMES = set(_WORDS["well_known_names"])
# Words before a title that are not names even when their first character is a surname.
NOT_NAMES = set(_WORDS["not_names"])
# A "name" ending in a function word is a phrase caught before a title ("何耀华任组长" -> not "华任").
NOT_NAME_ENDINGS = set(_WORDS["not_name_endings"])
TITLES = "(?:" + "|".join(_WORDS["titles"]) + ")"
_NAME_BEFORE_TITLE = re.compile(rf"([\u4e00-\u9fff]{{2,3}}(?:、[\u4e00-\u9fff]{{2,3}})*)"
                                rf"(?:[两二三四五六七八九十\d]+位|等)?{TITLES}")
_NAME_LIST_VERB = re.compile(r"(?:发展|吸收|吸纳|确定|推选|推荐|表彰|培养)"
                             r"([\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})+)"
                             r"(?:等[\u4e00-\u9fff\d]{0,3})?(?:同志|为|加入|成为)")

# --- honours ------------------------------------------------------------------------------------
_HONOUR_TRIGGER = re.compile(r"荣获|获评|被评为|评为|被授予|授予|荣膺|入选|获得|获")
_QUOTED = re.compile(r"“([^”\n]{2,40})”")
_CLAUSE_END = re.compile(r"[，。；！？\n]")
HONOUR_ENDINGS = r"(?:称号|荣誉|奖|先进[\u4e00-\u9fff]{0,4}|标兵|示范[\u4e00-\u9fff]{0,4}|模范[\u4e00-\u9fff]{0,4}|单位|集体|组织)"
_UNQUOTED_HONOUR = re.compile(rf"(?:荣获|获评|被评为|被授予|荣膺)([^，。；！？\n“”]{{2,24}}?{HONOUR_ENDINGS})")


@dataclass
class Support:
    """What the facts back: numbers, dates, names and their whole text."""

    numbers: set[float]
    month_days: set[tuple[int, int]]
    months: set[int]
    blob: str
    blob_norm: str
    blob_bigrams: set[str]

    @classmethod
    def from_facts(cls, facts: FactSheet, year: int) -> Support:
        """Gather every number, date and text of the sheet."""
        texts = fact_texts(facts)
        blob = "\n".join(texts)
        # Date parts (2025-04-16, 4月16日) are not counts: "召开四次" must not pass because of April.
        undated = re.sub(r"\d{4}-\d{1,2}-\d{1,2}|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?", " ", blob)
        undated = masked(undated, _generic_spans(undated))  # 八项规定 does not back "八名"
        numbers = number_values(undated) | {float(year - 1), float(year), float(year + 1), float(facts.year),
                                         float(facts.year + 1)}
        if facts.ledger:  # the totals the program computes from the ledger are the ledger's numbers
            records = sheet_records(facts)
            numbers |= stated_numbers(sheet_stats(facts, records), records)
        dates = [a.date for a in facts.activities if a.date] + ([facts.signature_date] if facts.signature_date else [])
        dates += [r.date for r in facts.ledger if not r.undated]  # an undated record backs no day
        month_days = {(d.month, d.day) for d in dates}
        months = {d.month for d in dates} | {s.month for s in facts.schedule}
        for m in _DATE.finditer(blob):
            months.add(int(m.group(1)))
            if m.group(2):
                month_days.add((int(m.group(1)), int(m.group(2))))
        return cls(numbers, month_days, months, blob, norm(blob), bigrams(blob))


def _generic_spans(text: str) -> list[tuple[int, int]]:
    """Spans of set phrases whose numerals are not claims."""
    return [(m.start(), m.end()) for m in _GENERIC.finditer(text)]


def find_unsupported(section_id: str | None, text: str, support: Support, where: Where = "text") -> list[Finding]:
    """Numbers, dates, percentages, amounts, names and honours the fact sheet does not contain."""
    out: list[Finding] = []
    # Titles of works (《榜样9》, 《…（2024年版）》) carry their own numbers.
    work = masked(text, _generic_spans(text) + [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]*》", text)])

    def add(a: int, b: int, rule: str, sev: str, msg: str) -> None:
        out.append(Finding(section_id=section_id, start=a, end=b, text=text[a:b], severity=sev, rule=rule,
                           where=where, message=msg))

    # Dates first, then mask them so their digits are not read again as counts.
    date_spans: list[tuple[int, int]] = []
    for m in _DATE.finditer(work):
        month, day = int(m.group(1)), m.group(2)
        date_spans.append((m.start(), m.end()))
        if not 1 <= month <= 12:
            continue
        if day:
            if (month, int(day)) not in support.month_days:
                add(m.start(), m.end(), "unsupported_number", "error",
                    f"日期“{m.group()}”在事实材料中找不到，请核对，不要编造日期")
        elif month not in support.months:
            add(m.start(), m.end(), "unsupported_number", "warning",
                f"“{m.group()}”在事实材料中没有对应的活动，请核对月份")
    work = masked(work, date_spans)

    for m in _ARABIC.finditer(work):
        s = m.group()
        if _YEARLIKE.match(s):
            continue  # years are the era rule's business
        if float(s) in support.numbers:
            continue
        tail = work[m.end():m.end() + 3]
        kind = "百分比" if tail[:1] in "%％" else "金额" if ("元" in tail or tail.startswith("万")) else "数字"
        end = m.end() + (1 if tail[:1] in "%％" else 0)
        add(m.start(), end, "unsupported_number", "error",
            f"{kind}“{text[m.start():end]}”在事实材料中找不到，请核对或删去，不要编造数据")

    for m in _CN_COUNT.finditer(work):
        s = m.group(1)
        if s == "一":
            continue  # 一次/一批/一名 read as articles in this genre
        if _STRUCTURE_COUNT.match(work, m.end()):
            continue
        v = cn_to_int(s)
        if v is None or float(v) in support.numbers:
            continue
        add(m.start(), m.end() + 1, "unsupported_number", "warning",
            f"“{text[m.start():m.end() + 1]}”这一数量在事实材料中找不到，请核对")

    for a, b, name in _names(text):
        if name not in support.blob and name not in WELL_KNOWN_NAMES:
            add(a, b, "unsupported_name", "warning",
                f"人名“{name}”不在事实材料中，请核对，不要编造人物")

    for a, b, honour, quoted in _honours(text):
        h = norm(honour)
        if h in support.blob_norm:
            continue
        hb = bigrams(honour)
        if hb and len(hb & support.blob_bigrams) / len(hb) >= 0.8:
            continue
        add(a, b, "unsupported_honour", "error" if quoted else "warning",
            f"荣誉“{honour}”在事实材料的成绩荣誉中找不到，请核对，不要编造荣誉")
    return out


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of person names next to titles or in 发展…为 lists."""
    out: list[tuple[int, int, str]] = []
    for rx in (_NAME_BEFORE_TITLE, _NAME_LIST_VERB):
        for m in rx.finditer(text):
            pos = m.start(1)
            for tok in m.group(1).split("、"):
                a = pos
                pos += len(tok) + 1
                cand = tok
                if len(cand) == 3 and (cand[0] not in SURNAMES or cand[:2] in NOT_NAMES) and cand[1] in SURNAMES:
                    cand, a = cand[1:], a + 1
                if cand[0] not in SURNAMES or cand in NOT_NAMES or cand[:2] in NOT_NAMES \
                        or cand[-1] in NOT_NAME_ENDINGS:
                    continue
                if any(x[0] == a for x in out):
                    continue
                out.append((a, a + len(cand), cand))
    return out


def _honours(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, honour, quoted) of award titles: quoted after a trigger, or unquoted after 荣获/被评为."""
    out: list[tuple[int, int, str, bool]] = []
    for m in _HONOUR_TRIGGER.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        clause_end = end.start() if end else len(text)
        clause = text[m.end():clause_end]
        quotes = list(_QUOTED.finditer(clause))
        if m.group() in ("获得", "获") and not (quotes or re.search(HONOUR_ENDINGS, clause)):
            continue  # 获得感, 获得了好评: not an award
        for q in quotes:
            a = m.end() + q.start(1)
            if not any(x[0] == a for x in out):
                out.append((a, a + len(q.group(1)), q.group(1), True))
    for q in _QUOTED.finditer(text):  # “优秀共产党员”称号 without a trigger word
        if re.match(r"\s*(?:光荣|荣誉)?称号", text[q.end():q.end() + 5]):
            a = q.start(1)
            if not any(x[0] == a for x in out):
                out.append((a, q.end(1), q.group(1), True))
    for m in _UNQUOTED_HONOUR.finditer(text):
        a = m.start(1)
        if not any(x[0] <= a < x[1] or a <= x[0] < m.end(1) for x in out):
            out.append((a, m.end(1), m.group(1), False))
    return out


# --- facts left out ---------------------------------------------------------------------------------
MIN_COVERAGE = {"activities": 0.6, "achievements": 0.6, "highlights": 0.55}
DEFAULT_COVERAGE = 0.5  # shortcomings, next steps, goals, tasks, schedule, safeguards are paraphrased more
SKIP_FIELDS = {"notes"}  # free notes to the drafter, not content that must appear

_KEY_PHRASE = re.compile(r"[“《「]([^”》」\n]{2,30})[”》」]")


@dataclass(frozen=True)
class FactCheck:
    """One fact the draft should use, and whether it does."""

    key: str  # the FactItem ref, or ref:name / members.total for single names and numbers
    ref: str
    label: str
    text: str
    used: bool


def _window_texts(doc: str) -> list[str]:
    """Every two consecutive sentences: a fact is usually told within such a window."""
    spans = list(sentence_spans(doc))
    return [doc[spans[i][0]:spans[min(i + 1, len(spans) - 1)][1]] for i in range(len(spans))]


def _windows(doc: str) -> list[set[str]]:
    """Bigram sets of the windows."""
    return [bigrams(w) for w in _window_texts(doc)]


DATED_COVERAGE = 0.3  # with its date (3月5日) in the same place, fewer of the title's words suffice


def _coverage(target: str, windows: list[set[str]]) -> float:
    """Best share of the target's bigrams found within one window."""
    tb = bigrams(target)
    if not tb:
        return 1.0
    return max((len(tb & w) / len(tb) for w in windows), default=0.0)


def _item_used(field: str, title: str, text: str, windows: list[set[str]], doc_norm: str) -> bool:
    """Lenient: the title verbatim, a quoted key phrase, or most of its character pairs in one place."""
    core = norm(title or text)
    if core and core in doc_norm:
        return True
    if any(norm(k) in doc_norm for k in _KEY_PHRASE.findall(title or text) if len(norm(k)) >= 3):
        return True
    return _coverage(title or text, windows) >= MIN_COVERAGE.get(field, DEFAULT_COVERAGE)



def check_facts(facts: FactSheet, doc: str) -> list[FactCheck]:
    """Every fact the sheet states, each marked used or not in the document text."""
    doc_norm = norm(doc)
    doc_numbers = number_values(doc)
    windows = _windows(doc)
    out: list[FactCheck] = []
    m = facts.members
    for key, label, value in (("members.total", "党员总数", m.total), ("members.probationary", "预备党员数", m.probationary)):
        if value:
            out.append(FactCheck(key, "members", label, f"{label}{value}名", float(value) in doc_numbers))
    for item in facts.items():
        if item.field in SKIP_FIELDS or item.field == "members":
            continue
        label = fields.label(item.field.split(".")[-1])
        if item.names:
            for name in item.names:
                out.append(FactCheck(f"{item.ref}:{name}", item.ref, label, name, name in doc))
            continue
        used = _item_used(item.field, item.title, item.text, windows, doc_norm)
        if not used and item.field == "activities":
            a = facts.activities[int(item.ref[len("activities["):-1])]
            if a.date:
                md = cn_month_day(a.date)
                dated = [bigrams(w) for w in _window_texts(doc) if md in w]
                used = bool(dated) and _coverage(a.title, dated) >= DATED_COVERAGE
        out.append(FactCheck(item.ref, item.ref, label, item.title or item.text, used))
    if m.breakdown:
        for n in sorted(number_values(m.breakdown)):
            out.append(FactCheck(f"members.breakdown:{n:g}", "members", f"党员构成（{m.breakdown}）中的数字",
                                 f"{n:g}", n in doc_numbers))
    return out


def find_unused(facts: FactSheet, doc: str, fact_sections: dict[str, str] | None = None,
                headings: dict[str, str] | None = None) -> list[Finding]:
    """A finding per fact used nowhere, at the section the outline gave it (or the document)."""
    out: list[Finding] = []
    for c in check_facts(facts, doc):
        if c.used:
            continue
        sid = (fact_sections or {}).get(c.ref)
        where = f"，建议写入“{(headings or {}).get(sid, '')}”一节" if sid and (headings or {}).get(sid) else ""
        out.append(Finding(section_id=sid, start=0, end=0, text=c.text, severity="warning", rule="fact_unused",
                           message=f"事实材料中的{c.label}“{c.text}”在文稿中没有体现，请写入{where}"))
    return out
