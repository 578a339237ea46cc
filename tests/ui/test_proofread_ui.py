"""Proofreading in the app: word lists managed in the review tab, one-click fixes, ignore, version comparison."""

from __future__ import annotations

from drafter.draft import VersionSource
from drafter.wordlists import WordLists
from tests.ui.conftest import load_example, problems, section_areas


def _drafted(new_app):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    at.button(key="to_draft").click()
    at.run()
    at.button(key="draft_all").click()
    return at.run()


def test_word_list_fix_ignore_and_compare(new_app, store):
    at = _drafted(new_app)
    draft_id = at.query_params["d"]
    sec = store.get(draft_id).sections[1]
    section_areas(at)[1].set_value("支部联合街道办开展活动,问题全部搞定。")
    at.run()

    # Add two word-list entries through the review tab.
    at.session_state["step"] = "review"
    at.run()
    at.text_input(key="wl_wrong").set_value("街道办")
    at.text_input(key="wl_right").set_value("街道办事处")
    at.button(key="wl_save").click()
    at.run()
    at.text_input(key="wl_wrong").set_value("搞定")
    at.button(key="wl_save").click()
    at.run()
    assert not problems(at), problems(at)
    assert {e.wrong for e in WordLists(store).entries()} == {"街道办", "搞定"}
    text = " ".join(m.value for m in at.markdown)
    assert "本单位词表" in text and "禁用词" in text

    # One-click fix: a new version "审校修改"; the half-width comma too.
    fixes = [b for b in at.button if b.key and b.key.startswith(f"fix_{sec.id}_")]
    assert len(fixes) == 2  # 街道办 and ","; 搞定 has no replacement
    fixes[0].click()
    at.run()
    saved = store.get(draft_id).section(sec.id)
    assert saved.text == "支部联合街道办事处开展活动,问题全部搞定。"
    assert saved.versions[-1].source == VersionSource.PROOFREAD

    # Ignore the banned word: remembered with the draft.
    ignore = [b for b in at.button if b.key and b.key.startswith(f"ign_{sec.id}_")]
    before = len(ignore)
    ignore[-1].click()
    at.run()
    assert store.get(draft_id).ignored == ["wordlist|搞定"]
    assert len([b for b in at.button if b.key and b.key.startswith(f"ign_{sec.id}_")]) == before - 1
    assert not problems(at), problems(at)

    # The history compares versions character by character.
    at.session_state["step"] = "draft"
    at.run()
    assert any("<ins" in m.value and "事处" in m.value for m in at.markdown)
    assert not problems(at), problems(at)
