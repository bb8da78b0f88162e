"""Reopening report computations: resumption by category, staff, firms not reporting.

Every function takes plain DataFrames with the schema columns of
:data:`fangkong.schemas.TABLES` and returns DataFrames with English column
names and codes. Prevention compliance and stocks are in
:mod:`fangkong.reports.reopening.checks`.

Decisions (the report states them):

- A firm's state on day D is its latest report on or before D (see
  :mod:`fangkong.reports.reopening.firms`); a firm that never reported counts as not resumed
  and the report says how many.
- A category meets its target when resumed firms >= target x firms.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import (
    TOTAL,
    VILLAGE,
    ZONE,
    by_village,
    by_zone,
    rate,
    zone_order,
)
from fangkong.reports.reopening.firms import (
    CATEGORIES,
    CATEGORY,
    FIRM,
    FIRM_STATUS,
    FIRMS,
    LAST_REPORT,
    MET,
    NEVER_REPORTED,
    NOT_RESUMED,
    ON_SITE_RATE,
    RATE,
    REPORTED_TODAY,
    RESUMED,
    TARGET,
    category_rank,
    in_town_order,
)
from fangkong.town import Town

_RESUMPTION_COUNTS = [FIRMS, RESUMED, NOT_RESUMED, NEVER_REPORTED]
#: Staff figures counted per firm (the firms themselves first).
STAFF_COUNTS = [
    FIRMS,
    FIRM.staff_total,
    FIRM_STATUS.staff_on_site,
    FIRM_STATUS.returned_from_outside,
    FIRM_STATUS.in_quarantine,
]


def _target(town: Town, category: str):
    return getattr(town.targets, category) if category in CATEGORIES else pd.NA


def resumption(firms: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """Resumption rate by category against the targets, by war zone or town-wide.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town
        Gives the targets.
    by : {"zone", "town"}

    Returns
    -------
    DataFrame
        By zone: ``zone``, ``category``, ``firms``, ``resumed``,
        ``not_resumed``, ``never_reported`` (Int64), ``rate`` (Float64),
        ``target`` (Float64) and ``met`` (boolean), one row per zone and
        category (and category ``total``, all categories, which has no
        target), then the town (``zone == TOTAL``) rows; every zone row of a
        category adds up to its town row. Town-wide: the town rows without the
        zone column. ``rate`` and ``met`` are empty where there are no firms.
    """
    flagged = firms.assign(
        **{
            FIRMS: 1,
            RESUMED: firms[RESUMED].astype(int),
            NOT_RESUMED: (~firms[RESUMED]).astype(int),
            NEVER_REPORTED: firms[NEVER_REPORTED].astype(int),
        }
    )
    if by == "town":
        # The town rows only: summing by zone first would be wasted on the headline.
        rows = [
            {CATEGORY: category} | {c: int(subset[c].sum()) for c in _RESUMPTION_COUNTS}
            for category, subset in _by_category(flagged)
        ]
        out = pd.DataFrame(rows, columns=[CATEGORY, *_RESUMPTION_COUNTS])
        out[CATEGORY] = out[CATEGORY].astype("str")
        out[_RESUMPTION_COUNTS] = out[_RESUMPTION_COUNTS].astype("Int64")
        return against_targets(out, town)
    if by != ZONE:
        raise ValueError(f"by must be 'zone' or 'town', not {by!r}")
    zones = zone_order(town, flagged[ZONE].unique())
    parts = []
    for category, subset in _by_category(flagged):
        table = by_zone(
            subset.reindex(columns=[ZONE, *_RESUMPTION_COUNTS]), town, _RESUMPTION_COUNTS
        )
        table.insert(1, CATEGORY, category)
        parts.append(table)
    out = pd.concat(parts, ignore_index=True)
    out[CATEGORY] = out[CATEGORY].astype("str")
    out = out.assign(_zone=out[ZONE].map({z: i for i, z in enumerate([*zones, TOTAL])}))
    out = out.assign(_cat=category_rank(out)).sort_values(["_zone", "_cat"], kind="stable")
    out = out.drop(columns=["_zone", "_cat"]).reset_index(drop=True)
    return against_targets(out, town)


def _by_category(flagged: pd.DataFrame):
    """(category, its firms) in report order, then (``total``, every firm)."""
    for category in [*CATEGORIES, TOTAL]:
        yield category, flagged if category == TOTAL else flagged[flagged[CATEGORY] == category]


def against_targets(out: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Rate, target and whether it is met, on rows of resumption counts.

    Parameters
    ----------
    out : DataFrame
        Rows with ``category``, ``firms`` and ``resumed``; changed in place.
    town : Town
        Gives the targets.

    Returns
    -------
    DataFrame
        ``out`` with ``rate``, ``target`` and ``met`` (see :func:`resumption`).
    """
    out[RATE] = rate(out[RESUMED], out[FIRMS]).array
    out[TARGET] = pd.array([_target(town, c) for c in out[CATEGORY]], dtype="Float64")
    met = out[RESUMED].astype("Float64") >= out[TARGET] * out[FIRMS] - 1e-9
    out[MET] = met.astype("boolean").mask(out[FIRMS].eq(0) | out[TARGET].isna())
    return out


