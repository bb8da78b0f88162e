"""The resumption trend, and the trend at once against the day-by-day reference.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL, days_between
from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import resumption as reopening
from fangkong.reports.reopening import trend as reopening_trend
from fangkong.reports.reopening.firms import firm_status
from reopening_rows import DAY, random_firms
from report_rows import frame


def test_resumption_trend(enterprises, status, ledger, town):
    # 03-09: A1 and A2 resumed; B1 and S1 have not reported yet; B2 resumed on 03-05.
    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    trend = reopening_trend.trend(inputs, town, DAY, days=2)
    wide = trend.pivot(index="day", columns="category", values="resumed")
    assert wide.loc[pd.Timestamp("2020-03-09")].to_dict() == {
        "above_size": 2,
        "below_size": 1,
        "street_shop": 0,
        "supermarket": 0,  # a category without firms in these rows
        TOTAL: 3,
    }
    assert wide.loc[pd.Timestamp(DAY)].to_dict() == {
        "above_size": 2,
        "below_size": 1,
        "street_shop": 1,
        "supermarket": 0,  # a category without firms in these rows
        TOTAL: 4,
    }
    assert trend["target"].dropna().unique().tolist() == [1.0, 0.9, 0.8]

    def registry(day):  # S2 registered on 03-10
        return (
            enterprises
            if day >= pd.Timestamp(DAY)
            else enterprises[enterprises.enterprise_id != "S2"]
        )

    trend = reopening_trend.resumption_trend(registry, status, town, "2020-03-09", DAY)
    firms = trend[trend["category"] == "street_shop"]["firms"].tolist()
    assert firms == [1, 2]


# ------------------------------ the trend at once, against the day-by-day reference


def resumption_by_day(enterprises, status, town, start, end) -> pd.DataFrame:
    """The reference: the resumption trend as it was computed, one day at a time."""
    parts = []
    for day in days_between(start, end):
        registry = enterprises(day) if callable(enterprises) else enterprises
        table = reopening.resumption(firm_status(registry, status, town, day), town, by="town")
        table.insert(0, "day", day)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("seed", range(6))
def test_resumption_trend_at_once_equals_resumption_by_day(seed, town):
    registries, status = random_firms(seed)
    start, end = min(registries), max(registries)
    expected = resumption_by_day(registries.__getitem__, status, town, start, end)
    assert expected["resumed"].sum() > 0 and expected["never_reported"].sum() > 0
    assert expected["met"].eq(False).any() and expected["met"].isna().any()
    out = reopening_trend.resumption_trend(registries.__getitem__, status, town, start, end)
    pd.testing.assert_frame_equal(out, expected)
    one = registries[end]
    out = reopening_trend.resumption_trend(one, status, town, start, end)
    pd.testing.assert_frame_equal(out, resumption_by_day(one, status, town, start, end))


def test_resumption_trend_at_once_on_the_hand_made_frames(enterprises, status, town):
    for start in ("2020-03-09", "2020-02-20"):
        pd.testing.assert_frame_equal(
            reopening_trend.resumption_trend(enterprises, status, town, start, "2020-03-12"),
            resumption_by_day(enterprises, status, town, start, "2020-03-12"),
        )


def test_resumption_trend_of_days_without_data(town):
    enterprises, status = frame("enterprises", []), frame("enterprise_status", [])
    out = reopening_trend.resumption_trend(enterprises, status, town, "2020-03-09", DAY)
    expected = resumption_by_day(enterprises, status, town, "2020-03-09", DAY)
    pd.testing.assert_frame_equal(out, expected)
    assert out["firms"].sum() == 0 and out["met"].isna().all()
