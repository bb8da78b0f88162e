"""The welfare trend, and the trend at once against the day-by-day reference.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fangkong.reports.breakdown import days_between
from fangkong.reports.welfare import data as welfare_data
from fangkong.reports.welfare import gas
from fangkong.reports.welfare import households as welfare
from fangkong.reports.welfare import trend as welfare_trend
from report_rows import frame
from welfare_rows import DAY, hh, req, visit


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


def test_gas_trend(requests, town):
    trend = welfare_trend.gas_trend(requests, town, "2020-03-09", DAY)
    # 03-09: R1 and R10 received and pending, R5 delivered after 24 h.
    assert trend["received"].tolist() == [2, 6]
    assert trend["delivered"].tolist() == [1, 2]
    assert trend["pending"].tolist() == [2, 6]
    assert trend["overdue"].tolist() == [0, 1]
    assert trend["median_hours_to_delivery"].tolist() == [24, 8]


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
