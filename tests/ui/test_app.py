"""The main flows through the real app script (AppTest), with FakeChatModel as the model."""

from __future__ import annotations

import pytest

from drafter.documents.draft import VersionSource
from tests.ui.conftest import load_example, problems, section_areas


def _to_draft_step(at):
    at.button(key="to_outline").click()
    at.run()
    at.button(key="to_draft").click()
    return at.run()


def test_blank_start_and_chinese_messages_next_to_fields(new_app, store):
    at = new_app()
    assert not problems(at)
    assert [t.label for t in at.tabs][:3] == ["① 事实材料", "② 提纲", "③ 文稿"]
    assert any("文字留在本机" in s.value for s in at.success)  # the indicator, local by default
    at.selectbox(key="f_kind").set_value("thematic_summary")
    at.text_input(key="f_secretary").set_value("周敏")
    at.run()
    assert any("支部信息的名称" in e.value for e in at.error)
    assert at.button(key="to_outline").disabled
    at.text_input(key="f_name").set_value("中共测试支部委员会")
    at.run()
    assert any("专题名称" in e.value for e in at.error) and not any("支部信息" in e.value for e in at.error)
    # Nothing typed is lost: the first input made a draft (provisional until the form is valid), named in the URL.
    saved = store.list()
    assert len(saved) == 1 and at.query_params["d"] == saved[0].id
    assert store.get_form(saved[0].id)["secretary"] == "周敏"


def test_fill_facts_by_hand_then_outline_saves_the_draft(new_app, store):
    at = new_app()
    at.text_input(key="f_name").set_value("中共测试村支部委员会")
    at.text_input(key="f_short_name").set_value("测试村党支部")
    at.number_input(key="f_year").set_value(2025)
    at.selectbox(key="f_org_type").set_value("village")
    at.number_input(key="f_total").set_value(23)
    at.text_area(key="f_achievements").set_value("村党支部被评为先进基层党组织\n\n")
    at.text_area(key="f_shortcomings").set_value("党员老龄化")
    at.run()
    assert not problems(at)
    at.button(key="to_outline").click()
    at.run()
    assert not problems(at)
    draft_id = at.query_params["d"]
    saved = store.get(draft_id)
    assert saved.facts.branch.short_name == "测试村党支部" and saved.facts.members.total == 23
    assert saved.facts.achievements == ["村党支部被评为先进基层党组织"]
    assert saved.title.startswith("测试村党支部2025年")
    # Later form edits are saved as they happen.
    at.session_state["step"] = "facts"
    at.run()
    at.text_input(key="f_secretary").set_value("李红")
    at.run()
    assert store.get(draft_id).facts.branch.secretary == "李红"


def test_draft_edit_regenerate_restore_export_reopen(new_app, store, fake_model):
    at = load_example(new_app())
    at = _to_draft_step(at)
    draft_id = at.query_params["d"]
    at.button(key="draft_all").click()
    at.run()
    assert not problems(at), problems(at)
    saved = store.get(draft_id)
    assert all(s.text for s in saved.sections)
    assert fake_model.calls
    areas = section_areas(at)
    assert len(areas) == len(saved.sections) and areas[1].value == saved.sections[1].text

    # Edit one section by hand: saved as a hand-edit version.
    sec = saved.sections[1]
    areas[1].set_value("手工修改后的这一节内容。")
    at.run()
    after_edit = store.get(draft_id).section(sec.id)
    assert after_edit.text == "手工修改后的这一节内容。" and after_edit.versions[-1].source == VersionSource.EDITED

    # Regenerate that section with an instruction: the model sees the instruction, a new version is kept.
    calls = len(fake_model.calls)
    fake_model.enqueue("按要求重写后的这一节，更加简练。")
    at.text_input(key=f"instr_{draft_id}_{sec.id}").set_value("更简练")
    at.button(key=f"regen_{sec.id}").click()
    at.run()
    assert not problems(at), problems(at)
    assert len(fake_model.calls) > calls
    assert "更简练" in str(fake_model.calls[calls].messages)
    regen = store.get(draft_id).section(sec.id)
    assert regen.versions[-1].source == VersionSource.REGENERATED
    assert "按要求重写" in regen.text
    assert section_areas(at)[1].value == regen.text

    # Restore the hand-edited version from the history.
    edited_index = max(i for i, v in enumerate(regen.versions) if v.source == VersionSource.EDITED)
    at.button(key=f"restore_{sec.id}_{edited_index}").click()
    at.run()
    restored = store.get(draft_id).section(sec.id)
    assert restored.text == "手工修改后的这一节内容。" and restored.versions[-1].source == VersionSource.RESTORED
    assert section_areas(at)[1].value == restored.text

    # Export: both downloads offered under the branch/year/kind name.
    at.session_state["step"] = "export"
    at.run()
    assert not problems(at)
    labels = [b.proto.label for b in at.get("download_button")]
    names = [b.proto.file_name if hasattr(b.proto, "file_name") else "" for b in at.get("download_button")]
    assert any("Word" in x for x in labels) and any("Markdown" in x for x in labels)
    assert "青湖实验小学党支部-2025年度工作总结.docx" in str([b.proto for b in at.get("download_button")]) or names

    # Review tab carries a count and lists findings per section.
    review_label = next(t.label for t in at.tabs if t.label.startswith("④"))
    assert review_label.startswith("④ 审校")

    # A new session (refresh / another browser) opening ?d=<id> finds the draft intact.
    again = new_app(d=draft_id)
    assert not problems(again)
    assert again.session_state["draft"].id == draft_id
    assert again.session_state["draft"] == store.get(draft_id)
    assert [ta.value for ta in section_areas(again)] == [s.text for s in store.get(draft_id).sections]


