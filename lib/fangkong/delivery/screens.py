"""Pictures of the day's pages and emails as their readers see them, for a person to look at.

``make demo`` writes, where Chromium is installed, a full-page PNG of each report
and of each email's HTML body at a phone's width (390 px) and a desktop's (1280
px) into ``outputs/<D>/screens/``: anyone can look at what the county receives
without a browser or a mail client. Chromium is driven by Playwright through
``executable_path``: no browser is downloaded. Where either is missing,
:func:`write_screens` says in one line how to get them and writes nothing. Beside
them, :func:`write_bulletin_picture` writes the first page of the daily bulletin's
Word file as LibreOffice lays it out
(:mod:`fangkong.delivery.libreoffice`), or says in one line how to get LibreOffice.
"""

from __future__ import annotations

import base64
import email
import os
import shutil
from email import policy
from pathlib import Path

#: The widths pictured: a phone's and a desktop's.
WIDTHS = (390, 1280)
#: Where the pictures go, inside the day's folder.
SCREENS_DIR = "screens"
#: Where Chromium is looked for, after ``FANGKONG_CHROMIUM``.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
#: How to get what is missing, said in one line.
HOW_TO_GET = (
    "screens: not written ({why}); to get them install Chromium and a CJK font "
    "(Debian: apt-get install chromium fonts-noto-cjk), or set FANGKONG_CHROMIUM to a "
    "Chromium binary"
)


def find_chromium() -> str | None:
    """The Chromium to drive: ``FANGKONG_CHROMIUM``, else the first on the PATH."""
    named = os.environ.get("FANGKONG_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def email_body_html(eml: Path) -> str | None:
    """The HTML part of a message, with its inline (``cid:``) images as data URIs.

    Parameters
    ----------
    eml : Path
        A message of the outbox.

    Returns
    -------
    str or None
        None when the message has no HTML part.
    """
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("html",))
    if body is None:
        return None
    html = body.get_content()
    for part in message.walk():
        cid = part.get("Content-ID")
        if cid and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True)).decode("ascii")
            uri = f"data:{part.get_content_type()};base64,{data}"
            html = html.replace(f"cid:{cid.strip('<>')}", uri)
    return html


def write_screens(day_dir: Path, reports: list[str], browser=None) -> tuple[list[Path], str]:
    """Full-page PNGs of the reports and the outbox's emails at each of :data:`WIDTHS`.

    Parameters
    ----------
    day_dir : Path
        The day's output folder (``<report>.html``, ``outbox/*.eml``).
    reports : list of str
        The reports whose pages to picture (those produced).
    browser : playwright.sync_api.Browser, optional
        A Chromium already started (Playwright runs one sync session per
        thread); else one is started and closed here.

    Returns
    -------
    (list of Path, str)
        The pictures written, and one line saying what was done or why not.
    """
    if browser is not None:
        return _write(Path(day_dir), reports, browser)
    chromium = find_chromium()
    if chromium is None:
        return [], HOW_TO_GET.format(why="Chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [], HOW_TO_GET.format(why="Playwright not installed")
    with sync_playwright() as p:
        started = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            return _write(Path(day_dir), reports, started)
        finally:
            started.close()


def _write(day_dir: Path, reports: list[str], browser) -> tuple[list[Path], str]:
    out = day_dir / SCREENS_DIR
    out.mkdir(exist_ok=True)
    pages = {f"report-{r}": (day_dir / f"{r}.html").read_text(encoding="utf-8") for r in reports}
    for eml in sorted((day_dir / "outbox").glob("*.eml")):
        body = email_body_html(eml)
        if body is not None:
            pages[f"email-{eml.stem}"] = body
    written = []
    for name, html in pages.items():
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.set_content(html, wait_until="load")
                path = out / f"{name}-{width}.png"
                page.screenshot(path=path, full_page=True)
                written.append(path)
            finally:
                page.close()
    return written, f"screens: {len(written)} pictures in {out}"


#: The picture of the bulletin's first page, in the screens folder.
BULLETIN_PICTURE = "bulletin-docx-page-1.png"


def write_bulletin_picture(day_dir: Path) -> tuple[Path | None, str]:
    """The first page of the day's ``bulletin.docx`` as a PNG in the screens folder.

    Parameters
    ----------
    day_dir : Path

    Returns
    -------
    (Path or None, str)
        The picture, and one line saying where it is, or why not and how to get
        LibreOffice.
    """
    from fangkong.delivery.libreoffice import first_page_png

    docx = Path(day_dir) / "bulletin.docx"
    if not docx.exists():
        return None, "bulletin picture: no bulletin.docx today"
    return first_page_png(docx, Path(day_dir) / SCREENS_DIR / BULLETIN_PICTURE)
