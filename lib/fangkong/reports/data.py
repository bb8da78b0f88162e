"""What a report reads from the store.

Every report of a day reads its inputs of D (with a trend window) and of D-1,
the missing submissions, the day's issue log and the latest submission time.
:class:`ReportData` holds that, :func:`report_fields` reads the common part and
:func:`load_report_data` the whole for a report whose inputs come from one
loader. :class:`fangkong.reports.base.Report` builds a report from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fangkong.reports.breakdown import ONE_DAY, as_day
from fangkong.town import Town

#: A day before any data: "from the start" in store reads (donations to date, ...).
EPOCH = pd.Timestamp("2000-01-01")


@dataclass(frozen=True)
class ReportData:
    """What a report of a day reads from the store, the part every report has.

    A report's own data class derives from it, naming the type of its inputs
    and adding what only it reads.

    Attributes
    ----------
    town : Town
    day : Timestamp
        The report date D.
    today, yesterday
        The report's inputs of D (with the trend window) and of D-1 (for the
        changes against D-1).
    trend_days : int
        Length of the trend window, D included.
    missing, issues : DataFrame
        Missing submissions and the ingest issue log of D.
    data_as_of : Timestamp or None
        The latest submission time.
    """

    town: Town
    day: pd.Timestamp
    today: object
    yesterday: object
    trend_days: int
    missing: pd.DataFrame
    issues: pd.DataFrame
    data_as_of: pd.Timestamp | None


def report_fields(store, town: Town, day, trend_days: int) -> dict:
    """The fields of :class:`ReportData` other than the inputs.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town : Town
    day : date-like
        The report date D.
    trend_days : int
        Length of the trend window, D included; at least 1.

    Returns
    -------
    dict
        ``town``, ``day`` (as a day), ``trend_days``, ``missing``, ``issues``
        and ``data_as_of``.
    """
    # Imported here so that importing a report module does not load the store.
    from fangkong.store.submissions import missing_submissions

    if trend_days < 1:
        raise ValueError(f"trend_days must be at least 1, got {trend_days}")
    day = as_day(day)
    return dict(
        town=town,
        day=day,
        trend_days=trend_days,
        missing=missing_submissions(store, town, day),
        issues=store.issues(day),
        data_as_of=store.latest_submission_time(day),
    )


def load_report_data(data_class: type, load_inputs: Callable, store, town: Town, day, trend_days):
    """Read a report's data whose inputs of a day come from one loader.

    Parameters
    ----------
    data_class : type
        A :class:`ReportData` class.
    load_inputs : callable
        ``load_inputs(store, town, day, days)``: the inputs of ``day`` with a
        window of ``days`` days (such as :func:`fangkong.reports.welfare.data.load_inputs`).
    store : fangkong.store.database.Store
    town : Town
    day : date-like
    trend_days : int

    Returns
    -------
    ReportData
        Of ``data_class``; D-1's inputs with a window of one day, as the
        changes against D-1 need no trend.
    """
    fields = report_fields(store, town, day, trend_days)
    day = fields["day"]
    return data_class(
        today=load_inputs(store, town, day, trend_days),
        yesterday=load_inputs(store, town, day - ONE_DAY, 1),
        **fields,
    )
