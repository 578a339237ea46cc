"""Two tabs on one draft (AppTest): the second tab's stale save is reported, and both texts are kept."""

from __future__ import annotations

from drafter.documents.draft import VersionSource
from tests.ui.conftest import load_example, section_areas


def test_two_tabs_conflict_reported_nothing_lost(new_app, store, fake_model):
    tab1 = load_example(new_app())
    tab1.button(key="to_outline").click()
    tab1.run()
    tab1.button(key="to_draft").click()
    tab1.run()
    draft_id = tab1.query_params["d"]
    tab1.button(key="draft_all").click()
    tab1.run()
    tab2 = new_app(d=draft_id)
    sec_id = store.get(draft_id).sections[1].id

    section_areas(tab1)[1].set_value("第一个标签页的修改。")
    tab1.run()
    section_areas(tab2)[1].set_value("第二个标签页的修改。")
    tab2.run()

    toasts = [t.value for t in tab2.toast]
    assert any("已在别处修改" in t for t in toasts), toasts
    sec = store.get(draft_id).section(sec_id)
    assert sec.text == "第一个标签页的修改。"
    assert any(v.text == "第二个标签页的修改。" and v.source == VersionSource.CONFLICT for v in sec.versions)
    # The second tab now shows the stored text and its next edit saves normally.
    assert section_areas(tab2)[1].value == "第一个标签页的修改。"
    section_areas(tab2)[1].set_value("合并后的文字。")
    tab2.run()
    assert store.get(draft_id).section(sec_id).text == "合并后的文字。"
