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
from drafter.drafting.effect_checks import EFFECT_CHARS, EffectContext, check_effect, new_things, overclaims
from drafter.drafting.notes import polish_note
from drafter.drafting.prompting import PromptRenderer
from drafter.drafting.thematic.telling import SectionRecords
from drafter.facts.answers import answer_item
from drafter.facts.ledger.checklist import ChecklistItem
from drafter.facts.sheet import ORG_TYPE_LABELS, FactItem, FactSheet
from drafter.llm.base import ChatModel
from drafter.text.clean import count_chars

# Facts after which a sentence of effect reads naturally (lists such as shortcomings are enumerated instead).
# A sentence of effect follows an act (an activity, a planned task), never an honour or a figure: after
# "被评为……" or "收入达到52万元" the model's "此举推动了……" referred to nothing.
EFFECT_FIELDS = {"activities", "tasks"}
EFFECT_TOKENS = 48  # reply budget of one sentence of effect
RETRY_BUDGET_S = 45.0  # seconds into a document after which a rejected sentence gets no second try (≤ 90 s a draft)
EFFECT_TYPICAL = 28  # characters an accepted sentence of effect adds, on average (bench/eval_quality.py)
PARAGRAPH_FACTS = 2  # facts (with their effect sentences) per paragraph
CHRONICLE_RUN = 3  # the genre allows at most this many sentences in a row opening with a date

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


def template_text(facts: FactSheet, templates: TemplateSet, section: OutlineSection,
                  composer: Composer | None = None) -> str:
    """A section as the template alone writes it (no model): the one section builder, used by template drafts,
    the free path's skeleton and fallback, and the length estimate. A caller doing every section passes one
    composer, so the sheet's records are classified once, not once a section."""
    return (composer or Composer(facts, templates)).compose(section, None).text


def estimate(templates: TemplateSet, facts: FactSheet, section: OutlineSection,
             composer: Composer | None = None) -> int:
    """The length the compose path can honestly write for a section: its template text plus one sentence of
    effect per fact told in detail (padding beyond that is what made the small model invent)."""
    comp = (composer or Composer(facts, templates)).compose(section, None)
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
        self.exemplars = tuple(e for e in exemplars if not any(w in e.text for w in new_things())
                               and not overclaims(e.text) and not e.text.startswith("通过"))
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
        items = _unrepeated_members([index[r] for r in section.fact_refs if r in index], self.facts)

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
        told = self.records.section(section) if section.role == "body" else None
        if self.records.enabled and section.role == "body" and not items and told is None and st is not None:
            # a summary's themed section with no material is not padded with general sentences (the engine
            # says what would fill it); a plan's sections state the guiding thought and aims from the sheet
            return out
        if lead:
            add(Piece(lead, "template", "lead", new_paragraph=True))
        enumerated = [it for it in items if it.field in self.templates.sentences.enumerate]
        singles = [it for it in items if it not in enumerated]
        # "……仍存在一些不足：" announces the list: the cause or focus the secretary typed follows it
        after = [it for it in singles if it.field == "answers"] if enumerated and section.role != "body" else []
        singles = [it for it in singles if it not in after]
        in_paragraph = 0
        closing = self.templates.render(st.closing, **self.values).strip() if st and st.closing else ""
        opener = self.variant
        tasks_done = 0
        if told is not None:
            # Totals, representative records, the rest by theme (drafting/thematic): the records' own facts are
            # told there, not one dated sentence each.
            singles = [it for it in singles if it.ref not in told.refs]
            # a record with the secretary's own words takes no sentence of effect: the note says it; and only the
            # last case of a run takes one (a sentence of effect after every case was the readers' most marked
            # kind: "党员的党课质量得到提升" after each of two lectures), at the end of its paragraph — before the
            # rest of a measure it closed the paragraph too early ("……得到了提升。此外，支部还……": run 27)
            pending: Piece | None = None
            for k, told_piece in enumerate([*told.pieces, None]):
                if pending is not None and (told_piece is None or told_piece.new_paragraph):
                    if model is not None and not stop.is_set():
                        effect = self._effect(model, pending.text, section, out, written + out.text + closing, opener)
                        opener += 1
                        self.variant = opener
                        if effect:
                            add(Piece(effect, "model", "effect", pending.ref))
                    pending = None
                if told_piece is None:
                    break
                piece = Piece(told_piece.text, told_piece.source, told_piece.role, told_piece.ref,
                              told_piece.new_paragraph)
                if piece.role == "note":
                    piece = self._note(model if not stop.is_set() else None, piece, told.pieces[k - 1].text, out)
                add(piece)
                next_role = told.pieces[k + 1].role if k + 1 < len(told.pieces) else None
                if piece.role == "fact":
                    pending = piece if next_role != "note" else None
            in_paragraph = PARAGRAPH_FACTS  # what follows (honours, members) starts its own paragraph
        dated_run = 0  # sentences opening with a date in a row: from the fourth on the date goes (no chronicle)
        for it in singles:
            dated_run = dated_run + 1 if it.field == "activities" and self.facts.activities[_index(it.ref)].date else 0
            fact = self.templates.fact_sentences(self.facts, [it], first_task=tasks_done + 1,
                                                 dated=dated_run <= CHRONICLE_RUN)[0]
            fact = _unsaid(fact, written + out.text) if it.field in RESULT_FIELDS else fact
            if not fact.strip():
                continue
            tasks_done += it.field == "tasks"
            own_lines = fact.startswith("\n")  # tasks and month lines stand on their own lines
            lines = [x for x in fact.strip("\n").split("\n") if x.strip()]
            new_par = own_lines or (in_paragraph >= PARAGRAPH_FACTS) or (not lead and not out.pieces)
            if new_par:
                in_paragraph = 0
            if _own_words(self.facts.kind, it):  # a text answer: the secretary's words, polished as a note is
                add(self._words(it, model if not stop.is_set() else None, out, new_par))
                in_paragraph += 1
                continue
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
        for it in after:
            add(self._words(it, model if not stop.is_set() else None, out) if _own_words(self.facts.kind, it)
                else Piece(self.templates.fact_sentences(self.facts, [it])[0], "template", "fact", it.ref))
        if not items and told is None and st and st.empty:
            add(Piece(self.templates.render(st.empty, **self.values), "template", "fact"))
        if closing and (items or told is not None):
            # After numbered tasks the closing sentence belongs to the whole section, not to the last task.
            add(Piece(closing, "template", "closing", new_paragraph=any(it.field == "tasks" for it in singles)))
        if tail:
            add(Piece(tail, "template", "tail"))
        return out

    def _note(self, model: ChatModel | None, piece: Piece, fact: str, out: Composition) -> Piece:
        """The secretary's note in the genre's register (the model's rewrite under checks) or as typed."""
        text, polished, why = polish_note(model, self.prompts, piece.text, fact,
                                          org=ORG_TYPE_LABELS[self.facts.branch.org_type],
                                          kind_label=_kind_label(self.facts.kind), names=self.ctx.names)
        if why:
            out.rejected.append((piece.text, f"书记的话改写未用：{why}"))
        return Piece(text, "model" if polished else "note", "note", piece.ref)

    def _words(self, item: FactItem, model: ChatModel | None, out: Composition, new_paragraph: bool = False) -> Piece:
        """A text answer: the secretary's words in the genre's register, or as typed (as a record's note)."""
        spec = _own_words(self.facts.kind, item)
        words = self._note(model, Piece(item.text, "note", "note", item.ref), spec.label if spec else "", out)
        words.new_paragraph = new_paragraph
        return words

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


