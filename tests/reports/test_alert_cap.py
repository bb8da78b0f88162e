"""Alert lists capped per kind on the page, the rest in the appendix at the end."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup
from fangkong.reports import base
from fangkong.reports.quarantine.report import QuarantineReport


def _keys(section) -> list[str]:
    soup = BeautifulSoup(section.html(), "html.parser")
    return [row.find("td").get_text() for row in soup.select("tbody tr")]


def test_each_kind_shows_its_first_alerts_and_the_rest_go_to_the_appendix(
    quarantine_data, monkeypatch
):
    report = QuarantineReport.from_store(
        quarantine_data.day, str(quarantine_data.town_file), quarantine_data.db_url
    )
    every = report.alert_followup.keyed(report.alert_list())
    kinds = Counter(every["kind"])
    assert max(kinds.values()) >= 2  # the fixture has a kind to cap at 1
    monkeypatch.setattr(base, "ALERTS_PER_KIND", 1)
    alerts, appendix = report.alerts(), report.appendix()
    on_page, at_end = _keys(alerts), _keys(appendix)
    assert len(on_page) == len(kinds)  # one of each kind
    assert sorted(on_page + at_end) == sorted(every["key"])  # each alert once
    html = alerts.html()
    for kind, n in kinds.items():
        if n > 1:
            label = report.label("alert", kind)
            assert f"另有{label}{n - 1}项，见文末附录。" in html
    assert 'href="#fk-appendix"' in html and 'id="fk-appendix"' in appendix.html()
    # The sidecar keeps every alert.
    assert len(report.sidecar().payload["alert_items"]) == len(every)


def test_the_appendix_says_when_it_is_empty(quarantine_data):
    report = QuarantineReport.from_store(
        quarantine_data.day, str(quarantine_data.town_file), quarantine_data.db_url
    )
    assert report.appendix().narrative == "各类预警均已在预警部分列出。"
