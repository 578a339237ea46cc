"""Issue 21 in AppTest: a form is a draft from its first input; 载入示例 and 全部重新生成 ask and undo; 重试 repeats."""

from __future__ import annotations

import datetime as dt

from drafter.errors import ServerDownError
from tests.ui.conftest import load_example, problems, section_areas


def _to_draft_step(at):
    at.button(key="to_outline").click()
    at.run()
    at.button(key="to_draft").click()
    return at.run()


def test_first_input_makes_a_draft_that_a_new_session_reopens(new_app, store):
    at = new_app()
    at.text_input(key="f_secretary").set_value("周敏")
    at.run()
    draft_id = at.query_params["d"]  # the URL names the draft from the first input on
    assert store.get_form(draft_id)["secretary"] == "周敏"
    again = new_app(d=draft_id)  # F5, a restart or a closed tab: the same URL
    assert again.text_input(key="f_secretary").value == "周敏" and not again.exception
    assert again.session_state["step"] == "facts"
    again.text_input(key="f_name").set_value("中共青山社区支部委员会")
    again.run()
    saved = store.get(draft_id)
    assert saved.facts.branch.name == "中共青山社区支部委员会"
    assert saved.name.startswith("中共青山社区支部委员会") and len(store.list()) == 1


def test_load_example_over_a_filled_form_asks_and_undoes(new_app, store):
    at = new_app()
    at.text_input(key="f_name").set_value("中共青山社区支部委员会")
    at.run()
    at.selectbox(key="example_pick").set_value("school_summary_2025")
    at.button(key="load_example").click()
    at.run()
    assert at.text_input(key="f_name").value == "中共青山社区支部委员会"  # asked, nothing replaced yet
    assert any("会替换您已填写的材料" in w.value for w in at.warning)
    at.button(key="confirm_load_example").click()
    at.run()
    assert at.text_input(key="f_name").value != "中共青山社区支部委员会"
    at.button(key="undo_replace").click()
    at.run()
    assert at.text_input(key="f_name").value == "中共青山社区支部委员会"
    assert store.get(at.query_params["d"]).facts.branch.name == "中共青山社区支部委员会"


def test_redraft_keeps_hand_edited_sections_and_undoes(new_app, store, fake_model):
    at = _to_draft_step(load_example(new_app()))
    draft_id = at.query_params["d"]
    at.button(key="draft_all").click()
    at.run()
    area = section_areas(at)[1]
    mine = area.value + "这是我亲手补写的一句。"
    area.set_value(mine)
    at.run()
    edited = store.get(draft_id).sections[1]
    at.button(key="draft_all").click()  # 全部重新生成
    at.run()
    assert any(edited.heading in w.value and "默认保留" in w.value for w in at.warning)
    calls = len(fake_model.calls)
    fake_model.default = "支部把学习成果转化为推动工作的实际成效，党员的先锋作用更加突出。"
    at.button(key="confirm_redraft_go").click()
    at.run()
    assert not problems(at), problems(at)
    assert len(fake_model.calls) > calls
    after = store.get(draft_id)
    assert after.sections[1].text == edited.text  # kept by default
    # Only the others were redrafted: what 撤销本次重新生成 goes back to names exactly them.
    assert set(at.session_state["undo_run"]["marks"]) == {s.id for s in after.sections} - {edited.id}
    at.button(key="do_undo_run").click()
    at.run()
    assert "undo_run" not in at.session_state and not problems(at)


def test_retry_repeats_the_failed_rewrite_with_its_instruction(new_app, store, fake_model):
    at = _to_draft_step(load_example(new_app()))
    draft_id = at.query_params["d"]
    at.selectbox(key="provider").set_value("openai")
    at.run()
    at.text_input(key="api_key").set_value("sk-test-000")
    at.run()
    at.button(key="draft_all").click()
    at.run()
    sec = store.get(draft_id).sections[1]
    for _ in range(30):
        fake_model.enqueue("", error=ServerDownError("模型服务没有响应", hint="请稍后重试"))
    at.text_input(key=f"instr_{draft_id}_{sec.id}").set_value("更简练一些")
    at.button(key=f"regen_{sec.id}").click()
    at.run()
    infos = [i.value for i in at.info if "这次没有写成" in i.value]
    assert len(infos) == 1 and "（模型服务没有响应" not in infos[0]  # one banner, no nested parentheses
    assert not any("这次没有写成" in w.value for w in at.warning)
    fake_model._queue.clear()
    at.text_input(key=f"instr_{draft_id}_{sec.id}").set_value("")  # the box was cleared; the retry remembers
    at.run()
    calls = len(fake_model.calls)
    at.button(key=f"retry_{sec.id}").click()
    at.run()
    assert len(fake_model.calls) > calls
    assert "更简练一些" in str(fake_model.calls[calls].messages)


def test_activity_rows_take_typed_dates_and_say_which_is_unreadable(new_app, store):
    at = new_app()
    at.text_input(key="f_name").set_value("中共青山社区支部委员会")
    at.run()
    at.button(key="add_activities").click()
    at.run()
    at.button(key="add_activities").click()
    at.run()
    at.text_input(key="f_activities_0_date").set_value("3月5日")
    at.text_input(key="f_activities_0_title").set_value("学雷锋主题党日")
    at.text_input(key="f_activities_1_date").set_value("2025/13/5")
    at.text_input(key="f_activities_1_title").set_value("专题党课")
    at.text_input(key="f_sig").set_value("2025年12月6日")
    at.run()
    assert any("活动一览第2行" in e.value and "2025/13/5" in e.value for e in at.error)
    at.text_input(key="f_activities_1_date").set_value("2025-04-16")
    at.run()
    assert not at.error
    facts = store.get(at.query_params["d"]).facts
    year = facts.year
    assert [a.date for a in facts.activities] == [dt.date(year, 3, 5), dt.date(2025, 4, 16)]
    assert facts.signature_date == dt.date(2025, 12, 6)
    at.button(key="del_activities_0").click()
    at.run()
    assert at.text_input(key="f_activities_0_title").value == "专题党课"
    assert [a.title for a in store.get(at.query_params["d"]).facts.activities] == ["专题党课"]


def test_a_hand_edit_clears_the_run_message_and_an_order_finding_is_fixed_in_one_click(new_app, store):
    at = _to_draft_step(load_example(new_app()))
    draft_id = at.query_params["d"]
    at.button(key="draft_all").click()
    at.run()
    sec = store.get(draft_id).sections[1]
    at.button(key=f"regen_{sec.id}").click()
    at.run()
    assert at.session_state["last_run"]["section"] == sec.id
    section_areas(at)[1].set_value("支部引导党员牢固树立大局意识、政治意识、核心意识、看齐意识。")
    at.run()
    assert "last_run" not in at.session_state and not problems(at)
    assert not any("重写" in m.value for m in [*at.info, *at.success] if "文字留在本机" not in m.value)
    at.session_state["step"] = "review"
    at.run()
    fix = next(b for b in at.button if (b.key or "").startswith(f"fix_{sec.id}_") and "政治意识、大局意识" in (b.help or ""))
    fix.click()
    at.run()
    assert store.get(draft_id).section(sec.id).text == "支部引导党员牢固树立政治意识、大局意识、核心意识、看齐意识。"
