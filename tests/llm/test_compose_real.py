"""The compose path on the real embedded model: facts from the template, model sentences that pass the checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drafter.documents.draft import new_draft
from drafter.drafting.compose import check_effect
from drafter.drafting.context import EngineContext
from drafter.drafting.engine import default_outline, draft_document
from drafter.drafting.samples import SampleLibrary
from drafter.facts.load import load_facts_file
from drafter.llm import make_model, stop_local_server
from drafter.settings import Settings
from tests.support.local import local_model_settings

pytestmark = pytest.mark.slow  # one section: about 5 short model calls


@pytest.fixture
def settings(tmp_path) -> Iterator[Settings]:
    yield local_model_settings(tmp_path)
    stop_local_server()


def test_one_section_composed_on_the_embedded_model(settings: Settings) -> None:
    ctx = EngineContext.create(settings, samples=SampleLibrary.from_settings(settings))
    facts = load_facts_file(settings.examples_dir / "village_summary_2025.yaml")
    draft = new_draft(facts, default_outline(facts, ctx))
    model = make_model(settings)
    events = []
    draft_document(draft, model, ctx, only=["service"], on_event=events.append)
    model.close()
    section = draft.section("service")
    version = section.versions[-1]
    assert section.status == "done" and version.path == "compose"
    for must in ("7月8日", "47人", "8.6万斤", "52万元"):  # (the honour 市级美丽乡村示范村 opens the document)
        assert must in section.text
    assert "".join(e.text for e in events if e.type == "delta") == section.text
    composer = ctx.composer(facts)
    for span in version.spans:
        if span.source == "model":  # what the model wrote passed the checks and is still acceptable on its own
            assert check_effect(span.text, "", composer.ctx, "")[1] is None, span.text
    assert version.spans and all(s.source in ("model", "template") for s in version.spans)
