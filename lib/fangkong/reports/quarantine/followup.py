"""Computations on the follow-up of people in quarantine, as plain functions.

Health checks (fever and symptoms, visits done against owed), disinfections
and phone follow-ups (reached, lost contact, mood) of the day, each against the
people in quarantine on the ledger. Nothing here reads the store or the clock.
"""

from __future__ import annotations

import pandas as pd

from fangkong.reports.breakdown import as_day, columns
from fangkong.reports.quarantine.ledger import ANXIOUS_OR_LOW, LEDGER, in_quarantine, period_on

HEALTH_CHECK = columns("health_checks")
DISINFECTION = columns("disinfections")
CALL = columns("followup_calls")
_MINUTES_PER_DAY = 24 * 60


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
    today = _on_day(checks, HEALTH_CHECK.checked_at, day)
    symptoms = today[HEALTH_CHECK.symptoms].map(symptom_codes)
    flagged = today[HEALTH_CHECK.temperature_c].ge(threshold).fillna(False) | symptoms.map(bool)
    persons = set(today.loc[flagged, HEALTH_CHECK.person_id])
    theirs = today[today[HEALTH_CHECK.person_id].isin(persons)]
    hottest = theirs.sort_values(
        [HEALTH_CHECK.temperature_c, HEALTH_CHECK.checked_at], kind="stable"
    )
    hottest = hottest.drop_duplicates(HEALTH_CHECK.person_id, keep="last")
    union = (
        symptoms[theirs.index]
        .groupby(theirs[HEALTH_CHECK.person_id])
        .agg(lambda s: set().union(*s))
    )
    rows = hottest[
        [HEALTH_CHECK.person_id, HEALTH_CHECK.temperature_c, HEALTH_CHECK.checked_at]
    ].copy()
    rows[HEALTH_CHECK.symptoms] = (
        rows[HEALTH_CHECK.person_id].map(union).map(lambda s: ";".join(sorted(s)))
    )
    rows["fever"] = rows[HEALTH_CHECK.temperature_c].astype("Float64").ge(threshold).fillna(False)
    people = period_on(ledger, day).drop(columns=[LEDGER.start_date], errors="ignore")
    out = rows.merge(people, on=LEDGER.person_id, how="left")
    return out.sort_values(HEALTH_CHECK.temperature_c, ascending=False, kind="stable").reset_index(
        drop=True
    )


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
    today = _on_day(checks, HEALTH_CHECK.checked_at, day)
    pairs = pd.DataFrame(
        {
            LEDGER.person_id: today[HEALTH_CHECK.person_id],
            "slot": visit_slot(today[HEALTH_CHECK.checked_at], per_day),
        }
    ).dropna()
    # A set per person in plain Python: a pandas aggregation per person cost
    # more than the rest of the function.
    slots: dict = {}
    for person, slot in zip(pairs[LEDGER.person_id], pairs["slot"]):
        slots.setdefault(person, set()).add(int(slot))
    covered = [slots.get(person, ()) for person in people[LEDGER.person_id]]
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
    done = set(_on_day(disinfections, DISINFECTION.done_at, day)[DISINFECTION.person_id])
    people["owed"] = pd.array([1] * len(people), dtype="Int64")
    people["done"] = people[LEDGER.person_id].isin(done).astype("Int64")
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
    got = people[LEDGER.person_id].map(reached).fillna(0).astype(int).clip(upper=per_day)
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
    people = people[people[LEDGER.start_date].le(first)].reset_index(drop=True)
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
    lost = people[people[LEDGER.person_id].map(unreached_days).fillna(0).ge(days)].copy()
    reached = calls[calls[CALL.reached].fillna(False).astype(bool)]
    last = reached.groupby(CALL.person_id)[CALL.called_at].max().rename("last_reached")
    return lost.merge(last, left_on=LEDGER.person_id, right_index=True, how="left").reset_index(
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
    return low[cols].merge(people, on=LEDGER.person_id, how="left").reset_index(drop=True)
