"""Computations of the quarantine report, as plain functions over DataFrames.

Every function takes frames with the schema columns of
:data:`fangkong.schemas.TABLES` (as the store returns them) and a report date,
and returns a frame or a number; nothing here reads the store or the clock.

A quarantine *period* is one ledger row: a person released and later
quarantined again has two rows, told apart by their start date.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import as_day, columns, latest_by_key

Q = columns("quarantine")
H = columns("health_checks")
DIS = columns("disinfections")
CALL = columns("followup_calls")
ES = columns("enterprise_status")
ENT = columns("enterprises")

QUARANTINED, RELEASED, TRANSFERRED = "quarantined", "released", "transferred"
RETURNING_WORKER = "returning_worker"
ANXIOUS_OR_LOW = ("anxious", "low")
#: The four-to-one team (四包一) of every person in quarantine.
TEAM = (Q.police, Q.doctor, Q.town_staff, Q.village_cadre)
#: Flags of :func:`period_flags`, in report order.
FLAGS = (
    "in_quarantine",
    "new_today",
    "released_today",
    "transferred_today",
    "due_tomorrow",
    "overdue",
)
_MINUTES_PER_DAY = 24 * 60


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
    key = [Q.person_id, Q.start_date]
    prev = (
        ledger_prev[[*key, Q.status]]
        .drop_duplicates(key, keep="last")
        .rename(columns={Q.status: "_prev_status"})
    )
    prev_status = out[key].merge(prev, on=key, how="left")["_prev_status"]
    status, start, end = out[Q.status], out[Q.start_date], out[Q.end_date]
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
    mask = ledger[Q.status].eq(QUARANTINED) & ledger[Q.start_date].le(day)
    rows = ledger[mask.fillna(False).astype(bool)]
    return rows.sort_values(Q.start_date).drop_duplicates(Q.person_id, keep="last")


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
    counts = in_quarantine(ledger, day)[Q.reason].value_counts()
    out = pd.DataFrame({Q.reason: list(reasons)})
    out["count"] = out[Q.reason].map(counts).fillna(0).astype("Int64")
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
    started = ledger[Q.start_date].le(day).fillna(False)
    running = started & ledger[Q.end_date].ge(day).fillna(False)
    ranked = ledger.assign(_running=running, _started=started)
    ranked = ranked.sort_values(["_running", "_started", Q.start_date], kind="stable")
    return (
        ranked.drop_duplicates(Q.person_id, keep="last")
        .drop(columns=["_running", "_started"])
        .reset_index(drop=True)
    )


def _on_day(events: pd.DataFrame, when: str, day) -> pd.DataFrame:
    return events[events[when].dt.normalize().eq(as_day(day)).fillna(False)]


def symptom_codes(value) -> set[str]:
    """The symptom codes of a symptoms cell (codes joined by ``;``), ``none`` left out.

    Parameters
    ----------
    value : str or missing

    Returns
    -------
    set of str
        Empty for a missing cell.
    """
    if not isinstance(value, str):
        return set()
    return {code for code in value.split(";") if code and code != "none"}


def fever_alerts(checks: pd.DataFrame, ledger: pd.DataFrame, day, threshold: float):
    """People with a fever or a symptom at a medical visit on the day.

    Parameters
    ----------
    checks : DataFrame
        Health checks (any days; only ``day`` is used).
    ledger : DataFrame
        The quarantine ledger as of ``day``, whatever each person's status:
        a person transferred or released today stays visible.
    day : date-like
    threshold : float
        Temperature in °C at or above which a check is a fever.

    Returns
    -------
    DataFrame
        One row per person: ``person_id``, ``temperature_c`` (the day's
        highest of all their checks), ``checked_at`` (of that check), ``symptoms`` (codes joined by
        ``;``, ``none`` left out), ``fever`` (bool), and the person's ledger
        columns (village, name, phone, status, four-to-one team). Ordered by
        temperature, highest first.
    """
    today = _on_day(checks, H.checked_at, day)
    symptoms = today[H.symptoms].map(symptom_codes)
    flagged = today[H.temperature_c].ge(threshold).fillna(False) | symptoms.map(bool)
    persons = set(today.loc[flagged, H.person_id])
    theirs = today[today[H.person_id].isin(persons)]
    hottest = theirs.sort_values([H.temperature_c, H.checked_at], kind="stable")
    hottest = hottest.drop_duplicates(H.person_id, keep="last")
    union = symptoms[theirs.index].groupby(theirs[H.person_id]).agg(lambda s: set().union(*s))
    rows = hottest[[H.person_id, H.temperature_c, H.checked_at]].copy()
    rows[H.symptoms] = rows[H.person_id].map(union).map(lambda s: ";".join(sorted(s)))
    rows["fever"] = rows[H.temperature_c].astype("Float64").ge(threshold).fillna(False)
    people = period_on(ledger, day).drop(columns=[Q.start_date], errors="ignore")
    out = rows.merge(people, on=Q.person_id, how="left")
    return out.sort_values(H.temperature_c, ascending=False, kind="stable").reset_index(drop=True)


def visit_slot(times: pd.Series, per_day: int) -> pd.Series:
    """Which of the day's ``per_day`` visits a check time belongs to.

    The day is cut into ``per_day`` equal slots; with two visits a day, a check
    before 12:00 is the morning visit (0) and one at 12:00 or later the
    afternoon visit (1).

    Parameters
    ----------
    times : Series of datetime64
    per_day : int

    Returns
    -------
    Series of int
    """
    minutes = times.dt.hour * 60 + times.dt.minute
    return (minutes * per_day // _MINUTES_PER_DAY).astype("Int64")


def check_coverage(checks: pd.DataFrame, ledger: pd.DataFrame, day, per_day: int):
    """Medical visits done against owed, per person in quarantine.

    Parameters
    ----------
    checks : DataFrame
        Health checks (only ``day`` is used).
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    day : date-like
    per_day : int
        Visits owed per person per day (``checks_per_day``).

    Returns
    -------
    DataFrame
        The in-quarantine ledger rows plus ``owed`` (= ``per_day``), ``done``
        (distinct visit slots covered, see :func:`visit_slot`) and ``missing``
        (tuple of the slots without a visit).
    """
    people = in_quarantine(ledger, day).reset_index(drop=True)
    today = _on_day(checks, H.checked_at, day)
    pairs = pd.DataFrame(
        {Q.person_id: today[H.person_id], "slot": visit_slot(today[H.checked_at], per_day)}
    ).dropna()
    # A set per person in plain Python: a pandas aggregation per person cost
    # more than the rest of the function.
    slots: dict = {}
    for person, slot in zip(pairs[Q.person_id], pairs["slot"]):
        slots.setdefault(person, set()).add(int(slot))
    covered = [slots.get(person, ()) for person in people[Q.person_id]]
    people["owed"] = pd.array([per_day] * len(people), dtype="Int64")
    people["done"] = pd.array([len(s) for s in covered], dtype="Int64")
    people["missing"] = [tuple(i for i in range(per_day) if i not in s) for s in covered]
    return people


def disinfection_coverage(disinfections: pd.DataFrame, ledger: pd.DataFrame, day):
    """Disinfection done against owed: once a day per person in quarantine.

    Parameters
    ----------
    disinfections : DataFrame
    ledger : DataFrame
    day : date-like

    Returns
    -------
    DataFrame
        The in-quarantine ledger rows plus ``owed`` (1) and ``done`` (0 or 1).
    """
    people = in_quarantine(ledger, day).reset_index(drop=True)
    done = set(_on_day(disinfections, DIS.done_at, day)[DIS.person_id])
    people["owed"] = pd.array([1] * len(people), dtype="Int64")
    people["done"] = people[Q.person_id].isin(done).astype("Int64")
    return people


def call_coverage(calls: pd.DataFrame, ledger: pd.DataFrame, day, per_day: int):
    """Phone follow-ups reached against owed, per person in quarantine.

    Parameters
    ----------
    calls : DataFrame
        Follow-up calls (only ``day`` is used).
    ledger : DataFrame
    day : date-like
    per_day : int
        Calls owed per person per day (``calls_per_day``).

    Returns
    -------
    DataFrame
        The in-quarantine ledger rows plus ``owed`` and ``reached`` (calls that
        got through, at most ``owed``).
    """
    people = in_quarantine(ledger, day).reset_index(drop=True)
    today = _on_day(calls, CALL.called_at, day)
    reached = today[today[CALL.reached].fillna(False).astype(bool)].groupby(CALL.person_id).size()
    got = people[Q.person_id].map(reached).fillna(0).astype(int).clip(upper=per_day)
    people["owed"] = pd.array([per_day] * len(people), dtype="Int64")
    people["reached"] = got.astype("Int64")
    return people


def lost_contact(calls: pd.DataFrame, ledger: pd.DataFrame, day, days: int) -> pd.DataFrame:
    """People unreached by phone on each of the last ``days`` days.

    A day counts as unreached when the office called at least once and no call
    got through; a day without any call is the office's miss (see
    :func:`call_coverage`), not the person's, and breaks the run.

    Parameters
    ----------
    calls : DataFrame
        Follow-up calls covering at least the last ``days`` days.
    ledger : DataFrame
        The quarantine ledger as of ``day``.
    day : date-like
    days : int
        ``lost_contact_days``.

    Returns
    -------
    DataFrame
        In-quarantine ledger rows of the people lost, plus ``last_reached``
        (their latest call that got through in ``calls``, or empty).
    """
    day = as_day(day)
    first = day - pd.Timedelta(days=days - 1)
    people = in_quarantine(ledger, day)
    people = people[people[Q.start_date].le(first)].reset_index(drop=True)
    when = calls[CALL.called_at].dt.normalize()
    window = calls[when.between(first, day).fillna(False)]
    got = window[CALL.reached].fillna(False).astype(bool)
    per_day = (
        pd.DataFrame(
            {"p": window[CALL.person_id], "d": window[CALL.called_at].dt.normalize(), "r": got}
        )
        .groupby(["p", "d"])["r"]
        .any()
        .reset_index()
    )
    unreached_days = per_day[~per_day["r"]].groupby("p").size()
    lost = people[people[Q.person_id].map(unreached_days).fillna(0).ge(days)].copy()
    reached = calls[calls[CALL.reached].fillna(False).astype(bool)]
    last = reached.groupby(CALL.person_id)[CALL.called_at].max().rename("last_reached")
    return lost.merge(last, left_on=Q.person_id, right_index=True, how="left").reset_index(
        drop=True
    )


def mood_alerts(calls: pd.DataFrame, ledger: pd.DataFrame, day) -> pd.DataFrame:
    """People found anxious or low at their latest call that got through today.

    Parameters
    ----------
    calls : DataFrame
    ledger : DataFrame
    day : date-like

    Returns
    -------
    DataFrame
        ``person_id``, ``mood``, ``needs``, ``caller``, ``called_at`` and the
        person's ledger columns.
    """
    today = _on_day(calls, CALL.called_at, day)
    today = today[today[CALL.reached].fillna(False).astype(bool)]
    latest = today.sort_values(CALL.called_at).drop_duplicates(CALL.person_id, keep="last")
    low = latest[latest[CALL.mood].isin(ANXIOUS_OR_LOW)]
    cols = [CALL.person_id, CALL.mood, CALL.needs, CALL.caller, CALL.called_at]
    people = period_on(ledger, day)
    return low[cols].merge(people, on=Q.person_id, how="left").reset_index(drop=True)


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
    workers = people[people[Q.reason].eq(RETURNING_WORKER)]
    counted = workers.groupby(Q.employer, dropna=False).size().rename("in_ledger")
    counted.index = counted.index.rename(ENT.enterprise_id)
    today = latest_by_key(status[status[ES.date].eq(as_day(day)).fillna(False)], [ES.enterprise_id])
    reported = today.set_index(ES.enterprise_id)[ES.in_quarantine].rename("reported")
    reported = reported[reported.fillna(0).gt(0) | reported.index.isin(counted.index)]
    out = pd.concat([counted, reported], axis=1).rename_axis(ENT.enterprise_id).reset_index()
    registry = enterprises.drop_duplicates(ENT.enterprise_id, keep="last").set_index(
        ENT.enterprise_id
    )
    out["enterprise_name"] = out[ENT.enterprise_id].map(registry[ENT.name]).astype("str")
    out[ENT.village] = out[ENT.enterprise_id].map(registry[ENT.village]).astype("str")
    out["in_ledger"] = out["in_ledger"].fillna(0).astype("Int64")
    out["reported"] = out["reported"].astype("Int64")
    out["check"] = "match"
    out.loc[out["reported"].isna(), "check"] = "not_reported"
    differs = out["reported"].notna() & out["reported"].ne(out["in_ledger"])
    out.loc[differs.fillna(False).astype(bool), "check"] = "mismatch"
    cols = [ENT.enterprise_id, "enterprise_name", ENT.village, "in_ledger", "reported", "check"]
    out["_order"] = out["check"].map(_CHECK_ORDER)
    return out.sort_values(["_order", ENT.enterprise_id])[cols].reset_index(drop=True)


_CHECK_ORDER = {"mismatch": 0, "not_reported": 1, "match": 2}
