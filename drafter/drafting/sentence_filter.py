"""The free path's sentence filter: keep what a reply may keep, sentence by sentence; back-fill facts left out.

Small local models echo the prompt, loop and invent numbers. Instead of trusting the prose, every sentence is
checked with the review's rules; rejected sentences go, and any fact of the section the model dropped comes back
as the template's correct sentence. A good model's reply passes through untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.documents.outline import OutlineSection
from drafter.documents.templates import TemplateSet, fact_values
from drafter.drafting.compose import template_text
from drafter.facts.fields import fields
from drafter.facts.sheet import FactSheet
from drafter.proofreading.rules_common import fact_texts
from drafter.proofreading.rules_facts import Support, check_facts
from drafter.proofreading.sentence_review import FREE_REFUSES, review_objection
from drafter.text.checks import REPEAT_RUN, block_labels, latin_words, prompt_echo, repeated_run
from drafter.text.clean import bigrams, count_chars, norm
from drafter.text.sentences import SENTENCE, is_subheading

# Quoted terms any branch may use without a fact behind them; other quoted terms must come from the facts
# (a small model otherwise lifts 花博会, 百年校庆 and the like from what it has read).
COMMON_QUOTED = ("三会一课", "两学一做", "四个意识", "四个自信", "两个维护", "两个确立", "一岗双责", "七一",
                 "学习强国", "主题党日", "灯下黑", "四风", "关键少数", "红色", "党员先锋岗", "双报到", "不忘初心")
_QUOTED = re.compile(r"[“\"]([^”\"]{2,20})[”\"]")
# A paragraph opening with a label of our facts block or prompt is the model reciting its input.
# The labels of our facts block and prompt (prompts/echoes.yaml: block_labels, and every field's label).
_LABEL_LINE = re.compile("^(" + "|".join(map(re.escape, [*block_labels(), *(f.label for f in fields().values())]))
                         + ")[：:]")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_LEAD_LABEL = re.compile(r"^(?!\d{1,2}月)[^，。：:；]{2,6}[：:](?=\S)")  # "具体做法：支部……" -> "支部……"
_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?![\d份])")
_CLOSED = ("。", "！", "？", "；", "：", "”", "）")
SHORT_LINE = 80  # a line shorter than this joins the paragraph before it
_MONTH_LINE = re.compile(r"^\d{1,2}月[：:]")


def _merge(paragraphs: list[str]) -> list[str]:
    """Join one-sentence lines into paragraphs; sub-headings and month lines keep their own lines."""
    out: list[str] = []
    for p in paragraphs:
        own_line = is_subheading(p) or _MONTH_LINE.match(p)
        prev_ok = out and not is_subheading(out[-1]) and not _MONTH_LINE.match(out[-1])
        if not own_line and prev_ok and (len(p) < SHORT_LINE or len(out[-1]) < SHORT_LINE):
            out[-1] += p
        else:
            out.append(p)
    return out


@dataclass
class Assembly:
    """The kept text, with what was dropped and what was added back, for tests and the quality bench."""

    text: str
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (sentence, reason)
    backfilled: list[str] = field(default_factory=list)  # fact refs
    kept: set[str] = field(default_factory=set)  # the model's sentences that stayed
    added: set[str] = field(default_factory=set)  # back-filled fact sentences

    def spans(self, text: str | None = None) -> list[tuple[str, str]]:
        """(sentence, "model" | "backfill" | "template") for each sentence of the text, in order."""
        out: list[tuple[str, str]] = []
        for line in (self.text if text is None else text).split("\n"):
            for m in SENTENCE.finditer(line):
                s = m.group(0).strip()
                if s:
                    out.append((s, "backfill" if s in self.added else "model" if s in self.kept else "template"))
        return out


class Assembler:
    """Per-document checker: the sheet's support (numbers, names, honours) is computed once."""

    def __init__(self, facts: FactSheet, templates: TemplateSet) -> None:
        self.facts = facts
        self.templates = templates
        self.support = Support.from_facts(facts, facts.year)
        self.fact_texts = fact_texts(facts)
        everything = " ".join(self.fact_texts) + facts.guiding
        self.fact_grams = bigrams(everything)
        self.fact_norm = norm(everything)
        # (month, day) -> refs of the activities on that day, to keep each dated fact in its own section.
        self.dates: dict[tuple[int, int], set[str]] = {}
        for i, a in enumerate(facts.activities):
            if a.date:
                self.dates.setdefault((a.date.month, a.date.day), set()).add(f"activities[{i}]")
        self.months = {(a.date.year, a.date.month) for a in facts.activities if a.date}
        self.months |= {(facts.year + (1 if facts.kind == "annual_plan" else 0), s.month) for s in facts.schedule}

    def elsewhere(self, sentence: str, refs: set[str]) -> bool:
        """True when the sentence tells a dated activity that the outline gave to another section."""
        for m in _DATE.finditer(sentence):
            owners = self.dates.get((int(m.group(2)), int(m.group(3))))
            if owners and not owners & refs:
                return True
        return False

    def instruction_grams(self, purpose: str) -> set[str]:
        """The purpose's instruction words: it also names the guiding thought and the units, which a good
        sentence repeats on purpose, so those do not count as an echo."""
        return bigrams(purpose) - self.fact_grams

    def reason(self, sentence: str, meta: set[str] | None = None) -> str | None:
        """Why a sentence must go, or None to keep it; meta is instruction_grams() of the section's purpose."""
        if prompt_echo(sentence, "section"):  # a fragment of our own prompt: the instructions read back
            return "复述了提示词"
        for m in _YEAR_MONTH.finditer(sentence):
            if (int(m.group(1)), int(m.group(2))) not in self.months and not any(m.group(0) in t for t in self.fact_texts):
                return f"事实材料中没有{m.group(0)}的活动"
        grams = bigrams(sentence)
        if meta and grams and len(grams & meta) / len(grams) >= 0.5:
            return "复述了本节要求"
        for m in latin_words(sentence, self.fact_texts):  # "commitment" inside Chinese prose
            return f"夹有外文“{m.group()}”"
        for term in _QUOTED.findall(sentence):
            if not any(term in t for t in self.fact_texts) and not any(c in term for c in COMMON_QUOTED):
                return f"引号中的“{term}”不见于事实材料"
        return review_objection(sentence, support=self.support, year=self.facts.year, fact_texts=self.fact_texts,
                                refuse=FREE_REFUSES)

    def assemble(self, text: str, section: OutlineSection, *, tail: str = "") -> Assembly:
        """Filter the reply's sentences, then add back the section's facts it does not use."""
        out = Assembly("")
        tail_core = tail.rstrip("：:")
        paragraphs: list[str] = []
        seen: set[str] = set()
        kept_bigrams: set[str] = set()
        kept_norm = ""
        refs = set(section.fact_refs)
        meta = self.instruction_grams(section.purpose)
        for para in text.split("\n"):
            kept: list[str] = []
            para = para.strip()
            if _LABEL_LINE.match(para):
                out.dropped.append((para, "复述了事实材料清单"))
                continue
            if para and not is_subheading(para) and not _MONTH_LINE.match(para):
                para = _LEAD_LABEL.sub("", para)
                if not para.endswith(_CLOSED):
                    para += "。"
            for m in SENTENCE.finditer(para):
                s = m.group(0).strip()
                if tail_core and tail_core in s:
                    s = s.replace(tail_core, "").strip("：:，, ")
                if kept and not _MONTH_LINE.match(s):
                    s = _LEAD_LABEL.sub("", s)  # "……。具体做法：支部……" inside a paragraph
                key = norm(s)
                if not key:
                    continue
                if len(key) < 6 and not is_subheading(s):
                    out.dropped.append((s, "残句"))
                    continue
                why = self.reason(s, meta)
                grams = bigrams(s)
                if why is None and self.elsewhere(s, refs):
                    why = "属于其他小节的事实"
                if why is None and key in seen:
                    why = "重复"
                elif why is None and len(grams) >= 8 and len(grams & kept_bigrams) / len(grams) >= 0.85:
                    why = "与前文重复"
                elif why is None and repeated_run(key, kept_norm, REPEAT_RUN, exempt=self.fact_norm):
                    why = "与前文重复"
                if why:
                    out.dropped.append((s, why))
                    continue
                seen.add(key)
                kept_bigrams |= grams
                kept_norm += key
                kept.append(s)
                out.kept.add(s)
            if kept:
                paragraphs.append("".join(kept))
        body = "\n".join(_merge(paragraphs))
        body = self._backfill(body, section, out)
        body = self._trim(body, section, out)
        if not body.strip():
            # Everything was dropped: the template's plain text keeps the section present and correct.
            body = template_text(self.facts, self.templates, section)
            out.backfilled.append("template")
            if tail and body.endswith(tail):
                tail = ""
        if tail:
            body = body.rstrip() + ("" if not body or body.endswith(("。", "：", "！", "？")) else "。") + tail
        out.text = body
        return out

    def with_lead(self, text: str, section: OutlineSection) -> str:
        """A text still under half its target opens with the template's lead (genre prose built from the sheet)."""
        if not text.strip() or count_chars(text) >= section.target_chars * 0.5 or not section.lead:
            return text
        lead = self.templates.render(section.lead, **fact_values(self.facts)).strip()
        grams = bigrams(lead)
        first = next(SENTENCE.finditer(text), None)
        if not lead or (first and grams and len(grams & bigrams(first.group(0))) / len(grams) >= 0.5):
            return text
        return lead + text

    def _trim(self, body: str, section: OutlineSection, out: Assembly) -> str:
        """Drop closing sentences of an over-long text, never one a fact of the section depends on."""
        limit = section.target_chars * 1.2
        if count_chars(body) <= limit:
            return body
        refs = set(section.fact_refs)

        def used(text: str) -> set[str]:
            return {c.ref for c in check_facts(self.facts, text) if c.ref in refs and c.used}

        need = used(body)
        spans = [(m.start(), m.end()) for m in SENTENCE.finditer(body)]
        for start, end in reversed(spans):
            if count_chars(body) <= limit:
                break
            candidate = body[:start] + body[end:]
            sentence = body[start:end]
            if is_subheading(sentence.strip()) or _MONTH_LINE.match(sentence.strip()):
                continue
            if used(candidate) >= need:
                out.dropped.append((sentence, "超出字数，删去"))
                body = candidate
        return "\n".join(line for line in body.split("\n") if line.strip())

    def _backfill(self, body: str, section: OutlineSection, out: Assembly) -> str:
        """Append the template sentence of every assigned fact the text does not use."""
        refs = set(section.fact_refs)
        if not refs:
            return body
        unused = {c.ref for c in check_facts(self.facts, body) if c.ref in refs and not c.used}
        if not unused:
            return body
        index = self.facts.item_index()
        items = [index[r] for r in section.fact_refs if r in unused and r in index]
        sentences = self.templates.fact_sentences(self.facts, items)
        out.backfilled.extend(it.ref for it in items)
        out.added.update(m.group(0).strip() for s in sentences for line in s.split("\n")
                         for m in SENTENCE.finditer(line) if m.group(0).strip())
        lines = body.split("\n") if body else []
        for s in sentences:
            if s.startswith("\n"):  # tasks and schedule lines stand on their own lines
                lines.extend(x for x in s.strip("\n").split("\n") if x.strip())
            elif lines and not is_subheading(lines[-1]):
                lines[-1] += s
            else:
                lines.append(s)
        return "\n".join(lines)
