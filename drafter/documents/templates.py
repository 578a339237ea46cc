"""Document templates: load templates/*.yaml, route each fact to one section, write the template-only text."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, TypeVar

import yaml
from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.documents.outline import Outline, OutlineSection
from drafter.errors import TemplateError
from drafter.facts.sheet import FactItem, FactSheet, Kind
from drafter.text.numerals import cn_number
from drafter.text.safetext import one_line

_CLOSERS = "。！？；：…"


class SectionTemplate(BaseModel):
    """One section of a document template, as data."""

    model_config = ConfigDict(extra="forbid")

    id: str
    role: str = "body"
    numbered: bool = True
    heading: str = ""
    heading_hint: str | None = None
    purpose: str = ""
    target_chars: int = 300
    fields: list[str] = Field(default_factory=list)  # fact fields routed here whole
    keywords: list[str] = Field(default_factory=list)  # activities whose text matches go here
    default_for: list[str] = Field(default_factory=list)  # fields that land here when nothing else matches
    # a result (achievements) naming one of these belongs here, not with the results of the work section
    # ("许嘉怡同志……确定为发展对象" is 发展党员 work)
    result_keywords: list[str] = Field(default_factory=list)
    lead: str = ""
    tail: str = ""
    empty: str = ""  # what the template-only draft writes when no fact feeds the section
    closing: str = ""  # the compose path's last sentence: a general verdict the section's facts bear out
    facts_first: bool = False  # opening: the facts come before the lead sentence (plans)


class DocTemplate(BaseModel):
    """A document kind: its title pattern and ordered sections."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    label: str
    title: str
    sections: list[SectionTemplate]


class Sentences(BaseModel):
    """How the template-only draft writes each kind of fact."""

    model_config = ConfigDict(extra="allow")

    activity_verbs: list[str]
    activity_suffix_verbs: dict[str, str]
    enumerate: list[str]
    # Words that start a title as a verb or as a noun ("组织生活会", "学习交流会"): the ending decides.
    ambiguous_starts: list[str] = []
    clause_verbs: list[str] = []
    effect_openers: dict[str, list[str]] = {}
    org_words: dict[str, list[str]] = {}

    def is_clause(self, title: str) -> bool:
        """The title names who did it and a verb ("聂文华讲授专题党课"): it needs no subject and no verb."""
        return any(v in title[1:] for v in self.clause_verbs)

    def merge_detail(self, title: str, detail: str) -> tuple[str, str, str] | None:
        """(subject, clause, rest) when the detail's first clause retells the title's head noun after a verb
        ("专题研讨" + "围绕……开展研讨" → "支部围绕……开展专题研讨"), so the sentence says it once; else None."""
        clause, _, rest = detail.partition("，")
        if any(title.startswith(v) for v in self.activity_verbs):
            return None
        for n in range(min(len(title), len(clause)) - 1, 1, -1):
            tail = title[-n:]
            before = clause[:-n]
            if clause.endswith(tail) and any(before.endswith(v) for v in [*self.activity_verbs, *self.clause_verbs]):
                own_subject = before.startswith(("支部", "党员", "全体")) or self.is_clause(before + tail)
                return ("" if own_subject else "支部"), before + title, rest
        return None

    def verb_for(self, title: str) -> str:
        """The verb to put before an activity title ("" when it starts with one)."""
        if self.is_clause(title) or any(title.startswith(v) for v in self.activity_verbs):
            return ""
        for suffix, verb in self.activity_suffix_verbs.items():
            if title.endswith(suffix):
                return verb
        if any(title.startswith(v) for v in self.ambiguous_starts):
            return ""
        return "开展"


def sentence(text: str) -> str:
    """End a sentence with 。 unless it already closes."""
    text = text.strip().rstrip("，,;； ")
    if not text:
        return text
    # A closing quote or bracket ends the sentence only when a full stop stands inside it.
    last = text[-2] if text[-1] in "”’）)" and len(text) > 1 else text[-1]
    return text if last in _CLOSERS else text + "。"


