"""Welfare report computations on small hand-made frames.

Expected answers are worked out by hand in the comments above each fixture.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL, UNASSIGNED, days_between
from fangkong.reports.welfare import community, gas
from fangkong.reports.welfare import data as welfare_data
from fangkong.reports.welfare import figures as welfare_figures
from fangkong.reports.welfare import households as welfare
from fangkong.reports.welfare import trend as welfare_trend
from fangkong.schemas import DTYPES, TABLES
from fangkong.store.database import Store
from fangkong.town import load_town

ROOT = Path(__file__).resolve().parents[1]
DAY = "2020-03-10"


@pytest.fixture(scope="module")
def town():
    return load_town(ROOT / "params" / "jiayu.yaml")


def frame(table: str, rows: list[dict], extra: dict | None = None) -> pd.DataFrame:
    """A frame of ``table`` with the schema's normalised dtypes (missing cells empty)."""
    t = TABLES[table]
    df = pd.DataFrame(rows, columns=t.columns + list(extra or {}))
    for c in t.columns:
        kind = t.meta(c)["kind"]
        if kind in ("date", "datetime"):
            df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
        else:
            df[c] = df[c].astype(DTYPES[kind])
    for c, dtype in (extra or {}).items():
        df[c] = df[c].astype(dtype)
    return df


def hh(hid, village, categories, cadre="干部", status=None):
    return {
        "household_id": hid,
        "village": village,
        "head_name": f"户主{hid}",
        "head_id_number": "410182198001010011",
        "categories": categories,
        "members": 3,
        "cadre": cadre,
        "status": status,
    }


def visit(hid, day, needs="none", resolved=None, detail=None, visitor="走访人"):
    return {
        "household_id": hid,
        "visited_on": day,
        "visitor": visitor,
        "needs": needs,
        "needs_detail": detail,
        "resolved": resolved,
    }


# Report day 2020-03-10, visit interval 7 days.
# H1 槐林村 registered_poor+elderly, last visit 03-05 (5 days)  -> covered
# H2 东岗村 subsistence, last visit 03-01 (9 days; 03-12 is after D) -> overdue
# H3 南河村 elderly, never visited                                   -> never_visited
# H4 南河村 disabled, last visit 03-03 (exactly 7 days)               -> covered
# H5 石门村 elderly, closed                                           -> not counted
# H6 石门村 extreme_poverty+disabled, last visit 03-02 (8 days)       -> overdue
def make_households():
    return frame(
        "households",
        [
            hh("H1", "槐林村", "registered_poor;elderly", cadre="甲"),
            hh("H2", "东岗村", "subsistence", cadre="乙"),
            hh("H3", "南河村", "elderly", cadre="丙"),
            hh("H4", "南河村", "disabled", cadre="丁", status="active"),
            hh("H5", "石门村", "elderly", cadre="戊", status="closed"),
            hh("H6", "石门村", "extreme_poverty;disabled", cadre="己"),
        ],
    )


@pytest.fixture
def households():
    return make_households()


# Needs: H1 supplies open since 03-02 (the 03-05 visit resolves medicine only);
# H2 gas open since 03-01 (resolved left blank); H4 supplies resolved on 02-25,
# found again 03-03 -> open since 03-03; H6 medical open since 02-28 (the 03-02
# "none" visit does not close it); H5 is closed; the 03-12 visit is after D.
def make_visits():
    return frame(
        "welfare_visits",
        [
            visit("H1", "2020-03-02", "supplies;medicine", False, "米面"),
            visit("H1", "2020-03-05", "medicine", True),
            visit("H2", "2020-03-01", "gas"),
            visit("H2", "2020-03-12", "supplies", False),
            visit("H4", "2020-02-20", "supplies", False, "旧的"),
            visit("H4", "2020-02-25", "supplies", True),
            visit("H4", "2020-03-03", "supplies", False, "面粉"),
            visit("H6", "2020-02-28", "medical", False, visitor="医生"),
            visit("H6", "2020-03-02", "none"),
            visit("H5", "2020-03-08", "supplies", False),
        ],
    )


@pytest.fixture
def visits():
    return make_visits()


