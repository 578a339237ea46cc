"""The drafting engine: schedules sections (concurrently on the free path), records each writer's SectionResult as
a version, emits events. The writers are compose.py and free.py; headings and titles are in titles.py."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from drafter.documents.draft import Draft, Dropped, Section, SectionStatus, Span, VersionSource, new_draft
from drafter.documents.outline import Outline, OutlineSection
from drafter.documents.templates import TemplateSet
from drafter.drafting import outlines
from drafter.drafting.compose import Composer, Piece, join_pieces, template_text
from drafter.drafting.context import EngineContext
from drafter.drafting.events import DraftEvent, OnEvent, SectionResult
from drafter.drafting.free import SectionJob, write_free
from drafter.drafting.postprocess import tidy
from drafter.drafting.prompting import regenerate_task, section_facts, section_task
from drafter.drafting.sentence_filter import Assembler
from drafter.drafting.thematic.telling import SectionRecords
from drafter.errors import DrafterError
from drafter.facts.ledger.checklist import missing_material
from drafter.facts.sheet import FactSheet
from drafter.llm.base import ChatModel

log = logging.getLogger(__name__)

CONTEXT_CLIP = 300  # characters of each other section shown to a rewrite
STOPPED = "已停止生成，保留了已生成的文字"
UNCHANGED = "重写结果与当前文字相同：本机内置模型按事实组稿，可再试一次，或手工修改、换用云端模型"
INTERNAL = "生成本节时出现内部错误，已记录日志；您的文字未受影响，可重试本节"
NO_MATERIAL = "本节在材料和台账中没有对应的内容，未起草（不写空话）。可在材料中补充"
NO_MATERIAL_END = "，或手工填写，或在提纲中删去本节"


# --- template-only drafts ------------------------------------------------------------------------

def default_outline(facts: FactSheet, ctx: EngineContext) -> Outline:
    """The outline of this context's drafting path (see outlines.default_outline, which needs no context)."""
    return outlines.default_outline(facts, ctx.templates, ctx.path)


def template_draft(facts: FactSheet, ctx: EngineContext, outline: Outline | None = None) -> Draft:
    """A complete draft with no model: the template's plain sentences for every section."""
    outline = outline or default_outline(facts, ctx)
    draft = new_draft(facts, outline)
    composer = Composer(facts, ctx.templates)
    for sec in outline.sections:
        draft.section(sec.id).record(template_text(facts, ctx.templates, sec, composer), VersionSource.TEMPLATE)
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


def draft_document(draft: Draft, model: ChatModel, ctx: EngineContext, *, on_event: OnEvent | None = None,
                   stop: threading.Event | None = None, only: list[str] | None = None) -> Draft:
    """Draft every section (or only some) concurrently under settings.concurrency; failures stay per section."""
    _guard(draft, ctx)
    emit = on_event or (lambda e: None)
    stop = stop or threading.Event()
    targets = [s for s in draft.outline.sections if only is None or s.id in only]
    if ctx.composes:
        # A section the user added with no facts has no sentences to compose from: the model writes it freely.
        composed = [s for s in targets if _composable(draft, s, ctx)]
        _compose(draft, model, ctx, composed, VersionSource.GENERATED, None, emit, stop)
        targets = [s for s in targets if s not in composed]
        if not targets:
            draft.touch()
            return draft
    bare = _without_material(draft, targets, ctx)
    for sec in bare:  # the free path would write general sentences: it is not asked to
        _unwritten(draft, draft.section(sec.id), sec, emit)
    targets = [s for s in targets if s not in bare]
    if not targets:
        draft.touch()
        return draft
    prompt = ctx.document_prompt(draft)
    jobs = []
    composer = Composer(draft.facts, ctx.templates)  # the skeletons of every section from one composer
    for sec in targets:
        facts, warnings = section_facts(draft.facts, sec)
        draft.warnings.extend(w for w in warnings if w not in draft.warnings)
        tail = ctx.templates.tail(draft.facts, sec)
        task = section_task(sec, facts=facts, skeleton=template_text(draft.facts, ctx.templates, sec, composer), tail=tail,
                            prompts=ctx.prompts, template=ctx.section_prompt,
                            extra={"unit": draft.facts.branch.display_name, "kind_label": draft.kind_label})
        jobs.append(SectionJob(sec, prompt.messages(task), tail, VersionSource.GENERATED))
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
    emit, stop = on_event or (lambda e: None), stop or threading.Event()
    if ctx.composes and _composable(draft, sec, ctx):
        rewrites = sum(1 for v in draft.section(section_id).versions if v.source == VersionSource.REGENERATED)
        _compose(draft, model, ctx, [sec], VersionSource.REGENERATED, instruction, emit, stop,
                 variant=rewrites + 1)
        draft.touch()
        return draft
    prompt = ctx.document_prompt(draft)
    others = [{"heading": s.heading, "text": _clip(s.text, CONTEXT_CLIP)} for s in draft.sections
              if s.id != section_id and s.text]
    facts, _ = section_facts(draft.facts, sec)
    tail = ctx.templates.tail(draft.facts, sec)
    task = regenerate_task(sec, facts=facts, current=current or template_text(draft.facts, ctx.templates, sec),
                           others=others, instruction=instruction, tail=tail, prompts=ctx.prompts)
    _run(draft, model, ctx, [SectionJob(sec, prompt.messages(task), tail, VersionSource.REGENERATED, instruction)],
         emit, stop)
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
        accepted: list[Piece] = []
        try:
            comp = composer.compose(sec, model, on_piece=_piece_events(sec.id, emit, accepted), stop=stop,
                                    written=written)
        except DrafterError as exc:
            partial = join_pieces(accepted)
            if partial.strip() and not section.text:
                # what was composed before the model failed (the ledger's totals and cases) is kept, as a section
                # not written to its end: a model that drops out mid-section must not leave the section empty
                result = SectionResult(partial, "compose", spans=_spans(accepted), status=SectionStatus.CUT_OFF,
                                       error=str(exc))
                result.record(section, source, instruction)
                emit(DraftEvent(sec.id, result.event, section.text, section.error))
            else:
                _failed(section, sec.id, str(exc), emit)
            continue
        stopped = stop.is_set()
        if not comp.text.strip() and sec.role == "body":
            _unwritten(draft, section, sec, emit)
            continue
        unchanged = source == VersionSource.REGENERATED and comp.text.strip() == section.text
        result = SectionResult(comp.text, "compose",
                               spans=_spans(comp.pieces),
                               dropped=[Dropped(text=t, reason=r) for t, r in comp.rejected],
                               status=SectionStatus.CUT_OFF if stopped else SectionStatus.DONE,
                               error=STOPPED if stopped else UNCHANGED if unchanged else None)
        result.record(section, source, instruction)
        emit(DraftEvent(sec.id, result.event, section.text, section.error))


