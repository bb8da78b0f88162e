"""The firms of the reopening report: each registered firm and its latest report.

Decisions (the report states them):

- The firms counted on day D are the enterprise registry as of D, closed firms
  left out.
- A firm's state on D is its latest daily report dated on or before D: it
  counts as resumed when that report says so, even when the report is from
  an earlier day, because a firm that has resumed does not close again
  without saying so. Its staff, worker and stock figures are likewise the
  latest reported ones. Firms with no report dated D are listed separately
  ("did not report today"), with the date of their last report.
- A firm that never reported counts as not resumed.
"""

from __future__ import annotations

import pandas as pd

from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import (
    TOTAL,
    active,
    as_day,
    columns,
    latest_by_key,
    with_zone,
    yes,
)
from fangkong.schemas import TABLES
from fangkong.town import Town

FIRM = columns("enterprises")
FIRM_STATUS = columns("enterprise_status")

#: Enterprise categories in report order.
CATEGORIES = list(ENUMS["enterprise_category"])

# Output columns.
CATEGORY = FIRM.category
FIRMS = "firms"
RESUMED = FIRM_STATUS.resumed
NOT_RESUMED = "not_resumed"
NEVER_REPORTED = "never_reported"
REPORTED_TODAY = "reported_today"
LAST_REPORT = "last_report"
RATE = "rate"
TARGET = "target"
MET = "met"
ON_SITE_RATE = "on_site_rate"


def firm_status(enterprises: pd.DataFrame, status: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Every registered firm with its latest daily report on or before a day.

    Parameters
    ----------
    enterprises : DataFrame
        The enterprise registry as of ``day`` (closed firms are dropped).
    status : DataFrame
        Enterprise daily reports; several submissions of one (firm, date) may
        be present, the latest wins; reports after ``day`` are ignored.
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        The registry columns, ``zone``, the report columns of the latest report
        (its ``date`` renamed ``last_report``; empty for a firm that never
        reported; ``resumed`` is False then), and the bool columns
        ``reported_today`` and ``never_reported``.
    """
    day = as_day(day)
    reports = latest_by_key(status, TABLES["enterprise_status"].key)
    reports = reports[reports[FIRM_STATUS.date] <= day].sort_values(FIRM_STATUS.date, kind="stable")
    latest = reports.drop_duplicates(FIRM_STATUS.enterprise_id, keep="last")
    latest = latest[TABLES["enterprise_status"].columns].rename(
        columns={FIRM_STATUS.date: LAST_REPORT}
    )
    firms = with_zone(active(enterprises), town, FIRM.village)
    out = firms.merge(latest, on=FIRM.enterprise_id, how="left")
    out[NEVER_REPORTED] = out[LAST_REPORT].isna().astype(bool)
    out[REPORTED_TODAY] = out[LAST_REPORT].eq(day).fillna(False).astype(bool)
    out[RESUMED] = yes(out[RESUMED])
    return out.reset_index(drop=True)


def category_rank(frame: pd.DataFrame) -> pd.Series:
    """Position of each row's category in report order (``total`` last)."""
    return frame[CATEGORY].map({c: i for i, c in enumerate([*CATEGORIES, TOTAL])})


def in_town_order(frame: pd.DataFrame, town: Town, first: list[str] = ()) -> pd.DataFrame:
    """Rows sorted by ``first`` columns, category, village (town order) and id."""
    villages = {v: i for i, v in enumerate(town.village_names)}
    ordered = frame.assign(
        _cat=category_rank(frame), _village=frame[FIRM.village].map(villages)
    ).sort_values([*first, "_cat", "_village", FIRM.village, FIRM.enterprise_id], kind="stable")
    return ordered.drop(columns=["_cat", "_village"]).reset_index(drop=True)
