"""The drafting engine: whole documents section by section (concurrently), one-section rewrites, template drafts."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from drafter.documents.draft import Draft, Dropped, SectionStatus, Span, VersionSource, new_draft
from drafter.documents.outline import Outline, OutlineSection
from drafter.documents.templates import TemplateSet, load_templates
from drafter.drafting.compose import Composer, Piece
from drafter.drafting.exemplars import mine
from drafter.drafting.free import Assembler
from drafter.drafting.postprocess import last_sentence_end, tidy
from drafter.drafting.prompting import (
    DocumentPrompt,
    PromptRenderer,
    build_document_prompt,
    load_prompts,
    regenerate_task,
    section_facts,
    section_task,
)
from drafter.errors import DrafterError
from drafter.facts.sheet import FactSheet
from drafter.llm.base import ChatModel, ChatResult
from drafter.settings import Settings
from drafter.text.clean import count_chars

log = logging.getLogger(__name__)

MANUAL_SAMPLE_BUDGET = 1500  # tokens, when the user picked samples by hand (also on the local model)
# "delta" carries text that stays (append-only: the final text only adds to what was shown); "progress" carries,
# for a section the model writes whole, the count of characters accepted so far (its raw reply is never shown).
EventType = Literal["start", "delta", "progress", "done", "cut_off", "failed"]


@dataclass
class DraftEvent:
    """Progress of one section, for the UI and the CLI."""

    section_id: str
    type: EventType
    text: str = ""
    error: str | None = None


OnEvent = Callable[[DraftEvent], None]


@dataclass
class EngineContext:
    """What the engine needs besides the draft and the model: settings, templates, prompts, samples, policy."""

    settings: Settings
    templates: TemplateSet
    prompts: PromptRenderer
    library: Any | None = None  # drafter.drafting.samples.SampleLibrary
    local: bool = True  # text stays on this machine (the guard lets marked material through)
    path: str = "free"  # "compose": template backbone + checked model sentences; "free": the model writes sections
    sample_budget: int = 2500  # tokens of samples in the shared prefix (free path)
    fewshot: bool = True  # compose path: effect phrases mined from the samples go into the model's prompt
    tokens_per_char: float = 0.9  # reply budget; cl100k-based models need more
    max_continuations: int = 2  # "continue" requests when a reply is short
    section_prompt: str = "section.j2"
    continue_prompt: str = "continue.j2"
    extra_texts: dict[str, str] = field(default_factory=dict)  # typed texts the guard must also scan

    @classmethod
    def create(cls, settings: Settings, *, samples: Any | None = None, sample_ids: list[str] | None = None,
               **overrides: Any) -> EngineContext:
        """A context for these settings, its policy from the provider preset; sample_ids restricts the library."""
        from drafter.llm.providers import draft_policy, effective_concurrency, text_stays_local

        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:  # a typo must fail here, not be ignored (bench/draft_concurrency.py once passed repair=False)
            raise TypeError(f"EngineContext has no field(s) {', '.join(sorted(unknown))}")
        policy = draft_policy(settings)
        library = samples
        values: dict[str, Any] = {}
        if samples is not None and sample_ids:
            library = _Subset(samples, sample_ids)
            values["sample_budget"] = MANUAL_SAMPLE_BUDGET  # the user's explicit choice is honoured
        # A server with one slot (the embedded model) only queues parallel requests and delays every section.
        settings = settings.with_overrides(concurrency=effective_concurrency(settings))
        values = {"settings": settings, "templates": load_templates(settings.templates_dir),
                  "prompts": load_prompts(settings.prompts_dir), "library": library,
                  "local": text_stays_local(settings), "path": policy.path, "sample_budget": policy.sample_budget,
                  "tokens_per_char": policy.tokens_per_char, "section_prompt": policy.section_prompt,
                  "continue_prompt": policy.continue_prompt, **values}
        values.update(overrides)
        return cls(**values)

    def max_tokens(self, target_chars: int) -> int:
        """A reply budget that fits the section's upper length bound with room, but not endless padding."""
        return math.ceil(target_chars * 1.5 * self.tokens_per_char) + 60

    def composer(self, facts: FactSheet) -> Composer:
        """The compose path's per-document composer, with the samples' effect phrases unless few-shot is off."""
        phrases = mine(self.library) if (self.fewshot and self.library is not None) else ()
        return Composer(facts, self.templates, self.prompts, phrases)


