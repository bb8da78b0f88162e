"""The report pages in a real browser: Debian's Chromium driven by Playwright.

The pages of the reports' own fixture stores (tests/reports/conftest.py), opened as
files, as a reader opens the attachment, at a desktop's width and a phone's (390 px):
the page is never wider than the window (a wide table scrolls in its own box), no
table cell with text is narrower than 40 px (about two characters and padding), body
text is at least 14 px and no text under 12 px. Charts are inline SVG whose text the
browser lays out: at 390 px none of it is under 11 px, and each chart is named in
Chinese for a screen reader.
"""

from __future__ import annotations

import re

import pytest
from fangkong import registry
from page_layout import A4_TEXT_WIDTH, printed_width
from page_layout import measure as _measure

pytestmark = [pytest.mark.slow, pytest.mark.real("chromium")]

#: An alert row's first cell, as the printed page's text begins the line.
KEY = re.compile(r"^[A-Z]-\d{4}\b")


@pytest.mark.parametrize("viewport", [1280, 390])
@pytest.mark.parametrize("name", registry.names())
def test_a_page_fits_the_window_and_no_text_cell_is_squeezed(
    name, viewport, browser, notebook_page, tmp_path
):
    found = _measure(browser, tmp_path, notebook_page(name), viewport)
    assert found["width"] <= viewport, found
    assert found["narrowest"] >= 40, (found["narrowest"], found["narrowest_text"])
    assert found["body"] >= 14 and found["smallest"] >= 12, found
    assert found["wholes"] > 0 and found["broken"] == [], found["broken"]


# --- charts ----------------------------------------------------------------------------

#: Every chart of a page: its accessible name and the size its text is drawn at on
#: screen (the computed font size times the scale of the SVG's user units to px).
CHARTS = """() => [...document.querySelectorAll('.fk-chart')].map(chart => {
  const sizes = [...chart.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    });
  return {
    tag: chart.tagName.toLowerCase(),
    role: chart.getAttribute('role'),
    name: chart.getAttribute('aria-label') || chart.getAttribute('alt') || '',
    title: chart.querySelector(':scope > title')?.textContent ?? null,
    texts: sizes.length,
    smallest: sizes.length ? Math.min(...sizes) : null,
    width: chart.getBoundingClientRect().width,
  };
})"""
#: Reports whose fixture page is not in Chinese, run again in Chinese for the names.
IN_CHINESE = {"quarantine": {"lang": "zh"}}


@pytest.mark.parametrize("name", registry.names())
def test_at_390_px_chart_text_is_11_px_or_more_and_each_chart_is_named_in_chinese(
    name, browser, notebook_page, tmp_path
):
    path = tmp_path / "page.html"
    path.write_text(notebook_page(name, **IN_CHINESE.get(name, {})), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(path.as_uri())
        charts = page.evaluate(CHARTS)
    finally:
        page.close()
    if "chart" not in registry.get(name).outputs:  # the bulletin: prose, no chart
        assert charts == []
        return
    assert charts
    for chart in charts:
        # Inline SVG with its text as text (a PNG's text cannot be measured), as wide as
        # the phone's content.
        assert chart["tag"] == "svg" and chart["texts"] >= 3 and chart["width"] >= 350, chart
        assert chart["smallest"] >= 11, chart
        assert chart["role"] == "img" and chart["title"] == chart["name"], chart
        assert re.search(r"[\u4e00-\u9fff]{4}", chart["name"]), chart


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
        wide = printed_width(page)
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
    return [[line for line in lines if line] for lines in pages], headings, title, wide


@pytest.mark.parametrize("name", registry.names())
def test_printed_each_page_has_the_title_and_its_number_and_no_heading_ends_a_page(
    name, browser, notebook_page, tmp_path
):
    pages, headings, title, wide = _printed(browser, tmp_path, notebook_page(name))
    assert len(pages) >= 2 and title
    assert wide <= A4_TEXT_WIDTH, wide
    for i, lines in enumerate(pages, start=1):
        # The running title (the page's <title>) and "— i / n —" in the margins.
        assert title in lines and f"— {i} / {len(pages)} —" in lines, (i, lines[:3])
    for lines in pages[:-1]:
        assert lines[-1] not in headings, lines[-3:]
    # A table carried over to the next page repeats its header row there: every page
    # with an alert row (its key) has the key column's header.
    keyed = [i for i, lines in enumerate(pages) if any(KEY.match(x) for x in lines)]
    assert keyed, "the fixture has alerts"
    for i in keyed:
        text = "".join(pages[i]).replace(" ", "")  # a narrow header wraps inside its cell
        assert "编号" in text or "key" in text.lower(), (i, pages[i][:8])  # 预警编号, 编号
