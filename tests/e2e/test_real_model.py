"""The default embedded model, for real, in Chromium: draft a one-section outline, rewrite twice, retry once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from drafter.settings import load_settings
from tests.e2e.test_browser import idle, import_village_outline, section_texts

pytestmark = pytest.mark.slow
LONG = 600_000  # ms: the first run starts the model server; two cores are shared


@pytest.fixture
def local_env(app_env) -> dict[str, str]:
    """The embedded model (the default provider), from the model cache `make run` uses (DRAFTER_MODEL_DIR)."""
    env = {k: v for k, v in app_env.items() if k not in ("DRAFTER_PROVIDER", "DRAFTER_BASE_URL", "DRAFTER_MODEL")}
    env["DRAFTER_MODEL_DIR"] = str(load_settings().model_cache_dir)  # tests/conftest.py points it at the user's
    app_env.clear()
    app_env.update(env)
    return env


# A rewrite's one outcome: done, or (alone, never beside a green 完成) the same text as before.
REWRITTEN = re.compile("重写本节完成，已自动保存。|重写结果与当前文字相同")

# The page's own failure signs: an error or warning box (a run that failed, a model that did not start).
FAILED = "[data-testid='stAlertContentError'], [data-testid='stAlertContentWarning']"


def _wait_for(page, wanted, what: str) -> None:
    """Wait for `wanted` or for a failure, whichever comes first, so a failed run fails in seconds with the page's
    words. A failure counts once no run is going on for 3 s: the last run's warning still shows for a moment
    after a click, until the click's own run has started."""
    stop = page.get_by_role("button", name="停止生成")
    status = page.locator("[data-testid='stStatusWidget']")
    failed = page.locator(FAILED).filter(visible=True)
    quiet = 0
    for _ in range(LONG // 500):
        page.wait_for_timeout(500)
        if wanted.count() and wanted.first.is_visible():
            return
        settled = failed.count() > 0 and stop.count() == 0 and not status.is_visible()
        quiet = quiet + 1 if settled else 0
        if quiet >= 6:
            shown = [t for t in failed.all_inner_texts() if t.strip()]
            raise AssertionError(f"waiting for {what}, the page shows: {shown}")
    raise AssertionError(f"{what} did not come in {LONG // 1000} s")


def _done(page, text: str) -> None:
    """Wait for a run's outcome (shown until the next run starts), success or failure, and check it succeeded."""
    _wait_for(page, page.get_by_text(text), text)
    idle(page)
    body = page.locator("body").inner_text()
    assert "意外错误" not in body and not re.search(r"[A-Z][a-z]+Error", body), body[-2000:]


def _rewrite(page) -> None:
    page.get_by_role("button", name="重写本节").first.click()
    _wait_for(page, page.get_by_role("button", name="停止生成"), "the rewrite to start")
    # While it runs the section shows once: the live view replaces the text boxes instead of greying them below.
    expect(page.locator("[class*='st-key-txt_'] textarea")).to_have_count(0, timeout=30_000)


def test_embedded_model_drafts_rewrites_twice_and_retries(browser, make_app, local_env):
    app = make_app()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    import_village_outline(page, app.url)  # it has activities: compose asks the model only after an activity
    # A one-section outline keeps the run short: remove sections until 删除 is disabled (facts move, never lost,
    # so the last section holds the activities and the model is asked for real).
    while page.get_by_role("button", name="删除", exact=True).first.is_enabled():
        page.get_by_role("button", name="删除", exact=True).first.click()
        idle(page)
    assert page.get_by_role("button", name="删除", exact=True).count() == 1

    page.get_by_role("button", name="确认提纲，去生成全文 →").click()
    page.get_by_role("button", name="生成全文").wait_for(timeout=60_000)
    idle(page)
    page.get_by_role("button", name="生成全文").click()
    _done(page, "生成全文完成，已自动保存。")
    first = section_texts(page)
    assert len(first) == 1 and re.search(r"[\u4e00-\u9fff]{20}", first[0]), first
    page.get_by_text("本机内置模型：按事实组稿").first.wait_for(timeout=10_000)  # which path wrote the text

    for _ in range(2):  # the second model call through the cached model once failed (CacheReplayClosureError)
        _rewrite(page)
        _done(page, REWRITTEN)
        assert section_texts(page)[0]

    # A rewrite on a service that is not there fails, keeps the text and offers 重试; back on the embedded model,
    # 重试 works.
    before = section_texts(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("模型设置").click()
    idle(page)  # a click on the select while the expander still opens only focuses it
    sidebar.get_by_role("combobox", name="模型服务").click()
    page.get_by_role("option", name=re.compile("Ollama")).click()
    idle(page)
    page.get_by_role("button", name="重写本节").first.click()
    page.get_by_text("这次没有写成，下面仍是原来的文字").first.wait_for(timeout=LONG)
    idle(page)
    assert section_texts(page) == before and page.get_by_text("生成失败").count() == 0
    assert "drafter doctor" not in page.locator("body").inner_text()
    sidebar.get_by_role("combobox", name="模型服务").click()
    page.get_by_role("option", name=re.compile("本机内置模型")).click()
    idle(page)
    page.get_by_role("button", name="重试").first.click()
    _done(page, REWRITTEN)
    assert section_texts(page)[0] and page.get_by_text("这次没有写成").count() == 0
    page.close()
