"""Which records a section of the outline tells, and its thematic paragraph as pieces for the compose path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.documents.outline import OutlineSection
from drafter.documents.templates import TemplateSet
from drafter.drafting.thematic.cells import (
    count_clause,
    note_total,
    note_with_subject,
    unrepeated,
    without_asides,
)
from drafter.drafting.thematic.phrases import load_phrases
from drafter.drafting.thematic.sections import ledger_section, records_by_section
from drafter.facts.ledger.classify import routines_of
from drafter.facts.ledger.models import LedgerRecord
from drafter.facts.ledger.records import sheet_records, sheet_stats
from drafter.facts.sheet import FactSheet

SUMMARY_KINDS = ("annual_summary", "thematic_summary")  # a plan tells no records: it looks ahead
SHEET_MEMBER = r"([\u4e00-\u9fff]{2,3}?)同志"  # a member the secretary's notes name ("郭明轩同志6月按期转正")


@dataclass
class Told:
    """One sentence of a thematic paragraph and where it came from ("ledger" rows or the sheet's "template")."""

    text: str
    role: str  # "aggregate" (totals), "fact" (a record told in detail: a sentence of effect may follow), "theme"
    ref: str | None
    source: str
    new_paragraph: bool = False


@dataclass
class Telling:
    """A section's thematic paragraph and the fact refs it covers (those are not told again one by one)."""

    pieces: list[Told] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)


class SectionRecords:
    """The records of one fact sheet (its ledger and dated activities) and how each section of an outline tells
    them: computed once per document."""

    def __init__(self, facts: FactSheet, templates: TemplateSet) -> None:
        self.facts = facts
        self.templates = templates
        self.enabled = facts.kind in SUMMARY_KINDS
        self.records = sheet_records(facts) if self.enabled else []
        self.stats = sheet_stats(facts, self.records) if self.records else None
        self.index = facts.item_index()  # ref -> the sheet's fact

    def _ref(self, record: LedgerRecord) -> str:
        """A record's ref: its activity's, or "ledger[i]" by its place in the sheet's ledger."""
        if record.ref:
            return record.ref
        for i, r in enumerate(self.facts.ledger):
            if r.date == record.date and r.topic == record.topic and r.kind == record.kind:
                return f"ledger[{i}]"
        return "ledger"

    def section(self, section: OutlineSection, section_keys: list[str] | None = None) -> Telling | None:
        """The section's thematic paragraph, or None without a ledger: the sheet's own activities are then the
        secretary's selection, each told in full (compose.py keeps them from reading as a dated chronicle)."""
        if not self.facts.ledger or self.stats is None:
            return None
        keys = section_keys or [s.id for s in self.templates.get(self.facts.kind).sections]
        refs = set(section.fact_refs)
        own = [r for r in self.records if r.ref is not None and r.ref in refs]
        ledger_rows = [r for r in self.records if r.ref is None]
        routed = records_by_section(ledger_rows, self.facts.kind, keys).get(section.id, [])
        if not routed and not own:
            return None
        # the sheet's own sentences name who was admitted ("全年发展党员1名，……同志被接收为预备党员") and, in the
        # secretary's notes, who was made 发展对象 or 转正: the meetings' agendas do not tell them again
        members = self.facts.members
        developed = [*members.developed, *members.activists, *re.findall(SHEET_MEMBER, self.facts.notes or "")]
        part = ledger_section(section.id, self.records, self.stats, self.facts.kind, keys, told=None,
                              told_elsewhere=developed, by_measure=True, org=self.facts.branch.work_kind,
                              mine=routed + own, secretary=self.facts.branch.secretary or "")
        out = Telling(refs={r.ref for r in own if r.ref})
        index = self.index
        if part.aggregate:
            out.pieces.append(Told(part.aggregate, "aggregate", "ledger", "ledger"))
        for text in part.agendas:
            out.pieces.append(Told(text, "theme", None, "ledger", new_paragraph=not out.pieces))
        self._cases(out, part.told, part.told_sentences, part.told_bare)
        for measure in part.measures:
            # each measure a paragraph of its own: its lead, its cases, the rest of its group
            # (the first too: the section's own lead sentence comes before it)
            out.pieces.append(Told(measure.lead, "measure", None, "ledger", new_paragraph=True))
            notes = [r for r in sorted(refs) if r.split("[")[0] == "notes" and r in index
                     and any(w in index[r].text for w in measure.notes_with)]
            for ref in [*measure.facts, *notes]:  # "二是做好发展党员工作。全年发展党员1名，……" before the cases
                if ref in refs and ref in index:
                    out.pieces.append(Told(self.templates.fact_sentences(self.facts, [index[ref]])[0], "theme", ref,
                                           "template"))
                    out.refs.add(ref)
            # a case on a member the notes just told of ("许嘉怡同志……参加发展对象集中培训") is not told again
            named = set(re.findall(SHEET_MEMBER, "".join(index[r].text for r in notes)))
            kept = [k for k, bare in enumerate(measure.told_bare) if not any(f"{n}同志" in bare for n in named)]
            self._cases(out, [measure.told[k] for k in kept], [measure.told_sentences[k] for k in kept],
                        [measure.told_bare[k] for k in kept], paragraph=False)
            out.pieces += [Told(text, "theme", None, "ledger") for text in measure.rest]
        for k, text in enumerate(part.theme_sentences):
            # after the measures, what no measure took is a paragraph of its own ("此外，还开展了……")
            out.pieces.append(Told(text, "theme", None, "ledger",
                                   new_paragraph=not out.pieces or (k == 0 and bool(part.measures))))
        return out if out.pieces else None

    def _cases(self, out: Telling, told: list[LedgerRecord], sentences: list[str], bare_sentences: list[str], *,
               paragraph: bool = True) -> None:
        """The told records as pieces: each its sentence, the secretary's note after it as a piece of its own; the
        first starts a paragraph after the totals (when `paragraph`)."""
        index = self.index
        for k, (rec, text, bare) in enumerate(zip(told, sentences, bare_sentences, strict=True)):
            if rec.ref in index:  # the sheet's own activity keeps the template's wording ("组建……突击队")
                text = self.templates.fact_sentences(self.facts, [index[rec.ref]])[0]
            elif rec.note.strip():  # the secretary's words follow as a piece of their own (polished or as typed)
                text = bare
            note = without_asides(rec.note.strip())
            if "party_lecture" in routines_of(rec):  # "书记结合案例讲党课" after "……为题讲党课": said already
                note = unrepeated(note, list(load_phrases().record.lecture_words), "")
            if rec.ref not in index and note and (joined := note_total(text, note) or count_clause(text, note)):
                # "谈心谈话21人次" after "……开展谈心谈话": "，共21人次"; "交流发言9人" a clause, not a sentence alone
                text, note = joined, ""
            # the cases start a paragraph of their own after the totals
            out.pieces.append(Told(text, "fact", self._ref(rec), "template" if rec.ref else "ledger",
                                   new_paragraph=paragraph and k == 0 and bool(out.pieces)))
            if rec.ref not in index and note:
                out.pieces.append(Told(note_with_subject(note, rec), "note", self._ref(rec), "note"))