M = TypeVar("M", bound=BaseModel)


class TemplateSet:
    """All templates of one templates/ folder, with the Jinja environment that renders their strings."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Sandboxed: template strings also come from files users edit (templates/, an outline's lead), and a
        # plain Environment lets `{{ cycler.__init__.__globals__.os }}` run commands.
        # finalize: every value a template prints is put on one line (a line break typed inside a fact would
        # otherwise start a paragraph, and "\n一、…" a heading in the exports); the template's own breaks stay.
        self.env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                                        finalize=lambda v: one_line(v) if isinstance(v, str) else v)
        self.env.filters["sentence"] = sentence
        self.templates: dict[str, DocTemplate] = {}
        for kind in ("annual_summary", "annual_plan", "thematic_summary"):
            self.templates[kind] = self._load(f"{kind}.yaml", DocTemplate)
        self.sentences = self._load("sentences.yaml", Sentences)

    def _load(self, name: str, model: type[M]) -> M:
        path = self.folder / name
        try:
            return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            raise TemplateError(f"模板文件 {path} 无法读取：{exc}", hint="请检查 templates/ 目录是否完整") from exc

    def get(self, kind: str) -> DocTemplate:
        """The template of one kind."""
        try:
            return self.templates[kind]
        except KeyError:
            raise TemplateError(f"没有“{kind}”类文稿的模板") from None

    def render(self, source: str, **values: Any) -> str:
        """Render one template string with StrictUndefined, wrapping errors with the source."""
        try:
            return self.env.from_string(source).render(**values)
        except JinjaError as exc:
            raise TemplateError(f"模板渲染失败：{exc}（{source[:40]}…）") from exc

    # --- outline ---------------------------------------------------------------------------

    def default_outline(self, facts: FactSheet) -> Outline:
        """The template's outline for this sheet, with every fact assigned to exactly one section."""
        tpl = self.get(facts.kind)
        values = fact_values(facts)
        sections = [
            OutlineSection(id=s.id, heading=s.heading, heading_hint=s.heading_hint,
                           purpose=self.render(s.purpose, **values),
                           target_chars=s.target_chars, numbered=s.numbered, role=s.role, lead=s.lead)
            for s in tpl.sections
        ]
        by_id = {s.id: s for s in sections}
        for item in facts.items():
            by_id[route(tpl, item)].fact_refs.append(item.ref)
        _rebalance(tpl, sections, facts)
        return Outline(kind=facts.kind, title=self.title(facts), sections=sections)

    def title(self, facts: FactSheet) -> str:
        """The document title from the template pattern."""
        return self.render(self.get(facts.kind).title, **fact_values(facts)).strip()

    # --- template-only text ----------------------------------------------------------------

    def section_template(self, kind: str, section_id: str) -> SectionTemplate | None:
        """The template's section with this id (None for a section the user added)."""
        return next((s for s in self.get(kind).sections if s.id == section_id), None)

    def tail(self, facts: FactSheet, section: OutlineSection) -> str:
        """The fixed closing turn of a section ("现将一年来的工作总结如下："), or ""."""
        st = self.section_template(facts.kind, section.id)
        return self.render(st.tail, **fact_values(facts)) if st and st.tail else ""

    def fact_sentences(self, facts: FactSheet, items: list[FactItem], *, first_task: int = 1,
                       dated: bool = True) -> list[str]:
        """Each fact as a sentence; enumerated fields as one 一是……二是…… sentence; tasks as sub-sections
        numbered from first_task."""
        s = self.sentences
        out: list[str] = []
        enum: dict[str, list[str]] = {}
        task_no = first_task - 1
        for it in items:
            if it.field in s.enumerate:
                enum.setdefault(it.field, []).append(one_line(it.text).rstrip("。；;"))
                continue
            if it.field == "activities":
                i = int(it.ref.split("[")[1].rstrip("]"))
                a = facts.activities[i]
                detail = a.detail.rstrip("。")
                merged = s.merge_detail(a.title, detail)
                if merged:
                    subject, clause, rest = merged
                    out.append(sentence(self.render(s.activity, date_cn=a.date_cn if dated else "", title=clause,
                                                    detail=rest, verb="", subject=subject)))
                else:
                    out.append(sentence(self.render(
                        s.activity, date_cn=a.date_cn if dated else "", title=a.title, detail=detail,
                        verb=s.verb_for(a.title), subject="" if s.is_clause(a.title) else "支部")))
            elif it.field == "tasks":
                task_no += 1
                t = facts.tasks[int(it.ref.split("[")[1].rstrip("]"))]
                head, _, rest = self.render(s.tasks, ordinal=f"（{cn_number(task_no)}）", title=t.title,
                                            detail=t.detail).partition("\n")
                out.append("\n" + head.strip() + "\n" + (sentence(rest) if rest.strip() else ""))
            elif it.field == "schedule":
                sc = facts.schedule[int(it.ref.split("[")[1].rstrip("]"))]
                out.append("\n" + sentence(self.render(s.schedule, month=sc.month, item=sc.item)))
            else:
                pattern = getattr(s, it.field, None) or "{{ text }}"
                out.append(sentence(self.render(pattern, text=it.text, names=it.names)))
        for values in enum.values():
            if len(values) == 1:
                out.append(sentence(values[0]))
            else:
                out.append("；".join(f"{cn_number(n)}是{v}" for n, v in enumerate(values, 1)) + "。")
        return out


