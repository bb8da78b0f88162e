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

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fangkong.reports.breakdown import (
    TOTAL,
    VILLAGE,
    ZONE,
    as_day,
    by_village,
    by_zone,
    days_between,
    json_number,
    rate,
    zone_order,
)
from fangkong.reports.reopening.checks import (
    CHECK,
    CHECKS,
    MISMATCH,
    NOT_REPORTED,
    SHORT,
    compliance,
    compliance_failures,
    mask_stock,
    worker_crosscheck,
)
from fangkong.reports.reopening.firms import (
    CATEGORIES,
    CATEGORY,
    ES,
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
    E,
    category_rank,
    firm_status,
    in_town_order,
)
from fangkong.town import Town

#: A day before any data: "from the start" in store reads.
EPOCH = pd.Timestamp("2000-01-01")

_RESUMPTION_COUNTS = [FIRMS, RESUMED, NOT_RESUMED, NEVER_REPORTED]
_STAFF_COUNTS = [FIRMS, E.staff_total, ES.staff_on_site, ES.returned_from_outside, ES.in_quarantine]


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
        E.village,
        E.enterprise_id,
        E.name,
        E.staff_total,
        E.contact,
        E.phone,
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
        E.village,
        E.enterprise_id,
        E.name,
        E.contact,
        E.phone,
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
    for c in _STAFF_COUNTS[1:]:
        counts[c] = counts[c].astype("Int64").fillna(0)
    if by == ZONE:
        out = by_zone(counts, town, _STAFF_COUNTS)
    elif by == VILLAGE:
        out = by_village(counts, town, _STAFF_COUNTS)
    elif by == CATEGORY:
        grouped = counts.groupby(CATEGORY)[_STAFF_COUNTS].sum().reindex(CATEGORIES, fill_value=0)
        grouped.loc[TOTAL] = grouped.sum()
        out = grouped.astype("Int64").rename_axis(CATEGORY).reset_index()
        out[CATEGORY] = out[CATEGORY].astype("str")
    else:
        raise ValueError(f"by must be 'zone', 'village' or 'category', not {by!r}")
    out[ON_SITE_RATE] = rate(out[ES.staff_on_site], out[E.staff_total]).array
    return out


@dataclass
class ReopeningInputs:
    """The frames the reopening report is computed from.

    Attributes
    ----------
    enterprises : DataFrame
        Enterprise registry as of the report day.
    status : DataFrame
        Enterprise daily reports up to the report day (earlier days too: a
        firm's latest report may be old).
    ledger : DataFrame
        The quarantine ledger as of the report day, for the cross-check.
    enterprises_on : callable, optional
        Registry as of a given day, for trends; defaults to ``enterprises``.
    """

    enterprises: pd.DataFrame
    status: pd.DataFrame
    ledger: pd.DataFrame
    enterprises_on: Callable[[pd.Timestamp], pd.DataFrame] | None = None


@dataclass(frozen=True)
class DayTables:
    """The tables of a day that the headline and the report's sections share.

    Attributes
    ----------
    firms : DataFrame
        :func:`fangkong.reports.reopening.firms.firm_status` of the day.
    by_category : DataFrame
        ``resumption(firms, town, by="town")``.
    compliance : DataFrame
        :func:`fangkong.reports.reopening.checks.compliance` town-wide.
    failures, stock, crosscheck : DataFrame
        :func:`fangkong.reports.reopening.checks.compliance_failures`,
        :func:`~fangkong.reports.reopening.checks.mask_stock` and
        :func:`~fangkong.reports.reopening.checks.worker_crosscheck` of the day.
    """

    firms: pd.DataFrame
    by_category: pd.DataFrame
    compliance: pd.DataFrame
    failures: pd.DataFrame
    stock: pd.DataFrame
    crosscheck: pd.DataFrame


def day_tables(inputs: ReopeningInputs, town: Town, day) -> DayTables:
    """Compute the tables of a day once, for the headline and the sections.

    Parameters
    ----------
    inputs : ReopeningInputs
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    DayTables
    """
    firms = firm_status(inputs.enterprises, inputs.status, town, day)
    return DayTables(
        firms=firms,
        by_category=resumption(firms, town, by="town"),
        compliance=compliance(firms, town, by="town"),
        failures=compliance_failures(firms, town),
        stock=mask_stock(firms, town),
        crosscheck=worker_crosscheck(firms, inputs.ledger, town, day),
    )


