"""The report emails' HTML bodies in a real browser, as a phone's mail app shows them.

Each report's email, built from its sidecar (tests/conftest.py: ``report_sidecars``),
its HTML part opened at a phone's width (390 px) and a desktop's, with its key chart
as a wide PNG (the reports' charts are 960 px wide): the body is never wider than
the window, no table cell with text is narrower than 40 px, body text is at least
14 px and no text under 12 px (tests/page_layout.py measures, as for the pages).
"""

from __future__ import annotations

import email
import email.policy

import pytest
from fangkong import registry
from fangkong.delivery.mail import report_message
from page_layout import measure

pytestmark = [pytest.mark.slow, pytest.mark.real("chromium")]

#: The reports mailed as a report email (the bulletin has its own: test_bulletin_mail.py).
REPORT_EMAILS = [e.name for e in registry.REPORTS if e.mail == "summary"]


def _chart(tmp_path):
    """A blank PNG as wide as the reports' key charts (960 x 380 px)."""
    from matplotlib.figure import Figure

    path = tmp_path / "chart.png"
    Figure(figsize=(9.6, 3.8), dpi=100).savefig(path, format="png")
    return path


def _body(sidecar, chart) -> str:
    """The email's HTML part, its chart's Content-ID pointing at the PNG file."""
    msg = report_message(
        sidecar,
        b"<html></html>",
        chart.read_bytes(),
        sender="fangkong@example.org",
        recipients=["county@example.org"],
    )
    parsed = email.message_from_bytes(
        msg.as_bytes(policy=email.policy.SMTP), policy=email.policy.default
    )
    body = parsed.get_body(("html",))
    image = next(p for p in parsed.walk() if p.get_content_maintype() == "image")
    cid = image["Content-ID"].strip("<>")
    html = body.get_content()
    assert f'src="cid:{cid}"' in html
    return '<!doctype html><meta charset="utf-8">' + html.replace(f"cid:{cid}", chart.as_uri())


@pytest.mark.parametrize("viewport", [1280, 390])
@pytest.mark.parametrize("name", REPORT_EMAILS)
def test_an_email_body_fits_the_window_and_no_text_is_too_small(
    name, viewport, browser, report_sidecars, tmp_path
):
    found = measure(browser, tmp_path, _body(report_sidecars[name], _chart(tmp_path)), viewport)
    assert found["width"] <= viewport, found
    assert found["narrowest"] >= 40, found
    assert found["body"] >= 14 and found["smallest"] >= 12, found


def test_the_measure_sees_a_body_too_wide_or_too_small(browser, report_sidecars, tmp_path):
    """The checks can fail: a fixed-width table and 11 px text, measured the same way."""
    body = _body(report_sidecars["reopening"], _chart(tmp_path))
    wide = body.replace("border-collapse:collapse;", "border-collapse:collapse;width:600px;")
    small = body.replace("font-size:14px;", "font-size:11px;")
    assert measure(browser, tmp_path, wide, 390)["width"] > 390
    assert measure(browser, tmp_path, small, 390)["smallest"] < 12
