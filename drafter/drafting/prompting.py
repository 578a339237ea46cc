"""Build the chat messages: one shared prefix per document (system, samples, facts), a narrow task per section."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from drafter.documents.outline import Outline, OutlineSection
from drafter.errors import TemplateError
from drafter.facts import fields
from drafter.facts.sheet import KIND_LABELS, ORG_TYPE_LABELS, FactSheet
from drafter.text.tokens import count_tokens

# cl100k counts Chinese at ~1.2 tokens a character, Qwen/DeepSeek at ~0.7: cl100k already over-counts for
# them, and this margin covers the rest (chat-template tokens, odd scripts).
SAFETY_FACTOR = 1.1
SAFETY_TOKENS = 128


class PromptRenderer:
    """Renders prompts/*.j2 with StrictUndefined, so a missing value is an error, never a blank."""

    def __init__(self, folder: Path) -> None:
        # Sandboxed like the document templates: prompts/ is a folder an operator may edit.
        self.env = SandboxedEnvironment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
                                        autoescape=False, keep_trailing_newline=False, trim_blocks=False)

    def render(self, name: str, **values: Any) -> str:
        """Render one prompt template."""
        try:
            return self.env.get_template(name).render(**values).strip()
        except JinjaError as exc:
            raise TemplateError(f"提示词模板 {name} 渲染失败：{exc}") from exc


@functools.lru_cache(maxsize=4)
def load_prompts(folder: Path) -> PromptRenderer:
    """The prompt renderer of a folder, once per process."""
    return PromptRenderer(folder)


def fitted_tokens(text: str) -> int:
    """Tokens to budget for text, with the safety margin for other tokenizers."""
    return math.ceil(count_tokens(text) * SAFETY_FACTOR)


@dataclass
class DocumentPrompt:
    """The part every section's request shares, so provider prefix caches can reuse it."""

    system: str
    materials: str
    sample_ids: list[str]
    prefix_tokens: int
    warnings: list[str] = field(default_factory=list)

    def messages(self, task: str) -> list[dict[str, str]]:
        """The request for one task: identical system and materials, the task last."""
        return [{"role": "system", "content": self.system},
                {"role": "user", "content": f"{self.materials}\n\n{task}"}]


# --- the fact sheet as the model reads it ----------------------------------------------------

def facts_block(facts: FactSheet, budget_tokens: int) -> tuple[str, list[str]]:
    """The whole sheet as labelled lines; when over budget, notes then activity details shrink, with warnings."""
    b = facts.branch
    head = [f"单位：{b.name}" + (f"（简称{b.short_name}）" if b.short_name else "")
            + f"；类型：{ORG_TYPE_LABELS[b.org_type]}"
            + (f"；上级党组织：{b.parent_org}" if b.parent_org else "")
            + (f"；支部书记：{b.secretary}" if b.secretary else ""),
            f"文稿：{KIND_LABELS[facts.kind]}（{facts.year}年）" + (f"；专题：{facts.theme}" if facts.theme else ""),
            f"指导思想：{facts.guiding}"]
    items = facts.items()
    member_lines = [it.text for it in items if it.field.startswith("members")]
    if member_lines:
        head.append("党员情况：" + "；".join(member_lines))
    list_fields = ("achievements", "highlights", "shortcomings", "next_steps", "goals", "tasks", "schedule",
                   "safeguards")
    lists = [f"{fields.label(key)}：" + "；".join(it.text for it in items if it.field == key)
             for key in list_fields if any(it.field == key for it in items)]
    answers = [it.text for it in items if it.field == "answers"]
    if answers:  # the checklist answers, as the sentences they read as
        lists.append(f"{fields.label('answers')}：" + "；".join(answers))
    activities = [it.text for it in items if it.field == "activities"]
    notes = facts.notes or ""
    warnings: list[str] = []

    def compose(acts: list[str], notes_text: str) -> str:
        lines = list(head)
        if acts:
            lines.append("全年活动：")
            lines.extend(f"{i}. {a}" for i, a in enumerate(acts, 1))
        lines.extend(lists)
        if notes_text:
            lines.append(f"其他说明：{notes_text}")
        return "\n".join(lines)

    text = compose(activities, notes)
    if fitted_tokens(text) <= budget_tokens:
        return text, warnings
    if notes:
        keep = max(0, budget_tokens - fitted_tokens(compose(activities, ""))) // 2  # ~2 chars a token, safe side
        notes_cut = notes[:keep] + "……（以下从略）" if keep else ""
        warnings.append(f"“其他说明”过长（{len(notes)}字），发送给模型时只保留前{keep}字")
        text = compose(activities, notes_cut)
        notes = notes_cut
        if fitted_tokens(text) <= budget_tokens:
            return text, warnings
    # Activities keep their date and title; details go, then the tail is summarised by count.
    short = [it.text.split("，")[0] + "，" + (it.title or "") for it in items if it.field == "activities"]
    kept = len(short)
    while kept > 0 and fitted_tokens(compose(short[:kept] + [f"……另有{len(short) - kept}项活动从略"], notes)) \
            > budget_tokens:
        kept = kept * 3 // 4
    if kept < len(short):
        short = short[:kept] + [f"……另有{len(short) - kept}项活动从略（各节仍会写入分给它的活动）"]
    warnings.append(f"事实材料过长：全文材料中的活动只列日期和标题，共列出{kept}项")
    return compose(short, notes), warnings


# --- the document prefix and the per-section tasks ---------------------------------------------

def build_document_prompt(facts: FactSheet, outline: Outline, *, prompts: PromptRenderer, library: Any | None,
                          context_window: int, reply_tokens: int, sample_budget: int) -> DocumentPrompt:
    """System + samples + whole fact sheet, fitted to the context window: samples shrink first, then facts."""
    values = {"unit": facts.branch.display_name, "title": outline.title, "kind_label": KIND_LABELS[facts.kind],
              "guiding": facts.guiding, "theme": facts.theme or ""}
    system = prompts.render("system.j2", **values)
    task_reserve = TASK_RESERVE + reply_tokens  # the longest section task with its facts, and the reply
    available = context_window - SAFETY_TOKENS - fitted_tokens(system) - task_reserve
    if available < 200:
        raise TemplateError(f"模型上下文窗口（{context_window} tokens）太小，无法容纳提示词",
                            hint="请换用上下文更长的模型，或在设置中调大 DRAFTER_CONTEXT")
    # Facts get what they need up to 60% of the room; samples get the rest, capped by sample_budget.
    facts_text, warnings = facts_block(facts, max(200, available * 6 // 10))
    room = available - fitted_tokens(facts_text)
    excerpts: list[Any] = []
    if library is not None and room > 100:
        from drafter.drafting.fewshot import select_samples

        budget = min(sample_budget, room)
        # select_samples counts with plain cl100k; leave our margin out of its budget.
        excerpts = select_samples(library, facts.kind, facts.branch.org_type, int(budget / SAFETY_FACTOR) - 40)
    materials = prompts.render("materials.j2", samples=excerpts, facts_block=facts_text)
    while excerpts and fitted_tokens(materials) > available:
        excerpts = excerpts[:-1]
        materials = prompts.render("materials.j2", samples=excerpts, facts_block=facts_text)
    return DocumentPrompt(system=system, materials=materials, sample_ids=[e.sample_id for e in excerpts],
                          prefix_tokens=fitted_tokens(system) + fitted_tokens(materials), warnings=warnings)


FACT_CHARS = 300  # one fact longer than this is shortened in the section task (the whole sheet has it all)
SKELETON_CHARS = 500
TASK_RESERVE = 1400  # tokens for the longest section task: instructions, its facts, the skeleton


def section_facts(facts: FactSheet, section: OutlineSection, budget_tokens: int = 500) -> tuple[list[str], list[str]]:
    """The texts of the facts assigned to a section, each and all cut to a budget, with warnings."""
    index = facts.item_index()
    texts = [index[ref].text for ref in section.fact_refs if ref in index]
    name = section.heading or "开篇"
    warnings: list[str] = []
    if any(len(t) > FACT_CHARS for t in texts):
        warnings.append(f"“{name}”中有事实超过{FACT_CHARS}字，写入本节时只取前{FACT_CHARS}字")
        texts = [t if len(t) <= FACT_CHARS else t[:FACT_CHARS] + "……" for t in texts]
    total = 0
    for i, t in enumerate(texts):
        total += fitted_tokens(t) + 4
        if total > budget_tokens:
            warnings.append(f"“{name}”分到的事实过多（{len(texts)}条），本节只写入前{i}条；"
                            "可在提纲中把部分事实移到其他小节")
            return texts[:i], warnings
    return texts, warnings


def clip_skeleton(text: str, limit: int = SKELETON_CHARS) -> str:
    """The template-only text as a skeleton, cut at a sentence end so the task stays within its reserve."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(p, 0, limit) for p in "。；\n")
    return text[: cut + 1 if cut > limit // 2 else limit] + "……"


def length_bounds(target: int) -> tuple[int, int]:
    """The ±20% band the prompt asks for (the review flags beyond ±25%)."""
    return round(target * 0.8), round(target * 1.2)


def section_task(section: OutlineSection, *, facts: list[str], skeleton: str, tail: str,
                 prompts: PromptRenderer, template: str = "section.j2", extra: dict[str, str] | None = None) -> str:
    """The last, section-specific part of a drafting request."""
    low, high = length_bounds(section.target_chars)
    return prompts.render(template, **(extra or {}), heading=section.heading, purpose=section.purpose or section.heading,
                          facts=facts, skeleton=clip_skeleton(skeleton), tail=tail, target=section.target_chars, low=low,
                          high=high, paragraphs=max(1, round(section.target_chars / 260)))


def regenerate_task(section: OutlineSection, *, facts: list[str], current: str, others: list[dict[str, str]],
                    instruction: str | None, tail: str, prompts: PromptRenderer) -> str:
    """The last part of a regeneration request: the other sections, this one, and the user's instruction."""
    low, high = length_bounds(section.target_chars)
    return prompts.render("regenerate.j2", heading=section.heading, purpose=section.purpose or section.heading,
                          facts=facts, current=current, others=others, instruction=instruction or "",
                          tail=tail, target=section.target_chars, low=low, high=high)