class _Subset:
    """A sample library restricted to chosen ids (what select_samples sees)."""

    def __init__(self, library: Any, ids: list[str]) -> None:
        chosen = set(ids)
        self.samples = [s for s in library.samples if s.id in chosen]
        self.warnings = list(getattr(library, "warnings", []))

    def __iter__(self):  # noqa: ANN204 - mirrors SampleLibrary
        return iter(self.samples)

    def __len__(self) -> int:
        return len(self.samples)


# --- template-only drafts ------------------------------------------------------------------------

def default_outline(facts: FactSheet, ctx: EngineContext) -> Outline:
    """The template's outline for a fact sheet; on the compose path each target is what the facts support."""
    outline = ctx.templates.default_outline(facts)
    if ctx.path != "compose":
        return outline
    composer = Composer(facts, ctx.templates, ctx.prompts)
    sections = [s.model_copy(update={"target_chars": composer.estimate(s)}) for s in outline.sections]
    return outline.model_copy(update={"sections": sections})


def template_draft(facts: FactSheet, ctx: EngineContext, outline: Outline | None = None) -> Draft:
    """A complete draft with no model: the template's plain sentences for every section."""
    outline = outline or default_outline(facts, ctx)
    draft = new_draft(facts, outline)
    for sec in outline.sections:
        draft.section(sec.id).record(ctx.templates.section_text(facts, sec), VersionSource.TEMPLATE)
    return draft


# --- drafting with a model -----------------------------------------------------------------------

def _guard(draft: Draft, ctx: EngineContext, extra: dict[str, str] | None = None) -> None:
    """Refuse to send classified material to a cloud model (raises ConfidentialError)."""
    from drafter.proofreading.guard import check_before_sending

    texts = dict(ctx.extra_texts)
    texts.update(extra or {})
    if ctx.library is not None:
        for s in ctx.library.samples:
            if getattr(getattr(s, "meta", None), "origin", "") == "user":
                texts[f"范文·{s.id}"] = s.text
    check_before_sending(draft.facts, is_local=ctx.local, extra=texts)


def _document_prompt(draft: Draft, ctx: EngineContext) -> DocumentPrompt:
    reply = max(ctx.max_tokens(s.target_chars) for s in draft.outline.sections)
    prompt = build_document_prompt(draft.facts, draft.outline, prompts=ctx.prompts, library=ctx.library,
                                   context_window=ctx.settings.context_window, reply_tokens=reply,
                                   sample_budget=ctx.sample_budget)
    for w in prompt.warnings:
        if w not in draft.warnings:
            draft.warnings.append(w)
    return prompt


def draft_document(draft: Draft, model: ChatModel, ctx: EngineContext, *, on_event: OnEvent | None = None,
                   stop: threading.Event | None = None, only: list[str] | None = None) -> Draft:
    """Draft every section (or only some) concurrently under settings.concurrency; failures stay per section."""
    _guard(draft, ctx)
    emit = on_event or (lambda e: None)
    stop = stop or threading.Event()
    targets = [s for s in draft.outline.sections if only is None or s.id in only]
    if ctx.path == "compose":
        # A section the user added with no facts has no sentences to compose from: the model writes it freely.
        composed = [s for s in targets if _composable(draft, s, ctx)]
        _compose(draft, model, ctx, composed, VersionSource.GENERATED, None, emit, stop)
        targets = [s for s in targets if s not in composed]
        if not targets:
            draft.touch()
            return draft
    prompt = _document_prompt(draft, ctx)
    jobs = []
    for sec in targets:
        facts, warnings = section_facts(draft.facts, sec)
        draft.warnings.extend(w for w in warnings if w not in draft.warnings)
        tail = ctx.templates.tail(draft.facts, sec)
        task = section_task(sec, facts=facts, skeleton=ctx.templates.section_text(draft.facts, sec), tail=tail,
                            prompts=ctx.prompts, template=ctx.section_prompt,
                            extra={"unit": draft.facts.branch.display_name, "kind_label": draft.kind_label})
        jobs.append((sec, prompt.messages(task), tail, VersionSource.GENERATED, None))
    _run(draft, model, ctx, jobs, emit, stop)
    draft.touch()
    return draft