def test_outline_edits_are_saved_and_followed(new_app, store, fake_model):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    outline = store.get(draft_id).outline
    body = [s for s in outline.sections if s.role == "body"]
    first, second = body[0], body[1]
    at.text_input(key=f"h_{draft_id}_{first.id}_{first.heading}").set_value("加强理论学习")
    at.run()
    at.button(key=f"down_{first.id}").click()
    at.run()
    at.button(key=f"rm_{second.id}").click()
    at.run()
    ref = store.get(draft_id).outline.section(first.id).fact_refs[0]
    target = outline.sections[-1].id
    at.selectbox(key=f"mv_{draft_id}_{ref}_{first.id}").set_value(target)
    at.run()
    current = store.get(draft_id).outline.total_chars
    # The embedded model's path writes what the facts support: no length setting is offered there.
    assert not [b for b in at.button_group if b.key == f"length_{draft_id}_{current}"]
    assert any("不能按字数设定" in c.value for c in at.caption)
    at.selectbox(key="provider").set_value("openai")
    at.run()
    at.button_group(key=f"length_{draft_id}_{current}").set_value(5000)
    at.run()
    assert not problems(at), problems(at)
    o = store.get(draft_id).outline
    ids = [s.id for s in o.sections]
    assert o.section(first.id).heading == "加强理论学习"
    assert second.id not in ids
    assert ref in o.section(target).fact_refs and ref not in o.section(first.id).fact_refs
    assert abs(o.total_chars - 5000) < 200
    d = store.get(draft_id)
    assert [s.id for s in d.sections] == ids and len(d.outline_history) >= 4

    # Add a section with its own purpose and length, through the form.
    next(t for t in at.text_input if t.label == "标题").set_value("深化作风建设")
    next(t for t in at.text_input if t.label == "这一节写什么").set_value("作风建设的做法与成效")
    next(n for n in at.number_input if n.label == "目标字数").set_value(350)
    next(b for b in at.button if b.label == "新增").click()
    at.run()
    assert not problems(at), problems(at)
    added = [s for s in store.get(draft_id).outline.sections if s.heading == "深化作风建设"]
    assert added and added[0].purpose == "作风建设的做法与成效" and added[0].target_chars == 350
    assert any(s.id == added[0].id for s in store.get(draft_id).sections)

    # The draft follows the edited outline: its order, the renamed heading and the added section reach the model.
    at.button(key="to_draft").click()
    at.run()
    at.button(key="draft_all").click()
    at.run()
    assert not problems(at), problems(at)
    d = store.get(draft_id)
    assert [s.id for s in d.sections] == [s.id for s in d.outline.sections] and all(s.text for s in d.sections)
    prompts = str([c.messages for c in fake_model.calls])
    # The embedded model composes from the template and the facts (the heading is the document's, not the
    # prompt's); the added section has no facts, so the model writes it from its heading and purpose.
    assert any(s.heading.endswith("加强理论学习") for s in d.sections)
    assert "深化作风建设" in prompts and "作风建设的做法与成效" in prompts


