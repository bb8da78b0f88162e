"""Alert lists capped per kind on the page, the rest in the appendix at the end."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup
from fangkong.reports import alert_list
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
    monkeypatch.setattr(alert_list, "ALERTS_PER_KIND", 1)
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


def test_a_problem_is_listed_once_and_counted_elsewhere_with_a_link(quarantine_data):
    report = QuarantineReport.from_store(
        quarantine_data.day, str(quarantine_data.town_file), quarantine_data.db_url
    )
    items = report.alert_followup.keyed(report.alert_list())
    people = items.dropna(subset=["person_id"])
    assert len(people), "the fixture has alerts about people"
    masked = set(report._shown(people)["person_id"])
    listed = report.alerts().html() + report.appendix().html()
    assert all(m in listed for m in masked)
    others = [report.fever(), report.medical_visits(), report.care(), report.breakdown()]
    for section in others:
        html = section.html()
        # Nobody an alert names is listed again; the section links to the alert list.
        assert not [m for m in masked if m in html], section.title
    linked = "".join(s.html() for s in others)
    for kind in ("fever", "missed_check", "lost_contact", "mood"):
        if report.alerts_count.get(kind):
            label = report.label("alert", kind)
            assert f"{label}{report.alerts_count[kind]}项的逐项名单" in linked
    assert linked.count('href="#fk-alerts"') >= sum(
        1 for k in ("fever", "missed_check", "lost_contact", "mood") if report.alerts_count.get(k)
    )
    assert 'id="fk-alerts"' in report.alerts().html()


def test_every_section_says_which_time_its_figures_count_in_the_same_words(quarantine_data):
    report = QuarantineReport.from_store(
        quarantine_data.day, str(quarantine_data.town_file), quarantine_data.db_url
    )
    day = report.ctx.day
    cutoff = report.data.town.policy.cutoff
    said = {
        "stock": f"时间口径：截至{day.month}月{day.day}日{cutoff}。",
        "day": f"时间口径：按{day.month}月{day.day}日当天应完成的计，以{cutoff}前报送的为准。",
    }
    # The ledger dates a start or release by the day: the breakdown says so.
    by_day = f"今日新增、解除、转运按{day.month}月{day.day}日的记录计"
    for section, kind in (
        (report.alerts(), "stock"),
        (report.medical_visits(), "day"),
        (report.care(), "day"),
        (report.data_quality(), "day"),
    ):
        assert said[kind] in section.html(), section.title
    assert by_day in report.breakdown().html() and "今日指" not in report.breakdown().html()