def regenerate_section(draft: Draft, section_id: str, model: ChatModel, ctx: EngineContext, *,
                       instruction: str | None = None, on_event: OnEvent | None = None,
                       stop: threading.Event | None = None) -> Draft:
    """Rewrite one section with the other sections' current text as context; earlier versions stay."""
    sec = draft.outline.section(section_id)
    current = draft.section(section_id).text
    _guard(draft, ctx, {"重写要求": instruction or "", **{f"正文·{s.id}": s.text for s in draft.sections}})
    if ctx.path == "compose" and _composable(draft, sec, ctx):
        rewrites = sum(1 for v in draft.section(section_id).versions if v.source == VersionSource.REGENERATED)
        _compose(draft, model, ctx, [sec], VersionSource.REGENERATED, instruction, on_event or (lambda e: None),
                 stop or threading.Event(), variant=rewrites + 1)
        draft.touch()
        return draft
    prompt = _document_prompt(draft, ctx)
    others = [{"heading": s.heading, "text": _clip(s.text, 300)} for s in draft.sections
              if s.id != section_id and s.text]
    facts, _ = section_facts(draft.facts, sec)
    tail = ctx.templates.tail(draft.facts, sec)
    task = regenerate_task(sec, facts=facts, current=current or ctx.templates.section_text(draft.facts, sec),
                           others=others, instruction=instruction, tail=tail, prompts=ctx.prompts)
    _run(draft, model, ctx, [(sec, prompt.messages(task), tail, VersionSource.REGENERATED, instruction)],
         on_event or (lambda e: None), stop or threading.Event())
    draft.touch()
    return draft


def _composable(draft: Draft, sec: OutlineSection, ctx: EngineContext) -> bool:
    """True when the section has template sentences to build on: facts, a template section or a lead."""
    return bool(sec.fact_refs or sec.lead or ctx.templates.section_template(draft.facts.kind, sec.id))


def _compose(draft: Draft, model: ChatModel, ctx: EngineContext, targets: list[OutlineSection],
             source: VersionSource, instruction: str | None, emit: OnEvent, stop: threading.Event, *,
             variant: int = 0) -> None:
    """The compose path, one section after another (each sentence of effect is a short call)."""
    composer = ctx.composer(draft.facts)
    composer.instruction = instruction or ""
    composer.variant = variant
    for sec in targets:
        if stop.is_set():
            break
        section = draft.section(sec.id)
        section.status = SectionStatus.STREAMING
        emit(DraftEvent(sec.id, "start"))
        written = "".join(s.text for s in draft.sections if s.id != sec.id)
        try:
            comp = composer.compose(sec, model, on_piece=_piece_events(sec.id, emit), stop=stop, written=written)
        except DrafterError as exc:
            _failed(section, sec.id, str(exc), emit)
            continue
        spans = [Span(text=p.text, source=p.source, role=p.role, ref=p.ref) for p in comp.pieces]
        stopped = stop.is_set()
        unchanged = source == VersionSource.REGENERATED and comp.text.strip() == section.text
        section.record(comp.text, source, instruction,
                       status=SectionStatus.CUT_OFF if stopped else SectionStatus.DONE, path="compose", spans=spans,
                       dropped=[Dropped(text=t, reason=r) for t, r in comp.rejected])
        if stopped:
            section.error = "已停止生成，保留了已生成的文字"
        elif unchanged:
            section.error = "重写结果与当前文字相同：本机内置模型按事实组稿，可再试一次，或手工修改、换用云端模型"
        emit(DraftEvent(sec.id, "cut_off" if stopped else "done", section.text, section.error))


