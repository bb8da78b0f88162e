"""The quarantine report's trend: people in quarantine, the day's flows and fever alerts.

Every day of the window is computed at once from the ledger history (the
ledger as it stood on each day, :meth:`fangkong.store.database.Store.ledger_history`)
and the health checks of the window. The figures are those of
:func:`.ledger.in_quarantine`, the ledger's start dates, the release and transfer
flags of :func:`.ledger.period_flags` and :func:`.followup.fever_alerts`, day by day:
computing them day by day cost a dozen pandas steps per day, most of the report's
time above its floor.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import as_day
from fangkong.reports.quarantine.followup import HEALTH_CHECK, symptom_codes
from fangkong.reports.quarantine.ledger import LEDGER, QUARANTINED, RELEASED, TRANSFERRED

#: The day column of a ledger history.
AS_OF = "as_of"
#: Columns of :func:`trend`, after ``date``: the stock at the cut-off, then the day's flows.
TREND_COLUMNS = (
    "in_quarantine",
    "new_today",
    "released_today",
    "transferred_today",
    "fever_alerts",
)


def has_symptom(symptoms: pd.Series) -> pd.Series:
    """Whether each cell of a symptoms column names a symptom (``none`` does not).

    Parameters
    ----------
    symptoms : Series
        Symptom codes joined by ``;``.

    Returns
    -------
    Series of bool
    """
    # Few distinct values: test each once rather than every cell.
    found = {value: bool(symptom_codes(value)) for value in symptoms.dropna().unique()}
    return symptoms.map(found).fillna(False).astype(bool)


def fever_alert_counts(checks: pd.DataFrame, threshold: float) -> pd.Series:
    """How many people :func:`.followup.fever_alerts` lists, on each day.

    Parameters
    ----------
    checks : DataFrame
        Health checks of any days.
    threshold : float
        Temperature in °C at or above which a check is a fever.

    Returns
    -------
    Series of int
        Indexed by day (midnight), only days with an alert: the number of
        distinct people with a fever or a symptom at a check of that day.
    """
    day = checks[HEALTH_CHECK.checked_at].dt.normalize()
    hot = checks[HEALTH_CHECK.temperature_c].ge(threshold).fillna(False).astype(bool)
    flagged = (hot | has_symptom(checks[HEALTH_CHECK.symptoms])) & day.notna()
    people = checks.loc[flagged, HEALTH_CHECK.person_id]
    return people.groupby(day[flagged]).nunique(dropna=False)


def released_and_transferred(history: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """People released and transferred on each day of a ledger history.

    As :func:`.ledger.period_flags` counts them: the status is released (transferred)
    on the day and the same period was in quarantine the day before; a period first
    seen on the day counts when its dates put the change on that day.

    Parameters
    ----------
    history : DataFrame
        ``as_of`` and the ledger columns. A day's previous day is the calendar
        day before; without rows it has nobody in its ledger.

    Returns
    -------
    (Series, Series) of int
        Released and transferred, indexed by day, only days with a ledger row.
    """
    key = [LEDGER.person_id, LEDGER.start_date]
    # The ledger of the day before, moved onto the day it precedes.
    prev = history[[AS_OF, *key, LEDGER.status]].drop_duplicates([AS_OF, *key], keep="last")
    prev = prev.assign(**{AS_OF: prev[AS_OF] + pd.Timedelta(days=1)})
    prev = prev.rename(columns={LEDGER.status: "_prev"})
    rows = history[[AS_OF, *key, LEDGER.status, LEDGER.end_date]].reset_index(drop=True)
    prev_status = rows[[AS_OF, *key]].merge(prev, on=[AS_OF, *key], how="left")["_prev"]
    was_in = prev_status.eq(QUARANTINED).fillna(False).astype(bool)
    first_seen = prev_status.isna()
    status, end, day = rows[LEDGER.status], rows[LEDGER.end_date], rows[AS_OF]
    released = status.eq(RELEASED) & (was_in | (first_seen & end.eq(day)))
    transferred = status.eq(TRANSFERRED) & (was_in | (first_seen & end.ge(day)))
    return tuple(
        flag.fillna(False).astype(int).groupby(day).sum() for flag in (released, transferred)
    )


def trend(history: pd.DataFrame, checks: pd.DataFrame, threshold: float, days) -> pd.DataFrame:
    """Daily series of the trend chart, every day at once.

    Parameters
    ----------
    history : DataFrame
        The ledger as it stood on each day: ``as_of`` and the ledger columns
        (see :func:`ledger_history`); days outside ``days`` are ignored and a
        day without rows has nobody in its ledger.
    checks : DataFrame
        Health checks covering those days.
    threshold : float
        ``fever_threshold_c``.
    days : sequence of date-like
        The days of the chart.

    Returns
    -------
    DataFrame
        ``date``, ``in_quarantine`` (people, each once, with a period running),
        ``new_today`` (periods starting that day), ``released_today`` and
        ``transferred_today`` (see :func:`released_and_transferred`: the day
        before each day must be in ``history`` for its releases to be told from
        periods first seen) and ``fever_alerts`` (Int64), one row per day in date
        order; the last row equals the headline of that day.
    """
    dates = sorted(as_day(d) for d in days)
    index = pd.DatetimeIndex(dates).astype("datetime64[ns]")
    as_of = history[AS_OF]
    in_q = history[LEDGER.status].eq(QUARANTINED) & history[LEDGER.start_date].le(as_of)
    in_q = in_q.fillna(False).astype(bool)
    people = history.loc[in_q, LEDGER.person_id].groupby(as_of[in_q]).nunique(dropna=False)
    new = history[LEDGER.start_date].eq(as_of).fillna(False).astype(int).groupby(as_of).sum()
    released, transferred = released_and_transferred(history)
    counts = {
        "in_quarantine": people,
        "new_today": new,
        "released_today": released,
        "transferred_today": transferred,
        "fever_alerts": fever_alert_counts(checks, threshold),
    }
    out = pd.DataFrame({"date": dates})
    for name, series in counts.items():
        series.index = pd.DatetimeIndex(series.index).astype("datetime64[ns]")
        values = series.reindex(index, fill_value=0).to_numpy()
        out[name] = pd.array(values, dtype="Int64")
    return out
