"""End to end in headless Chromium against `streamlit run app.py` and the local OpenAI-compatible stub server."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from drafter.storage.store import DraftStore

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000


# English that Streamlit itself draws (uploader, input hints, placeholders, status, menus); none may be visible.
STREAMLIT_LABELS = ["Upload", "Browse files", "Drag and drop", "per file", "Press Enter to apply",
                    "Enter to apply", "Choose an option", "Choose options", "No results", "Running...", "Deploy",
                    "Made with Streamlit", "Add row", "Delete rows", "Show password", "Hide password", "Clear all",
                    "Select all", "Please choose", "Rerun", "Stop", "Remove", "Download", "Search", "No options"]


def no_streamlit_english(page, step: str) -> None:
    """No Streamlit default label among the visible text of the page (innerText leaves out what CSS hides)."""
    text = page.locator("body").inner_text()
    shown = [w for w in STREAMLIT_LABELS if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)]
    assert not shown, (step, shown)


def idle(page) -> None:
    """Wait until Streamlit has finished its reruns (quiet on two checks in a row: st.rerun chains runs)."""
    status = page.locator("[data-testid='stStatusWidget']")
    quiet = 0
    for _ in range(TIMEOUT // 250):
        page.wait_for_timeout(250)
        quiet = quiet + 1 if not status.is_visible() else 0
        if quiet >= 2:
            return
    raise AssertionError("the app kept running for a minute")


def type_into(page, label: str, text: str) -> None:
    """Type into a text input or area and commit it (Streamlit commits on blur)."""
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")
    idle(page)


def section_texts(page) -> list[str]:
    """The section text areas of the draft step, in order."""
    areas = page.locator("[class*='st-key-txt_'] textarea")
    return [areas.nth(i).input_value() for i in range(areas.count())]


def fill_facts_and_outline(page, url: str) -> str:
    """Fill the form by hand, save it and return the new draft's id from the URL."""
    page.goto(url)
    page.get_by_text("党建文稿助手").first.wait_for(timeout=TIMEOUT)
    idle(page)
    type_into(page, "支部全称（必填）", "中共青山社区支部委员会")
    type_into(page, "简称（用于标题和落款）", "青山社区党支部")
    type_into(page, "支部书记", "王芳")
    # an honour opens the document; a result of the work goes to the service section
    type_into(page, "成绩荣誉（每行一条）", "社区党支部被评为街道先进基层党组织\n辖区3个老旧小区完成加装电梯7部")
    type_into(page, "存在不足（每行一条）", "党员参与志愿服务的积极性不平衡")
    type_into(page, "下一步打算（每行一条）", "推进网格党建全覆盖")
    no_streamlit_english(page, "facts")
    page.get_by_role("button", name="下一步：查看提纲").click()
    page.get_by_role("button", name="确认提纲，去生成全文 →").wait_for(timeout=TIMEOUT)
    idle(page)
    no_streamlit_english(page, "outline")
    match = re.search(r"[?&]d=([0-9a-f]+)", page.url)
    assert match, page.url
    return match.group(1)


def start_drafting(page) -> None:
    """Confirm the outline and press 生成全文."""
    page.get_by_role("button", name="确认提纲，去生成全文 →").click()
    page.get_by_role("button", name="生成全文").wait_for(timeout=TIMEOUT)
    idle(page)
    page.get_by_role("button", name="生成全文").click()