def test_sidebar_rename_duplicate_delete_with_confirmation(new_app, store):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    at.text_input(key=f"rename_{draft_id}").set_value("我的年终总结")
    at.button(key="do_rename").click()
    at.run()
    assert store.get(draft_id).name == "我的年终总结"
    at.button(key="do_duplicate").click()
    at.run()
    copy_id = at.query_params["d"]
    assert copy_id != draft_id and store.get(copy_id).name == "我的年终总结（副本）"
    at.button(key="ask_delete").click()
    at.run()
    assert store.get(copy_id) is not None  # asked, not yet deleted
    at.button(key="do_delete").click()
    at.run()
    assert store.get(copy_id) is None and "d" not in at.query_params
    at.button(key=f"open_{draft_id}").click()
    at.run()
    assert at.query_params["d"] == draft_id and at.session_state["draft"].name == "我的年终总结"


def test_two_sessions_never_mix(new_app, store):
    a = load_example(new_app())
    a.button(key="to_outline").click()
    a.run()
    b = load_example(new_app(), "hospital_plan_2026")
    b.button(key="to_outline").click()
    b.run()
    assert a.query_params["d"] != b.query_params["d"]
    a.run()
    assert a.session_state["draft"].kind == "annual_summary" and b.session_state["draft"].kind == "annual_plan"


def test_password_asked_first(new_app, monkeypatch):
    monkeypatch.setenv("DRAFTER_PASSWORD", "s3cret-口令")
    at = new_app()
    assert not at.tabs and at.text_input(key="password_input")
    at.text_input(key="password_input").set_value("wrong")
    at.button[0].click()
    at.run()
    assert any("密码不正确" in e.value for e in at.error) and not at.tabs
    at.text_input(key="password_input").set_value("s3cret-口令")
    at.button[0].click()
    at.run()
    assert at.tabs and "password_input" not in at.session_state


def test_cloud_provider_with_marked_material_is_blocked(new_app, store, fake_model, env):
    at = load_example(new_app())
    at.text_area(key="f_highlights").set_value("机密★ 内部资料 注意保密")
    at.run()
    at = _to_draft_step(at)
    at.selectbox(key="provider").set_value("openai")
    at.run()
    assert any("文字将发送到云端" in w.value for w in at.warning)
    secret = "sk-test-session-only-0000"
    at.text_input(key="api_key").set_value(secret)
    at.button(key="draft_all").click()
    at.run()
    assert any("密级" in e.value and "本机" in e.value for e in at.error)
    assert not fake_model.calls and not env  # nothing was sent, no model was even built
    assert secret not in str(dict(at.query_params))
    assert all(secret not in (store.get(r.id).model_dump_json() + str(store.get_form(r.id)))
               for r in store.list())
    # Back to the embedded model: the same material may be drafted.
    at.selectbox(key="provider").set_value("local")
    at.button(key="draft_all").click()
    at.run()
    assert fake_model.calls and not any("密级" in e.value for e in at.error)


def test_model_error_is_shown_in_chinese_and_nothing_is_lost(new_app, store, fake_model):
    from drafter.errors import ServerDownError

    at = _to_draft_step(load_example(new_app()))
    draft_id = at.query_params["d"]
    for _ in range(40):
        fake_model.enqueue("写到一半", error=ServerDownError("无法连接模型服务", hint="请检查网络"))
    at.button(key="draft_all").click()
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error) + " ".join(w.value for w in at.warning)
    assert "无法连接模型服务" in shown or "未完成" in shown or "失败" in shown
    assert store.get(draft_id) is not None and at.session_state["form"]["name"] == "中共青湖实验小学支部委员会"


def test_review_counts_in_tab_and_jumps_to_section(new_app, fake_model):
    at = _to_draft_step(load_example(new_app()))
    at.button(key="draft_all").click()
    at.run()
    area = section_areas(at)[1]
    area.set_value(area.value + "全年开展活动XX次。")  # a placeholder the review must report
    at.run()
    at.session_state["step"] = "review"
    at.run()
    label = next(t.label for t in at.tabs if t.label.startswith("④"))
    assert label.startswith("④ 审校（") and not problems(at)
    assert at.markdown and any("<mark" in m.value for m in at.markdown)  # offending text highlighted
    jump = next(b for b in at.button if b.key and b.key.startswith("jump_"))
    jump.click()
    at.run()
    assert at.session_state["step"] == "draft" and section_areas(at)


def test_samples_panel_auto_choice_and_override(new_app):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    assert any("参考范文" in e.label for e in at.expander)
    assert at.session_state["sample_ids"] is None  # automatic by default
    at.toggle(key="samples_manual").set_value(True)
    at.run()
    picked = at.multiselect(key="samples_pick")
    from drafter.drafting.samples import SampleLibrary
    from drafter.settings import RESOURCE_ROOT

    ids = [s.id for s in SampleLibrary.load(RESOURCE_ROOT / "samples")]
    assert len(picked.options) == len(ids)  # every sample of the library can be chosen
    picked.set_value(ids[-1:])
    at.run()
    assert at.session_state["sample_ids"] == ids[-1:] and not problems(at)
    assert any("所选范文约" in c.value for c in [*at.caption, *at.warning])


