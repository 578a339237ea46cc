"""The compose path: correct template sentences as the backbone, the model asked only for what it can do.

Measured on the embedded 1.5B model (docs/BENCH.md): asked for paragraphs, it invents procedures and frequencies,
writes plans as achievements and repeats facts (about 10 defects per 1,000 characters). Asked for one sentence of
effect after one fact, it is usable once the sentence is checked. So a section here is: the template's lead, each
fact as the template's plain sentence, after a fact one model sentence of effect that passed `check_effect`
(else nothing), and the template's closing. Every piece keeps its provenance.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from drafter.documents.outline import OutlineSection
from drafter.documents.templates import TemplateSet, fact_values, sentence
from drafter.drafting.postprocess import tidy
from drafter.drafting.prompting import PromptRenderer
from drafter.drafting.thematic.telling import SectionRecords
from drafter.facts.sheet import ORG_TYPE_LABELS, FactItem, FactSheet
from drafter.llm.base import ChatModel
from drafter.proofreading.rules_era import find_era
from drafter.proofreading.rules_facts import Support, find_unsupported
from drafter.proofreading.rules_style import find_chatbot, find_placeholders
from drafter.text.checks import RETELL_RUN, latin_words, prompt_echo, repeated_run, wrong_tense
from drafter.text.clean import bigrams, count_chars
from drafter.text.sentences import split_sentences

# Facts after which a sentence of effect reads naturally (lists such as shortcomings are enumerated instead).
# A sentence of effect follows an act (an activity, a planned task), never an honour or a figure: after
# "被评为……" or "收入达到52万元" the model's "此举推动了……" referred to nothing.
EFFECT_FIELDS = {"activities", "tasks"}
EFFECT_CHARS = (14, 48)  # the accepted length of an effect sentence, in characters
EFFECT_TOKENS = 48  # reply budget of one sentence of effect
RETRY_BUDGET_S = 45.0  # seconds into a document after which a rejected sentence gets no second try (≤ 90 s a draft)
EFFECT_TYPICAL = 28  # characters an accepted sentence of effect adds, on average (bench/eval_quality.py)
PARAGRAPH_FACTS = 2  # facts (with their effect sentences) per paragraph
CHRONICLE_RUN = 3  # the genre allows at most this many sentences in a row opening with a date

_DIGITS = re.compile(r"[0-9０-９]|[一二三四五六七八九十两百千万]+(?:次|名|人|个|项|场|期|篇|户|元|天|批|轮|家|所)")
_FREQUENCY = re.compile(r"每[周月年天日季次轮]|每季度|每学期|定期|按月|按季|逐月|常态化开展")
_TIME = re.compile(r"今年|去年|明年|上半年|下半年|年初|年底|年末|本月|近日|目前|日前|此前")
_QUOTE = re.compile(r"[《“\"「]")
# Words that bring in a new event, person or body the fact does not name.
NEW_THINGS = ("邀请", "专家", "观看", "参观", "举办", "召开", "表彰", "评选", "考试", "演练", "竞赛", "比赛", "讲座",
              "培训班", "座谈会", "会议", "书记", "主任", "院长", "校长", "局长", "领导", "上级", "媒体", "报道",
              "签订", "制定了", "建立了", "出台", "印发", "台账", "清单", "制度")
# Claims a reader marks in red after one activity (seen in bench drafts): membership growth after a 组织生活会,
# "成效显著" after a reading class, "他们的工作能力", the document praising itself ("为年度工作计划的顺利实施").
_OVERCLAIM = re.compile(r"壮大|显著|全面提升|圆满|前所未有|极大")
_PRONOUN = re.compile(r"他们|她们|我们|大家")
_SELF = re.compile(r"工作计划|工作总结|本计划|本总结|年度工作")


@dataclass
class Piece:
    """One sentence of a composed section and where it came from."""

    text: str
    source: str  # "template" | "model" | "sample"
    role: str  # "lead" | "fact" | "effect" | "closing" | "tail"
    ref: str | None = None
    new_paragraph: bool = False


@dataclass
class Composition:
    """A composed section: its pieces in order, and the model replies that were rejected (with the reason)."""

    pieces: list[Piece] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section text: pieces joined, a new paragraph where a piece starts one."""
        return join_pieces(self.pieces)


def join_pieces(pieces: list[Piece]) -> str:
    """Pieces joined into paragraphs."""
    out = ""
    for p in pieces:
        if out and p.new_paragraph:
            out += "\n"
        out += p.text
    return out


# --- the checks an effect sentence must pass -------------------------------------------------------

