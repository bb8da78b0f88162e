"""The report pages in a real browser: Debian's Chromium driven by Playwright.

The pages of the reports' own fixture stores (tests/reports/conftest.py), opened as
files, as a reader opens the attachment, at a desktop's width and a phone's (390 px):
the page is never wider than the window (a wide table scrolls in its own box), no
table cell with text is narrower than 40 px (about two characters and padding), body
text is at least 14 px and no text under 12 px. (Chart text is in the PNG charts:
not measured here.)
"""

from __future__ import annotations

import pytest
from fangkong import registry
from page_layout import measure as _measure

pytestmark = [pytest.mark.slow, pytest.mark.real("chromium")]


@pytest.mark.parametrize("viewport", [1280, 390])
@pytest.mark.parametrize("name", registry.names())
def test_a_page_fits_the_window_and_no_text_cell_is_squeezed(
    name, viewport, browser, notebook_page, tmp_path
):
    found = _measure(browser, tmp_path, notebook_page(name), viewport)
    assert found["width"] <= viewport, found
    assert found["narrowest"] >= 40, found
    assert found["body"] >= 14 and found["smallest"] >= 12, found


# --- printed on A4 ----------------------------------------------------------------------


def _printed(browser, tmp_path, html: str):
    """The page printed to A4 by Chromium: each page's lines, and the page's headings."""
    from pypdf import PdfReader

    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        headings = page.evaluate(
            "[...document.querySelectorAll('h1, h2, h3')].map(h => h.innerText)"
        )
        title = page.title()
        pdf = tmp_path / "page.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
    finally:
        page.close()
    # pypdf reads some CJK glyphs as their Kangxi radical forms (⽇ for 日): fold them.
    import unicodedata

    pages = [
        [unicodedata.normalize("NFKC", line).strip() for line in p.extract_text().splitlines()]
        for p in PdfReader(pdf).pages
    ]
    return [[line for line in lines if line] for lines in pages], headings, title


@pytest.mark.parametrize("name", registry.names())
def test_printed_each_page_has_the_title_and_its_number_and_no_heading_ends_a_page(
    name, browser, notebook_page, tmp_path
):
    pages, headings, title = _printed(browser, tmp_path, notebook_page(name))
    assert len(pages) >= 2 and title
    for i, lines in enumerate(pages, start=1):
        # The running title (the page's <title>) and "— i / n —" in the margins.
        assert title in lines and f"— {i} / {len(pages)} —" in lines, (i, lines[:3])
    for lines in pages[:-1]:
        assert lines[-1] not in headings, lines[-3:]
