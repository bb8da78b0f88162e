"""The reopening figures of a day: the day's tables, headline figures and alert counts.

:func:`day_tables` computes the tables the headline and the report's sections
share, once; :func:`headline_of` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fangkong.reports.breakdown import TOTAL, ZONE, json_number
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
from fangkong.reports.reopening.data import ReopeningInputs
from fangkong.reports.reopening.firms import (
    CATEGORIES,
    CATEGORY,
    FIRM,
    FIRM_STATUS,
    FIRMS,
    MET,
    NEVER_REPORTED,
    NOT_RESUMED,
    ON_SITE_RATE,
    RATE,
    REPORTED_TODAY,
    RESUMED,
    TARGET,
    firm_status,
)
from fangkong.reports.reopening.resumption import STAFF_COUNTS, resumption, staff
from fangkong.town import Town


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
        **{c: staffing[c] for c in STAFF_COUNTS[1:]},
        ON_SITE_RATE: staffing[ON_SITE_RATE],
        "worker_mismatches": int((crosscheck[CHECK] == MISMATCH).sum()),
        "workers_not_reported": int((crosscheck[CHECK] == NOT_REPORTED).sum()),
        **{f"{check}_rate": checks.loc[check, RATE] for check in CHECKS},
        "firms_failing_compliance": failures[FIRM.enterprise_id].nunique(),
        "masks": stock[FIRM_STATUS.masks].sum(),
        "masks_short": int(stock[SHORT].sum()),
        FIRM_STATUS.disinfectant_l: stock[FIRM_STATUS.disinfectant_l].sum(),
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
