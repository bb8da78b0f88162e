"""Follow-up of alerts (任务交办、督查督办): keys, days open, what closed, 督办.

Every report records the alerts of its day in the store's alert history
(:mod:`fangkong.store.alerts`), which gives each problem (one kind, one
subject) its key and keeps it while the problem stays open. From the history,
for a day D:

- each alert is new today or open for N days (N counts D and the days before
  it the key was open without a break);
- an alert open on D-1 and not on D closed: a village reported it handled
  (``alert_feedback`` with 是否办结 yes, handled by D's cut-off) or its
  condition ended;
- alerts open :data:`SUPERVISE_AFTER_DAYS` days or more are 督办 items for
  their war zone's commander.

The day before D must be recorded for this; a report records the missing days
of the :data:`BACKFILL_DAYS` before D first, each from the store as it stood
on that day, so the answer for a date does not depend on which reports were
run before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fangkong.reports.breakdown import TOTAL, UNASSIGNED, as_day, cutoff_at
from fangkong.town import Town

#: Days open from which an alert is a 督办 item.
SUPERVISE_AFTER_DAYS = 2
#: How many days before D are recorded when missing (each costs a report's computation).
BACKFILL_DAYS = 7
#: How far back feedback rows are read.
FEEDBACK_DAYS = 120
NEW, CARRIED = "new", "carried"
ENDED, HANDLED = "ended", "handled"
OPEN_COLUMNS = [
    "key",
    "kind",
    "subject",
    "village",
    "zone",
    "first_day",
    "days_open",
    "at_least",
    "status",
]
CLOSED_COLUMNS = [
    "key",
    "kind",
    "village",
    "zone",
    "first_day",
    "days_open",
    "how",
    "action",
    "handled_by",
    "handled_at",
]
PROGRESS_COLUMNS = ["key", "action", "handled_by", "handled_at"]


def zone_of(town: Town, village) -> str:
    """The war zone of an alert's village; :data:`TOTAL` for a town-wide alert."""
    if not isinstance(village, str) or not village:
        return TOTAL
    return town.zone_of.get(village, UNASSIGNED)


def commander_of(town: Town, zone: str) -> str | None:
    """The commander of a war zone (None for the town and unknown zones)."""
    return {z.name: z.commander for z in town.zones}.get(zone)


@dataclass
class FollowUp:
    """The follow-up of a report's alerts on one day.

    Attributes
    ----------
    day : Timestamp
    open : DataFrame
        :data:`OPEN_COLUMNS`, one row per problem open on the day; ``status``
        is :data:`NEW` or :data:`CARRIED`; ``key`` is None without a history;
        ``at_least`` marks an alert open since the history's first day, which
        may be older than its days open say.
    closed : DataFrame
        :data:`CLOSED_COLUMNS`: the alerts open the day before and not today;
        ``how`` is :data:`HANDLED` (a village's feedback: its action, who and
        when) or :data:`ENDED`; ``days_open`` counts the days it was open.
    progress : DataFrame
        :data:`PROGRESS_COLUMNS`: the latest feedback that did not close an
        open alert.
    recorded : bool
        False for a report built without a store (no keys, all alerts new).
    """

    day: pd.Timestamp
    open: pd.DataFrame
    closed: pd.DataFrame
    progress: pd.DataFrame
    recorded: bool = True

    @property
    def supervised(self) -> pd.DataFrame:
        """督办: the alerts open :data:`SUPERVISE_AFTER_DAYS` days or more, longest first."""
        out = self.open[self.open["days_open"] >= SUPERVISE_AFTER_DAYS]
        return out.sort_values("days_open", ascending=False, kind="stable").reset_index(drop=True)

    def counts(self) -> dict[str, int]:
        """``new``, ``carried``, ``closed`` (``closed_handled`` + ``closed_ended``),
        ``supervised`` and ``open``."""
        status, how = self.open["status"], self.closed["how"]
        return {
            "open": len(self.open),
            "new": int((status == NEW).sum()),
            "carried": int((status == CARRIED).sum()),
            "closed": len(self.closed),
            "closed_handled": int((how == HANDLED).sum()),
            "closed_ended": int((how == ENDED).sum()),
            "supervised": len(self.supervised),
        }

    def keyed(self, items: pd.DataFrame) -> pd.DataFrame:
        """Alert rows with their ``key``, ``days_open`` and ``status`` (by kind and subject)."""
        keys = self.open[["kind", "subject", "key", "days_open", "at_least", "status"]]
        return items.merge(keys, on=["kind", "subject"], how="left")


