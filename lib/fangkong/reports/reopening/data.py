"""What the reopening report of a day reads from the store.

:func:`load_inputs` reads the frames of a day with its trend window
(:class:`ReopeningInputs`); :func:`load_reopening` those of D and D-1 with what
every report reads (:class:`ReopeningData`), so the report never touches the
store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fangkong.reports.breakdown import as_day, days_between
from fangkong.reports.data import ReportData, load_report_data
from fangkong.town import Town


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


@dataclass(frozen=True)
class ReopeningData(ReportData):
    """Everything the reopening report of a day reads from the store.

    The fields of :class:`fangkong.reports.data.ReportData`; ``today`` and
    ``yesterday`` are :class:`ReopeningInputs`.
    """

    today: ReopeningInputs
    yesterday: ReopeningInputs


def load_reopening(store, town: Town, day, trend_days: int = 14) -> ReopeningData:
    """Read from the store what the reopening report of a day needs.

    Parameters
    ----------
    store, town, day, trend_days
        As for :func:`fangkong.reports.data.report_fields` (``trend_days`` here
        defaults to 14).

    Returns
    -------
    ReopeningData
    """
    return load_report_data(ReopeningData, load_inputs, store, town, day, trend_days)