def test_fill_draft_regenerate_reload_download(browser, make_app, stub, tmp_path):
    from tests.support.openai_stub_server import canned_reply

    # A rewrite asked to be 更简练 is new prose (not an echo of the current text), so it becomes a new version.
    rewrite = ["支部坚持精简务实，把理论学习融入日常工作，党员学用结合的自觉性明显增强。",
               "支部坚持问题导向，围绕群众急难愁盼开展服务，为民办实事的成效更加明显。",
               "支部严格落实组织生活制度，党员参加组织生活的积极性持续提高。"]
    stub.reply = lambda body: canned_reply(body, rewrite if "更简练" in str(body) else None)
    app = make_app()
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    draft_id = fill_facts_and_outline(page, app.url)

    start_drafting(page)
    page.get_by_text("生成全文完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    texts = section_texts(page)
    # the themed sections the hand-typed facts give nothing to are not padded: empty, saying what would fill them
    assert len(texts) >= 4 and sum(map(bool, texts)) >= 4, texts
    assert page.get_by_text("未起草（不写空话）").count() == texts.count("")
    assert stub.chat_requests()
    no_streamlit_english(page, "draft")

    # Regenerate the first written section after the opening with an instruction; the others stay as they were.
    k = next(i for i, text in enumerate(texts) if i > 0 and text)
    before = len(stub.chat_requests())
    instr = page.locator("[class*='st-key-instr_'] input").nth(k)
    instr.fill("更简练")
    instr.press("Tab")
    idle(page)
    page.get_by_role("button", name="重写本节").nth(k).click()
    page.get_by_text("重写本节完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    assert len(stub.chat_requests()) > before
    assert "更简练" in str(stub.chat_requests()[before].body)
    after = section_texts(page)
    assert after[0] == texts[0] and after[k] != texts[k] and "精简务实" in after[k]
    page.get_by_text(re.compile(r"版本记录（[2-9]）")).first.wait_for(timeout=TIMEOUT)

    # Reload: the URL carries the draft; everything is there.
    page.reload()
    page.locator("[class*='st-key-txt_'] textarea").first.wait_for(timeout=TIMEOUT)
    idle(page)
    assert f"d={draft_id}" in page.url
    assert section_texts(page) == after
    # `make screenshot` sets DRAFTER_SCREENSHOT to refresh the README's picture; a test run writes only to tmp.
    page.screenshot(path=os.environ.get("DRAFTER_SCREENSHOT") or str(tmp_path / "app.png"))

    no_streamlit_english(page, "reload")
    page.get_by_role("tab", name=re.compile("④ 审校")).click()
    page.get_by_text(re.compile("审校只是提示")).wait_for(timeout=TIMEOUT)
    idle(page)
    no_streamlit_english(page, "review")

    # The API key is taken without Enter: typed, then Tab (or a pause).
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("模型设置").click()
    idle(page)  # a click on the select while the expander still opens only focuses it
    sidebar.get_by_role("combobox", name="模型服务").click()
    page.get_by_role("option", name="OpenAI", exact=True).click()
    idle(page)
    key = sidebar.get_by_label("API Key", exact=True)
    key.fill("sk-test-not-sent")
    key.press("Tab")
    sidebar.get_by_text("API Key 已设置").wait_for(timeout=TIMEOUT)
    sidebar.get_by_role("combobox", name="模型服务").click()
    page.get_by_role("option", name=re.compile("自定义")).click()
    idle(page)

    # Download the Word file and read it back.
    page.get_by_role("tab", name="⑤ 导出").click()
    button = page.get_by_role("button", name="下载 Word 文档（.docx）")
    button.wait_for(timeout=TIMEOUT)
    no_streamlit_english(page, "export")
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx") and "青山社区党支部" in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    import docx

    doc = docx.Document(io.BytesIO(path.read_bytes()))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "青山社区党支部" in body and after[k][:20] in body.replace("\n", "")
    page.close()


def test_restart_loses_nothing(browser, make_app, app_env, db_url):
    app_env["DATABASE_URL"] = db_url  # SQLite in tmp_path, or a database of the test PostgreSQL cluster
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    draft_id = fill_facts_and_outline(page, app.url)
    start_drafting(page)
    page.get_by_text("生成全文完成，已自动保存。").wait_for(timeout=TIMEOUT)
    idle(page)
    texts = section_texts(page)
    page.close()
    app.kill()  # the server dies without any chance to clean up

    store = DraftStore(db_url)
    assert store.get(draft_id) is not None
    store.close()

    again = make_app()  # a new process on the same data directory
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{again.url}/?d={draft_id}")
    page.locator("[class*='st-key-txt_'] textarea").first.wait_for(timeout=TIMEOUT)
    idle(page)
    assert any(texts) and section_texts(page) == texts
    assert page.get_by_text("青山社区党支部").first.is_visible()
    page.close()


def test_stop_button_keeps_partial_text(browser, make_app, stub):
    stub.rate = 30  # tokens per second: slow enough to press 停止 mid-stream
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    draft_id = fill_facts_and_outline(page, app.url)
    start_drafting(page)
    page.get_by_text("正在写…").first.wait_for(timeout=TIMEOUT)  # streaming into place
    page.get_by_role("button", name="停止生成").click()
    page.get_by_text("已停止生成。已写出的内容已保存").wait_for(timeout=TIMEOUT)
    idle(page)
    texts = section_texts(page)
    assert any(texts) and not all(texts), texts
    store = DraftStore(f"sqlite:///{app.env['DRAFTER_DATA_DIR']}/drafter.db")
    assert [s.text for s in store.get(draft_id).sections] == texts
    store.close()
    page.close()


def test_drafting_finishes_while_another_tab_is_open(browser, make_app, stub):
    stub.rate = 60  # slow enough that the run is still going when the other tab opens
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    fill_facts_and_outline(page, app.url)
    start_drafting(page)
    page.get_by_text("正在写…").first.wait_for(timeout=TIMEOUT)
    page.get_by_role("tab", name="② 提纲").click()
    page.get_by_text(re.compile("后台正在生成全文")).wait_for(timeout=TIMEOUT)
    page.get_by_text("生成全文完成，已自动保存。").wait_for(timeout=TIMEOUT)  # picked up without a click
    page.close()


def import_village_outline(page, url: str) -> None:
    """Import examples/village_summary_2025.yaml through the uploader, save it and wait for the outline."""
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_text("党建文稿助手").first.wait_for(timeout=TIMEOUT)
    idle(page)
    page.locator("[class*='st-key-yaml_upload'] input[type=file]").set_input_files(
        str(ROOT / "examples" / "village_summary_2025.yaml"))
    page.get_by_role("button", name="导入这份材料").click()
    expect(page.get_by_label("支部全称（必填）", exact=True)).to_have_value(re.compile("村"), timeout=TIMEOUT)
    idle(page)
    page.get_by_role("button", name="下一步：查看提纲").click()
    page.get_by_role("button", name="确认提纲，去生成全文 →").wait_for(timeout=TIMEOUT)
    idle(page)


def test_yaml_import_and_sample_upload(browser, make_app, app_env, tmp_path):
    app = make_app()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    import_village_outline(page, app.url)
    page.get_by_text("参考范文（可选）").click()
    sample = tmp_path / "我的范文.txt"
    sample.write_text("某某村党支部2024年度工作总结\n\n2024年，村党支部坚持以党建引领乡村振兴。\n\n"
                      "一、加强理论学习\n支部全年组织集中学习12次。\n\n某某村党支部\n2024年12月20日\n",
                      encoding="utf-8")
    no_streamlit_english(page, "samples")
    page.locator("[class*='st-key-sample_upload'] input[type=file]").set_input_files(str(sample))
    page.get_by_role("button", name="加入范文库").click()
    page.get_by_text(re.compile("已加入：")).wait_for(timeout=TIMEOUT)
    assert list((Path(app_env["DRAFTER_DATA_DIR"]) / "samples").glob("*.txt"))
    page.close()
