"""The drafting job behind 生成全文: runs in a thread, streams progress, stops on request, saves what it wrote."""

from __future__ import annotations

import logging
import time

from drafter.drafting import engine
from drafter.drafting.context import EngineContext
from drafter.errors import StoreError
from drafter.facts.load import load_facts_file
from drafter.settings import RESOURCE_ROOT, load_settings
from drafter.storage.store import DraftStore
from tests.fakes import FakeChatModel
from ui import jobs


def test_stop_keeps_what_was_written_and_saves_it(tmp_path):
    settings = load_settings({"DRAFTER_DATA_DIR": str(tmp_path), "DRAFTER_CONCURRENCY": "1", "DRAFTER_DRAFT_PATH": "free"})
    ctx = EngineContext.create(settings, max_continuations=0)
    facts = load_facts_file(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")
    draft = engine.template_draft(facts, ctx)
    for sec in draft.sections:  # start from empty sections, as a new draft does
        sec.text, sec.versions = "", []
    store = DraftStore(settings.db_url)
    store.save(draft)
    model = FakeChatModel(default="支部认真落实三会一课制度，组织党员集中学习。" * 20, chunk=4)
    for _ in range(len(draft.sections)):
        model.enqueue("支部认真落实三会一课制度，组织党员集中学习。" * 20, delay=0.01)
    job = jobs.start(draft, [s.id for s in draft.sections], "生成全文", store,
                     lambda work, j: engine.draft_document(work, model, ctx, on_event=j.on_event, stop=j.stop))
    deadline = time.monotonic() + 10
    while not any(p.chars for p in job.progress.values()) and time.monotonic() < deadline:
        time.sleep(0.01)
    writing = [p for p in job.progress.values() if p.status == "delta"]
    assert job.running and writing and not any(p.text for p in writing)  # a count while writing, no raw text
    job.stop.set()
    assert job.done.wait(10)
    assert job.error is None and job.result is not None
    saved = store.get(draft.id)
    assert saved == job.result
    written = [s for s in saved.sections if s.text]
    assert written and len(written) < len(saved.sections)  # stopped early, nothing written is lost
    assert draft.sections[0].text == ""  # the session's draft is untouched until the job is adopted
    store.close()


def test_each_finished_section_is_saved_while_the_job_runs(tmp_path):
    settings = load_settings({"DRAFTER_DATA_DIR": str(tmp_path), "DRAFTER_CONCURRENCY": "1", "DRAFTER_DRAFT_PATH": "free"})
    ctx = EngineContext.create(settings, max_continuations=0)
    facts = load_facts_file(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")
    draft = engine.template_draft(facts, ctx)
    for sec in draft.sections:
        sec.text, sec.versions = "", []
    store = DraftStore(settings.db_url)
    store.save(draft)
    gate = __import__("threading").Event()
    text = "支部认真落实三会一课制度，组织党员集中学习。" * 10

    def reply(messages):
        if len(model.calls) > 1:
            gate.wait(10)  # hold the second section until the first is checked in the database
        return text

    model = FakeChatModel(default=reply)
    job = jobs.start(draft, [s.id for s in draft.sections], "生成全文", store,
                     lambda work, j: engine.draft_document(work, model, ctx, on_event=j.on_event, stop=j.stop))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not store.get(draft.id).sections[0].text:
        time.sleep(0.02)
    assert store.get(draft.id).sections[0].text  # saved before the job ended
    assert job.running
    gate.set()
    assert job.done.wait(20) and job.error is None
    assert all(s.text for s in store.get(draft.id).sections)
    store.close()


def test_a_failed_save_while_running_is_logged(tmp_path, caplog):
    settings = load_settings({"DRAFTER_DATA_DIR": str(tmp_path), "DRAFTER_CONCURRENCY": "1", "DRAFTER_DRAFT_PATH": "free"})
    ctx = EngineContext.create(settings, max_continuations=0)
    facts = load_facts_file(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")
    draft = engine.template_draft(facts, ctx)
    store = DraftStore(settings.db_url)
    real_save, calls = store.save, []

    def flaky_save(d):
        calls.append(d.id)
        if len(calls) == 1:
            raise StoreError("数据库暂时不可用")
        return real_save(d)

    store.save = flaky_save  # type: ignore[method-assign]
    model = FakeChatModel(default="支部认真落实三会一课制度，组织党员集中学习。" * 10)
    with caplog.at_level(logging.WARNING, logger="drafter.ui"):
        job = jobs.start(draft, [draft.sections[0].id], "生成全文", store,
                         lambda work, j: engine.draft_document(work, model, ctx, on_event=j.on_event, stop=j.stop,
                                                               only=[draft.sections[0].id]))
        assert job.done.wait(10)
    assert job.error is None and store.get(draft.id) is not None  # the final save still counts
    assert any("saving draft" in r.getMessage() and "数据库暂时不可用" in (r.exc_text or "") for r in caplog.records)
    store.close()
