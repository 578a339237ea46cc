"""The export step offers the two annexes only for a draft whose facts hold a ledger."""

from __future__ import annotations

from tests.documents.export.conftest import ledger_draft, make_draft
from tests.ui.conftest import problems


def _export_step(new_app, draft_id: str):
    at = new_app(d=draft_id)
    at.session_state["step"] = "export"
    return at.run()


def test_annex_boxes_only_with_a_ledger(new_app, store, tmp_path):
    with_ledger = store.save(ledger_draft(tmp_path / "ld"))
    at = _export_step(new_app, with_ledger.id)
    assert not problems(at), problems(at)
    boxes = {c.key: c for c in at.checkbox}
    assert boxes["export_annex"].label == "附件：全年活动一览（来自台账）"
    assert boxes["export_grid"].label == "附件：逐月开展情况表"
    assert not boxes["export_annex"].value and not boxes["export_grid"].value
    boxes["export_annex"].check()
    boxes["export_grid"].check()
    at.run()
    assert not problems(at), problems(at)  # the Word file is built with both annexes without an error

    plain = store.save(make_draft())
    at = _export_step(new_app, plain.id)
    assert not problems(at), problems(at)
    assert not {"export_annex", "export_grid"} & {c.key for c in at.checkbox}
