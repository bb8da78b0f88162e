"""A page's layout measured in a real browser (Chromium through Playwright).

Shared by the tests of the report pages (tests/reports/test_pages_in_a_browser.py)
and of the email bodies (tests/delivery/test_mail_in_a_browser.py): the page's
width, the narrowest table cell that holds text, the smallest text and the
smallest body text (paragraphs, cells, list items).
"""

from __future__ import annotations

#: Layout figures of a page, measured by the browser.
MEASURE = """() => {
  const cells = [...document.querySelectorAll('td, th')].filter(c => c.innerText.trim());
  const widths = cells.map(c => c.getBoundingClientRect().width);
  return {
    width: document.documentElement.scrollWidth,
    // Font sizes of the elements that hold text: all of them, and the body text.
    smallest: Math.min(...[...document.querySelectorAll('body *')]
      .filter(e => e.offsetParent !== null
        && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      .map(e => parseFloat(getComputedStyle(e).fontSize))),
    body: Math.min(...[...document.querySelectorAll('p, td, li')]
      .filter(e => e.offsetParent !== null && e.innerText.trim())
      .map(e => parseFloat(getComputedStyle(e).fontSize))),
    narrowest: widths.length ? Math.min(...widths) : null,
    narrowest_text: cells.length ? cells[widths.indexOf(Math.min(...widths))].innerText : null,
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