def test_household_visit_status(households, visits, town):
    hv = welfare.household_visits(households, visits, town, DAY).set_index("household_id")
    assert sorted(hv.index) == ["H1", "H2", "H3", "H4", "H6"]
    assert hv["visit_status"].to_dict() == {
        "H1": "covered",
        "H2": "overdue",
        "H3": "never_visited",
        "H4": "covered",
        "H6": "overdue",
    }
    assert hv.loc["H2", "days_since_visit"] == 9
    assert hv.loc["H2", "last_visited_on"] == pd.Timestamp("2020-03-01")
    assert pd.isna(hv.loc["H3", "days_since_visit"])
    assert hv.loc["H6", "zone"] == "第三战区"


def test_a_visit_on_the_last_allowed_day_covers_and_the_next_day_is_overdue(households, visits):
    town = load_town(ROOT / "params" / "jiayu.yaml")
    on_time = welfare.household_visits(households, visits, town, "2020-03-10")
    late = welfare.household_visits(households, visits, town, "2020-03-11")
    status = lambda hv: hv.set_index("household_id")["visit_status"]  # noqa: E731
    assert status(on_time)["H4"] == "covered"  # 7 days after 03-03
    assert status(late)["H4"] == "overdue"  # 8 days


def test_coverage_by_zone_adds_up_to_the_town(households, visits, town):
    hv = welfare.household_visits(households, visits, town, DAY)
    table = welfare.visit_coverage(hv, town, "zone").set_index("zone")
    assert list(table.index) == [z.name for z in town.zones] + [TOTAL]
    assert table.loc[
        "第一战区", ["households", "covered", "overdue", "never_visited"]
    ].tolist() == [
        2,
        1,
        1,
        0,
    ]
    assert table.loc["第二战区", "coverage"] == 0.5
    assert table.loc["第三战区", "coverage"] == 0.0
    assert pd.isna(table.loc["第四战区", "coverage"])
    assert table.loc[TOTAL, ["households", "covered", "overdue", "never_visited"]].tolist() == [
        5,
        2,
        2,
        1,
    ]
    assert table.loc[TOTAL, "coverage"] == pytest.approx(0.4)
    zones = table.drop(TOTAL)
    for c in ("households", "covered", "overdue", "never_visited"):
        assert zones[c].sum() == table.loc[TOTAL, c]


def test_coverage_by_village_lists_every_village(households, visits, town):
    hv = welfare.household_visits(households, visits, town, DAY)
    table = welfare.visit_coverage(hv, town, "village")
    assert len(table) == len(town.villages) + 1
    by_village = table.set_index("village")
    assert by_village.loc["南河村", ["households", "covered", "never_visited"]].tolist() == [
        2,
        1,
        1,
    ]
    assert by_village.loc["龙泉村", "households"] == 0
    assert by_village.loc[TOTAL, "households"] == 5
    assert by_village.drop(TOTAL)["covered"].sum() == 2


def test_a_household_in_two_categories_counts_in_each_and_once_in_the_total(
    households, visits, town
):
    hv = welfare.household_visits(households, visits, town, DAY)
    table = welfare.visit_coverage(hv, town, "category").set_index("category")
    assert table["households"].to_dict() == {
        "registered_poor": 1,
        "subsistence": 1,
        "extreme_poverty": 1,
        "disabled": 2,
        "elderly": 2,
        TOTAL: 5,
    }
    assert table.loc["disabled", "coverage"] == 0.5  # H4 covered, H6 overdue
    assert table.loc["elderly", "never_visited"] == 1  # H3; closed H5 left out
    assert table.drop(TOTAL)["households"].sum() == 7
    assert welfare.multi_category_households(hv) == 2


def test_unvisited_households_never_visited_first_then_longest_overdue(households, visits, town):
    hv = welfare.household_visits(households, visits, town, DAY)
    listed = welfare.unvisited_households(hv, town)
    assert listed["household_id"].tolist() == ["H3", "H2", "H6"]
    assert listed["cadre"].tolist() == ["丙", "乙", "己"]


def test_open_needs(households, visits, town):
    needs = welfare.open_needs(households, visits, town, DAY)
    got = needs[["need", "household_id", "found_on", "days_open", "cadre", "village"]]
    expected = [
        ["supplies", "H1", pd.Timestamp("2020-03-02"), 8, "甲", "槐林村"],
        ["supplies", "H4", pd.Timestamp("2020-03-03"), 7, "丁", "南河村"],
        ["gas", "H2", pd.Timestamp("2020-03-01"), 9, "乙", "东岗村"],
        ["medical", "H6", pd.Timestamp("2020-02-28"), 11, "己", "石门村"],
    ]
    assert got.values.tolist() == expected
    h6 = needs.set_index("household_id").loc["H6"]
    assert h6["last_visitor"] == "医生"
    details = needs.set_index("household_id")["needs_detail"]
    assert details["H1"] == "米面"
    assert details["H4"] == "面粉"  # from the open episode, not the resolved one