def feedback_rows(store, town: Town, day) -> pd.DataFrame:
    """Feedback submitted by D and handled by D's cut-off, oldest first."""
    day = as_day(day)
    rows = store.events("alert_feedback", day - pd.Timedelta(days=FEEDBACK_DAYS), day, as_of=day)
    return rows[rows["handled_at"] <= cutoff_at(town, day)].reset_index(drop=True)


def _closing(feedback: pd.DataFrame) -> pd.DataFrame:
    """The latest closing feedback of each key."""
    done = feedback[feedback["closed"].fillna(False).astype(bool)]
    return done.drop_duplicates("alert_key", keep="last").set_index("alert_key")


def record_day(
    store, town: Town, entry, day, items: pd.DataFrame, recorded_at, feedback=None
) -> pd.DataFrame:
    """Record a day's alerts (``kind``, ``subject``, ``village``) and return their keys.

    ``feedback`` is the day's :func:`feedback_rows`, read here when not given.
    """
    if feedback is None:
        feedback = feedback_rows(store, town, day)
    closed = _closing(feedback).index
    return store.record_alerts(
        town.id,
        entry.name,
        entry.alert_prefix,
        as_day(day).date(),
        items,
        closed_keys=set(closed),
        recorded_at=recorded_at,
    )


def backfill(
    store, town: Town, entry, day, items_of: Callable, recorded_at, days: int = BACKFILL_DAYS
) -> list[dt.date]:
    """Record the days among the ``days`` before D that have no recording, oldest first.

    Parameters
    ----------
    items_of : callable
        ``items_of(day)``: the alert rows of an earlier day, from the store as
        it stood then.

    Returns
    -------
    list of date
        The days recorded.
    """
    day = as_day(day).date()
    start = day - dt.timedelta(days=days)
    have = store.recorded_days(town.id, entry.name, start, day - dt.timedelta(days=1))
    missing = [
        start + dt.timedelta(days=i)
        for i in range(days)
        if start + dt.timedelta(days=i) not in have
    ]
    for each in missing:
        record_day(store, town, entry, each, items_of(each), recorded_at)
    return missing


def follow_up(
    store, town: Town, entry, day, items: pd.DataFrame, items_of: Callable, recorded_at
) -> FollowUp:
    """Record D's alerts (and the missing days before it) and follow them up.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town : Town
    entry : fangkong.registry.ReportEntry
    day : date-like
    items : DataFrame
        D's alert rows: ``kind``, ``subject``, ``village``.
    items_of : callable
        See :func:`backfill`.
    recorded_at : datetime

    Returns
    -------
    FollowUp
    """
    day = as_day(day)
    backfill(store, town, entry, day, items_of, recorded_at)
    feedback = feedback_rows(store, town, day)
    keys = record_day(store, town, entry, day, items, recorded_at, feedback)
    return _against_history(store, town, entry, day, keys, feedback)


def _against_history(store, town: Town, entry, day, keys, feedback) -> FollowUp:
    """D's open alerts (``keys``) against the day before and the history's start."""
    before = store.open_alerts(town.id, entry.name, (day - pd.Timedelta(days=1)).date())
    start = store.first_recorded_day(town.id, entry.name)
    return _follow(town, day, keys, before, feedback, start)


