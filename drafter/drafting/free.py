"""The free path's writer: the model writes a whole section; its sentences are filtered, facts it left out are
back-filled, and a short reply is continued. Returns one SectionResult, as compose.py does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from drafter.documents.draft import Dropped, SectionStatus, Span, VersionSource
from drafter.documents.outline import OutlineSection
from drafter.drafting.context import EngineContext
from drafter.drafting.events import DraftEvent, OnEvent, SectionResult
from drafter.drafting.postprocess import last_sentence_end, tidy
from drafter.drafting.sentence_filter import Assembler
from drafter.errors import DrafterError
from drafter.llm.base import ChatModel, ChatResult
from drafter.text.clean import count_chars

SHORT = 0.8  # a reply under this share of the target is continued
MIN_ADDITION = 10  # characters: a continuation adding less than this ends the attempts


@dataclass
class SectionJob:
    """One section for the free writer: the request, the tail the text must end with, how it is recorded."""

    section: OutlineSection
    messages: list[dict[str, str]]
    tail: str
    source: VersionSource
    instruction: str | None = None


def write_free(job: SectionJob, model: ChatModel, ctx: EngineContext, assembler: Assembler, emit: OnEvent,
               stop: threading.Event) -> SectionResult:
    """Stream, tidy, filter and back-fill, continue when short. A failed continuation keeps the first pass (with
    a note); a failed first pass raises the DrafterError (its partial_text is the raw reply so far)."""
    sec, messages, tail = job.section, job.messages, job.tail
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
            short = count_chars(text) < sec.target_chars * SHORT
            if not short or cut_off or stop.is_set() or result.finish_reason == "stopped":
                break
            more = sec.target_chars - count_chars(text)
            follow = messages + [{"role": "assistant", "content": text},
                                 {"role": "user", "content": ctx.prompts.render(ctx.continue_prompt, more=more,
                                                                                 heading=_bare(sec.heading))}]
            result = _stream(model, follow, ctx.max_tokens(more), sec.id, emit, stop,
                             lambda r, b=text: accepted(r, b + "\n"))
            addition, cut_off = _whole_sentences(tidy(result.text, heading=sec.heading), result.cut_off)
            if count_chars(addition) < MIN_ADDITION:
                break
            assembly = assembler.assemble(_join(text, addition, tail), sec, tail=tail)
            text = assembly.text
            kept |= assembly.kept
            added |= assembly.added
            dropped += assembly.dropped
    except DrafterError as exc:
        if not text:
            raise
        return SectionResult(text, "free", error=f"补充字数时出错，保留了已写好的部分：{exc}")
    stopped = stop.is_set() or result.finish_reason == "stopped"
    if not (cut_off or stopped):
        text = assembler.with_lead(text, sec)
    assembly.text, assembly.kept, assembly.added = text, kept, added
    error = ("已停止生成，保留了已生成的文字" if stopped
             else "回复达到长度上限被截断，可重写本节或手工补全" if cut_off else None)
    return SectionResult(text, "free", spans=[Span(text=t, source=src) for t, src in assembly.spans()],
                         dropped=[Dropped(text=t, reason=r) for t, r in dropped],
                         status=SectionStatus.CUT_OFF if (cut_off or stopped) else SectionStatus.DONE, error=error)


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