def test_a_same_day_resolution_closes_the_need(town):
    households = frame("households", [hh("H1", "槐林村", "elderly")])
    visits = frame(
        "welfare_visits",
        [
            visit("H1", "2020-03-10", "gas", True),
            visit("H1", "2020-03-10", "gas", False),
        ],
    )
    assert welfare.open_needs(households, visits, town, DAY).empty


def test_needs_by_type(households, visits, town):
    counts = welfare.needs_by_type(welfare.open_needs(households, visits, town, DAY))
    assert dict(zip(counts["need"], counts["open"])) == {
        "supplies": 2,
        "medicine": 0,
        "gas": 1,
        "medical": 1,
        "other": 0,
        TOTAL: 4,
    }


def test_coverage_trend_uses_each_days_registry(households, visits, town):
    trend = welfare_trend.coverage_trend(households, visits, town, "2020-03-09", DAY)
    # 03-09: H1 (4 days), H4 (6), H6 (7) covered; H2 8 days overdue; H3 never.
    assert trend["covered"].tolist() == [3, 2]
    assert trend["overdue"].tolist() == [1, 2]
    assert trend["coverage"].tolist() == [pytest.approx(0.6), pytest.approx(0.4)]

    def registry(day):
        # H6 joined the registry on 03-10.
        return (
            households if day >= pd.Timestamp(DAY) else households[households.household_id != "H6"]
        )

    trend = welfare_trend.coverage_trend(registry, visits, town, "2020-03-09", DAY)
    assert trend["households"].tolist() == [4, 5]
    assert trend["covered"].tolist() == [2, 2]


def test_a_village_unknown_to_the_town_is_kept_in_the_totals(town):
    households = frame("households", [hh("X1", "外村", "elderly"), hh("H1", "槐林村", "elderly")])
    visits = frame("welfare_visits", [visit("X1", "2020-03-09")])
    hv = welfare.household_visits(households, visits, town, DAY)
    table = welfare.visit_coverage(hv, town, "zone").set_index("zone")
    assert table.loc[UNASSIGNED, "covered"] == 1
    assert table.loc[TOTAL, "households"] == 2


# ---------------------------------------------------------------- gas requests


def req(rid, village, urgency, reported, delivered=None, cylinders=1):
    return {
        "request_id": rid,
        "village": village,
        "contact_name": f"联系人{rid}",
        "phone": "13800000000",
        "cylinders": cylinders,
        "urgency": urgency,
        "reported_at": reported,
        "delivered_at": delivered,
    }


# Report day 03-10, cut-off 18:00, the day's window (03-09 18:00, 03-10 18:00],
# overdue after 24 hours pending.
#   R1  normal 03-09 10:00 pending, waited 32 h -> overdue; not received today
#   R2  urgent 03-10 09:00 pending
#   R3  urgent 03-10 08:00 pending
#   R4  soon   03-09 19:00 delivered 03-10 07:00 (12 h): received and delivered today
#   R5  normal 03-08 12:00 delivered 03-09 12:00: yesterday's
#   R6  normal 03-10 12:00, first pending, updated: delivered 16:00 (4 h)
#   R7  urgent 03-10 19:00: after the cut-off, not in this report
#   R8  soon   03-10 10:00 delivered 03-11 09:00: pending at the cut-off
#   R9  urgent 03-10 08:00: ties R3 on urgency and time, R3 < R9 by id
#   R10 normal 03-09 18:00: exactly 24 h -> not overdue; not received today
# Queue: R3, R9, R2 (urgent), R8 (soon), R1, R10 (normal).
# Received today: R2 R3 R4 R6 R8 R9 = 6; delivered today: R4, R6; median 8 h.
def make_requests():
    provenance = {"submitted_on": "datetime64[ns]", "ingested_at": "datetime64[ns]"}
    rows = [
        req("R1", "槐林村", "normal", "2020-03-09 10:00", cylinders=2),
        req("R2", "南河村", "urgent", "2020-03-10 09:00"),
        req("R3", "槐林村", "urgent", "2020-03-10 08:00"),
        req("R4", "石门村", "soon", "2020-03-09 19:00", "2020-03-10 07:00"),
        req("R5", "槐林村", "normal", "2020-03-08 12:00", "2020-03-09 12:00"),
        # The update is listed first: the later ingest time must win, not the position.
        req("R6", "龙泉村", "normal", "2020-03-10 12:00", "2020-03-10 16:00"),
        req("R6", "龙泉村", "normal", "2020-03-10 12:00"),
        req("R7", "槐林村", "urgent", "2020-03-10 19:00"),
        req("R8", "新庄村", "soon", "2020-03-10 10:00", "2020-03-11 09:00", cylinders=3),
        req("R9", "东岗村", "urgent", "2020-03-10 08:00"),
        req("R10", "王庄村", "normal", "2020-03-09 18:00"),
    ]
    for row in rows:
        row["submitted_on"] = "2020-03-10"
        row["ingested_at"] = "2020-03-10 13:00"
    rows[5]["ingested_at"] = "2020-03-10 17:00"
    return frame("gas_requests", rows, provenance)


