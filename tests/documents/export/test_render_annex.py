"""Render test of the annexes: LibreOffice lays the tables out on new pages, the header row on each (slow)."""

from __future__ import annotations

import re

import pytest

from drafter.documents.export import to_docx
from drafter.facts.ledger.records import sheet_records
from tests.documents.export import render

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(render.SOFFICE is None, reason="LibreOffice (soffice) is not installed: `make apt-test`"),
    pytest.mark.skipif(not render.POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed"),
]

_WS = re.compile(r"\s+")


def _pages(pdf) -> list[str]:
    """The text of each page, whitespace removed (pdftotext separates pages by form feeds)."""
    return [_WS.sub("", page) for page in render.text(pdf).split("\f") if page.strip()]


@pytest.fixture(scope="module")
def pdfs(with_ledger, tmp_path_factory):
    """The ledger draft rendered without and with both annexes (two conversions for the module)."""
    plain = render.to_pdf(to_docx(with_ledger), tmp_path_factory.mktemp("plain"))
    annexed = render.to_pdf(to_docx(with_ledger, annex=True, grid=True), tmp_path_factory.mktemp("annexed"))
    return _pages(plain), _pages(annexed), annexed


def test_annexes_add_pages_after_the_signature(with_ledger, pdfs):
    plain, annexed, _ = pdfs
    year = with_ledger.facts.year
    assert len(annexed) >= len(plain) + 2
    first = next(i for i, page in enumerate(annexed) if page.startswith("附件1"))
    assert with_ledger.signature.date_cn in annexed[first - 1]  # the 落款 comes before, the annex on a new page
    assert f"{year}年活动一览" in annexed[first]
    assert any(page.startswith("附件2") and f"{year}年逐月开展情况表" in page for page in annexed[first + 1:])
    assert all("\ufffd" not in page for page in annexed)


def test_every_activity_is_listed_and_the_header_repeats_on_each_page(with_ledger, pdfs):
    _, annexed, pdf = pdfs
    first = next(i for i, page in enumerate(annexed) if page.startswith("附件1"))
    second = next(i for i, page in enumerate(annexed) if page.startswith("附件2"))
    list_pages = annexed[first:second]
    assert len(list_pages) >= 2  # 46 records do not fit one page, so the repeat is tested
    assert all("序号" in page and "参加人数" in page for page in list_pages)  # words only in the header row
    flat = "".join(list_pages)
    year = with_ledger.facts.year
    for rec in (r for r in sheet_records(with_ledger.facts) if r.date.year == year):
        assert f"{rec.date.month}月{rec.date.day}日" in flat
    # Page numbers go on through the annex pages.
    lines, _ = render.lines(pdf)
    numbers = [(ln.page, int(m.group(1))) for ln in lines if (m := render.PAGE_NO.match(ln.text))]
    assert numbers == [(n, n) for n in range(1, len(annexed) + 1)]
