"""A page's layout measured in a real browser (Chromium through Playwright).

Shared by the tests of the report pages (tests/reports/test_pages_in_a_browser.py)
and of the email bodies (tests/delivery/test_mail_in_a_browser.py): the page's
width, the narrowest table cell that holds text, the smallest text and the
smallest body text (paragraphs, cells, list items), and the numbers, dates and
keys laid out on more than one line.
"""

from __future__ import annotations

#: Layout figures of a page, measured by the browser.
MEASURE = """() => {
  // Cells shown (a phone's row cards hide the header row) that hold text.
  const cells = [...document.querySelectorAll('td, th')]
    .filter(c => c.getClientRects().length && c.innerText.trim());
  const widths = cells.map(c => c.getBoundingClientRect().width);
  return {
    width: document.documentElement.scrollWidth,
    // Font sizes of the elements that hold text: all of them, and the body text. Chart
    // text is in SVG units, scaled with the chart: measured on its own.
    smallest: Math.min(...[...document.querySelectorAll('body *')]
      .filter(e => e.offsetParent !== null && !e.closest('svg')
        && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      .map(e => parseFloat(getComputedStyle(e).fontSize))),
    body: Math.min(...[...document.querySelectorAll('p, td, li')]
      .filter(e => e.offsetParent !== null && e.innerText.trim())
      .map(e => parseFloat(getComputedStyle(e).fontSize))),
    narrowest: widths.length ? Math.min(...widths) : null,
    narrowest_text: cells.length ? cells[widths.indexOf(Math.min(...widths))].innerText : null,
    // Numbers, dates, times and alert keys laid out on more than one line.
    broken: [...document.querySelectorAll('.fk-nobr, td.num, td.when')].filter(e => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
    }).map(e => e.innerText),
    wholes: document.querySelectorAll('.fk-nobr, td.num, td.when').length,
  };
}"""


def measure(browser, tmp_path, html: str, viewport: int) -> dict:
    """:data:`MEASURE` of ``html``, opened as a file at ``viewport`` px wide."""
    path = tmp_path / f"page-{viewport}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": viewport, "height": 900})
    try:
        page.goto(path.as_uri())
        return page.evaluate(MEASURE)
    finally:
        page.close()


#: An A4 page's width inside the reports' print margins (210 mm - 2 x 10 mm), in CSS px.
A4_TEXT_WIDTH = round(190 / 25.4 * 96)


def printed_width(page) -> int:
    """The page's width laid out for print at :data:`A4_TEXT_WIDTH`.

    Anything wider and Chromium shrinks every printed page to fit it, text and all.
    """
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    try:
        return page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.emulate_media(media=None)