def _follow(town, day, keys, before, feedback, history_start=None) -> FollowUp:
    start = None if history_start is None else as_day(history_start)
    open_ = keys.assign(
        zone=[zone_of(town, v) for v in keys["village"]],
        days_open=[(day - as_day(first)).days + 1 for first in keys["first_day"]],
        at_least=[start is not None and as_day(f) <= start < day for f in keys["first_day"]],
    )
    open_["status"] = [NEW if n == 1 else CARRIED for n in open_["days_open"]]
    before = before if before is not None else pd.DataFrame(columns=keys.columns)
    gone = before[~before["key"].isin(set(open_["key"]))]
    closing = _closing(feedback)
    closed = gone.assign(
        zone=[zone_of(town, v) for v in gone["village"]],
        days_open=[(day - as_day(first)).days for first in gone["first_day"]],
        how=[HANDLED if k in closing.index else ENDED for k in gone["key"]],
    )
    for column in ("action", "handled_by", "handled_at"):
        closed[column] = [closing[column].get(k) for k in closed["key"]]
    still = feedback[feedback["alert_key"].isin(set(open_["key"]))]
    still = still[~still["closed"].fillna(False).astype(bool)]
    progress = still.drop_duplicates("alert_key", keep="last").rename(columns={"alert_key": "key"})
    return FollowUp(
        day,
        open_[OPEN_COLUMNS].reset_index(drop=True),
        closed[CLOSED_COLUMNS].reset_index(drop=True),
        progress[PROGRESS_COLUMNS].reset_index(drop=True),
    )


def recorded_follow_up(store, town: Town, entry, day) -> FollowUp | None:
    """The follow-up of a day from the history alone (None when the day is not recorded)."""
    day = as_day(day)
    keys = store.open_alerts(town.id, entry.name, day.date())
    if keys is None:
        return None
    return _against_history(store, town, entry, day, keys, feedback_rows(store, town, day))


def recorded_counts(store, town: Town, last_day, days: int, lang: str = "zh") -> list[str]:
    """One line per report and day: new, carried over, closed, 督办, from the history.

    Parameters
    ----------
    store : fangkong.store.database.Store
    town : Town
    last_day : date-like
    days : int
        How many days, ending with ``last_day``.
    lang : {"zh", "en"}

    Returns
    -------
    list of str
    """
    from fangkong import registry
    from fangkong.catalogue import text

    lines = []
    last = as_day(last_day)
    for entry in registry.REPORTS:
        if not entry.alert_prefix:  # a report that raises no alerts of its own (the bulletin)
            continue
        title = text(entry.title_key, lang)
        for back in range(days - 1, -1, -1):
            day = last - pd.Timedelta(days=back)
            found = recorded_follow_up(store, town, entry, day)
            when = day.strftime("%Y-%m-%d")
            if found is None:
                lines.append(text("followup.line_unrecorded", lang, report=title, day=when))
                continue
            lines.append(text("followup.line", lang, report=title, day=when, **found.counts()))
    return lines


def without_history(town: Town, day, items: pd.DataFrame) -> FollowUp:
    """The follow-up of a report built without a store: no keys, every alert new."""
    day = as_day(day)
    problems = items.drop_duplicates(["kind", "subject"])
    open_ = pd.DataFrame(
        {
            "key": None,
            "kind": problems["kind"].to_list(),
            "subject": problems["subject"].to_list(),
            "village": problems["village"].to_list(),
            "zone": [zone_of(town, v) for v in problems["village"]],
            "first_day": day,
            "days_open": 1,
            "at_least": False,
            "status": NEW,
        },
        columns=OPEN_COLUMNS,
    )
    empty = pd.DataFrame(columns=CLOSED_COLUMNS)
    return FollowUp(day, open_, empty, pd.DataFrame(columns=PROGRESS_COLUMNS), recorded=False)