@pytest.mark.parametrize("example", ["hospital_plan_2026", "community_thematic_2025", "village_summary_2025"])
def test_every_example_kind_drafts_and_exports(new_app, store, example):
    at = load_example(new_app(), example)
    assert not problems(at)
    at = _to_draft_step(at)
    at.button(key="draft_all").click()
    at.run()
    assert not problems(at), problems(at)
    saved = store.get(at.query_params["d"])
    # a themed section with no material is left empty and says what would fill it (no general sentences)
    assert all(s.text or "未起草" in (s.error or "") for s in saved.sections)
    for step in ("review", "export", "facts", "outline"):
        at.session_state["step"] = step
        at.run()
        assert not problems(at), (step, problems(at))
    assert store.get(saved.id).facts == saved.facts  # visiting the form does not alter the saved facts


def test_facts_changed_after_outline_edits_keep_the_edits_and_place_new_facts(new_app, store):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    first = next(s for s in store.get(draft_id).outline.sections if s.role == "body")
    at.text_input(key=f"h_{draft_id}_{first.id}_{first.heading}").set_value("我们改过的标题")
    at.run()
    at.session_state["step"] = "facts"
    at.run()
    at.text_area(key="f_achievements").set_value(at.text_area(key="f_achievements").value + "\n新增的一项荣誉")
    at.run()
    assert not problems(at)
    d = store.get(draft_id)
    assert d.outline.section(first.id).heading == "我们改过的标题"
    assert "新增的一项荣誉" in d.facts.achievements
    placed = [r for s in d.outline.sections for r in s.fact_refs]
    assert sorted(placed) == sorted(it.ref for it in d.facts.items())  # every fact in exactly one section


def test_template_first_draft_without_a_model(new_app, store, fake_model, env):
    at = _to_draft_step(load_example(new_app()))
    at.button(key="draft_template").click()
    at.run()
    assert not problems(at)
    saved = store.get(at.query_params["d"])
    assert all(s.text for s in saved.sections) and all(s.versions[-1].source == "template" for s in saved.sections)
    assert not fake_model.calls and not env  # no model was built or called
    assert [ta.value for ta in section_areas(at)] == [s.text for s in saved.sections]


def test_failed_sections_get_a_badge_and_a_retry(new_app, store, fake_model):
    from drafter.errors import ServerDownError

    at = _to_draft_step(load_example(new_app()))
    draft_id = at.query_params["d"]
    for _ in range(60):
        fake_model.enqueue("", error=ServerDownError("无法连接模型服务", hint="请检查网络"))
    at.button(key="draft_all").click()
    at.run()
    assert not at.exception
    # the compose path keeps what it wrote before the model failed: those sections are not written to their end
    failed = [s for s in store.get(draft_id).sections if s.status in ("failed", "cut_off")]
    assert failed
    assert any("生成失败" in e.value for e in at.error) or any("未写完：无法连接模型服务" in w.value for w in at.warning)
    sec = failed[0]
    fake_model._queue.clear()
    fake_model.enqueue("支部坚持重试后写出的这一节内容，组织党员集中学习。")
    at.button(key=f"retry_{sec.id}").click()
    at.run()
    assert not at.exception
    again = store.get(draft_id).section(sec.id)
    assert again.status != "failed" and again.text
    assert at.button(key="draft_missing")  # 补写未完成的 n 节 for the rest


def test_suggested_title_and_headings_are_shown_and_applied_only_on_accept(new_app, store, fake_model):
    at = load_example(new_app())
    at.button(key="to_outline").click()
    at.run()
    draft_id = at.query_params["d"]
    fake_model.enqueue("学思践悟强根基\n凝心聚力强堡垒\n正风肃纪强作风\n担当作为促发展")
    fake_model.enqueue("青湖实验小学党支部2025年度党建工作总结")
    at.button(key="suggest_outline").click()
    at.run()
    shown = " ".join(m.value for m in at.markdown)
    assert "青湖实验小学党支部2025年度党建工作总结" in shown and "学思践悟强根基" in shown
    assert store.get(draft_id).title == "青湖实验小学党支部2025年度工作总结"  # not applied by itself
    at.button(key="accept_suggestion").click()
    at.run()
    saved = store.get(draft_id)
    assert saved.title == "青湖实验小学党支部2025年度党建工作总结"
    assert saved.outline.sections[1].heading == "学思践悟强根基"