def _piece_events(section_id: str, emit: OnEvent) -> Callable[[Piece], None]:
    """Each accepted sentence as a "delta" event; a new paragraph starts with a line break (none before the first)."""
    shown = False

    def on_piece(p: Piece) -> None:
        nonlocal shown
        emit(DraftEvent(section_id, "delta", ("\n" if p.new_paragraph and shown else "") + p.text))
        shown = True

    return on_piece


def _failed(section, section_id: str, error: str, emit: OnEvent, partial: str = "",
            source: VersionSource = VersionSource.GENERATED, instruction: str | None = None) -> None:
    """A failed section keeps its earlier text; only a section with no text takes the partial reply."""
    if partial and not section.text:
        section.record(partial, source, instruction, status=SectionStatus.FAILED)
    section.status = SectionStatus.FAILED
    section.error = error
    emit(DraftEvent(section_id, "failed", section.text, section.error))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "……"


def _run(draft: Draft, model: ChatModel, ctx: EngineContext, jobs: list[tuple], emit: OnEvent,
         stop: threading.Event) -> None:
    """Run section jobs on a thread pool; each job writes only its own section."""
    workers = max(1, min(ctx.settings.concurrency, len(jobs)))
    assembler = Assembler(draft.facts, ctx.templates)  # per document; read-only, so shared by the threads
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="drafter-section") as pool:
        futures = [pool.submit(_section_job, draft, model, ctx, assembler, sec, messages, tail, source, instruction,
                               emit, stop)
                   for sec, messages, tail, source, instruction in jobs]
        for f in futures:
            f.result()  # _section_job never raises; this only waits


def _stream(model: ChatModel, messages: list[dict[str, str]], max_tokens: int, section_id: str,
            emit: OnEvent, stop: threading.Event, accepted: Callable[[str], int] | None = None) -> ChatResult:
    """One streamed request; progress (characters accepted so far) is reported, the stop event closes it."""
    stream = model.stream(messages, max_tokens=max_tokens)
    received = ""
    for n, delta in enumerate(stream):
        received += delta
        if accepted is not None and n % 16 == 0:  # at the first delta (the page says 正在写… at once), then every 16
            emit(DraftEvent(section_id, "progress", str(accepted(received))))
        if stop.is_set():
            stream.close()
            break
    return stream.result or ChatResult(stream.text_so_far, "stopped")


