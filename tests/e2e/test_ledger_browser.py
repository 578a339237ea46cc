"""The ledger in a real browser: import the example sheet, upload its 台账, see the mapping and counts, merge, draft
(compose path on the stub server) and find the ledger's counts in the text."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import ROOT, TIMEOUT, idle, no_streamlit_english, section_texts, start_drafting

pytestmark = pytest.mark.slow
LEDGER = ROOT / "examples" / "ledgers" / "企业党支部2025年三会一课台账.xlsx"


def test_upload_ledger_see_counts_draft_and_find_them(browser, make_app, app_env):
    from playwright.sync_api import expect

    app_env["DRAFTER_DRAFT_PATH"] = "compose"  # the ledger's totals are the program's sentences on this path
    app = make_app()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app.url)
    page.get_by_text("党建文稿助手").first.wait_for(timeout=TIMEOUT)
    idle(page)
    page.locator("[class*='st-key-yaml_upload'] input[type=file]").set_input_files(
        str(ROOT / "examples" / "enterprise_ledger_summary_2025.yaml"))
    page.get_by_role("button", name="导入这份材料").click()
    expect(page.get_by_label("支部全称（必填）", exact=True)).to_have_value(re.compile("支部"), timeout=TIMEOUT)
    idle(page)

    page.locator("[class*='st-key-lg_upload'] input[type=file]").set_input_files(str(LEDGER))
    page.get_by_text("读到记录 46 条").wait_for(timeout=TIMEOUT)
    idle(page)
    # The mapping as found, one selectbox per column, and the counts per routine.
    expect(page.locator("[class*='st-key-lg_map_date'] input")).to_have_value("第2列“会议时间”")
    expect(page.locator("[class*='st-key-lg_map_topic'] input")).to_have_value("第4列“议题”")
    expect(page.get_by_text(re.compile("按规定动作：.*支委会 12次"))).to_be_visible()
    expect(page.get_by_text(re.compile("未读入的行（1）"))).to_be_visible()
    no_streamlit_english(page, "ledger preview")

    page.get_by_role("button", name="并入材料").click()
    page.get_by_text("已并入46条记录").first.wait_for(timeout=TIMEOUT)
    idle(page)
    expect(page.get_by_text("材料中的台账记录（46 条）")).to_be_visible()

    page.get_by_role("button", name="下一步：查看提纲").click()
    page.get_by_role("button", name="确认提纲，去生成全文 →").wait_for(timeout=TIMEOUT)
    idle(page)
    start_drafting(page)
    page.get_by_text("生成全文完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    text = "".join(section_texts(page))
    assert "支委会12次" in text and "支部党员大会4次" in text, text[:600]
    assert "没有党小组会记录" not in text  # compliance hints stay in the review panel

    page.get_by_role("tab", name=re.compile("④ 审校")).click()
    page.get_by_text(re.compile("台账提示：规定动作")).wait_for(timeout=TIMEOUT)
    idle(page)
    no_streamlit_english(page, "review with ledger")
    page.close()