def not_resumed(firms: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Firms not resumed on the day, those that never reported marked.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town

    Returns
    -------
    DataFrame
        ``category``, ``zone``, ``village``, ``enterprise_id``, ``name``,
        ``staff_total``, ``contact``, ``phone``, ``last_report``,
        ``never_reported``; by category, then town order of villages.
    """
    keep = [
        CATEGORY,
        ZONE,
        FIRM.village,
        FIRM.enterprise_id,
        FIRM.name,
        FIRM.staff_total,
        FIRM.contact,
        FIRM.phone,
        LAST_REPORT,
        NEVER_REPORTED,
    ]
    return in_town_order(firms[~firms[RESUMED]], town)[keep]


def not_reported_today(firms: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Registered firms with no daily report dated on the day.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town

    Returns
    -------
    DataFrame
        ``category``, ``zone``, ``village``, ``enterprise_id``, ``name``,
        ``contact``, ``phone``, ``last_report`` (empty if never), ``resumed``
        (as of the last report) and ``never_reported``.
    """
    keep = [
        CATEGORY,
        ZONE,
        FIRM.village,
        FIRM.enterprise_id,
        FIRM.name,
        FIRM.contact,
        FIRM.phone,
        LAST_REPORT,
        RESUMED,
        NEVER_REPORTED,
    ]
    return in_town_order(firms[~firms[REPORTED_TODAY]], town)[keep]


def staff(firms: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """Staff on site against staff total, returned workers and those in quarantine.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town
    by : {"zone", "village", "category"}

    Returns
    -------
    DataFrame
        The group column(s), ``firms``, ``staff_total``, ``staff_on_site``,
        ``returned_from_outside``, ``in_quarantine`` (Int64; a firm that never
        reported adds nothing on site) and ``on_site_rate`` (Float64), with a
        total row that is the sum of the rows.
    """
    counts = firms.assign(**{FIRMS: 1})
    for c in STAFF_COUNTS[1:]:
        counts[c] = counts[c].astype("Int64").fillna(0)
    if by == ZONE:
        out = by_zone(counts, town, STAFF_COUNTS)
    elif by == VILLAGE:
        out = by_village(counts, town, STAFF_COUNTS)
    elif by == CATEGORY:
        grouped = counts.groupby(CATEGORY)[STAFF_COUNTS].sum().reindex(CATEGORIES, fill_value=0)
        grouped.loc[TOTAL] = grouped.sum()
        out = grouped.astype("Int64").rename_axis(CATEGORY).reset_index()
        out[CATEGORY] = out[CATEGORY].astype("str")
    else:
        raise ValueError(f"by must be 'zone', 'village' or 'category', not {by!r}")
    out[ON_SITE_RATE] = rate(out[FIRM_STATUS.staff_on_site], out[FIRM.staff_total]).array
    return out
