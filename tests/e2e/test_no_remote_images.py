"""A draft named like a Markdown image makes no request from the visitor's browser (Chromium, a local server)."""

from __future__ import annotations

import http.server
import threading

import pytest

from drafter.documents.draft import VersionSource
from drafter.storage.store import DraftStore
from tests.e2e.test_browser import TIMEOUT, idle
from tests.storage.test_store import make_draft

pytestmark = pytest.mark.slow


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args) -> None:
        return


@pytest.fixture
def recorder():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_markdown_image_in_user_text_is_not_fetched(browser, make_app, app_env, recorder, tmp_path):
    port = recorder.server_address[1]
    image = f"![t](http://127.0.0.1:{port}/x.png)"
    html_image = f"<img src='http://127.0.0.1:{port}/y.png'>"
    draft = make_draft()
    draft.name = image
    sec = draft.sections[1]
    draft.outline = draft.outline.renamed(sec.id, f"标题{image}")
    draft.apply_outline(draft.outline)
    sec = draft.section(sec.id)
    sec.record(f"第一稿。{image}", VersionSource.GENERATED)
    sec.record(f"第二稿{html_image}。\n{image}", VersionSource.REGENERATED, instruction=image)
    store = DraftStore(f"sqlite:///{tmp_path / 'data' / 'drafter.db'}")
    store.save(draft)
    store.close()

    app = make_app()
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if str(port) in r.url else None)
    page.goto(f"{app.url}/?d={draft.id}")
    page.get_by_text("党建文稿助手").first.wait_for(timeout=TIMEOUT)
    idle(page)
    where = page.evaluate("""p => [...document.querySelectorAll('img')].filter(i => i.src.includes(p))
        .map(i => i.parentElement.parentElement.parentElement.outerHTML.slice(0, 800))""", str(port))
    assert not asked, ("draft page", asked, where)
    page.get_by_text("版本记录", exact=False).first.click()  # the history
    idle(page)
    assert not asked, ("history", asked)
    page.get_by_role("tab", name="审校", exact=False).click()  # the review page
    idle(page)
    assert not asked, ("review", asked)
    page.get_by_role("tab", name="提纲", exact=False).click()
    idle(page)
    page.wait_for_timeout(1000)
    assert not asked and not _Recorder.hits, (asked, _Recorder.hits)
    assert page.get_by_text(image, exact=False).count() > 0  # shown as the text it is
    page.close()