@dataclass
class EffectContext:
    """What a reply is checked against: the document's facts and wording, its kind, the org type's words."""

    facts: FactSheet
    support: Support
    fact_text: str
    plan: bool
    foreign_words: tuple[str, ...]  # words of other kinds of units (公司 in a village's text)
    examples: tuple[str, ...] = ()  # the effect phrases offered to the model: copying them is not writing
    names: tuple[str, ...] = ()  # people of the sheet: a sentence of effect names nobody

    @classmethod
    def create(cls, facts: FactSheet, org_words: dict[str, list[str]]) -> EffectContext:
        """The context for one fact sheet; org_words maps an org type to words only such a unit uses."""
        from drafter.proofreading.rules_common import fact_texts

        text = " ".join(fact_texts(facts)) + facts.guiding + (facts.theme or "")
        own = set(org_words.get(facts.branch.org_type, []))
        foreign = tuple(dict.fromkeys(w for org, words in org_words.items() if org != facts.branch.org_type
                                      for w in words if w not in own and w not in text))
        m = facts.members
        names = tuple(n for n in [*m.developed, *m.activists, facts.branch.secretary or ""] if len(n) >= 2)
        return cls(facts, Support.from_facts(facts, facts.year), text, facts.kind == "annual_plan", foreign,
                   names=names)


def check_effect(reply: str, fact: str, ctx: EffectContext, written: str, section: str = "") -> tuple[str, str | None]:
    """(the sentence, None) when a model's effect sentence may follow the fact, else (text, why it may not);
    written is the document so far, section the text of this section so far."""
    text = tidy(reply).split("\n")[0].strip().strip("“”\"'")
    # The first sentence up to a full stop, not drafter.text.sentences' split: a ； inside it is a reason to reject.
    m = re.match(r"[^。！？]*[。！？]", text)
    text = sentence(m.group(0) if m else text)
    n = count_chars(text)
    if not EFFECT_CHARS[0] <= n <= EFFECT_CHARS[1]:
        return text, f"长度{n}字"
    copied = [e for e in ctx.examples if e in text]
    checks: list[tuple[bool, str]] = [
        ("；" in text or text.count("，") > 3 or _short_clauses(text), "罗列短语，不成句"),
        (prompt_echo(text, "effect") is not None, "复述了提示词"),  # "这项工作意义或成效是：……"
        (len(copied) >= 2 or (copied and n - len(copied[0]) < 14), "照抄了参考说法"),
        (bool(_FREQUENCY.search(text)), "写了事实中没有的频次"),
        (bool(_DIGITS.search(text)), "有数字或数量"),
        (bool(_TIME.search(text)), "写了时间"),
        (bool(latin_words(text, [ctx.fact_text])), "夹有外文"),
        (bool(_QUOTE.search(text)), "有书名或引文"),
        (any(name in text for name in ctx.names), "写了人名（事实只讲一次，在事实句里）"),
        (any(w in text and w not in fact for w in NEW_THINGS), "引入了事实中没有的活动或人物"),
        (any(w in text for w in ctx.foreign_words), "用了其他类型单位的说法"),
        (wrong_tense(text, plan=ctx.plan, year=ctx.facts.year, strict=True) is not None,
         "计划写成了已完成" if ctx.plan else "总结写成了打算"),
        (any(m.group(0) not in fact for m in _OVERCLAIM.finditer(text)), "夸大或与这项工作无关的成效"),
        (bool(_PRONOUN.search(text)), "用了人称代词"),
        (bool(_SELF.search(text)), "提到了文稿本身"),
        (_same_start(text, written, 6) or _same_start(text, section, 2), "与前文句式相同"),
        (repeated_run(text, written, RETELL_RUN) is not None, "与前文用语重复"),
        (bool(_PUSH_MORE.search(text)), "搭配不当（推动了……更加……）"),
    ]
    for failed, why in checks:
        if failed:
            return text, why
    for finding in (find_placeholders(None, text) + find_chatbot(None, text) + find_era(None, text, ctx.facts.year,
                    [ctx.fact_text]) + find_unsupported(None, text, ctx.support)):
        if finding.severity == "error" or finding.rule.startswith("unsupported"):
            return text, finding.message
    grams = bigrams(text)
    if grams and len(grams & bigrams(fact)) / len(grams) >= 0.5:
        return text, "复述了事实"
    if grams and len(grams & bigrams(written)) / len(grams) >= 0.6:
        return text, "与前文重复"
    return text, None


# "此举推动了支部建设基础更加坚实" lacks 使: 推动 takes an action, not a state.
_PUSH_MORE = re.compile(r"推动了[^，。]{0,12}更加")


def _short_clauses(text: str) -> bool:
    """Three or more clauses, all after the first short: phrases strung together ("此举进一步转变作风，提升工作能力，
    规范支部建设。" stitched from the few-shot phrases), not a sentence."""
    clauses = [c for c in re.split(r"[，。！？]", text) if c]
    return len(clauses) >= 3 and max(count_chars(c) for c in clauses[1:]) <= 8


