"""The firms' prevention checks: compliance, masks and disinfectant, workers vs the ledger.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening.firms import firm_status
from reopening_rows import DAY, firm, random_firms, report
from report_rows import frame


def test_compliance_rates(firms, town):
    table = firm_checks.compliance(firms, town, by="town").set_index("check")
    assert table[["firms", "passing", "failing"]].values.tolist() == [
        [3, 2, 1],  # officer on duty: A1, A2, B1 (S1 exempt); A2 did not report
        [4, 2, 2],  # disinfected: B1 no, A2 no report
        [4, 2, 2],  # health check-in: S1 no, A2 no report
        [4, 3, 1],  # filed online: A2 no report
    ]
    assert table.loc["officer_on_duty", "rate"] == pytest.approx(2 / 3)
    by_zone = firm_checks.compliance(firms, town).set_index(["zone", "check"])
    assert by_zone.loc[("第一战区", "disinfected"), ["firms", "passing"]].tolist() == [3, 2]
    assert by_zone.loc[("第二战区", "filed_online"), "rate"] == 0.0
    assert pd.isna(by_zone.loc[("第三战区", "filed_online"), "rate"])


def town_rows(by_zone: pd.DataFrame) -> pd.DataFrame:
    """The town rows of the compliance table by zone: what the town-wide table must be."""
    total = by_zone[by_zone["zone"] == TOTAL]
    return total.drop(columns="zone").reset_index(drop=True)


def test_compliance_town_wide_equals_the_town_rows_by_zone(firms, town, enterprises, status):
    pd.testing.assert_frame_equal(
        firm_checks.compliance(firms, town, by="town"),
        town_rows(firm_checks.compliance(firms, town)),
    )
    for seed in range(4):
        registries, reports = random_firms(seed)
        for day in list(registries)[::4]:
            some = firm_status(registries[day], reports, town, day)
            pd.testing.assert_frame_equal(
                firm_checks.compliance(some, town, by="town"),
                town_rows(firm_checks.compliance(some, town)),
            )
    nobody = firm_status(enterprises.iloc[:0], status, town, DAY)
    pd.testing.assert_frame_equal(
        firm_checks.compliance(nobody, town, by="town"),
        town_rows(firm_checks.compliance(nobody, town)),
    )


def test_compliance_failures_list(firms, town):
    failures = firm_checks.compliance_failures(firms, town)
    assert failures[["check", "enterprise_id"]].values.tolist() == [
        ["officer_on_duty", "A2"],
        ["disinfected", "A2"],
        ["disinfected", "B1"],
        ["health_checkin", "A2"],
        ["health_checkin", "S1"],
        ["filed_online", "A2"],
    ]
    assert not failures.set_index(["check", "enterprise_id"]).loc[
        ("disinfected", "A2"), "reported_today"
    ]


def test_masks_and_disinfectant(firms, town):
    stock = firm_checks.mask_stock(firms, town).set_index("enterprise_id")
    assert sorted(stock.index) == ["A1", "A2", "B1", "S1"]
    assert stock.loc["A1", "mask_days"] == 5
    assert stock.loc["B1", "mask_days"] == pytest.approx(200 / 30)
    short = firm_checks.masks_short(firm_checks.mask_stock(firms, town))
    assert short["enterprise_id"].tolist() == ["A2", "S1"]
    zones = firm_checks.stock_by_zone(firm_checks.mask_stock(firms, town), town).set_index("zone")
    cols = ["firms", "short", "staff_on_site", "masks", "disinfectant_l"]
    assert zones.loc["第一战区", cols].tolist() == [3, 1, 98, 1010, 23.0]
    assert zones.loc[TOTAL, cols].tolist() == [4, 2, 128, 1110, 28.0]
    assert zones.loc[TOTAL, "mask_days"] == pytest.approx(1110 / 256)
    assert pd.isna(zones.loc["第三战区", "mask_days"])


def test_a_firm_with_nobody_on_site_is_not_short_of_masks(town):
    enterprises = frame("enterprises", [firm("A1", "槐林村", "above_size", 10)])
    status = frame("enterprise_status", [report("A1", DAY, True, 0, masks=0)])
    stock = firm_checks.mask_stock(firm_status(enterprises, status, town, DAY), town)
    assert pd.isna(stock["mask_days"].iloc[0])
    assert not stock["short"].iloc[0]


def test_worker_crosscheck(firms, ledger, town):
    check = firm_checks.worker_crosscheck(firms, ledger, town, DAY)
    got = check[["enterprise_id", "reported", "in_ledger", "difference", "check"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["B1", 0, 1, -1, "mismatch"],
        ["S1", 1, 0, 1, "mismatch"],
        ["A2", None, 1, None, "not_reported"],
        ["X9", None, 1, None, "not_reported"],
        ["A1", 2, 2, 0, "match"],
    ]
    assert pd.isna(check.set_index("enterprise_id").loc["X9", "name"])
