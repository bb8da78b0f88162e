"""Open needs linked to purchases and gas requests, and party volunteers, by hand.

Report day 2020-03-10, cut-off 18:00, gas overdue after 24 hours (the demo town:
槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村 第四战区,
新庄村/王庄村 第五战区). The trend window of 14 days starts on 02-25.

Households and their needs (open unless said):
  A1 槐林村 supplies found 03-02, medicine found 03-05 -> wants purchases since 03-02
  A2 东岗村 medicine found 03-08; gas found 03-01
  A3 南河村 supplies found 03-09; gas found today, 03-10
  A4 石门村 supplies found and resolved today (03-10)
  A5 龙泉村 gas found 02-20, before the trend window
  A6 新庄村 gas found 03-09
  A7 王庄村 gas found 03-09

Purchases naming a household (物资代购):
  A1 03-01 (before its need: not counted), 03-04, 03-09 -> served, 2 purchases, last 03-09
  A2 03-07 (the day before its need was found)      -> not served
  A3 none                                          -> not served
  A4 today: its need was resolved today, so the purchase was for a need
  A6 today: A6 wants gas only                      -> a purchase without a need
  A5 03-11: after the report day, ignored
  and today one purchase for the quarantined homes, naming no household.
Households wanting supplies or medicine: A1, A2, A3 = 3; served 1, not served 2.
Today's purchases naming a household: A4, A6 = 2, of which 1 (A6) without a need.

Gas requests naming a household:
  G1 A5 reported 02-21, delivered 02-22 (after the need was found) -> delivered 2月22日
  G2 A6 normal, reported 03-08 10:00, pending: reported before the need was found
     but still pending then, so it answers it; G4 (urgent, no household) is first in
     the queue                                                     -> queued, 2nd
  G5 A2 reported 02-28, delivered 02-29, before A2's need of 03-01 -> no answer
Gas needs: A5, A6, A2, A3, A7 = 5; registered 2 (delivered 1, queued 1);
unregistered 3 (A2, A3, A7). Known since the end of the visit's day: A2 from 03-02
00:00 to 03-10 18:00 = 210 h, late; A7 from 03-10 00:00 = 18 h, not late; A3 found
today, not late. Late: 1.

Party members (today: the purchases of A4, A6 and the quarantined homes):
  today   party 1 + 3 = 4 of volunteers 2 + 5 = 7 (A6's row left blank: 1 blank)
  to date + 03-01 (1 of 1), 03-04 (0 of 1), 03-07 (1 of 1), haircut 03-09 (4 of 4),
          A1's purchase of 03-09 blank: party 10 of 14, 2 blank.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.welfare import gas, links, party
from fangkong.reports.welfare import households as visits_of
from fangkong.reports.welfare.report import WelfareReport
from report_rows import frame, save
from welfare_rows import DAY, hh, req, visit

VILLAGES = {
    "A1": "槐林村",
    "A2": "东岗村",
    "A3": "南河村",
    "A4": "石门村",
    "A5": "龙泉村",
    "A6": "新庄村",
    "A7": "王庄村",
}


def households():
    return frame("households", [hh(h, v, "elderly") for h, v in VILLAGES.items()])


def visits():
    return frame(
        "welfare_visits",
        [
            visit("A1", "2020-03-02", "supplies", False, "米面油"),
            visit("A1", "2020-03-05", "medicine", False),
            visit("A2", "2020-03-01", "gas", False),
            visit("A2", "2020-03-08", "medicine", False),
            visit("A3", "2020-03-09", "supplies", False),
            visit("A3", "2020-03-10", "gas", False),
            visit("A4", "2020-03-10", "supplies", True),
            visit("A5", "2020-02-20", "gas", False),
            visit("A6", "2020-03-09", "gas", False),
            visit("A7", "2020-03-09", "gas", False),
        ],
    )


def buy(day, village, household, volunteers, party_members, service="purchase", served=1):
    return dict(
        date=day,
        village=village,
        service=service,
        served=served,
        volunteers=volunteers,
        household_id=household,
        party_members=party_members,
    )


def services():
    return frame(
        "volunteer_services",
        [
            buy("2020-03-01", "槐林村", "A1", 1, 1),
            buy("2020-03-04", "槐林村", "A1", 1, 0),
            buy("2020-03-07", "东岗村", "A2", 1, 1),
            buy("2020-03-09", "槐林村", "A1", 2, None),
            buy("2020-03-10", "石门村", "A4", 2, 1),
            buy("2020-03-10", "新庄村", "A6", 1, None),
            buy("2020-03-10", "槐林村", None, 5, 3, served=20),
            buy("2020-03-09", "槐林村", None, 4, 4, service="haircut", served=10),
            buy("2020-03-11", "龙泉村", "A5", 1, 1),
        ],
    )


def requests():
    rows = [
        req("G1", "龙泉村", "normal", "2020-02-21 09:00", "2020-02-22 10:00"),
        req("G2", "新庄村", "normal", "2020-03-08 10:00"),
        req("G4", "槐林村", "urgent", "2020-03-10 07:00"),
        req("G5", "东岗村", "soon", "2020-02-28 09:00", "2020-02-29 09:00"),
    ]
    for row, household in zip(rows, ("A5", "A6", None, "A2")):
        row["household_id"] = household
    return frame("gas_requests", rows)


@pytest.fixture
def needs(town):
    return visits_of.open_needs(households(), visits(), town, DAY)


def test_purchases_since_the_need_was_found(needs):
    out = links.purchase_links(needs, services(), DAY).set_index("household_id")
    assert out.index.tolist() == ["A1", "A2", "A3"]
    assert out["found_on"].dt.strftime("%m-%d").tolist() == ["03-02", "03-08", "03-09"]
    assert out["purchases"].tolist() == [2, 0, 0]
    assert out.loc["A1", "last_purchase"] == pd.Timestamp("2020-03-09")
    assert out["served"].tolist() == [True, False, False]
    assert links.purchases_named(services(), DAY) == 2
    assert links.purchases_without_need(needs, visits(), services(), DAY) == 1


def test_gas_needs_in_the_queue_delivered_or_not_registered(needs, town):
    status = gas.gas_status(requests(), town, DAY)
    out = links.gas_links(needs, status, town, DAY).set_index("household_id")
    assert out["gas_link"].to_dict() == {
        "A5": "delivered",
        "A2": "unregistered",
        "A6": "queued",
        "A7": "unregistered",
        "A3": "unregistered",
    }
    assert out.loc["A6", "position"] == 2
    assert out.loc["A5", "delivered_at"] == pd.Timestamp("2020-02-22 10:00")
    assert out["late"].to_dict() == {"A5": False, "A2": True, "A6": False, "A7": False, "A3": False}
    assert links.oldest_gas_need(households(), visits(), town, DAY) == pd.Timestamp("2020-02-20")


def test_link_figures_add_up(needs, town):
    status = gas.gas_status(requests(), town, DAY)
    f = links.link_figures(needs, visits(), services(), status, town, DAY)
    assert f == {
        "purchase_need_households": 3,
        "purchase_need_served": 1,
        "purchase_need_unserved": 2,
        "purchases_named": 2,
        "purchases_without_need": 1,
        "gas_needs_found": 5,
        "gas_needs_registered": 2,
        "gas_needs_delivered": 1,
        "gas_needs_queued": 1,
        "gas_needs_unregistered": 3,
        "gas_needs_unregistered_late": 1,
    }


def test_party_share_leaves_blank_rows_out_of_its_base():
    f = party.party_figures(services(), DAY)
    assert (f["volunteer_party_members"], f["volunteer_party_base"]) == (4, 7)
    assert f["volunteer_party_share"] == pytest.approx(4 / 7)
    assert f["volunteer_party_blank"] == 1
    assert (f["volunteer_party_members_to_date"], f["volunteer_party_base_to_date"]) == (10, 14)
    assert f["volunteer_party_share_to_date"] == pytest.approx(10 / 14)
    assert f["volunteer_party_blank_to_date"] == 2


def test_no_party_figures_gives_no_share():
    rows = frame("volunteer_services", [buy(DAY, "槐林村", None, 3, None)])
    f = party.party_figures(rows, DAY)
    assert f["volunteer_party_share"] is None
    assert f["volunteer_party_blank"] == 1


@pytest.fixture
def report(store, town):
    """The rows above in a real store, each submitted on its day, read as the report does."""
    save(store, "households", households(), day="2020-02-01", at="2020-02-01 09:00")
    for table, rows, when in [
        ("welfare_visits", visits(), "visited_on"),
        ("volunteer_services", services(), "date"),
    ]:
        for day, part in rows.groupby(rows[when]):
            save(store, table, part, day=day, at=day + pd.Timedelta(hours=17))
    plain = requests()
    for day, part in plain.groupby(plain["reported_at"].dt.normalize()):
        save(store, "gas_requests", part, day=day, at=day + pd.Timedelta(hours=17))
    return WelfareReport(WelfareReport.load(store, town, DAY, 14))


def test_the_report_reads_the_request_of_a_need_older_than_its_window(report):
    # G1 was delivered on 02-22, before the window (02-25): read because A5's need is older.
    assert report.figures["gas_needs_delivered"] == 1
    assert report.figures["gas_needs_unregistered"] == 3
    assert report.figures["gas_overdue"] == 1  # G2, waiting since 03-08: the queue's own
    assert report.changes.loc["gas_needs_found", "value"] == 5
    assert report.changes.loc["purchase_need_served", "value"] == 1


def test_each_open_need_says_what_was_done_for_it(report):
    items = report.alert_items()
    needs = items[items["kind"] == "open_needs"].set_index("subject")["detail"]
    assert needs["A1|supplies"].endswith("；已代购2次（最近3月9日）")
    assert needs["A1|medicine"].endswith("；已代购2次（最近3月9日）")
    assert needs["A2|medicine"].endswith("；尚未代购")
    assert needs["A5|gas"].endswith("；已登记，2月22日送达")
    assert needs["A6|gas"].endswith("；已登记配送，排第2位")
    assert needs["A2|gas"].endswith("；未登记煤气配送，发现已超过24小时")
    assert needs["A7|gas"].endswith("；未登记煤气配送")


def test_the_sections_and_the_paragraph_say_it(report):
    assert "已代购1户、尚未代购2户" in report.needs().narrative
    gas_words = report.gas_requests().narrative
    assert "走访发现煤气需求5户：已登记配送2户（已送达1户、排队1户），未登记3户" in gas_words
    assert "其中1户发现已超过24小时" in gas_words
    volunteers = report.volunteers().narrative
    assert "今日志愿者中党员4人次，占57.1%（只计填了党员人数的记录，1条未填）" in volunteers
    assert "累计占71.4%" in volunteers
    assert "今日物资代购注明服务户2次，其中1次" in volunteers
    paragraph = report.day_paragraph().record()
    assert "走访发现的煤气需求有3户未登记配送，其中1户发现已超过24小时。" in paragraph["text"]
    fields = {f for n in paragraph["numbers"] for f in n["fields"]}
    assert {"figures.gas_needs_unregistered", "figures.gas_needs_unregistered_late"} <= fields