def _same_start(text: str, written: str, n: int) -> bool:
    """The sentence's first n characters begin a sentence already written ("广大党员积极参与……" twice in the
    document, "此举……" twice in a section)."""
    head = text[:n]
    return len(head) == n and any(sent.startswith(head) for sent in split_sentences(written))


def template_text(facts: FactSheet, templates: TemplateSet, section: OutlineSection) -> str:
    """A section as the template alone writes it (no model): the one section builder, used by template drafts,
    the free path's skeleton and fallback, and the length estimate."""
    return Composer(facts, templates).compose(section, None).text


def estimate(templates: TemplateSet, facts: FactSheet, section: OutlineSection) -> int:
    """The length the compose path can honestly write for a section: its template text plus one sentence of
    effect per fact told in detail (padding beyond that is what made the small model invent)."""
    comp = Composer(facts, templates).compose(section, None)
    effects = sum(1 for p in comp.pieces if p.role == "fact" and p.ref and p.ref.startswith(("activities", "tasks",
                                                                                              "ledger")))
    return max(60, count_chars(comp.text) + (effects * EFFECT_TYPICAL if section.role != "opening" else 0))


# --- composing a section ---------------------------------------------------------------------------

OnPiece = Callable[[Piece], None]


class Composer:
    """Composes the sections of one document; asks the model only for checked sentences of effect."""

    def __init__(self, facts: FactSheet, templates: TemplateSet, prompts: PromptRenderer | None = None,
                 exemplars: list | tuple = (), *, attempts: int = 2) -> None:
        self.facts = facts
        self.templates = templates
        self.prompts = prompts
        # A phrase the checks would reject must not be offered as an example (制度, 会议, 壮大 …), nor one that
        # leads to a sentence with no subject ("通过深化理论学习不断提高认识" was copied into half the replies).
        self.exemplars = tuple(e for e in exemplars if not any(w in e.text for w in NEW_THINGS)
                               and not _OVERCLAIM.search(e.text) and not e.text.startswith("通过"))
        self.attempts = attempts
        s = templates.sentences
        self.ctx = EffectContext.create(facts, getattr(s, "org_words", {}) or {})
        self.ctx.examples = tuple(e.text for e in self.exemplars)
        self.openers: list[str] = list((getattr(s, "effect_openers", {}) or {}).get(
            "plan" if self.ctx.plan else "summary", ["通过"]))
        self.values = fact_values(facts)
        self.records = SectionRecords(facts, templates)
        self.started = time.monotonic()
        self.instruction = ""  # the user's rewrite request, passed to the model as a hint
        # Which opener comes next: it runs on across sections (each section starting at 此举 put 此举 at the head
        # of three sections in a row); a rewrite starts it elsewhere, so it reads differently.
        self.variant = 0

    def compose(self, section: OutlineSection, model: ChatModel | None, *, on_piece: OnPiece | None = None,
                stop: threading.Event | None = None, written: str = "") -> Composition:
        """Compose one section; on_piece sees each sentence as it is accepted (what it shows stays)."""
        out = Composition()
        emit = on_piece or (lambda p: None)
        stop = stop or threading.Event()
        st = self.templates.section_template(self.facts.kind, section.id)
        index = self.facts.item_index()
        items = [index[r] for r in section.fact_refs if r in index]

        def add(piece: Piece) -> None:
            if not piece.text:
                return
            out.pieces.append(piece)
            emit(piece)

        lead = self.templates.render(section.lead or (st.lead if st else ""), **self.values).strip()
        tail = self.templates.tail(self.facts, section)
        if section.role == "opening":
            self._opening(section, items, lead, tail, st, add)
            return out
        if lead:
            add(Piece(lead, "template", "lead", new_paragraph=True))
        enumerated = [it for it in items if it.field in self.templates.sentences.enumerate]
        singles = [it for it in items if it not in enumerated]
        in_paragraph = 0
        closing = self.templates.render(st.closing, **self.values).strip() if st and st.closing else ""
        opener = self.variant
        tasks_done = 0
        told = self.records.section(section) if section.role == "body" else None
        if told is not None:
            # Totals, representative records, the rest by theme (drafting/thematic): the records' own facts are
            # told there, not one dated sentence each.
            singles = [it for it in singles if it.ref not in told.refs]
            for told_piece in told.pieces:
                piece = Piece(told_piece.text, told_piece.source, told_piece.role, told_piece.ref,
                              told_piece.new_paragraph)
                add(piece)
                if piece.role == "fact" and model is not None and not stop.is_set():
                    effect = self._effect(model, piece.text, section, out, written + out.text + closing, opener)
                    opener += 1
                    self.variant = opener
                    if effect:
                        add(Piece(effect, "model", "effect", piece.ref))
            in_paragraph = PARAGRAPH_FACTS  # what follows (honours, members) starts its own paragraph
        dated_run = 0  # sentences opening with a date in a row: from the fourth on the date goes (no chronicle)
        for it in singles:
            dated_run = dated_run + 1 if it.field == "activities" and self.facts.activities[_index(it.ref)].date else 0
            fact = self.templates.fact_sentences(self.facts, [it], first_task=tasks_done + 1,
                                                 dated=dated_run <= CHRONICLE_RUN)[0]
            tasks_done += it.field == "tasks"
            own_lines = fact.startswith("\n")  # tasks and month lines stand on their own lines
            lines = [x for x in fact.strip("\n").split("\n") if x.strip()]
            new_par = own_lines or (in_paragraph >= PARAGRAPH_FACTS) or (not lead and not out.pieces)
            if new_par:
                in_paragraph = 0
            for k, line in enumerate(lines):
                add(Piece(line, "template", "fact", it.ref, new_paragraph=own_lines or (new_par and k == 0)))
            in_paragraph += 1
            if it.field in EFFECT_FIELDS and model is not None and not stop.is_set():
                # The section's closing comes later but counts as written: an effect sentence must not pre-empt it.
                effect = self._effect(model, fact.strip(), section, out, written + out.text + closing, opener)
                opener += 1
                self.variant = opener
                if effect:
                    add(Piece(effect, "model", "effect", it.ref))
        if enumerated:
            text = "".join(self.templates.fact_sentences(self.facts, enumerated))
            after_colon = bool(out.pieces) and out.pieces[-1].text.endswith("：")  # "全年工作目标是：一是……"
            add(Piece(text, "template", "fact", ",".join(it.ref for it in enumerated),
                      new_paragraph=section.role not in ("problems", "next") and not after_colon))
        if not items and told is None and st and st.empty:
            add(Piece(self.templates.render(st.empty, **self.values), "template", "fact"))
        if closing and (items or told is not None):
            # After numbered tasks the closing sentence belongs to the whole section, not to the last task.
            add(Piece(closing, "template", "closing", new_paragraph=any(it.field == "tasks" for it in singles)))
        if tail:
            add(Piece(tail, "template", "tail"))
        return out

    def _opening(self, section: OutlineSection, items: list[FactItem], lead: str, tail: str, st, add) -> None:
        """The opening summarises: lead, member figures and the template's verdict, then the turn; no activities."""
        facts_text = "".join(self.templates.fact_sentences(self.facts, items))
        closing = self.templates.render(st.closing, **self.values).strip() if st and st.closing else ""
        first = True
        order = [(facts_text, "fact"), (lead, "lead")] if st and st.facts_first else [(lead, "lead"), (facts_text, "fact")]
        for text, role in [*order, (closing, "closing"), (tail, "tail")]:
            if text:
                add(Piece(text, "template", role, None, new_paragraph=first))
                first = False

    def _effect(self, model: ChatModel, fact: str, section: OutlineSection, out: Composition,
                written: str, opener: int) -> str:
        """One checked sentence of effect for one fact, or "" when every attempt failed the checks."""
        keywords = [section.heading, section.purpose]
        for attempt in range(self.attempts):
            if attempt and time.monotonic() - self.started > RETRY_BUDGET_S:
                break  # past the document's budget a failed sentence is not asked again
            start = self.openers[(opener + attempt) % len(self.openers)] if self.openers else ""
            examples = _theme_examples(self.exemplars, keywords)
            messages = [{"role": "system", "content": self.prompts.render("effect_system.j2")},
                        {"role": "user", "content": self.prompts.render(
                            "effect.j2", org=ORG_TYPE_LABELS[self.facts.branch.org_type],
                            kind_label=_kind_label(self.facts.kind), fact=fact.rstrip("。"), opener=start,
                            plan=self.ctx.plan, low=EFFECT_CHARS[0] + 6, high=EFFECT_CHARS[1] - 13,
                            examples=examples, instruction=self.instruction)}]
            # ~0.7 Qwen tokens a character: room for the longest accepted sentence, not for a paragraph.
            stream = model.stream(messages, max_tokens=EFFECT_TOKENS, stop=["\n"])
            reply = "".join(stream)
            text, why = check_effect(reply, fact, self.ctx, written, out.text)
            if why is None:
                return text
            out.rejected.append((text, why))
        return ""


def _index(ref: str) -> int:
    """activities[3] -> 3."""
    return int(ref.split("[")[1].rstrip("]"))


def _theme_examples(exemplars: tuple, keywords: list[str]) -> list[str]:
    from drafter.drafting.exemplars import for_theme

    return for_theme(exemplars, keywords, 3)


def _kind_label(kind: str) -> str:
    from drafter.facts.sheet import KIND_LABELS

    return KIND_LABELS[kind]