RESULT_FIELDS = ("achievements", "highlights", "notes")  # the secretary's results, often restating a sheet fact


def _unrepeated_members(items: list[FactItem], facts: FactSheet) -> list[FactItem]:
    """The section's facts without the sheet's activists sentence when the secretary's own words in the same
    section name every activist as one ("赵子墨同志5月递交入党申请书，已确定为入党积极分子……" after "支部把赵子墨
    同志作为入党积极分子培养。" was read as the same fact twice)."""
    names = facts.members.activists
    words = " ".join(it.text for it in items if it.field in ("notes", "achievements"))
    if names and "积极分子" in words and all(n in words for n in names):
        return [it for it in items if it.field != "members.activists"]
    return items


def _unsaid(fact: str, said: str) -> str:
    """A result sentence without the clauses the document has said already ("全年发展党员6名，7名预备党员按期转正"
    after "全年发展党员6名，……被接收为预备党员": "7名预备党员按期转正。"; "方晓同志6月被接收为预备党员" after
    "方晓同志被接收为预备党员": the month adds nothing a reader misses); "" when every clause was said."""
    clauses = [c for c in re.split(r"(?<=[，；。])", fact.strip().rstrip("。") + "。") if c]
    kept: list[str] = []
    for clause in clauses:
        core = clause.rstrip("，；。")
        if len(core) >= 6 and any(x in said for x in (core, re.sub(r"\d{1,2}月(?:\d{1,2}日)?份?", "", core))):
            if clause.endswith("。") and kept:  # the sentence the clause closed ends with the clause kept before it
                kept[-1] = kept[-1].rstrip("，；。") + "。"
            continue
        kept.append(clause)
    if len(kept) == len(clauses):
        return fact
    return sentence("".join(kept).rstrip("，；。")) if kept else ""


def _index(ref: str) -> int:
    """activities[3] -> 3."""
    return int(ref.split("[")[1].rstrip("]"))


def _own_words(kind: str, item: FactItem) -> ChecklistItem | None:
    """The checklist item when the fact answers a text item (the secretary's own words, not a figure or a list)."""
    spec = answer_item(kind, item.ref) if item.field == "answers" else None
    return spec if spec is not None and spec.kind == "text" else None


def _theme_examples(exemplars: tuple, keywords: list[str]) -> list[str]:
    from drafter.drafting.exemplars import for_theme

    return for_theme(exemplars, keywords, 3)


def _kind_label(kind: str) -> str:
    from drafter.facts.sheet import KIND_LABELS

    return KIND_LABELS[kind]
