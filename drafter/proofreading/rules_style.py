"""Style rules: placeholders, chatbot tics and markdown marks, repetition, length against the target."""

from __future__ import annotations

import re
from collections import defaultdict

from drafter.proofreading.findings import Finding, Where
from drafter.proofreading.rules_common import Sec
from drafter.text.checks import REPEAT_RUN, chatbot_phrases, latin_words
from drafter.text.clean import count_chars, norm
from drafter.text.sentences import SENTENCE_ENDS, sentence_spans

# --- placeholders -----------------------------------------------------------------------------
# Each: (pattern, what it is). Lookarounds keep English words and numbers (MAIL, 3×4, x86) out.
PLACEHOLDER_PATTERNS: list[tuple[str, str]] = [
    (r"(?<![\dA-Za-z])(?:19|20)\d?[xX×Ｘｘ_＿]{1,2}(?![A-Za-z\d])", "年份占位"),
    (r"[_＿]{2,}", "下划线空格"),
    (r"(?<![A-Za-z])[xX×Ｘｘ]{2,}(?![A-Za-z])", "XX占位"),
    (r"(?<![A-Za-z\d.+＋])[xX×Ｘｘ](?![A-Za-z\d+＋])", "x占位"),  # not the X of a "1+3+X" model name
    (r"某某", "某某占位"),
    (r"\{\{[^{}\n]*\}\}|\{[^{}\n]{0,20}\}|｛[^｛｝\n]{0,20}｝", "模板花括号"),
    (r"\[[^\[\]\n]{0,20}\]", "方括号占位"),
    (r"【[^【】\n]{0,20}】", "【】占位"),
    (r"<[^<>\n]{0,20}>|＜[^＜＞\n]{0,20}＞", "尖括号占位"),
    (r"[（(][\s\u3000]*[）)]", "空括号"),
    (r"□+|○{2,}", "方框/圆圈占位"),
]
_PLACEHOLDER = [(re.compile(p), label) for p, label in PLACEHOLDER_PATTERNS]


def find_placeholders(section_id: str | None, text: str, where: Where = "text") -> list[Finding]:
    """Template leftovers that must be filled in before the document goes out."""
    taken: list[tuple[int, int]] = []
    out: list[Finding] = []
    for rx, label in _PLACEHOLDER:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):  # "20__" is one finding, not two
                continue
            taken.append((m.start(), m.end()))
            out.append(Finding(section_id=section_id, start=m.start(), end=m.end(), text=m.group(),
                               severity="error", rule="placeholder", where=where,
                               message=f"发现未填写的占位符（{label}）“{m.group()}”，请换成实际内容或删去"))
    return out


# --- chatbot tics and markdown -------------------------------------------------------------------
MARKDOWN_PATTERNS: list[tuple[str, str]] = [
    (r"\*\*", "加粗符号"),
    (r"(?m)^[ \t]*#{1,6}[ \t]*", "井号标题"),
    (r"(?m)^[ \t]*[-*•+][ \t]+", "列表符号"),
    (r"(?m)^[ \t]*(?:-{3,}|\*{3,})[ \t]*$", "分隔线"),
    (r"`+", "代码符号"),
    (r"(?m)^[ \t]*>[ \t]*", "引用符号"),
]
_MARKDOWN = [(re.compile(p), label) for p, label in MARKDOWN_PATTERNS]


def find_chatbot(section_id: str | None, text: str, where: Where = "text") -> list[Finding]:
    """Greetings, thanks, AI self-talk and markdown marks that would show up in the Word file."""
    out: list[Finding] = []
    for rx, label in chatbot_phrases():  # templates/checks.yaml
        for m in rx.finditer(text):
            s = m.group().strip()
            start = m.start() + m.group().index(s) if s else m.start()
            out.append(Finding(section_id=section_id, start=start, end=start + len(s), text=s,
                               severity="error", rule="chatbot", where=where,
                               message=f"“{s}”是聊天机器人口吻（{label}），公文中不应出现，请删去"))
    for rx, label in _MARKDOWN:
        for m in rx.finditer(text):
            s = m.group().strip()
            if not s:
                continue
            start = m.start() + m.group().index(s)
            out.append(Finding(section_id=section_id, start=start, end=start + len(s), text=s,
                               severity="error", rule="chatbot", where=where,
                               message=f"Markdown {label}“{s}”会原样出现在公文里，请删去（小标题用“（一）”“1.”）"))
    return out


# --- repetition ----------------------------------------------------------------------------------
MIN_SENTENCE = 8  # shorter sentences (e.g. "成效明显") may repeat twice naturally
MIN_LOOP = 4  # but even a short one said three times is a model stuck in a loop
MIN_PHRASE = REPEAT_RUN  # a repeated run of at least this many characters is padding
# Fixed terms that legitimately recur; masked before looking for repeated phrases.
FIXED_TERMS: list[str] = [
    "学习贯彻习近平新时代中国特色社会主义思想主题教育",
    "习近平新时代中国特色社会主义思想",
    "深入贯彻中央八项规定精神学习教育",
    "中央八项规定及其实施细则精神",
    "党的二十大和二十届二中、三中、四中全会精神",
    "党的二十大和二十届历次全会精神",
    "党的二十届三中全会精神", "党的二十届四中全会精神",
    "全面从严治党主体责任", "社会主义核心价值观", "中国特色社会主义",
    "坚持和加强党的全面领导", "不忘初心、牢记使命",
    "基层党组织的战斗堡垒作用", "党员的先锋模范作用",
]


