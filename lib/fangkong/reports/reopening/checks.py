"""Checks on resumed firms: prevention compliance, masks and disinfectant, and
returned workers in quarantine against the quarantine ledger.

Decisions (the report states them):

- Compliance is judged among the firms resumed on the day, on their report of
  that day: a resumed firm that did not report today fails every check, and
  the list of failures says so (``reported_today`` is False).
- A street shop need not have a prevention officer (data contract), so the
  "officer on duty" check covers the other categories only.
- Days of masks = masks / (``masks_per_person_day`` x staff on site), from the
  firm's latest report; a firm with nobody on site has no figure and is not
  short. A firm is short below ``mask_days_min`` days.
- Workers in quarantine: each firm's figure of the day against the people in
  the quarantine ledger as of the day who are returning workers of that firm
  and in quarantine. A firm that did not report today but has workers in the
  ledger is listed as not reported.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import TOTAL, ZONE, as_day, by_zone, columns, rate, yes, zone_order
from fangkong.reports.reopening.firms import (
    CATEGORY,
    FIRM,
    FIRM_STATUS,
    FIRMS,
    LAST_REPORT,
    RATE,
    REPORTED_TODAY,
    RESUMED,
    in_town_order,
)
from fangkong.town import Town

LEDGER = columns("quarantine")

#: The compliance checks, in report order.
CHECKS = [
    FIRM_STATUS.officer_on_duty,
    FIRM_STATUS.disinfected,
    FIRM_STATUS.health_checkin,
    FIRM_STATUS.filed_online,
]
#: Categories exempt from a check.
EXEMPT = {FIRM_STATUS.officer_on_duty: {"street_shop"}}

QUARANTINED = "quarantined"
RETURNING_WORKER = "returning_worker"

# Output columns and codes.
CHECK = "check"
PASSING = "passing"
FAILING = "failing"
MASK_DAYS = "mask_days"
SHORT = "short"
IN_LEDGER = "in_ledger"
REPORTED = "reported"
DIFFERENCE = "difference"
MATCH, MISMATCH, NOT_REPORTED = "match", "mismatch", "not_reported"

_FIRM_COLUMNS = [CATEGORY, ZONE, FIRM.village, FIRM.enterprise_id, FIRM.name]


def compliance_flags(firms: pd.DataFrame) -> pd.DataFrame:
    """One row per resumed firm and check that applies to it, passed or not.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.

    Returns
    -------
    DataFrame
        The firm's columns, ``check`` (a report column name) and ``passing``
        (bool: reported today and said yes).
    """
    resumed = firms[firms[RESUMED]]
    parts = []
    for check in CHECKS:
        applies = resumed[~resumed[CATEGORY].isin(EXEMPT.get(check, set()))]
        passing = applies[REPORTED_TODAY] & yes(applies[check])
        parts.append(applies.assign(**{CHECK: check, PASSING: passing.astype(bool)}))
    out = pd.concat(parts, ignore_index=True)
    out[CHECK] = out[CHECK].astype("str")
    return out


def compliance(firms: pd.DataFrame, town: Town, by: str = ZONE) -> pd.DataFrame:
    """Compliance rate of each check among resumed firms, by war zone or town-wide.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town
    by : {"zone", "town"}

    Returns
    -------
    DataFrame
        ``zone``, ``check``, ``firms`` (resumed firms the check applies to),
        ``passing``, ``failing`` (Int64) and ``rate`` (Float64, empty with no
        firms): one row per zone and check, then the town rows
        (``zone == TOTAL``), each the sum of its zone rows. Town-wide: the
        town rows without the zone column.
    """
    flags = compliance_flags(firms)
    flags = flags.assign(
        **{
            FIRMS: 1,
            PASSING: flags[PASSING].astype(int),
            FAILING: (~flags[PASSING]).astype(int),
        }
    )
    counts = [FIRMS, PASSING, FAILING]
    if by == "town":
        # The town rows only, as the sums of the zone rows would give them: the
        # headline of each day needs no table by zone.
        grouped = flags.groupby(CHECK)[counts].sum().reindex(CHECKS, fill_value=0)
        out = grouped.rename_axis(CHECK).reset_index()
        out[CHECK] = out[CHECK].astype("str")
        out[counts] = out[counts].astype("Int64")
        out[RATE] = rate(out[PASSING], out[FIRMS]).array
        return out
    if by != ZONE:
        raise ValueError(f"by must be 'zone' or 'town', not {by!r}")
    parts = []
    for check in CHECKS:
        table = by_zone(flags.loc[flags[CHECK] == check, [ZONE, *counts]], town, counts)
        table.insert(1, CHECK, check)
        parts.append(table)
    out = pd.concat(parts, ignore_index=True)
    zones = {z: i for i, z in enumerate([*zone_order(town, out[ZONE].unique()), TOTAL])}
    out = out.assign(_z=out[ZONE].map(zones), _c=out[CHECK].map(CHECKS.index))
    out = out.sort_values(["_z", "_c"], kind="stable").drop(columns=["_z", "_c"])
    out[CHECK] = out[CHECK].astype("str")
    out[RATE] = rate(out[PASSING], out[FIRMS]).array
    return out.reset_index(drop=True)


def compliance_failures(firms: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Resumed firms failing a check, one row per firm and failed check.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town

    Returns
    -------
    DataFrame
        ``check``, ``category``, ``zone``, ``village``, ``enterprise_id``,
        ``name``, ``prevention_officer``, ``contact``, ``phone`` and
        ``reported_today``; by check, then category and village.
    """
    flags = compliance_flags(firms)
    failed = flags[~flags[PASSING]].assign(_c=lambda f: f[CHECK].map(CHECKS.index))
    keep = [
        CHECK,
        *_FIRM_COLUMNS,
        FIRM.prevention_officer,
        FIRM.contact,
        FIRM.phone,
        REPORTED_TODAY,
    ]
    return in_town_order(failed, town, first=["_c"])[keep]


