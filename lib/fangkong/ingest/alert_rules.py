"""Rules of alert_feedback (预警处置反馈): the key must be one the store gave, and the
handling must fall between the alert's first day and the submission date.

A key is given by the store's alert history (:mod:`fangkong.store.alerts`) when a
report records the day's alerts; ingest reads every key of the town once per
batch that holds feedback rows (``RuleContext.alert_keys``). A key is compared
as normalised (:data:`fangkong.ingest.normalise.COLUMN_READERS`: ``q－0012``
reads ``Q-0012``). Kept apart from :mod:`fangkong.ingest.rules`, which finds
:func:`alert_feedback_rules` when it checks the table.
"""

from __future__ import annotations

import pandas as pd

from fangkong.ingest.rules import Finding, RuleContext, _column, _has

TABLE = "alert_feedback"


def _first_days(keys: pd.DataFrame) -> pd.Series:
    """Key -> the day it was first given (the earliest, should two reports share a prefix)."""
    if not len(keys):
        return pd.Series(dtype="datetime64[ns]")
    first = pd.to_datetime(keys["first_day"]).astype("datetime64[ns]")
    return first.groupby(keys["key"].to_numpy(dtype=object)).min()


def alert_feedback_rules(frame: pd.DataFrame, ctx: RuleContext) -> list[Finding]:
    """The contract's rules of feedback rows.

    - ``unknown_alert_key``: the store never gave the key in this town;
    - ``handled_after_submission``: handled on a day after the submission date;
    - ``handled_before_alert``: handled before the key's first day.

    Parameters
    ----------
    frame : DataFrame
        Normalised alert_feedback rows.
    ctx : RuleContext
        ``alert_keys`` (``key``, ``first_day``) and ``submitted_on``.

    Returns
    -------
    list of Finding
    """
    key, handled = _column(TABLE, "alert_key"), _column(TABLE, "handled_at")
    first = _first_days(ctx.alert_keys)
    unknown = _has(frame, key) & ~frame[key].isin(first.index)
    # A day after the submission date: any time from the next midnight on.
    next_day = pd.Timestamp(ctx.submitted_on) + pd.Timedelta(days=1)
    late = _has(frame, handled) & (frame[handled] >= next_day)
    # first_day is a date (midnight): handled on it at any time is fine.
    # reindex, not map: Series.map fails on an empty mapper of datetimes (pandas 3.1).
    alerted = pd.Series(first.reindex(frame[key].to_numpy()).to_numpy(), index=frame.index)
    early = _has(frame, handled) & (frame[handled] < alerted)
    return [
        Finding(unknown, key, "unknown_alert_key"),
        Finding(late, handled, "handled_after_submission"),
        Finding(early, handled, "handled_before_alert"),
    ]
