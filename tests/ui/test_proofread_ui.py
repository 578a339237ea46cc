"""Proofreading in the app: word lists managed in the review tab, one-click fixes, ignore, version comparison."""

from __future__ import annotations

from drafter.documents.draft import VersionSource
from drafter.proofreading.wordlists import WordLists
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


def test_word_import_and_bad_files_in_the_app(new_app, store):
    import io

    import docx

    from drafter.documents.export import to_docx

    at = _drafted(new_app)
    draft_id = at.query_params["d"]
    draft = store.get(draft_id)
    sec = draft.sections[1]
    document = docx.Document(io.BytesIO(to_docx(draft)))
    para = next(p for p in document.paragraphs if p.text == sec.text.split("\n")[0])
    for run in para.runs[1:]:
        run._r.getparent().remove(run._r)
    para.runs[0].text = "在 Word 里改过的一段,加了半角逗号。"
    buf = io.BytesIO()
    document.save(buf)

    at.session_state["step"] = "export"
    at.run()
    at.file_uploader(key="docx_upload").set_value(("总结.docx", b"not a docx at all", "application/octet-stream"))
    at.button(key="docx_import").click()
    at.run()
    # Messages from a callback are toasts (ui.state.flash), in sight wherever the user is.
    assert any("不是 Word" in e.value for e in [*at.error, *at.toast]) and store.get(draft_id).sections == draft.sections

    at.file_uploader(key="docx_upload").set_value(("总结.docx", buf.getvalue(), "application/octet-stream"))
    at.button(key="docx_import").click()
    at.run()
    assert not [str(e.value) for e in at.exception]
    assert any("已导入：1 节有修改" in s.value for s in [*at.success, *at.toast])
    saved = store.get(draft_id)
    assert saved.section(sec.id).versions[-1].source == VersionSource.WORD_IMPORT
    assert saved.section(sec.id).text.startswith("在 Word 里改过的一段")
    assert [s.text for s in saved.sections if s.id != sec.id] == [s.text for s in draft.sections if s.id != sec.id]

    # A malformed word-list file: a Chinese message, the existing list untouched.
    at.session_state["step"] = "review"
    at.run()
    at.text_input(key="wl_wrong").set_value("街道办")
    at.button(key="wl_save").click()
    at.run()
    at.file_uploader(key="wl_upload").set_value(("词表.yaml", b"entries: [wrong: x", "application/x-yaml"))
    at.button(key="wl_import").click()
    at.run()
    assert any("YAML 文件格式有误" in e.value for e in [*at.error, *at.toast])
    assert [e.wrong for e in WordLists(store).entries()] == ["街道办"]
    at.file_uploader(key="wl_upload").set_value(("词表.csv", "错误写法,建议写法\n搞定,完成\n".encode(), "text/csv"))
    at.button(key="wl_import").click()
    at.run()
    assert {e.wrong for e in WordLists(store).entries()} == {"街道办", "搞定"}
    assert any("导入 1 条" in s.value for s in [*at.success, *at.toast])


def test_word_list_edit_and_delete_in_the_app(new_app, store):
    at = new_app()
    at.session_state["step"] = "review"
    at.run()
    at.text_input(key="wl_wrong").set_value("街道办")
    at.text_input(key="wl_right").set_value("街道")
    at.button(key="wl_save").click()
    at.run()
    entry_id = WordLists(store).all()[0].id
    at.selectbox(key="wl_pick").set_value(entry_id)
    at.run()
    assert at.text_input(key="wl_wrong").value == "街道办" and at.text_input(key="wl_right").value == "街道"
    at.text_input(key="wl_right").set_value("街道办事处")
    at.button(key="wl_save").click()
    at.run()
    assert [(s.id, s.entry.right) for s in WordLists(store).all()] == [(entry_id, "街道办事处")]
    at.selectbox(key="wl_pick").set_value(entry_id)
    at.run()
    at.button(key="wl_delete").click()
    at.run()
    assert WordLists(store).all() == [] and not problems(at), problems(at)
    at.button(key="wl_save").click()  # empty form: a message, nothing saved
    at.run()
    assert any("请填写错误写法" in w.value for w in [*at.warning, *at.toast]) and WordLists(store).all() == []


def test_same_rule_in_a_section_is_one_row_with_fix_all(new_app, store):
    at = _drafted(new_app)
    draft_id = at.query_params["d"]
    sec = store.get(draft_id).sections[1]
    section_areas(at)[1].set_value("支部召开会议,学习条例,完成任务,成效明显。")
    at.run()
    at.session_state["step"] = "review"
    at.run()
    fixes = [b for b in at.button if b.key and b.key.startswith(f"fix_{sec.id}_")]
    assert [b.label for b in fixes] == ["修正全部（3处）"]
    assert any("本节共3处" in m.value for m in at.markdown)
    fixes[0].click()
    at.run()
    saved = store.get(draft_id).section(sec.id)
    assert saved.text == "支部召开会议，学习条例，完成任务，成效明显。"
    assert saved.versions[-1].source == VersionSource.PROOFREAD and not problems(at), problems(at)