@pytest.fixture
def requests():
    return make_requests()


def test_gas_queue_in_delivery_order(requests, town):
    status = gas.gas_status(requests, town, DAY)
    queue = gas.gas_queue(status)
    assert queue["request_id"].tolist() == ["R3", "R9", "R2", "R8", "R1", "R10"]
    assert queue["position"].tolist() == [1, 2, 3, 4, 5, 6]
    waits = queue.set_index("request_id")["hours_waiting"]
    assert waits["R1"] == 32
    assert waits["R10"] == 24
    assert gas.overdue_requests(status)["request_id"].tolist() == ["R1"]


def test_gas_received_and_delivered_today(requests, town):
    status = gas.gas_status(requests, town, DAY)
    assert gas.received_today(status)["request_id"].tolist() == ["R4", "R3", "R9", "R2", "R8", "R6"]
    delivered = gas.delivered_today(status)
    assert delivered["request_id"].tolist() == ["R4", "R6"]
    assert delivered["hours_to_delivery"].tolist() == [12, 4]
    assert gas.median_hours_to_delivery(status) == 8


def test_gas_summary_and_zone_breakdown(requests, town):
    status = gas.gas_status(requests, town, DAY)
    assert gas.gas_summary(status) == {
        "received": 6,
        "delivered": 2,
        "pending": 6,
        "overdue": 1,
        "cylinders_pending": 9,
        "median_hours_to_delivery": 8.0,
    }
    table = gas.gas_breakdown(status, town, "zone").set_index("zone")
    cols = ["received", "delivered", "pending", "overdue", "cylinders_pending"]
    assert table.loc["第一战区", cols].tolist() == [2, 0, 3, 1, 4]
    assert table.loc["第五战区", cols].tolist() == [1, 0, 2, 0, 4]
    assert table.loc[TOTAL, cols].tolist() == [6, 2, 6, 1, 9]
    assert (table.drop(TOTAL)[cols].sum() == table.loc[TOTAL, cols]).all()
    villages = gas.gas_breakdown(status, town, "village")
    assert villages.iloc[-1][cols].tolist() == [6, 2, 6, 1, 9]


def test_gas_trend(requests, town):
    trend = welfare_trend.gas_trend(requests, town, "2020-03-09", DAY)
    # 03-09: R1 and R10 received and pending, R5 delivered after 24 h.
    assert trend["received"].tolist() == [2, 6]
    assert trend["delivered"].tolist() == [1, 2]
    assert trend["pending"].tolist() == [2, 6]
    assert trend["overdue"].tolist() == [0, 1]
    assert trend["median_hours_to_delivery"].tolist() == [24, 8]


def test_a_day_with_no_requests(town):
    status = gas.gas_status(frame("gas_requests", []), town, DAY)
    assert gas.gas_queue(status).empty
    assert gas.gas_summary(status) == {
        "received": 0,
        "delivered": 0,
        "pending": 0,
        "overdue": 0,
        "cylinders_pending": 0,
        "median_hours_to_delivery": None,
    }
    assert gas.gas_breakdown(status, town).iloc[-1]["pending"] == 0


def test_cutoff_follows_the_town_policy(town):
    late = town.model_copy(update={"policy": town.policy.model_copy(update={"cutoff": "20:30"})})
    assert gas.cutoff_at(late, DAY) == pd.Timestamp("2020-03-10 20:30")


# ------------------------------------------------- produce, volunteers, donations


def produce_row(day, village, product, stock, sold, demand, channel=None):
    return {
        "date": day,
        "village": village,
        "product": product,
        "stock_kg": stock,
        "sold_kg": sold,
        "demand_kg": demand,
        "channel": channel,
    }