def _rebalance(tpl: DocTemplate, sections: list[OutlineSection], facts: FactSheet) -> None:
    """Give an empty themed section an activity that also fits it, taken from a section with several."""
    keywords = {s.id: s.keywords for s in tpl.sections}
    index = facts.item_index()
    for empty in sections:
        if empty.fact_refs or not keywords.get(empty.id):
            continue
        for donor in sections:
            acts = [r for r in donor.fact_refs if r.startswith("activities[")]
            if donor is empty or len(acts) < 2:
                continue
            fit = next((r for r in acts if any(k in index[r].text for k in keywords[empty.id])), None)
            if fit:
                donor.fact_refs.remove(fit)
                empty.fact_refs.append(fit)
                break


def route(tpl: DocTemplate, item: FactItem) -> str:
    """The id of the one section this fact belongs to in the template."""
    if item.field == "answers" and any(s.id == item.category for s in tpl.sections):
        return item.category  # an answer to a section's checklist belongs to that section
    if item.field == "activities":
        text = f"{item.category or ''} {item.text}"
        best, score = None, 0
        for s in tpl.sections:
            if item.category and item.category in s.keywords + [s.heading, s.id]:
                return s.id
            hits = sum(text.count(k) for k in s.keywords)
            if hits > score:
                best, score = s.id, hits
        if best:
            return best
    if item.field in ("achievements", "notes"):
        for s in tpl.sections:
            if any(k in item.text for k in s.result_keywords):
                return s.id
    for s in tpl.sections:
        if item.field in s.fields:
            return s.id
    for s in tpl.sections:
        if item.field in s.default_for or item.field.split(".")[0] in s.default_for:
            return s.id
    body = [s for s in tpl.sections if s.role == "body"]
    return (body[-1] if body else tpl.sections[0]).id


def fact_values(facts: FactSheet) -> dict[str, Any]:
    """The names template strings may use."""
    return {
        "unit": facts.branch.display_name, "branch_name": facts.branch.name, "year": facts.year,
        "next_year": facts.year + 1, "guiding": facts.guiding, "theme": facts.theme or "",
        "parent_org": facts.branch.parent_org or "", "secretary": facts.branch.secretary or "",
        "org_type": facts.branch.work_kind,  # a lead may say what the branch's own work is (学风, 乡村振兴 …)
    }


@functools.lru_cache(maxsize=4)
def load_templates(folder: Path) -> TemplateSet:
    """The templates of a folder, loaded once per process."""
    return TemplateSet(folder)
