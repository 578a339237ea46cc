"""Issue 21 in Chromium: nothing typed is lost (F5, restart), destructive buttons ask and undo, exports are current,
the export page lists open findings, the activity rows take typed dates, the facts step has no English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import (
    TIMEOUT,
    fill_facts_and_outline,
    idle,
    no_streamlit_english,
    section_texts,
    start_drafting,
    type_into,
)

pytestmark = pytest.mark.slow
NAME = "支部全称（必填）"


def _open(page, url: str) -> None:
    page.goto(url)
    page.get_by_text("党建文稿助手").first.wait_for(timeout=TIMEOUT)
    idle(page)


def _drafted(page, url: str) -> str:
    draft_id = fill_facts_and_outline(page, url)
    start_drafting(page)
    page.get_by_text("生成全文完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    return draft_id


def test_a_new_form_survives_reload_and_restart(browser, make_app):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _open(page, app.url)
    type_into(page, "支部书记", "王芳")  # not yet a valid sheet: the draft is kept all the same
    expect(page).to_have_url(re.compile(r"[?&]d=[0-9a-f]+"), timeout=TIMEOUT)
    page.reload()
    page.get_by_label(NAME, exact=True).wait_for(timeout=TIMEOUT)
    idle(page)
    expect(page.get_by_label("支部书记", exact=True)).to_have_value("王芳")
    type_into(page, NAME, "中共青山社区支部委员会")
    url = page.url
    page.close()
    app.kill()  # a crash, then a new process on the same data and a new tab on the same link

    again = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _open(page, re.sub(r"^http://127\.0\.0\.1:\d+", again.url, url))
    expect(page.get_by_label(NAME, exact=True)).to_have_value("中共青山社区支部委员会")
    expect(page.get_by_label("支部书记", exact=True)).to_have_value("王芳")
    page.close()


def test_load_example_over_a_filled_form_asks_and_undoes(browser, make_app):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _open(page, app.url)
    type_into(page, NAME, "中共青山社区支部委员会")
    panel = page.get_by_text("载入示例 / 导入导出材料（YAML）")
    if not page.get_by_role("button", name="载入示例", exact=True).is_visible():
        panel.click()
        idle(page)
    page.get_by_role("button", name="载入示例", exact=True).click()
    page.get_by_text(re.compile("会替换您已填写的材料")).wait_for(timeout=TIMEOUT)
    idle(page)
    expect(page.get_by_label(NAME, exact=True)).to_have_value("中共青山社区支部委员会")  # asked, not replaced
    page.get_by_role("button", name="确认载入示例").click()
    expect(page.get_by_label(NAME, exact=True)).not_to_have_value("中共青山社区支部委员会", timeout=TIMEOUT)
    idle(page)
    page.get_by_role("button", name="撤销载入示例").click()
    expect(page.get_by_label(NAME, exact=True)).to_have_value("中共青山社区支部委员会", timeout=TIMEOUT)
    page.close()


def test_redraft_keeps_a_hand_edited_section_by_default(browser, make_app, stub):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _drafted(page, app.url)
    area = page.locator("[class*='st-key-txt_'] textarea").nth(1)
    mine = "这是书记亲手改写的一段：支部组织党员走访困难群众，解决实际问题。"
    area.fill(mine)
    area.press("Tab")
    idle(page)
    before = len(stub.chat_requests())
    page.get_by_role("button", name="全部重新生成").click()
    page.get_by_text(re.compile("默认保留这些小节")).wait_for(timeout=TIMEOUT)
    idle(page)
    assert len(stub.chat_requests()) == before  # asked first: nothing sent yet
    page.get_by_role("button", name="确认重新生成").click()
    page.get_by_text("重新生成完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    assert len(stub.chat_requests()) > before
    assert section_texts(page)[1] == mine
    assert page.get_by_role("button", name="撤销本次重新生成").is_visible()
    page.close()


def test_yaml_export_holds_the_change_just_made(browser, make_app, tmp_path):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    fill_facts_and_outline(page, app.url)
    page.get_by_role("tab", name="① 事实材料").click()
    page.get_by_label("落款日期（留空为今天）", exact=True).wait_for(timeout=TIMEOUT)
    idle(page)
    type_into(page, "落款日期（留空为今天）", "2025年12月20日")
    page.get_by_text("载入示例 / 导入导出材料（YAML）").click()
    button = page.get_by_role("button", name="导出材料（YAML）")
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    path = tmp_path / "facts.yaml"
    info.value.save_as(path)
    assert "2025-12-20" in path.read_text(encoding="utf-8")  # the first click holds the change
    page.close()


def test_export_page_lists_a_planted_placeholder_before_the_downloads(browser, make_app, tmp_path):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    _drafted(page, app.url)
    area = page.locator("[class*='st-key-txt_'] textarea").nth(1)
    area.fill(area.input_value() + "全年开展活动XX次。")
    area.press("Tab")
    idle(page)
    page.get_by_role("tab", name="⑤ 导出").click()
    download = page.get_by_role("button", name="下载 Word 文档（.docx）")
    download.wait_for(timeout=TIMEOUT)
    idle(page)
    listing = page.locator("[class*='st-key-export_findings']")
    expect(listing).to_contain_text("XX")
    expect(listing).to_contain_text("占位符")
    jump = listing.get_by_role("button", name="跳到本节").first
    assert jump.bounding_box()["y"] < download.bounding_box()["y"]  # before the download buttons
    with page.expect_download(timeout=TIMEOUT) as info:  # and the download stays possible
        download.click()
    assert info.value.suggested_filename.endswith(".docx")
    jump.click()
    page.locator("[class*='st-key-txt_'] textarea").first.wait_for(timeout=TIMEOUT)
    page.close()


def test_activity_rows_take_typed_dates_and_the_facts_step_has_no_english(browser, make_app):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    _open(page, app.url)
    type_into(page, NAME, "中共青山社区支部委员会")
    page.get_by_role("button", name="＋ 添加一行").first.click()
    page.get_by_label("活动一览第1行·日期", exact=True).wait_for(timeout=TIMEOUT)
    idle(page)
    for typed in ("3月5日", "2025/3/5", "2025年3月5日", "2025-03-05"):
        type_into(page, "活动一览第1行·日期", typed)
        type_into(page, "活动一览第1行·活动名称", "学雷锋主题党日")
        assert not page.get_by_text(re.compile("活动一览第1行：")).count(), typed
        expect(page.get_by_label("活动一览第1行·日期", exact=True)).to_have_value(typed)
    type_into(page, "活动一览第1行·日期", "3月35日")
    page.get_by_text(re.compile("活动一览第1行：日期“3月35日”不存在")).wait_for(timeout=TIMEOUT)
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "None" not in text and "yyyy" not in text.lower() and "mm/dd" not in text.lower()
    no_streamlit_english(page, "facts")
    # No English in what the page shows on hover (title attributes) or in an empty field (placeholders).
    attrs = main.evaluate("m => [...m.querySelectorAll('[title],[placeholder]')].flatMap(e =>"
                          " ['title','placeholder'].map(a => e.getAttribute(a)).filter(Boolean))")
    english = [a for a in attrs if re.search(r"[A-Za-z]{3,}", a)]
    assert attrs and not english, english
    placeholders = main.evaluate("m => [...m.querySelectorAll('input[placeholder]')].map(e => e.placeholder)")
    assert not any(re.search(r"yyyy|mm|dd", p, re.I) for p in placeholders), placeholders