# 03-10: 槐林村 白菜 1000+200 stock, 100+50 sold -> 8 days: surplus
#        东岗村 白菜 700 stock, 100 sold -> exactly 7 days: not a surplus
#        南河村 蒜苗 300 stock, nothing sold: surplus
#        石门村 草莓 nothing in stock, 20 wanted
# 03-09 row ignored.
def make_produce():
    return frame(
        "produce",
        [
            produce_row(DAY, "槐林村", "白菜", 1000, 100, 150, "电商"),
            produce_row(DAY, "槐林村", "白菜", 200, 50, 0, "超市"),
            produce_row(DAY, "东岗村", "白菜", 700, 100, 50),
            produce_row(DAY, "南河村", "蒜苗", 300, 0, 0),
            produce_row(DAY, "石门村", "草莓", 0, 0, 20),
            produce_row("2020-03-09", "槐林村", "白菜", 5000, 1, 0),
        ],
    )


@pytest.fixture
def produce():
    return make_produce()


def test_produce_by_product(produce):
    table = community.produce_by_product(produce, DAY)
    cols = ["product", "villages", "stock_kg", "sold_kg", "demand_kg", "balance_kg"]
    assert table[cols].values.tolist() == [
        ["白菜", 2, 1900, 250, 200, -50],
        ["蒜苗", 1, 300, 0, 0, 0],
        ["草莓", 1, 0, 0, 20, 20],
        [TOTAL, 4, 2200, 250, 220, -30],
    ]


def test_produce_surplus(produce, town):
    surplus = community.produce_surplus(produce, town, DAY)
    assert surplus[["village", "product"]].values.tolist() == [
        ["槐林村", "白菜"],
        ["南河村", "蒜苗"],
    ]
    assert surplus["days_of_sales"].iloc[0] == 8
    assert pd.isna(surplus["days_of_sales"].iloc[1])
    assert surplus["channel"].iloc[0] == "电商;超市"
    assert surplus["zone"].tolist() == ["第一战区", "第二战区"]


def service(day, village, kind, served, volunteers):
    return {
        "date": day,
        "village": village,
        "service": kind,
        "served": served,
        "volunteers": volunteers,
    }


def make_services():
    return frame(
        "volunteer_services",
        [
            service(DAY, "槐林村", "purchase", 30, 5),
            service(DAY, "东岗村", "purchase", 10, 2),
            service(DAY, "南河村", "shuttle", 12, 1),
            service(DAY, "石门村", "shuttle", 8, 1),
            service("2020-03-09", "槐林村", "shuttle", 20, 2),
            service("2020-03-08", "槐林村", "haircut", 15, 3),
            service("2020-03-11", "槐林村", "purchase", 100, 10),
        ],
    )


@pytest.fixture
def services():
    return make_services()


def test_services_by_type(services):
    table = community.services_by_type(services, DAY).set_index("service")
    assert table.loc["purchase"].tolist() == [2, 40, 7, 2, 40, 7]
    assert table.loc["shuttle"].tolist() == [2, 20, 2, 3, 40, 4]
    assert table.loc["haircut"].tolist() == [0, 0, 0, 1, 15, 3]
    assert table.loc["health_check"].tolist() == [0] * 6
    assert table.loc[TOTAL].tolist() == [4, 60, 9, 6, 95, 14]


def test_shuttle_summary(services):
    assert community.shuttle_summary(services, DAY) == {
        "shuttle_trips_today": 2,
        "workers_carried_today": 20,
        "shuttle_trips_to_date": 3,
        "workers_carried_to_date": 40,
    }


def gift(day, donor, kind, amount=None, items=None, quantity=None):
    return {
        "date": day,
        "donor": donor,
        "kind": kind,
        "amount_yuan": amount,
        "items": items,
        "quantity": quantity,
    }


def make_donations():
    return frame(
        "donations",
        [
            gift(DAY, "公司甲", "money", 50000),
            gift(DAY, "个人乙", "money", 2000),
            gift(DAY, "超市丙", "goods", items="口罩", quantity=1000),
            gift("2020-03-05", "公司丁", "money", 10000),
            gift("2020-03-06", "公司戊", "goods", items="消毒液", quantity=200),
            gift("2020-03-08", "个人己", "goods", items="口罩", quantity=500),
            gift("2020-03-11", "明天", "money", 99999),
        ],
    )


@pytest.fixture
def donations():
    return make_donations()


