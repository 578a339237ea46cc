"""Model-suggested headings and titles: offered to the user, never forced."""

from __future__ import annotations

from drafter.documents.draft import Draft
from drafter.documents.outline import Outline
from drafter.drafting.context import EngineContext
from drafter.drafting.postprocess import tidy
from drafter.drafting.prompting import DocumentPrompt, section_facts
from drafter.llm.base import ChatModel

MAX_TITLE = 40  # characters: a longer "title" is a sentence


def suggest_headings(draft: Draft, model: ChatModel, ctx: EngineContext) -> Outline:
    """An outline whose body headings the model wrote as parallel phrases fitted to the facts."""
    body = [s for s in draft.outline.sections if s.role == "body" and s.heading_hint]
    if not body:
        return draft.outline
    prompt = ctx.document_prompt(draft)
    task = ctx.prompts.render("outline.j2", kind_label=draft.kind_label, sections=[
        {"purpose": s.purpose, "facts": section_facts(draft.facts, s, 300)[0]} for s in body])
    stream = model.stream(prompt.messages(task), max_tokens=60 * len(body))
    text = "".join(stream)
    lines = [tidy(line).strip("“”\"' 。") for line in text.split("\n")]
    lines = [line for line in lines if 4 <= len(line) <= 24]
    outline = draft.outline
    for sec, heading in zip(body, lines, strict=False):
        outline = outline.renamed(sec.id, heading)
    title = suggest_title(draft, model, ctx, prompt)
    return outline.model_copy(update={"title": title}) if title else outline


def suggest_title(draft: Draft, model: ChatModel, ctx: EngineContext, prompt: DocumentPrompt | None = None) -> str:
    """A model-written title, kept only when it names the unit and the year (else "": the template's stands)."""
    prompt = prompt or ctx.document_prompt(draft)
    task = ctx.prompts.render("title.j2", kind_label=draft.kind_label, example=ctx.templates.title(draft.facts))
    lines = [tidy(line).strip("《》“”\"' 。") for line in "".join(model.stream(prompt.messages(task), max_tokens=60))
             .split("\n")]
    title = next((line for line in lines if line), "")
    unit, year = draft.facts.branch.display_name, str(draft.facts.year)
    return title if unit in title and year in title and len(title) <= MAX_TITLE else ""
