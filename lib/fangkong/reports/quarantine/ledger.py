"""Computations on the quarantine ledger, as plain functions over DataFrames.

Who is in quarantine, new, released, transferred, due or overdue; by reason;
four-to-one teams with a gap; returning workers against their employers. The
follow-up of each person (checks, disinfections, calls) is in
:mod:`fangkong.reports.quarantine.followup`.

Every function takes frames with the schema columns of
:data:`fangkong.schemas.TABLES` (as the store returns them) and a report date,
and returns a frame or a number; nothing here reads the store or the clock.

A quarantine *period* is one ledger row: a person released and later
quarantined again has two rows, told apart by their start date.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import as_day, columns, latest_by_key

LEDGER = columns("quarantine")
FIRM_STATUS = columns("enterprise_status")
FIRM = columns("enterprises")

QUARANTINED, RELEASED, TRANSFERRED = "quarantined", "released", "transferred"
RETURNING_WORKER = "returning_worker"
ANXIOUS_OR_LOW = ("anxious", "low")
#: The four-to-one team (四包一) of every person in quarantine.
TEAM = (LEDGER.police, LEDGER.doctor, LEDGER.town_staff, LEDGER.village_cadre)
#: Flags of :func:`period_flags`, in report order.
FLAGS = (
    "in_quarantine",
    "new_today",
    "released_today",
    "transferred_today",
    "due_tomorrow",
    "overdue",
)


def period_flags(ledger: pd.DataFrame, ledger_prev: pd.DataFrame, day) -> pd.DataFrame:
    """Flag each quarantine period with what it means for the day.

    Parameters
    ----------
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    ledger_prev : DataFrame
        The ledger as of the day before, to see which statuses changed today
        (the ledger records a status, not when it changed).
    day : date-like

    Returns
    -------
    DataFrame
        ``ledger`` plus boolean columns :data:`FLAGS`:

        - ``in_quarantine``: status quarantined and started on or before ``day``;
        - ``new_today``: the period starts on ``day``;
        - ``released_today`` / ``transferred_today``: the status is released /
          transferred today and was quarantined the day before. A period first
          reported today counts when its dates put the change today: released
          with ``end_date == day``, transferred while its planned period still
          ran (``end_date >= day``);
        - ``due_tomorrow``: in quarantine with ``end_date`` the next day;
        - ``overdue``: in quarantine past its ``end_date``.
    """
    day = as_day(day)
    out = ledger.reset_index(drop=True).copy()
    key = [LEDGER.person_id, LEDGER.start_date]
    prev = (
        ledger_prev[[*key, LEDGER.status]]
        .drop_duplicates(key, keep="last")
        .rename(columns={LEDGER.status: "_prev_status"})
    )
    prev_status = out[key].merge(prev, on=key, how="left")["_prev_status"]
    status, start, end = out[LEDGER.status], out[LEDGER.start_date], out[LEDGER.end_date]
    was_in = prev_status.eq(QUARANTINED).fillna(False)
    first_seen = prev_status.isna()
    in_q = status.eq(QUARANTINED) & start.le(day)
    out["in_quarantine"] = in_q
    out["new_today"] = start.eq(day)
    out["released_today"] = status.eq(RELEASED) & (was_in | (first_seen & end.eq(day)))
    out["transferred_today"] = status.eq(TRANSFERRED) & (was_in | (first_seen & end.ge(day)))
    out["due_tomorrow"] = in_q & end.eq(day + pd.Timedelta(days=1))
    out["overdue"] = in_q & end.lt(day)
    for flag in FLAGS:
        out[flag] = out[flag].fillna(False).astype(bool)
    return out


def in_quarantine(ledger: pd.DataFrame, day) -> pd.DataFrame:
    """People in quarantine on a day: status quarantined, started on or before it.

    Parameters
    ----------
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    day : date-like

    Returns
    -------
    DataFrame
        The matching ledger rows, one per person (their running period).
    """
    day = as_day(day)
    mask = ledger[LEDGER.status].eq(QUARANTINED) & ledger[LEDGER.start_date].le(day)
    rows = ledger[mask.fillna(False).astype(bool)]
    return rows.sort_values(LEDGER.start_date).drop_duplicates(LEDGER.person_id, keep="last")


def by_reason(ledger: pd.DataFrame, day, reasons) -> pd.DataFrame:
    """People in quarantine by reason, every reason listed.

    Parameters
    ----------
    ledger : DataFrame
    day : date-like
    reasons : sequence of str
        The reason codes, in display order (``ENUMS["quarantine_reason"]``).

    Returns
    -------
    DataFrame
        Columns ``reason`` and ``count`` (Int64), one row per code, zeros kept.
    """
    counts = in_quarantine(ledger, day)[LEDGER.reason].value_counts()
    out = pd.DataFrame({LEDGER.reason: list(reasons)})
    out["count"] = out[LEDGER.reason].map(counts).fillna(0).astype("Int64")
    return out


def period_on(ledger: pd.DataFrame, day) -> pd.DataFrame:
    """Each person's ledger row that matters on a day.

    The period running on ``day`` if any, else the latest one started by then,
    else the latest one: so a person released and quarantined again is matched
    to the right period, and a person released today is still found.

    Parameters
    ----------
    ledger : DataFrame
    day : date-like

    Returns
    -------
    DataFrame
        One row per ``person_id``.
    """
    day = as_day(day)
    started = ledger[LEDGER.start_date].le(day).fillna(False)
    running = started & ledger[LEDGER.end_date].ge(day).fillna(False)
    ranked = ledger.assign(_running=running, _started=started)
    ranked = ranked.sort_values(["_running", "_started", LEDGER.start_date], kind="stable")
    return (
        ranked.drop_duplicates(LEDGER.person_id, keep="last")
        .drop(columns=["_running", "_started"])
        .reset_index(drop=True)
    )


def team_gaps(ledger: pd.DataFrame, day) -> pd.DataFrame:
    """People in quarantine whose four-to-one team has an empty role.

    Parameters
    ----------
    ledger : DataFrame
    day : date-like

    Returns
    -------
    DataFrame
        Their ledger rows plus ``missing_roles`` (tuple of column names from
        :data:`TEAM`).
    """
    people = in_quarantine(ledger, day).reset_index(drop=True)
    blank = {role: list(_blank(people[role])) for role in TEAM}
    people["missing_roles"] = [
        tuple(role for role in TEAM if blank[role][i]) for i in range(len(people))
    ]
    has_gap = people["missing_roles"].map(len).gt(0).astype(bool)
    return people[has_gap].reset_index(drop=True)


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | series.astype("str").str.strip().eq("")


def returning_workers(
    ledger: pd.DataFrame, status: pd.DataFrame, enterprises: pd.DataFrame, day
) -> pd.DataFrame:
    """Returning workers in quarantine per employer, against what employers reported.

    Parameters
    ----------
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    status : DataFrame
        Enterprise daily reports (only ``day`` is used; the latest submission of
        each firm wins).
    enterprises : DataFrame
        The enterprise registry, for names and villages.
    day : date-like

    Returns
    -------
    DataFrame
        One row per firm that has such workers or reported some:
        ``enterprise_id``, ``enterprise_name``, ``village``, ``in_ledger``
        (Int64), ``reported`` (Int64, empty when the firm did not report today)
        and ``check`` (``match``, ``mismatch`` or ``not_reported``).
    """
    people = in_quarantine(ledger, day)
    workers = people[people[LEDGER.reason].eq(RETURNING_WORKER)]
    counted = workers.groupby(LEDGER.employer, dropna=False).size().rename("in_ledger")
    counted.index = counted.index.rename(FIRM.enterprise_id)
    today = latest_by_key(
        status[status[FIRM_STATUS.date].eq(as_day(day)).fillna(False)], [FIRM_STATUS.enterprise_id]
    )
    reported = today.set_index(FIRM_STATUS.enterprise_id)[FIRM_STATUS.in_quarantine].rename(
        "reported"
    )
    reported = reported[reported.fillna(0).gt(0) | reported.index.isin(counted.index)]
    out = pd.concat([counted, reported], axis=1).rename_axis(FIRM.enterprise_id).reset_index()
    registry = enterprises.drop_duplicates(FIRM.enterprise_id, keep="last").set_index(
        FIRM.enterprise_id
    )
    out["enterprise_name"] = out[FIRM.enterprise_id].map(registry[FIRM.name]).astype("str")
    out[FIRM.village] = out[FIRM.enterprise_id].map(registry[FIRM.village]).astype("str")
    out["in_ledger"] = out["in_ledger"].fillna(0).astype("Int64")
    out["reported"] = out["reported"].astype("Int64")
    out["check"] = "match"
    out.loc[out["reported"].isna(), "check"] = "not_reported"
    differs = out["reported"].notna() & out["reported"].ne(out["in_ledger"])
    out.loc[differs.fillna(False).astype(bool), "check"] = "mismatch"
    cols = [FIRM.enterprise_id, "enterprise_name", FIRM.village, "in_ledger", "reported", "check"]
    out["_order"] = out["check"].map(_CHECK_ORDER)
    return out.sort_values(["_order", FIRM.enterprise_id])[cols].reset_index(drop=True)


_CHECK_ORDER = {"mismatch": 0, "not_reported": 1, "match": 2}
