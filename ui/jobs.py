"""A drafting job: the engine runs in a worker thread; the page shows its progress from the events."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drafter.documents.draft import Draft
from drafter.drafting.events import SectionProgress
from drafter.errors import ConflictError, DrafterError
from drafter.storage.store import DraftStore

JOB = "job"  # session key
log = logging.getLogger("drafter.ui")


@dataclass
class Job:
    """One run of the engine over a copy of the draft; the copy is saved and returned when it ends."""

    draft_id: str
    section_ids: list[str]
    label: str
    stop: threading.Event = field(default_factory=threading.Event)
    progress: dict[str, SectionProgress] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)
    result: Draft | None = None
    error: str | None = None
    thread: threading.Thread | None = None
    note: str | None = None  # what the page says with the outcome (e.g. an instruction this path cannot honour)

    def on_event(self, ev: Any) -> None:
        """Called by the engine from its worker threads; only plain attribute updates (GIL-atomic)."""
        self.progress.setdefault(ev.section_id, SectionProgress()).apply(ev)

    @property
    def running(self) -> bool:
        """Still working."""
        return not self.done.is_set()

    def counts(self) -> tuple[int, int]:
        """(sections finished, sections in the job)."""
        ended = sum(1 for sid in self.section_ids
                    if self.progress.get(sid, SectionProgress()).status in ("done", "cut_off", "failed"))
        return ended, len(self.section_ids)


def start(draft: Draft, section_ids: list[str], label: str, store: DraftStore,
          run: Callable[[Draft, Job], Draft]) -> Job:
    """Start `run(copy_of_draft, job)` in a thread; whatever it returns (or the partial copy) is saved."""
    work = draft.model_copy(deep=True)
    job = Job(draft_id=draft.id, section_ids=section_ids, label=label)
    for sid in section_ids:
        job.progress[sid] = SectionProgress()

    lock = threading.Lock()
    events = job.on_event

    def on_event(ev: Any) -> None:
        events(ev)
        if ev.type in ("done", "cut_off", "failed"):
            # Save each finished section at once: a crash or restart mid-run loses at most the sections in flight.
            try:
                with lock:
                    store.save(work)
            except Exception:  # noqa: BLE001 - the save at the end is the one that counts, but say this one failed
                log.exception("saving draft %s after section %s failed", draft.id, ev.section_id)

    job.on_event = on_event  # type: ignore[method-assign]

    def worker() -> None:
        try:
            job.result = run(work, job)
        except DrafterError as exc:
            job.error = str(exc)
            job.result = work  # the engine updates the draft in place: keep what was written
        except Exception:  # noqa: BLE001 - shown to the user in Chinese, logged here
            log.exception("drafting job %s failed", draft.id)
            job.error = "生成时出现意外错误，已记录日志。已生成的内容已保存，可重试。"
            job.result = work
        try:
            with lock:
                store.save(job.result)
        except ConflictError as exc:  # saved elsewhere meanwhile: the run's texts are kept there as versions
            job.result = exc.draft
            job.error = (job.error + "；" if job.error else "") + str(exc)
        except DrafterError as exc:
            log.warning("saving draft %s at the end of the job failed: %s", draft.id, exc)
            job.error = (job.error + "；" if job.error else "") + str(exc)
        finally:
            job.done.set()

    job.thread = threading.Thread(target=worker, name=f"drafter-job-{draft.id}", daemon=True)
    job.thread.start()
    return job
