"""The email's chart says what it shows, in the email's language, over the trend's days."""

from __future__ import annotations

import re

import pytest
from fangkong import registry
from fangkong.delivery.mail_body import summary_html
from fangkong.delivery.mail_content import chart_alt


def _sidecar(report: str, days: int) -> dict:
    # What summary_html reads; a reopening trend has a row per day and category.
    dates = [f"2020-03-{d:02d}" for d in range(11 - days, 11)]
    return {
        "report": report,
        "town": "贾峪镇",
        "report_date": dates[-1],
        "headline": {},
        "alerts": {},
        "trend": [{"date": d, "category": c} for d in dates for c in ("a", "b")],
    }


@pytest.mark.parametrize(
    "report",
    [e.name for e in registry.REPORTS if "chart" in e.outputs],  # the bulletin has none
)
@pytest.mark.parametrize("days", [3, 14])
def test_the_chart_is_described_in_chinese_with_its_days(report, days):
    body = summary_html(
        _sidecar(report, days),
        "chart@fangkong",
        heading="贾峪镇",
        attachment="附件.html",
        office="贾峪镇疫情防控指挥部",
        lang="zh",
    )
    (alt,) = re.findall(r'<img src="cid:chart@fangkong" alt="([^"]*)"', body)
    assert alt == chart_alt(_sidecar(report, days))
    assert f"近{days}日" in alt and re.search(r"[\u4e00-\u9fff]{6}", alt) and alt != "chart"


def test_in_english_when_the_email_is():
    alt = chart_alt(_sidecar("welfare", 14), "en")
    assert "14 days" in alt and not re.search(r"[\u4e00-\u9fff]", alt)