def test_donations_summary(donations):
    table = community.donations_summary(donations, DAY).set_index("kind")
    assert table.loc["money"].tolist() == [2, 3, 52000, 62000]
    assert table.loc["goods", ["donations_today", "donations_to_date"]].tolist() == [1, 3]
    assert pd.isna(table.loc["goods", "amount_yuan_today"])


def test_goods_by_item(donations):
    table = community.goods_by_item(donations, DAY)
    assert table.values.tolist() == [["口罩", 1, 1000, 2, 1500], ["消毒液", 0, 0, 1, 200]]
    today = community.donations_today(donations, DAY)
    assert today["donor"].tolist() == ["个人乙", "公司甲", "超市丙"]


# ------------------------------------------------------------- headline, trend


def test_headline(households, visits, requests, produce, services, donations, town):
    inputs = welfare_data.WelfareInputs(households, visits, requests, produce, services, donations)
    head = welfare_figures.headline(inputs, town, DAY)
    json.dumps(head)  # plain Python values only
    f, a = head["figures"], head["alerts"]
    assert (f["households"], f["covered"], f["coverage"]) == (5, 2, pytest.approx(0.4))
    assert f["households_multi_category"] == 2
    assert (f["open_needs"], f["households_with_open_needs"]) == (4, 4)
    assert (f["gas_pending"], f["gas_median_hours_to_delivery"]) == (6, 8.0)
    assert f["produce_stock_kg"] == 2200
    assert (f["services"], f["services_served"], f["services_volunteers"]) == (4, 60, 9)
    assert f["workers_carried_to_date"] == 40
    assert (f["money_yuan_today"], f["money_yuan_to_date"]) == (52000, 62000)
    assert (f["goods_donations_today"], f["goods_donations_to_date"]) == (1, 3)
    assert a == {"households_unvisited": 3, "open_needs": 4, "gas_overdue": 1, "produce_surplus": 2}


def test_trend_window(households, visits, requests, produce, services, donations, town):
    inputs = welfare_data.WelfareInputs(households, visits, requests, produce, services, donations)
    trend = welfare_trend.trend(inputs, town, DAY, days=2)
    assert trend["day"].tolist() == [pd.Timestamp("2020-03-09"), pd.Timestamp(DAY)]
    assert trend["covered"].tolist() == [3, 2]
    assert trend["gas_pending"].tolist() == [2, 6]


# ------------------------------ the trend at once, against the day-by-day reference


def coverage_by_day(households, visits, town, start, end) -> pd.DataFrame:
    """The reference: visit coverage as it was computed, one day at a time."""
    counts = ["households", "covered", "overdue", "never_visited"]
    rows = []
    for day in days_between(start, end):
        registry = households(day) if callable(households) else households
        status = welfare.household_visits(registry, visits, town, day)["visit_status"]
        figures = {"households": len(status)}
        figures |= {c: int(status.eq(c).sum()) for c in counts[1:]}
        share = figures["covered"] / figures["households"] if figures["households"] else pd.NA
        rows.append({"day": day, **figures, "coverage": share})
    out = pd.DataFrame(rows, columns=["day", *counts, "coverage"])
    out[counts] = out[counts].astype("Int64")
    out["coverage"] = out["coverage"].astype("Float64")
    return out


def gas_by_day(requests, town, start, end) -> pd.DataFrame:
    """The reference: the gas figures as they were computed, one day at a time."""
    rows = [
        {"day": d, **gas.gas_summary(gas.gas_status(requests, town, d))}
        for d in days_between(start, end)
    ]
    counts = ["received", "delivered", "pending", "overdue", "cylinders_pending"]
    out = pd.DataFrame(rows, columns=["day", *counts, "median_hours_to_delivery"])
    out[counts] = out[counts].astype("Int64")
    out["median_hours_to_delivery"] = out["median_hours_to_delivery"].astype("Float64")
    return out