def _without_material(draft: Draft, targets: list[OutlineSection], ctx: EngineContext) -> list[OutlineSection]:
    """A summary's themed sections of the template with no fact and no ledger record."""
    ids = without_material(draft, ctx.templates)
    return [s for s in targets if s.id in ids]


def without_material(draft: Draft, templates: TemplateSet) -> set[str]:
    """Ids of the sections no run writes (a summary's themed sections with no fact and no ledger record): the
    page does not offer to 补写 them."""
    records = SectionRecords(draft.facts, templates)
    if not records.enabled:
        return set()
    return {s.id for s in draft.outline.sections if s.role == "body" and not s.fact_refs and records.section(s) is None
            and templates.section_template(draft.facts.kind, s.id) is not None}


def _unwritten(draft: Draft, section: Section, sec: OutlineSection, emit: OnEvent) -> None:
    """A section with no material keeps whatever it had (nothing, or the secretary's text) and says what would
    fill it: general sentences are not written for it."""
    items = missing_material(sec.id, [], kind=draft.facts.kind, answers=draft.facts.answers.get(sec.id, {}))
    section.status = SectionStatus.DONE if section.text else SectionStatus.EMPTY
    section.error = NO_MATERIAL + (f"如{'、'.join(items[:4])}" if items else "") + NO_MATERIAL_END
    emit(DraftEvent(sec.id, "done", section.text, section.error))


def _spans(pieces: list[Piece]) -> list[Span]:
    """The provenance of a composed section: one span per accepted sentence."""
    return [Span(text=p.text, source=p.source, role=p.role, ref=p.ref) for p in pieces]


def _piece_events(section_id: str, emit: OnEvent, accepted: list[Piece] | None = None) -> Callable[[Piece], None]:
    """Each accepted sentence as a "delta" event (and kept in `accepted`); a new paragraph starts with a line
    break (none before the first)."""
    shown = False

    def on_piece(p: Piece) -> None:
        nonlocal shown
        if accepted is not None:
            accepted.append(p)
        emit(DraftEvent(section_id, "delta", ("\n" if p.new_paragraph and shown else "") + p.text))
        shown = True

    return on_piece


def _failed(section: Section, section_id: str, error: str, emit: OnEvent, partial: str = "",
            source: VersionSource = VersionSource.GENERATED, instruction: str | None = None) -> None:
    """A failed section keeps its earlier text; only a section with no text takes the partial reply."""
    if partial and not section.text:
        section.record(partial, source, instruction, status=SectionStatus.FAILED)
    section.status = SectionStatus.FAILED
    section.error = error
    emit(DraftEvent(section_id, "failed", section.text, section.error))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "……"


def _run(draft: Draft, model: ChatModel, ctx: EngineContext, jobs: list[SectionJob], emit: OnEvent,
         stop: threading.Event) -> None:
    """Run free-path section jobs on a thread pool; each job writes only its own section."""
    workers = max(1, min(ctx.settings.concurrency, len(jobs)))
    assembler = Assembler(draft.facts, ctx.templates)  # per document; read-only, so shared by the threads
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="drafter-section") as pool:
        futures = [pool.submit(_free_job, draft, model, ctx, assembler, job, emit, stop) for job in jobs]
        for f in futures:
            f.result()  # _free_job never raises; this only waits


def _free_job(draft: Draft, model: ChatModel, ctx: EngineContext, assembler: Assembler, job: SectionJob,
              emit: OnEvent, stop: threading.Event) -> None:
    """One free-path section: write it, record the result, report; a failure stays in this section."""
    sec = job.section
    section = draft.section(sec.id)
    if stop.is_set():
        return
    section.status = SectionStatus.STREAMING
    section.error = None
    emit(DraftEvent(sec.id, "start"))
    try:
        result = write_free(job, model, ctx, assembler, emit, stop)
    except DrafterError as exc:
        # A first pass that fails keeps its partial reply only where the section had no text before (earlier
        # text is never replaced by a fragment).
        _failed(section, sec.id, str(exc), emit, tidy(getattr(exc, "partial_text", "") or "", heading=sec.heading),
                job.source, job.instruction)
        return
    except Exception:  # a bug must not take the other sections down with it
        log.exception("section %s failed", sec.id)
        section.status = SectionStatus.FAILED
        section.error = INTERNAL
        emit(DraftEvent(sec.id, "failed", section.text, section.error))
        return
    result.record(section, job.source, job.instruction)
    emit(DraftEvent(sec.id, result.event, section.text, section.error))
