"""The ledger (台账) in the app: upload, editable mapping, counts, refused rows, merge without duplicates, class
correction, deletion, clearing, and what the review and outline show from it."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import load_example, problems

ROOT = Path(__file__).resolve().parents[2]
XLSX = ROOT / "examples" / "ledgers" / "企业党支部2025年三会一课台账.xlsx"
CSV = "时间,会议名称,摘要,类别\n2025-03-05,支部党员大会,学习全会精神,\n2025-04-01,研究发展党员,讨论,支委会\n待定,党课,讲课,党课\n"


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.success, *at.toast, *at.warning])


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="lg_upload").set_value((name, data, "application/octet-stream"))
    return at.run()


def _table(at, column: str):
    """The shown table that has this column (read-only tables carry no key)."""
    return next(d.value for d in at.dataframe if column in getattr(d.value, "columns", []))


def test_upload_remap_merge_reimport_correct_delete_clear(new_app, store):
    at = load_example(new_app(), "enterprise_ledger_summary_2025")
    at = _upload(at, "台账.csv", CSV.encode("utf-8"))
    assert not problems(at), problems(at)
    text = _texts(at)
    assert "读到记录 2 条" in text and "表头在第1行" in text
    assert "支部党员大会 1次" in text and "支委会 1次" in text
    assert "- 第4行：日期“待定”无法识别" in _texts(at)
    assert at.selectbox(key="lg_map_date").value == 0 and at.selectbox(key="lg_map_topic").value == 1
    assert at.selectbox(key="lg_map_content").value == -1  # 摘要 is not a known header: not read

    # The mapping is edited: the same cells are read again (no new upload).
    at.selectbox(key="lg_map_topic").set_value(-1)
    at.run()
    text = _texts(at)
    assert "读到记录 1 条" in text and "未读入的行（2）" in text and "- 第2行：" in text
    at.selectbox(key="lg_map_topic").set_value(1)
    at.selectbox(key="lg_map_content").set_value(2)
    at.run()
    assert "读到记录 2 条" in _texts(at)

    at.button(key="lg_merge").click()
    at.run()
    assert "已并入2条记录" in _texts(at)
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    saved = store.get(draft_id).facts.ledger
    assert [(r.topic, r.content, r.routine) for r in saved] == [
        ("支部党员大会", "学习全会精神", "party_congress"), ("研究发展党员", "讨论", "committee")]

    # Importing again adds nothing; a file with one more row adds only that row.
    at.session_state["step"] = "facts"
    at.run()
    at.button(key="lg_merge").click()
    at.run()
    assert "2条记录都已在材料中，未重复添加" in _texts(at)
    at = _upload(at, "台账2.csv", (CSV + "2025-05-06,主题党日,志愿服务,主题党日\n").encode("gb18030"))
    at.button(key="lg_merge").click()
    at.run()
    assert "已并入1条记录，2条已在材料中" in _texts(at)
    assert len(store.get(draft_id).facts.ledger) == 3

    # The secretary corrects a row's class; a later merge keeps the correction.
    at.selectbox(key="lg_pick").set_value(1)
    at.selectbox(key="lg_class").set_value("org_life")
    at.run()  # choosing reruns the page, as in the browser: the button is enabled then
    at.button(key="lg_correct").click()
    at.run()
    fixed = store.get(draft_id).facts.ledger[1]
    assert fixed.routine == "org_life" and fixed.routine_fixed
    at.button(key="lg_merge").click()
    at.run()
    assert store.get(draft_id).facts.ledger[1].routine == "org_life"
    assert "组织生活会（已改正）" in list(_table(at, "归类")["归类"])

    # Delete one row, then clear with confirmation.
    at.selectbox(key="lg_pick").set_value(0)
    at.run()
    at.button(key="lg_delete").click()
    at.run()
    assert [r.topic for r in store.get(draft_id).facts.ledger] == ["研究发展党员", "主题党日"]
    at.button(key="lg_clear").click()
    at.run()
    at.button(key="lg_clear_no").click()
    at.run()
    assert len(store.get(draft_id).facts.ledger) == 2
    at.button(key="lg_clear").click()
    at.run()
    at.button(key="lg_clear_yes").click()
    at.run()
    assert store.get(draft_id).facts.ledger == []
    assert not problems(at), problems(at)


def test_the_example_ledger_survives_a_refresh_and_feeds_review_and_outline(new_app, store):
    at = load_example(new_app(), "enterprise_ledger_summary_2025")
    at = _upload(at, XLSX.name, XLSX.read_bytes())
    text = _texts(at)
    assert "读到记录 46 条" in text and "支委会 12次" in text and "表头在第3行" in text
    assert "未读入的行（1）" in text and "- 第51行：没有日期、类别和主题" in text
    at.button(key="lg_merge").click()
    at.run()
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    assert len(store.get(draft_id).facts.ledger) == 46
    # The outline says which sections the ledger fills (the theory section has no typed fact, only records).
    told = [c.value for c in at.caption if c.value.startswith("本节写台账中的")]
    assert told and not any(c.value.startswith("本节还没有材料") for c in at.caption)

    # A refresh (a new session on the draft's link) still has the ledger.
    again = new_app(d=draft_id)
    again.session_state["step"] = "facts"
    again.run()
    assert len(_table(again, "归类")) == 46
    assert not problems(again), problems(again)

    # The review shows the month grid, and hints only as hints (the draft's text holds none).
    again.session_state["step"] = "review"
    again.run()
    grid = _table(again, "1月")
    assert grid.loc["支委会"].sum() == 12 and list(grid.columns)[:2] == ["1月", "2月"]
    assert list(grid.loc["党小组会"])[1:4] == [0, 2, 0]  # February is a gap the hint names
    hint = next(w.value for w in again.warning if "党小组会" in w.value)
    assert "2月、4月" in hint and "依据：《中国共产党支部工作条例（试行）》第十三条" in hint and "另有规定" in hint
    assert not problems(again), problems(again)


def test_a_section_without_facts_says_what_would_fill_it(new_app):
    at = new_app()
    at.text_input(key="f_name").set_value("中共测试支部委员会")
    at.number_input(key="f_year").set_value(2025)
    at.run()
    at.button(key="to_outline").click()
    at.run()
    assert not problems(at), problems(at)
    captions = [c.value for c in at.caption if c.value.startswith("本节还没有材料，可在“事实材料”的“各部分可补充的内容”中填写：")]
    assert captions and any("学习专题" in c for c in captions)


def test_a_note_typed_per_row_is_saved_and_survives_a_reimport(new_app, store):
    at = load_example(new_app(), "enterprise_ledger_summary_2025")
    at = _upload(at, "台账.csv", CSV.encode("utf-8"))
    at.button(key="lg_merge").click()
    at.run()
    draft_id = at.query_params["d"]
    at.session_state["lg_notes_open"] = True  # the note fields are drawn while their expander is open
    at.run()
    assert at.text_area(key="f_lgnote_0").value == ""
    at.text_area(key="f_lgnote_0").input("采取“书记领学+党员交流”方式，形成整改措施3条\x07")
    at.run()
    assert not problems(at), problems(at)
    saved = store.get(draft_id).facts.ledger[0]
    assert saved.note == "采取“书记领学+党员交流”方式，形成整改措施3条" and saved.note_typed
    assert store.get_form(draft_id)["ledger"][0]["note"] == saved.note
    at.run()
    assert store.get(draft_id).facts.ledger[0].note == saved.note
    assert saved.note in list(_table(at, "备注")["备注"])  # the table shows it too

    # The same ledger with a 备注 column, imported again: the note typed in the app stays; the empty one is filled.
    noted = "时间,会议名称,摘要,类别,备注\n2025-03-05,支部党员大会,学习全会精神,,文件里的备注\n" \
            "2025-04-01,研究发展党员,讨论,支委会,讨论了2名发展对象\n"
    at = _upload(at, "台账（含备注）.csv", noted.encode("utf-8"))
    at.selectbox(key="lg_map_note").set_value(4)
    at.run()
    at.button(key="lg_merge").click()
    at.run()
    assert [r.note for r in store.get(draft_id).facts.ledger] == [saved.note, "讨论了2名发展对象"]
    assert at.text_area(key="f_lgnote_1").value == "讨论了2名发展对象"

    # A note typed and the row above deleted in one run: the note stays with the row it was typed for.
    at.selectbox(key="lg_pick").set_value(0)
    at.run()
    at.text_area(key="f_lgnote_1").set_value("研究确定发展对象2名")
    at.button(key="lg_delete").click()
    at.run()
    assert [r.note for r in store.get(draft_id).facts.ledger] == ["研究确定发展对象2名"]
    assert at.text_area(key="f_lgnote_0").value == "研究确定发展对象2名"
    assert not problems(at), problems(at)

    # A refresh shows the note in its field.
    again = new_app(d=draft_id)
    again.session_state["step"] = "facts"
    again.session_state["lg_notes_open"] = True
    again.run()
    assert again.text_area(key="f_lgnote_0").value == "研究确定发展对象2名"

    # Typed, and the expander closed in the same run: the note is kept.
    again.text_area(key="f_lgnote_0").input("研究确定发展对象2名，并公示")
    again.session_state["lg_notes_open"] = False
    again.run()
    assert store.get(draft_id).facts.ledger[0].note == "研究确定发展对象2名，并公示"
