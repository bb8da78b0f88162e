"""The reopening report's trend: town-wide resumption by category on each day of a window.

Every day of the window is computed at once. The figures are those of
``resumption(firm_status(...), town, by="town")`` (:mod:`fangkong.reports.reopening.resumption`,
:mod:`fangkong.reports.reopening.firms`) day by day: computing them day by day cost a dozen
pandas steps per day, most of the report's time above its floor.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from fangkong.reports.breakdown import CLOSED, DAY, TOTAL, as_day, days_between, latest_by_key
from fangkong.reports.reopening.data import ReopeningInputs
from fangkong.reports.reopening.firms import (
    CATEGORIES,
    CATEGORY,
    FIRM,
    FIRM_STATUS,
    FIRMS,
    NEVER_REPORTED,
    NOT_RESUMED,
    RESUMED,
)
from fangkong.reports.reopening.resumption import against_targets
from fangkong.schemas import TABLES
from fangkong.town import Town

Enterprises = pd.DataFrame | Callable[[pd.Timestamp], pd.DataFrame]

_COUNTS = [FIRMS, RESUMED, NOT_RESUMED, NEVER_REPORTED]
_NS = "datetime64[ns]"


def resumption_trend(
    enterprises: Enterprises, status: pd.DataFrame, town: Town, start, end
) -> pd.DataFrame:
    """Town-wide resumption by category on each day of a window.

    Parameters
    ----------
    enterprises : DataFrame or callable
        The registry, or a function of the day returning the registry as of
        that day (e.g. ``lambda d: store.registry("enterprises", d)``).
    status : DataFrame
        Daily reports up to ``end``, including those before ``start``.
    town : Town
    start, end : date, str or Timestamp
        First and last day, inclusive.

    Returns
    -------
    DataFrame
        ``day`` and the columns of ``resumption(..., by="town")``: one row per
        day and category (``total`` included), with the target for the
        target lines.
    """
    days = days_between(start, end)
    # One row per active firm and day, with its latest report dated on or
    # before the day: a single as-of merge instead of one merge per day.
    ids, categories, on = [], [], []
    for day in days:
        registry = enterprises(day) if callable(enterprises) else enterprises
        active = registry
        if FIRM.status in registry.columns:
            active = registry[registry[FIRM.status].ne(CLOSED).fillna(True).astype(bool)]
        ids.append(active[FIRM.enterprise_id].to_numpy(dtype=object))
        categories.append(active[CATEGORY].to_numpy(dtype=object))
        on.append(np.full(len(active), np.datetime64(day, "ns")))
    grid = pd.DataFrame(
        {
            "_id": np.concatenate(ids),
            "_category": np.concatenate(categories),
            "_on": np.concatenate(on).astype(_NS),
        }
    )
    reports = latest_by_key(status, TABLES["enterprise_status"].key)
    reports = pd.DataFrame(
        {
            "_id": reports[FIRM_STATUS.enterprise_id].to_numpy(dtype=object),
            "_last": reports[FIRM_STATUS.date].astype(_NS).to_numpy(),
            "_resumed": reports[FIRM_STATUS.resumed].astype("boolean").fillna(False).to_numpy(bool),
        }
    ).dropna(subset=["_last"])
    merged = pd.merge_asof(
        grid.sort_values("_on", kind="stable"),
        reports.sort_values("_last", kind="stable"),
        left_on="_on",
        right_on="_last",
        by="_id",
        direction="backward",
    )
    never = merged["_last"].isna().to_numpy()
    resumed = merged["_resumed"].eq(True).to_numpy(dtype=bool) & ~never
    flags = pd.DataFrame(
        {
            "_on": merged["_on"].to_numpy(),
            CATEGORY: merged["_category"].to_numpy(),
            FIRMS: 1,
            RESUMED: resumed.astype(int),
            NOT_RESUMED: (~resumed).astype(int),
            NEVER_REPORTED: never.astype(int),
        }
    )
    index = pd.DatetimeIndex([np.datetime64(d, "ns") for d in days])
    rows = pd.MultiIndex.from_product([index, [*CATEGORIES, TOTAL]])
    by_category = flags[flags[CATEGORY].isin(CATEGORIES)].groupby(["_on", CATEGORY])[_COUNTS].sum()
    total = flags.groupby("_on")[_COUNTS].sum().assign(**{CATEGORY: TOTAL})
    total = total.set_index(CATEGORY, append=True)
    counts = pd.concat([by_category, total]).reindex(rows, fill_value=0)
    out = pd.DataFrame({DAY: pd.Series(days).repeat(len(CATEGORIES) + 1).to_numpy()})
    out[CATEGORY] = pd.array(counts.index.get_level_values(1), dtype="str")
    for c in _COUNTS:
        out[c] = pd.array(counts[c].to_numpy(), dtype="Int64")
    return against_targets(out, town)


def trend(inputs: ReopeningInputs, town: Town, day, days: int = 14) -> pd.DataFrame:
    """Resumption by category on each of the ``days`` days ending on ``day``.

    Parameters
    ----------
    inputs : ReopeningInputs
        ``enterprises_on`` gives the registry of each day when set.
    town : Town
    day : date, str or Timestamp
        The last day of the window.
    days : int, default 14

    Returns
    -------
    DataFrame
        As :func:`resumption_trend`.
    """
    end = as_day(day)
    start = end - pd.Timedelta(days=days - 1)
    registry = inputs.enterprises_on or inputs.enterprises
    return resumption_trend(registry, inputs.status, town, start, end)