def random_welfare(seed: int, town):
    """Registries of each day, visits and gas requests over 14 days ending on D.

    Households join, close and reopen; visits fall on any day, some at a time
    of day, some before the window, some after D, some without a date; gas
    requests come in several submissions, some without a report time or
    delivered before they were reported, some after the last cut-off.
    """
    rng = np.random.default_rng(seed)
    days = days_between(pd.Timestamp(DAY) - pd.Timedelta(days=13), DAY)
    villages = [*town.village_names[:4], "外村"]

    def pick(options):
        return options[int(rng.integers(0, len(options)))]

    registries = {}
    for i, day in enumerate(days):
        rows = [
            hh(f"H{n}", pick(villages), "elderly", status=pick([None, None, "active", "closed"]))
            for n in range(40)
            if rng.random() < 0.5 + i / 40
        ]
        registries[day] = frame("households", rows)
    visits = []
    for _ in range(120):
        on = days[0] + pd.Timedelta(days=int(rng.integers(-20, 16)))
        if rng.random() < 0.2:
            on += pd.Timedelta(hours=int(rng.integers(1, 23)))
        visits.append(visit(f"H{int(rng.integers(0, 45))}", None if rng.random() < 0.03 else on))
    requests = []
    cutoffs = [gas.cutoff_at(town, d) for d in days]
    for n in range(60):
        reported = days[0] + pd.Timedelta(minutes=int(rng.integers(-3 * 1440, 15 * 1440)))
        if rng.random() < 0.15:  # at a cut-off: exactly 24 hours old at the next one
            reported = pick(cutoffs)
        delivered = None
        if rng.random() < 0.7:
            delivered = reported + pd.Timedelta(minutes=int(rng.integers(-60, 3 * 1440)))
            if rng.random() < 0.2:
                delivered = pick(cutoffs)
        for _ in range(int(rng.integers(1, 3))):  # a later submission may deliver it
            row = req(f"R{n}", pick(villages), pick(["urgent", "soon", "normal"]), reported)
            row |= {"delivered_at": delivered if rng.random() < 0.7 else None}
            row |= {"cylinders": pick([1, 2, 3, None])}
            if rng.random() < 0.03:
                row["reported_at"] = None
            row["submitted_on"] = days[0] + pd.Timedelta(days=int(rng.integers(0, 14)))
            row["ingested_at"] = row["submitted_on"] + pd.Timedelta(hours=int(rng.integers(0, 24)))
            requests.append(row)
    provenance = {"submitted_on": "datetime64[ns]", "ingested_at": "datetime64[ns]"}
    return registries, frame("welfare_visits", visits), frame("gas_requests", requests, provenance)


@pytest.mark.parametrize("seed", range(6))
def test_coverage_trend_at_once_equals_coverage_by_day(seed, town):
    registries, visits, _ = random_welfare(seed, town)
    start, end = min(registries), max(registries)
    expected = coverage_by_day(registries.__getitem__, visits, town, start, end)
    assert expected["covered"].sum() > 0 and expected["overdue"].sum() > 0
    assert expected["never_visited"].sum() > 0
    out = welfare_trend.coverage_trend(registries.__getitem__, visits, town, start, end)
    pd.testing.assert_frame_equal(out, expected)
    one = registries[end]
    out = welfare_trend.coverage_trend(one, visits, town, start, end)
    pd.testing.assert_frame_equal(out, coverage_by_day(one, visits, town, start, end))


@pytest.mark.parametrize("seed", range(6))
def test_gas_trend_at_once_equals_gas_by_day(seed, town):
    _, _, requests = random_welfare(seed, town)
    start = pd.Timestamp(DAY) - pd.Timedelta(days=13)
    expected = gas_by_day(requests, town, start, DAY)
    assert expected["overdue"].sum() > 0 and expected["delivered"].sum() > 0
    out = welfare_trend.gas_trend(requests, town, start, DAY)
    pd.testing.assert_frame_equal(out, expected)


def test_trends_at_once_on_the_hand_made_frames(households, visits, requests, town):
    for start in ("2020-03-09", "2020-02-20"):
        pd.testing.assert_frame_equal(
            welfare_trend.coverage_trend(households, visits, town, start, "2020-03-12"),
            coverage_by_day(households, visits, town, start, "2020-03-12"),
        )
        pd.testing.assert_frame_equal(
            welfare_trend.gas_trend(requests, town, start, "2020-03-12"),
            gas_by_day(requests, town, start, "2020-03-12"),
        )


def test_trends_of_days_without_data(town):
    households, visits = frame("households", []), frame("welfare_visits", [])
    requests = frame("gas_requests", [])
    out = welfare_trend.coverage_trend(households, visits, town, "2020-03-09", DAY)
    pd.testing.assert_frame_equal(out, coverage_by_day(households, visits, town, "2020-03-09", DAY))
    assert out["coverage"].isna().all()
    out = welfare_trend.gas_trend(requests, town, "2020-03-09", DAY)
    pd.testing.assert_frame_equal(out, gas_by_day(requests, town, "2020-03-09", DAY))