def mask_stock(firms: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Masks and disinfectant of each resumed firm, from its latest report.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    town : Town
        Gives ``masks_per_person_day`` and ``mask_days_min``.

    Returns
    -------
    DataFrame
        The firm's columns, ``staff_on_site``, ``masks``, ``mask_days``
        (Float64, empty with nobody on site), ``short`` (bool),
        ``disinfectant_l`` and ``last_report``.
    """
    policy = town.policy
    resumed = firms[firms[RESUMED]].copy()
    use = resumed[FIRM_STATUS.staff_on_site].astype("Float64") * policy.masks_per_person_day
    resumed[MASK_DAYS] = (resumed[FIRM_STATUS.masks].astype("Float64") / use.where(use > 0)).astype(
        "Float64"
    )
    resumed[SHORT] = resumed[MASK_DAYS].lt(policy.mask_days_min).fillna(False).astype(bool)
    keep = [
        *_FIRM_COLUMNS,
        FIRM_STATUS.staff_on_site,
        FIRM_STATUS.masks,
        MASK_DAYS,
        SHORT,
        FIRM_STATUS.disinfectant_l,
        LAST_REPORT,
    ]
    return in_town_order(resumed, town)[keep]


def masks_short(stock: pd.DataFrame) -> pd.DataFrame:
    """Firms with fewer than ``mask_days_min`` days of masks, fewest first.

    Parameters
    ----------
    stock : DataFrame
        The output of :func:`mask_stock`.

    Returns
    -------
    DataFrame
    """
    short = stock[stock[SHORT]]
    return short.sort_values([MASK_DAYS, FIRM.enterprise_id], kind="stable").reset_index(drop=True)


def stock_by_zone(stock: pd.DataFrame, town: Town) -> pd.DataFrame:
    """Masks and disinfectant of resumed firms by war zone, with a total row.

    Parameters
    ----------
    stock : DataFrame
        The output of :func:`mask_stock`.
    town : Town

    Returns
    -------
    DataFrame
        ``zone``, ``firms``, ``short``, ``staff_on_site``, ``masks`` (Int64),
        ``disinfectant_l`` (Float64) and ``mask_days`` of the zone as a whole.
    """
    counts = stock.assign(**{FIRMS: 1, SHORT: stock[SHORT].astype(int)})
    counts[FIRM_STATUS.staff_on_site] = counts[FIRM_STATUS.staff_on_site].astype("Int64").fillna(0)
    counts[FIRM_STATUS.masks] = counts[FIRM_STATUS.masks].astype("Int64").fillna(0)
    counts[FIRM_STATUS.disinfectant_l] = (
        counts[FIRM_STATUS.disinfectant_l].astype("Float64").fillna(0)
    )
    out = by_zone(
        counts,
        town,
        [FIRMS, SHORT, FIRM_STATUS.staff_on_site, FIRM_STATUS.masks, FIRM_STATUS.disinfectant_l],
    )
    use = out[FIRM_STATUS.staff_on_site].astype("Float64") * town.policy.masks_per_person_day
    out[MASK_DAYS] = rate(out[FIRM_STATUS.masks], use).array
    return out


def worker_crosscheck(firms: pd.DataFrame, ledger: pd.DataFrame, town: Town, day) -> pd.DataFrame:
    """Workers in quarantine as firms reported them against the quarantine ledger.

    Parameters
    ----------
    firms : DataFrame
        The output of :func:`fangkong.reports.reopening.firms.firm_status`.
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    DataFrame
        One row per firm with workers in the ledger or a non-zero figure
        today: the firm's columns (empty for an employer not in the registry),
        ``reported`` (today's ``in_quarantine``, empty if no report today),
        ``in_ledger``, ``difference`` (reported - in_ledger, Int64) and
        ``check`` (``mismatch``, ``not_reported`` or ``match``), in that order,
        then by village in town order.
    """
    day = as_day(day)
    workers = ledger[
        ledger[LEDGER.reason].eq(RETURNING_WORKER).fillna(False)
        & ledger[LEDGER.status].eq(QUARANTINED).fillna(False)
        & (ledger[LEDGER.start_date] <= day).fillna(False)
    ]
    counted = workers.groupby(LEDGER.employer).size().rename(IN_LEDGER)
    today = firms.set_index(FIRM.enterprise_id)
    reported = today[FIRM_STATUS.in_quarantine].where(today[REPORTED_TODAY]).astype("Int64")
    ids = counted.index.union(reported[reported.fillna(0) > 0].index)
    out = pd.DataFrame({FIRM.enterprise_id: ids.astype("str")})
    out = out.merge(firms[_FIRM_COLUMNS], on=FIRM.enterprise_id, how="left")
    out[REPORTED] = out[FIRM.enterprise_id].map(reported).astype("Int64")
    out[IN_LEDGER] = out[FIRM.enterprise_id].map(counted).fillna(0).astype("Int64")
    out[DIFFERENCE] = (out[REPORTED] - out[IN_LEDGER]).astype("Int64")
    check = pd.Series(MATCH, index=out.index, dtype="str")
    check[out[DIFFERENCE].ne(0).fillna(False).astype(bool)] = MISMATCH
    check[out[REPORTED].isna()] = NOT_REPORTED
    out[CHECK] = check
    order = {MISMATCH: 0, NOT_REPORTED: 1, MATCH: 2}
    villages = {v: i for i, v in enumerate(town.village_names)}
    out = out.assign(_o=out[CHECK].map(order), _v=out[FIRM.village].map(villages))
    out = out.sort_values(["_o", "_v", FIRM.enterprise_id], kind="stable", na_position="last")
    keep = [*_FIRM_COLUMNS, REPORTED, IN_LEDGER, DIFFERENCE, CHECK]
    return out[keep].reset_index(drop=True)