def headline(inputs: ReopeningInputs, town: Town, day) -> dict:
    """The reopening report's headline figures and alert counts for a day.

    Parameters
    ----------
    inputs : ReopeningInputs
    town : Town
    day : date, str or Timestamp

    Returns
    -------
    dict
        ``{"figures": {...}, "alerts": {...}}`` with plain ints, floats, bools
        and None, ready for the JSON sidecar. Figures: firms, resumed and rate
        overall and per category (``<category>_firms``, ``_resumed``,
        ``_rate``, ``_target``, ``_met``), firms that never reported or did not
        report today, staff, the worker cross-check, each compliance rate
        (``<check>_rate``), masks and disinfectant. Alerts: categories below
        target, firms not resumed, firms that did not report today, failed
        compliance checks, firms short of masks, worker mismatches.
    """
    return headline_of(day_tables(inputs, town, day), town)


def headline_of(tables: DayTables, town: Town) -> dict:
    """:func:`headline` from the day's tables already computed.

    Parameters
    ----------
    tables : DayTables
    town : Town

    Returns
    -------
    dict
        As :func:`headline`.
    """
    firms, failures, stock, crosscheck = (
        tables.firms,
        tables.failures,
        tables.stock,
        tables.crosscheck,
    )
    by_category = tables.by_category.set_index(CATEGORY)
    staffing = staff(firms, town, ZONE).iloc[-1]
    checks = tables.compliance.set_index(CHECK)
    total = by_category.loc[TOTAL]
    figures = {FIRMS: total[FIRMS], RESUMED: total[RESUMED], RATE: total[RATE]}
    for category in CATEGORIES:
        row = by_category.loc[category]
        figures |= {f"{category}_{c}": row[c] for c in (FIRMS, RESUMED, RATE, TARGET, MET)}
    figures |= {
        NEVER_REPORTED: total[NEVER_REPORTED],
        "not_reported_today": int((~firms[REPORTED_TODAY]).sum()),
        **{c: staffing[c] for c in _STAFF_COUNTS[1:]},
        ON_SITE_RATE: staffing[ON_SITE_RATE],
        "worker_mismatches": int((crosscheck[CHECK] == MISMATCH).sum()),
        "workers_not_reported": int((crosscheck[CHECK] == NOT_REPORTED).sum()),
        **{f"{check}_rate": checks.loc[check, RATE] for check in CHECKS},
        "firms_failing_compliance": failures[E.enterprise_id].nunique(),
        "masks": stock[ES.masks].sum(),
        "masks_short": int(stock[SHORT].sum()),
        ES.disinfectant_l: stock[ES.disinfectant_l].sum(),
    }
    alerts = {
        "categories_below_target": int(by_category[MET].eq(False).sum()),
        "firms_not_resumed": total[NOT_RESUMED],
        "not_reported_today": figures["not_reported_today"],
        "compliance_failures": len(failures),
        "masks_short": figures["masks_short"],
        "worker_mismatches": figures["worker_mismatches"],
    }
    return {
        "figures": {k: json_number(v) for k, v in figures.items()},
        "alerts": {k: json_number(v) for k, v in alerts.items()},
    }


def load_inputs(store, town: Town, day, days: int = 14) -> ReopeningInputs:
    """Read what the reopening report of a day and its trend need from the store.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town : Town
    day : date, str or Timestamp
        The report date; only submissions made by then are read.
    days : int, default 14
        Length of the trend window ending on ``day``.

    Returns
    -------
    ReopeningInputs
        The enterprise registry of the day (and, for the trend, of each day),
        the daily reports of the trend window and each firm's latest before it
        (a firm's latest may be old: :meth:`Store.status_history`) and the
        quarantine ledger of the day.
    """
    day = as_day(day)
    first = day - pd.Timedelta(days=days - 1)
    # Read eagerly: the store may be closed before the trend is drawn.
    registries = store.registries("enterprises", days_between(first, day))
    return ReopeningInputs(
        enterprises=registries[day],
        status=store.status_history(first, day),
        ledger=store.ledger(day),
        enterprises_on=registries.__getitem__,
    )