# ------------------------------------------------------- reading from the store


def save(store, table, rows, *, day, at):
    """Store ``rows`` (a typed frame) as one file submitted on ``day`` at ``at``."""
    frame = rows.reset_index(drop=True).copy()
    village = frame["village"] if "village" in frame.columns else None
    villages = sorted(set(village.dropna())) if village is not None else []
    villages = villages or ["槐林村"]
    frame["src_row"] = pd.array(range(2, len(frame) + 2), dtype="Int64")
    frame["src_village"] = village.fillna(villages[0]) if village is not None else villages[0]
    sha = hashlib.sha256(f"{table}|{at}|{frame.to_csv()}".encode()).hexdigest()
    file, at = f"{table}-{at}.xlsx", pd.Timestamp(at)
    store.record_file(
        sha256=sha,
        file=file,
        table=table,
        submitted_on=day,
        villages=villages,
        rows_in=len(frame),
        accepted=len(frame),
        rejected=0,
        warnings=0,
        ingested_at=at,
    )
    columns = [*TABLES[table].columns, "src_row", "src_village"]
    store.append(
        table, frame[columns], sha256=sha, file=file, sheet="Sheet1", submitted_on=day,
        ingested_at=at,
    )  # fmt: skip


def fill_store(store):
    """Put the fixtures into a real store, each row submitted on its own day.

    Differences from the frames: H7 (never visited) joins the registry on 03-10;
    the 03-12 visit, 03-11 service and donation are submitted after the day; R6's
    delivery comes in a second file of the day.
    """
    save(store, "households", make_households(), day="2020-03-01", at="2020-03-01 09:00")
    save(store, "households", frame("households", [hh("H7", "龙泉村", "elderly")]),
         day=DAY, at="2020-03-10 09:00")  # fmt: skip
    for table, rows, when in [
        ("welfare_visits", make_visits(), "visited_on"),
        ("produce", make_produce(), "date"),
        ("volunteer_services", make_services(), "date"),
        ("donations", make_donations(), "date"),
    ]:
        for day, part in rows.groupby(rows[when]):
            submitted = max(day, pd.Timestamp("2020-03-01"))
            save(store, table, part, day=submitted, at=submitted + pd.Timedelta(hours=17))
    plain = make_requests().drop(columns=["submitted_on", "ingested_at"])
    first, update = plain.drop(index=5), plain.loc[[5]]
    save(store, "gas_requests", first, day=DAY, at="2020-03-10 13:00")
    save(store, "gas_requests", update, day=DAY, at="2020-03-10 17:00")
    return store


@pytest.fixture
def loaded(tmp_path):
    store = fill_store(Store(f"sqlite:///{tmp_path / 'store.db'}"))
    yield store
    store.close()


def test_load_inputs_reads_what_the_report_needs(loaded, town):
    inputs = welfare_data.load_inputs(loaded, town, DAY, days=2)
    head = welfare_figures.headline(inputs, town, DAY)["figures"]
    assert (head["households"], head["covered"], head["never_visited"]) == (6, 2, 2)
    assert head["open_needs"] == 4
    assert (head["gas_received"], head["gas_delivered"], head["gas_pending"]) == (6, 2, 6)
    assert head["gas_median_hours_to_delivery"] == 8
    assert head["produce_stock_kg"] == 2200
    assert (head["services_volunteers"], head["workers_carried_to_date"]) == (9, 40)
    assert head["money_yuan_to_date"] == 62000
    trend = welfare_trend.trend(inputs, town, DAY, days=2)
    assert trend["households"].tolist() == [5, 6]  # H7 registered on 03-10
    assert trend["gas_delivered"].tolist() == [1, 2]  # R5, delivered 03-09 12:00
    assert trend["gas_pending"].tolist() == [2, 6]


def test_produce_chart_has_a_bar_per_product_and_series(produce):
    from fangkong.reports.welfare.charts import produce_balance_chart

    table = community.produce_by_product(produce, DAY)
    series = {"stock_kg": "库存", "sold_kg": "销售", "demand_kg": "需求"}
    ax = produce_balance_chart(table, series, "产销").axes[0]
    assert len(ax.patches) == 3 * 3  # 白菜, 蒜苗, 草莓; the total row is left out
    assert [t.get_text() for t in ax.get_yticklabels()] == ["白菜", "蒜苗", "草莓"]
    assert max(p.get_width() for p in ax.patches) == 1900
