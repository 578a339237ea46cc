"""The secretary's own words (a record's note: 做法、成效、体会) in the genre's register: the embedded model
rewrites the note under checks — every number kept in its role, nothing the note and the facts do not hold —
else the note is used as typed (tidied)."""

from __future__ import annotations

import re

from drafter.documents.templates import sentence
from drafter.drafting.postprocess import tidy
from drafter.drafting.prompting import PromptRenderer
from drafter.llm.base import ChatModel
from drafter.text.checks import chatty_line, latin_words, prompt_echo
from drafter.text.clean import bigrams, count_chars, norm

NOTE_TOKENS = 80  # reply budget: one sentence
NOTE_SLACK = (0.6, 2.0)  # the rewrite's length against the note's
NEW_CLAUSE_SHARE = 0.25  # a clause of the rewrite with fewer of its two-character pieces in the note or fact is new
# Words that change what a figure covers: a rewrite may not add them (seen in the reading of ledger drafts).
SCOPE_WORDS = ("全年", "共计", "累计", "总计", "全部", "均", "共")
# A number with what follows it says its role: 22票 is a vote count, 22日 a date, 7月 a month.
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(余|多)?\s*([^\d\s，。、；：,.])?")
_QUOTED = re.compile(r"[“\"《]([^”\"》]{2,30})[”\"》]")
# ... and a number written in Chinese with its unit: "两天里" rewritten as "两年里" changes what the note says
_CN_NUMBER = re.compile(r"([一二两三四五六七八九十百千万半几]+)\s*(?:余|多)?\s*(个)?\s*([天年月周日时次人名户条项场期篇本份家所台节门])")


def tidy_note(note: str) -> str:
    """The note as typed, ending as a sentence."""
    return sentence(note.strip().rstrip("；;，,"))


def numbers_in_roles(text: str) -> list[tuple[str, str]]:
    """(number, the character after it) for every number: "7月份……22票" -> [("7", "月"), ("22", "票")]; numbers
    written in Chinese with their unit too ("两天" -> ("两", "天"))."""
    # "3个多月" is not "3个月", nor "40余次" "40次": the 多/余 is the figure's (reading 27: "汇算期3个多月" → "3个月")
    digits = [(m.group(1), (m.group(2) or "") + (m.group(3) or "")
               + ("多" if m.group(3) == "个" and text[m.end():m.end() + 1] in ("多", "余") else ""))
              for m in _NUMBER.finditer(text)]
    return sorted(digits + [(m.group(1), m.group(3)) for m in _CN_NUMBER.finditer(text)])


def note_kept(reply: str, note: str, fact: str = "") -> str | None:
    """None when the rewrite keeps every number of the note in its role and adds none, names and quoted titles
    included, and no clause that neither the note nor the fact it follows says; else why it may not be used."""
    if numbers_in_roles(reply) != numbers_in_roles(note):
        return "数字或其含义与原话不一致"
    if "：" in reply[:12] or ":" in reply[:12]:
        return "加了标签（“……：”）"
    scope = next((w for w in SCOPE_WORDS if w in reply and w not in note), None)
    if scope:  # "服务患者300余人次" is one day's figure; "全年共服务……" makes it the year's
        return f"加了原话没有的范围词“{scope}”"
    freq = next((w for w in re.findall(r"每(?:学期|学年|年|季度|月|周|天|日|次)", reply) if w not in note), None)
    if freq:  # "希望每学期去一次" rewritten as "每年": the secretary's frequency changed
        return f"改了原话的频次（“{freq}”）"
    if any(q not in note for q in _QUOTED.findall(reply)):
        return "加了原话中没有的书名或引文"
    if latin_words(reply, [note]):
        return "夹有外文"
    if prompt_echo(reply, "effect") not in (None, "：", ":") or chatty_line(reply):
        return "复述了提示词"
    # "……收集意见建议7条，并及时反馈意见": a clause of the reply in neither the note nor the fact (reading 27: marked
    # as invented)
    # (a clause made of the fact's generic words — "根据意见对支部工作进行了调整和改进" after "听取对支部工作的意见" —
    # says something neither holds: run 28; the fact's words count only for a clause mostly made of them)
    said_note, said_fact = norm(note), norm(fact)
    for clause in re.split(r"[，,；;。！？]", reply):
        core = re.sub(r"^(?:并|还|也|同时|此外)", "", clause.strip())
        pieces = bigrams(core)
        if count_chars(core) < 4 or not pieces:
            continue
        in_note = sum(p in said_note for p in pieces) / len(pieces)
        in_fact = sum(p in said_fact for p in pieces) / len(pieces)
        if in_note < NEW_CLAUSE_SHARE and in_fact < 2 * NEW_CLAUSE_SHARE:
            return f"加了原话没有的内容（“{clause.strip()}”）"
    n, m = count_chars(reply), count_chars(note)
    if not NOTE_SLACK[0] * m <= n <= max(NOTE_SLACK[1] * m, m + 20):
        return "长短与原话相差太多"
    return None


def polish_note(model: ChatModel | None, prompts: PromptRenderer | None, note: str, fact: str, *, org: str,
                kind_label: str, names: tuple[str, ...] = ()) -> tuple[str, bool, str | None]:
    """(the sentence, True when the model's rewrite is used, why the rewrite was refused)."""
    typed = tidy_note(note)
    if model is None or prompts is None or not note.strip():
        return typed, False, None
    n = count_chars(note)
    messages = [{"role": "system", "content": prompts.render("effect_system.j2")},
                {"role": "user", "content": prompts.render("note.j2", org=org, kind_label=kind_label,
                                                           fact=fact.rstrip("。"), note=note.strip(),
                                                           low=max(10, int(n * 0.8)), high=int(n * 1.5) + 10)}]
    reply = tidy("".join(model.stream(messages, max_tokens=NOTE_TOKENS, stop=["\n"]))).split("\n")[0]
    text = sentence(reply.strip().strip("“”\"'"))
    why = note_kept(text, note, fact)
    # a person's name in the rewrite that the note does not hold is an invention
    if why is None and any(name in text and name not in note for name in names):
        why = "加了原话中没有的人名"
    return (text, True, None) if why is None else (typed, False, why)