def _section_job(draft: Draft, model: ChatModel, ctx: EngineContext, assembler: Assembler, sec: OutlineSection,
                 messages: list[dict[str, str]], tail: str, source: VersionSource, instruction: str | None,
                 emit: OnEvent, stop: threading.Event) -> None:
    """Draft one section: stream, tidy, assemble (filter + back-fill), continue when short."""
    section = draft.section(sec.id)
    if stop.is_set():
        return
    section.status = SectionStatus.STREAMING
    section.error = None
    emit(DraftEvent(sec.id, "start"))
    text = ""

    def accepted(raw_so_far: str, before: str = "") -> int:
        end = last_sentence_end(raw_so_far)
        if not end:
            return count_chars(before)
        body = tidy(before + raw_so_far[:end], heading=sec.heading)
        return count_chars(assembler.assemble(body, sec).text)

    try:
        result = _stream(model, messages, ctx.max_tokens(sec.target_chars), sec.id, emit, stop, accepted)
        raw, cut_off = _whole_sentences(tidy(result.text, heading=sec.heading), result.cut_off)
        assembly = assembler.assemble(raw, sec, tail=tail)
        text = assembly.text
        kept, added, dropped = set(assembly.kept), set(assembly.added), list(assembly.dropped)
        for _ in range(ctx.max_continuations):
            short = count_chars(text) < sec.target_chars * 0.8
            if not short or cut_off or stop.is_set() or result.finish_reason == "stopped":
                break
            more = sec.target_chars - count_chars(text)
            follow = messages + [{"role": "assistant", "content": text},
                                 {"role": "user", "content": ctx.prompts.render(ctx.continue_prompt, more=more,
                                                                                 heading=_bare(sec.heading))}]
            result = _stream(model, follow, ctx.max_tokens(more), sec.id, emit, stop,
                             lambda r, b=text: accepted(r, b + "\n"))
            addition, cut_off = _whole_sentences(tidy(result.text, heading=sec.heading), result.cut_off)
            if count_chars(addition) < 10:
                break
            assembly = assembler.assemble(_join(text, addition, tail), sec, tail=tail)
            text = assembly.text
            kept |= assembly.kept
            added |= assembly.added
            dropped += assembly.dropped
        stopped = stop.is_set() or result.finish_reason == "stopped"
        if not (cut_off or stopped):
            text = assembler.with_lead(text, sec)
        status = SectionStatus.CUT_OFF if (cut_off or stopped) else SectionStatus.DONE
        assembly.text, assembly.kept, assembly.added = text, kept, added
        spans = [Span(text=t, source=src) for t, src in assembly.spans()]
        section.record(text, source, instruction, status=status, path="free", spans=spans,
                       dropped=[Dropped(text=t, reason=r) for t, r in dropped])
        if stopped:
            section.error = "已停止生成，保留了已生成的文字"
        elif cut_off:
            section.error = "回复达到长度上限被截断，可点“重写本节”或手工补全"
        emit(DraftEvent(sec.id, "cut_off" if status == SectionStatus.CUT_OFF else "done", section.text,
                        section.error))
    except DrafterError as exc:
        # A continuation that fails keeps the assembled first pass; a first pass that fails keeps its partial
        # reply only where the section had no text before (earlier text is never replaced by a fragment).
        if text:
            section.record(text, source, instruction, status=SectionStatus.DONE, path="free")
            section.error = f"补充字数时出错，保留了已写好的部分：{exc}"
            emit(DraftEvent(sec.id, "done", section.text, section.error))
            return
        _failed(section, sec.id, str(exc), emit, tidy(getattr(exc, "partial_text", "") or "", heading=sec.heading),
                source, instruction)
    except Exception:  # a bug must not take the other sections down with it
        log.exception("section %s failed", sec.id)
        section.status = SectionStatus.FAILED
        section.error = "生成本节时出现内部错误，已记录日志；您的文字未受影响，可重试本节"
        emit(DraftEvent(sec.id, "failed", section.text, section.error))


def _whole_sentences(text: str, cut_off: bool) -> tuple[str, bool]:
    """A reply cut off by max_tokens keeps its complete sentences and counts as whole; with none it stays cut off."""
    if not cut_off:
        return text, False
    end = last_sentence_end(text)
    return (text[:end], False) if end else (text, True)


def _bare(heading: str) -> str:
    """A heading without its ordinal."""
    return heading.split("、", 1)[-1] if "、" in heading[:4] else heading


def _join(text: str, addition: str, tail: str) -> str:
    """Append a continuation, keeping a required tail at the very end."""
    if tail and text.endswith(tail):
        return text[: -len(tail)].rstrip() + addition + tail
    return text + addition


# --- model-suggested headings (offered, never forced) -------------------------------------------

def suggest_headings(draft: Draft, model: ChatModel, ctx: EngineContext) -> Outline:
    """An outline whose body headings the model wrote as parallel phrases fitted to the facts."""
    body = [s for s in draft.outline.sections if s.role == "body" and s.heading_hint]
    if not body:
        return draft.outline
    prompt = _document_prompt(draft, ctx)
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
    prompt = prompt or _document_prompt(draft, ctx)
    task = ctx.prompts.render("title.j2", kind_label=draft.kind_label, example=ctx.templates.title(draft.facts))
    lines = [tidy(line).strip("《》“”\"' 。") for line in "".join(model.stream(prompt.messages(task), max_tokens=60))
             .split("\n")]
    title = next((line for line in lines if line), "")
    unit, year = draft.facts.branch.display_name, str(draft.facts.year)
    return title if unit in title and year in title and len(title) <= 40 else ""
