"""The welfare report's trend: visit coverage and the gas queue on each day of a window.

Every day of the window is computed at once. The figures are those of
:func:`.households.household_visits` and :func:`.gas.gas_status` with
:func:`.gas.gas_summary`, day by day: computing them day by day
cost a dozen pandas steps per day, most of the report's time above its floor.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from fangkong.reports.breakdown import CLOSED, DAY, as_day, days_between
from fangkong.reports.welfare.data import WelfareInputs
from fangkong.reports.welfare.gas import (
    CYLINDERS_PENDING,
    DELIVERED,
    GAS_REQUEST,
    MEDIAN_HOURS,
    PENDING,
    RECEIVED,
    cutoff_at,
    latest_requests,
)
from fangkong.reports.welfare.gas import OVERDUE as GAS_OVERDUE
from fangkong.reports.welfare.households import (
    COVERAGE,
    COVERED,
    HOUSEHOLD,
    HOUSEHOLDS,
    NEVER_VISITED,
    OVERDUE,
    VISIT,
)
from fangkong.town import Town

_COUNTS = [HOUSEHOLDS, COVERED, OVERDUE, NEVER_VISITED]
_GAS_COUNTS = [RECEIVED, DELIVERED, PENDING, GAS_OVERDUE, CYLINDERS_PENDING]
_NS = "datetime64[ns]"

Households = pd.DataFrame | Callable[[pd.Timestamp], pd.DataFrame]


def coverage_trend(
    households: Households, visits: pd.DataFrame, town: Town, start, end
) -> pd.DataFrame:
    """Town-wide visit coverage on each day of a window.

    Parameters
    ----------
    households : DataFrame or callable
        The households registry, or a function of the day returning the
        registry as of that day (e.g. ``lambda d: store.registry("households", d)``).
    visits : DataFrame
        Welfare visits up to ``end`` (including those before ``start``).
    town : Town
        Gives ``policy.visit_interval_days``.
    start, end : date, str or Timestamp
        First and last day, inclusive.

    Returns
    -------
    DataFrame
        ``day``, ``households``, ``covered``, ``overdue``, ``never_visited``
        and ``coverage``, one row per day: the town totals of
        :func:`fangkong.reports.welfare.households.household_visits` on that day.
    """
    days = days_between(start, end)
    # One row per active household and day, with its latest visit on or before
    # the day: a single as-of merge instead of one merge per day.
    ids, on = [], []
    for day in days:
        registry = households(day) if callable(households) else households
        active = registry[HOUSEHOLD.household_id]
        if HOUSEHOLD.status in registry.columns:
            active = active[registry[HOUSEHOLD.status].ne(CLOSED).fillna(True).astype(bool)]
        ids.append(active.to_numpy(dtype=object))
        on.append(np.full(len(active), np.datetime64(day, "ns")))
    grid = pd.DataFrame({"_id": np.concatenate(ids), "_on": np.concatenate(on).astype(_NS)})
    seen = pd.DataFrame(
        {
            "_id": visits[VISIT.household_id].to_numpy(dtype=object),
            "_last": visits[VISIT.visited_on].astype(_NS).to_numpy(),
        }
    ).dropna(subset=["_last"])
    merged = pd.merge_asof(
        grid.sort_values("_on", kind="stable"),
        seen.sort_values("_last", kind="stable"),
        left_on="_on",
        right_on="_last",
        by="_id",
        direction="backward",
    )
    never = merged["_last"].isna().to_numpy()
    since = (merged["_on"] - merged["_last"]).dt.days.astype("Int64")
    late = since.gt(town.policy.visit_interval_days).fillna(False).to_numpy(dtype=bool)
    flags = pd.DataFrame(
        {
            "_on": merged["_on"].to_numpy(),
            HOUSEHOLDS: 1,
            COVERED: (~never & ~late).astype(int),
            OVERDUE: (~never & late).astype(int),
            NEVER_VISITED: never.astype(int),
        }
    )
    index = pd.DatetimeIndex([np.datetime64(d, "ns") for d in days])
    counts = flags.groupby("_on")[_COUNTS].sum().reindex(index, fill_value=0)
    out = pd.DataFrame({DAY: days})
    for c in _COUNTS:
        out[c] = pd.array(counts[c].to_numpy(), dtype="Int64")
    total, covered = counts[HOUSEHOLDS].to_numpy(), counts[COVERED].to_numpy()
    coverage = [c / t if t else pd.NA for c, t in zip(covered.tolist(), total.tolist())]
    out[COVERAGE] = pd.array(coverage, dtype="Float64")
    return out


def gas_trend(requests: pd.DataFrame, town: Town, start, end) -> pd.DataFrame:
    """The gas figures at each day's cut-off over a window.

    Parameters
    ----------
    requests : DataFrame
        Gas requests up to the cut-off of ``end``.
    town : Town
    start, end : date, str or Timestamp
        First and last day, inclusive.

    Returns
    -------
    DataFrame
        ``day`` and the keys of :func:`fangkong.reports.welfare.gas.gas_summary` of
        :func:`fangkong.reports.welfare.gas.gas_status` on that day, one row per day.
    """
    days = days_between(start, end)
    latest = latest_requests(requests)
    # Requests down, days across: each cell is a request's state at a day's cut-off.
    ends = np.array([np.datetime64(cutoff_at(town, d), "ns") for d in days])
    starts = ends - np.timedelta64(1, "D")
    reported = latest[GAS_REQUEST.reported_at].astype(_NS).to_numpy()[:, None]
    delivered_at = latest[GAS_REQUEST.delivered_at].astype(_NS).to_numpy()[:, None]
    known = reported <= ends
    done = known & (delivered_at <= ends)
    delivered = done & (delivered_at > starts)
    pending = known & ~done
    waiting = (ends - reported) / np.timedelta64(1, "h")
    overdue = pending & (waiting > town.policy.gas_overdue_hours)
    cylinders = latest[GAS_REQUEST.cylinders].astype("Int64").fillna(0).to_numpy(dtype=np.int64)
    hours = ((delivered_at - reported) / np.timedelta64(1, "h"))[:, 0]
    medians = []
    for j in range(len(days)):
        took = hours[delivered[:, j]]
        took = took[~np.isnan(took)]
        medians.append(float(np.median(took)) if len(took) else pd.NA)
    out = pd.DataFrame({DAY: days})
    counts = {
        RECEIVED: (known & (reported > starts)).sum(axis=0),
        DELIVERED: delivered.sum(axis=0),
        PENDING: pending.sum(axis=0),
        GAS_OVERDUE: overdue.sum(axis=0),
        CYLINDERS_PENDING: (pending * cylinders[:, None]).sum(axis=0),
    }
    for c in _GAS_COUNTS:
        out[c] = pd.array(counts[c], dtype="Int64")
    out[MEDIAN_HOURS] = pd.array(medians, dtype="Float64")
    return out


def trend(inputs: WelfareInputs, town: Town, day, days: int = 14) -> pd.DataFrame:
    """Visit coverage and the gas queue on each of the ``days`` days ending on ``day``.

    Parameters
    ----------
    inputs : WelfareInputs
        ``households_on`` gives the registry of each day when set.
    town : Town
    day : date, str or Timestamp
        The last day of the window.
    days : int, default 14

    Returns
    -------
    DataFrame
        ``day``, the columns of :func:`coverage_trend` and those of
        :func:`gas_trend` prefixed ``gas_``.
    """
    end = as_day(day)
    start = end - pd.Timedelta(days=days - 1)
    households = inputs.households_on or inputs.households
    cov = coverage_trend(households, inputs.visits, town, start, end)
    gas = gas_trend(inputs.gas_requests, town, start, end)
    gas = gas.rename(columns={c: f"gas_{c}" for c in gas.columns if c != DAY})
    return cov.merge(gas, on=DAY)
