"""Households of the welfare registry: visit coverage, unvisited households, open needs.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL, UNASSIGNED
from fangkong.reports.welfare import households as welfare
from fangkong.town import load_town
from repo_paths import ROOT
from report_rows import frame
from welfare_rows import DAY, hh, visit


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


def test_a_village_unknown_to_the_town_is_kept_in_the_totals(town):
    households = frame("households", [hh("X1", "外村", "elderly"), hh("H1", "槐林村", "elderly")])
    visits = frame("welfare_visits", [visit("X1", "2020-03-09")])
    hv = welfare.household_visits(households, visits, town, DAY)
    table = welfare.visit_coverage(hv, town, "zone").set_index("zone")
    assert table.loc[UNASSIGNED, "covered"] == 1
    assert table.loc[TOTAL, "households"] == 2
