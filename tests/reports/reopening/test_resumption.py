"""Resumption against the targets, by zone and category; staff on site.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.reopening import resumption as reopening
from fangkong.reports.reopening.firms import firm_status
from reopening_rows import DAY, firm, report
from report_rows import frame


def test_resumption_town_wide_against_targets(firms, town):
    table = reopening.resumption(firms, town, by="town").set_index("category")
    cols = ["firms", "resumed", "not_resumed", "never_reported"]
    assert table.loc["above_size", cols].tolist() == [2, 2, 0, 0]
    assert table.loc["below_size", cols].tolist() == [3, 1, 2, 1]
    assert table.loc["street_shop", cols].tolist() == [2, 1, 1, 0]
    assert table.loc[TOTAL, cols].tolist() == [7, 4, 3, 1]
    assert table["rate"].tolist()[:3] == [1.0, pytest.approx(1 / 3), 0.5]
    assert table.loc[TOTAL, "rate"] == pytest.approx(4 / 7)
    assert table["target"].tolist()[:3] == [1.0, 0.9, 0.8]
    assert table["met"].tolist()[:3] == [True, False, False]
    assert pd.isna(table.loc[TOTAL, "met"])


def test_resumption_by_zone_adds_up_to_the_town(firms, town):
    table = reopening.resumption(firms, town)
    zones = [z.name for z in town.zones]
    assert table["zone"].unique().tolist() == [*zones, TOTAL]
    row = table.set_index(["zone", "category"])
    assert row.loc[("第一战区", "below_size"), ["firms", "resumed"]].tolist() == [1, 1]
    assert row.loc[("第一战区", "below_size"), "met"]  # 1 of 1 >= 90%
    assert not row.loc[("第三战区", "below_size"), "met"]
    assert row.loc[("第四战区", "below_size"), "never_reported"] == 1
    assert pd.isna(row.loc[("第二战区", "below_size"), "rate"])  # no firm
    assert pd.isna(row.loc[("第二战区", "below_size"), "met"])
    for category in ["above_size", "below_size", "street_shop", TOTAL]:
        part = table[table["category"] == category]
        zone_rows, town_row = part[part["zone"] != TOTAL], part[part["zone"] == TOTAL]
        for c in ["firms", "resumed", "not_resumed", "never_reported"]:
            assert zone_rows[c].sum() == town_row[c].item()


def test_a_rate_exactly_at_the_target_meets_it(town):
    enterprises = frame(
        "enterprises", [firm(f"B{i}", "槐林村", "below_size", 1) for i in range(10)]
    )
    status = frame("enterprise_status", [report(f"B{i}", DAY, i < 9) for i in range(10)])
    table = reopening.resumption(firm_status(enterprises, status, town, DAY), town, by="town")
    below = table.set_index("category").loc["below_size"]
    assert below["rate"] == pytest.approx(0.9)
    assert below["met"]


def test_not_resumed_and_not_reported_lists(firms, town):
    listed = reopening.not_resumed(firms, town)
    assert listed["enterprise_id"].tolist() == ["B2", "B3", "S2"]
    assert listed["never_reported"].tolist() == [False, True, False]
    missing = reopening.not_reported_today(firms, town)
    assert missing["enterprise_id"].tolist() == ["A2", "B3", "S2"]
    assert missing["resumed"].tolist() == [True, False, False]
    assert pd.isna(missing["last_report"].iloc[1])


def test_staff_by_zone_and_category(firms, town):
    cols = ["firms", "staff_total", "staff_on_site", "returned_from_outside", "in_quarantine"]
    table = reopening.staff(firms, town).set_index("zone")
    assert table.loc["第一战区", cols].tolist() == [3, 123, 98, 13, 3]
    assert table.loc["第二战区", cols].tolist() == [1, 50, 30, 5, 1]
    assert table.loc["第四战区", cols].tolist() == [1, 8, 0, 0, 0]
    assert table.loc[TOTAL, cols].tolist() == [7, 193, 128, 18, 4]
    assert table.loc[TOTAL, "on_site_rate"] == pytest.approx(128 / 193)
    by_cat = reopening.staff(firms, town, by="category").set_index("category")
    assert by_cat.loc["above_size", cols].tolist() == [2, 150, 110, 15, 3]
    assert by_cat.loc["street_shop", cols].tolist() == [2, 5, 3, 0, 1]
    assert by_cat.loc[TOTAL, cols].tolist() == [7, 193, 128, 18, 4]
    villages = reopening.staff(firms, town, by="village")
    assert villages.iloc[-1]["staff_on_site"] == 128