def _masked_for_phrases(text: str, extra_terms: list[str]) -> str:
    """Fixed terms replaced by distinct filler so no repeated window can run through them."""
    chars = list(text)
    for term in sorted(set(FIXED_TERMS) | {t for t in extra_terms if len(t) >= 4}, key=len, reverse=True):
        for m in re.finditer(re.escape(term), text):
            for i in range(m.start(), m.end()):
                chars[i] = "\x00"
    # Sentence ends break runs too: a repeated sentence is reported as a sentence, not as a phrase.
    return "".join("\x00" if ch in SENTENCE_ENDS or ch == "\n" else ch for ch in chars)


def find_repetition(secs: list[Sec], extra_terms: list[str] | None = None) -> list[Finding]:
    """A sentence said twice (three times: error), or a run of ≥ 12 characters copied within the draft."""
    out: list[Finding] = []
    seen: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for sec in secs:
        for a, b in sentence_spans(sec.text):
            key = norm(sec.text[a:b])
            if len(key) >= MIN_LOOP:
                seen[key].append((sec.id, a, b))
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, places in seen.items():
        short = len(key) < MIN_SENTENCE
        for n, (sid, a, b) in enumerate(places[1:], 2):
            if short and n < 3:
                continue
            sev = "error" if n >= 3 else "warning"
            text = next(s.text for s in secs if s.id == sid)[a:b]
            out.append(Finding(section_id=sid, start=a, end=b, text=text, severity=sev, rule="repetition",
                               message=f"这句话在文中第{n}次出现，请删去重复或换一种说法"))
            covered[sid].append((a, b))

    # Repeated phrases: windows of MIN_PHRASE characters, first occurrence kept, later ones reported
    # once per maximal run.
    first: dict[str, tuple[str, int]] = {}
    for sec in secs:
        m_text = _masked_for_phrases(sec.text, extra_terms or [])
        i, n = 0, len(m_text)
        while i + MIN_PHRASE <= n:
            win = m_text[i:i + MIN_PHRASE]
            if "\x00" in win or "\n" in win or len(norm(win)) < MIN_PHRASE - 1:
                i += 1
                continue
            prev = first.get(win)
            if prev is None or (prev[0] == sec.id and prev[1] + MIN_PHRASE > i):
                first.setdefault(win, (sec.id, i))
                i += 1
                continue
            j = i + MIN_PHRASE  # extend the run while it keeps matching some earlier window
            while j < n and first.get(m_text[j - MIN_PHRASE + 1:j + 1]) is not None \
                    and "\x00" not in m_text[j - MIN_PHRASE + 1:j + 1] and m_text[j] != "\n":
                j += 1
            if not any(a < j and i < b for a, b in covered[sec.id]):
                out.append(Finding(section_id=sec.id, start=i, end=j, text=sec.text[i:j], severity="warning",
                                   rule="repetition",
                                   message=f"“{sec.text[i:j]}”与前文重复，请删去或换一种说法"))
            for k in range(i, j - MIN_PHRASE + 1):
                first.setdefault(m_text[k:k + MIN_PHRASE], (sec.id, k))
            i = j
    return out


# --- length ---------------------------------------------------------------------------------------
LENGTH_WARN = (0.75, 1.25)  # within ±25% of the target is fine (issue 8.2)
LENGTH_ERROR = (0.5, 1.6)  # beyond these the section clearly needs regenerating


def find_length(sec: Sec) -> list[Finding]:
    """A section far shorter or longer than its target, counted in characters (whitespace excluded)."""
    if not sec.target:
        return []
    n = count_chars(sec.text)
    ratio = n / sec.target
    if LENGTH_WARN[0] <= ratio <= LENGTH_WARN[1]:
        return []
    sev = "error" if (ratio < LENGTH_ERROR[0] or ratio > LENGTH_ERROR[1]) else "warning"
    if n == 0:
        msg = f"本节还没有内容（目标约{sec.target}字），请生成或填写"
    elif ratio < 1:
        msg = f"本节{n}字，仅为目标{sec.target}字的{ratio:.0%}，请扩写（可在材料中补充事实，或带着要求重写本节）"
    else:
        msg = f"本节{n}字，为目标{sec.target}字的{ratio:.0%}，请压缩（可带着“更简练”的要求重写本节）"
    return [Finding(section_id=sec.id, start=0, end=len(sec.text), text=sec.text, severity=sev, rule="length",
                    message=msg)]


# --- Latin-script words -----------------------------------------------------------------------------

def find_latin(section_id: str | None, text: str, fact_texts: list[str] | None = None,
               where: Where = "text") -> list[Finding]:
    """Latin-script words that the facts do not contain and that are not common abbreviations."""
    placeholders = [(f.start, f.end) for f in find_placeholders(section_id, text, where)]  # reported there
    out: list[Finding] = []
    for m in latin_words(text, fact_texts or []):
        word = m.group()
        if any(a < m.end() and m.start() < b for a, b in placeholders):
            continue
        out.append(Finding(section_id=section_id, start=m.start(), end=m.end(), text=word, severity="error",
                           rule="latin", where=where,
                           message=f"正文夹有外文“{word}”，请改成中文说法（材料中的名称、型号除外）"))
    return out
