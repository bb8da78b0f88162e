"""The alert history: keys given to problems, and the alerts open on each day.

A report records the alerts of its day (:meth:`AlertHistory.record_alerts`):
each problem, one ``kind`` and one ``subject`` (a person's ID, a household, a
gas request, a firm), gets a key the first day it appears (``Q-0001``: the
report's prefix and a running number, nothing derived from the subject) and
keeps it while it stays open from one day to the next. A problem that was not
open the day before, or whose key a village closed through ``alert_feedback``,
gets a new key.

Append-only, like the rest of the store: recording a day again adds a new
recording, and the latest recording of a day is the one read. A key is never
deleted or given to another problem. :class:`AlertHistory` is a part of
:class:`fangkong.store.database.Store`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd
import sqlalchemy as sa

from fangkong.store.tables import ALERT_DAYS, ALERT_KEYS, ALERT_RECORDINGS, as_date

#: Columns of the frames :meth:`AlertHistory.open_alerts` returns.
KEY_COLUMNS = ["key", "kind", "subject", "village", "first_day"]
#: Digits of a key's running number (more when a report passes 9,999 problems).
KEY_DIGITS = 4
#: Tries of a recording that met another run's new key.
RETRIES = 5


def alert_key(prefix: str, number: int) -> str:
    """A key as printed: ``Q-0001``."""
    return f"{prefix}-{number:0{KEY_DIGITS}d}"


def _key_number(key: str) -> int:
    return int(key.rpartition("-")[2])


class AlertHistory:
    """Reads and writes of the alert history; mixed into the store."""

    def alert_keys(self, town_id: str, report: str | None = None) -> pd.DataFrame:
        """Every key given in a town (of one report, or all).

        Returns
        -------
        DataFrame
            ``report``, ``key``, ``kind``, ``subject``, ``village``, ``first_day``.
        """
        k = ALERT_KEYS.c
        stmt = sa.select(k.report, k.key, k.kind, k.subject, k.village, k.first_day)
        stmt = stmt.where(k.town_id == town_id)
        if report is not None:
            stmt = stmt.where(k.report == report)
        return self._fetch(stmt.order_by(k.id))

    def _latest_recording(self, conn, town_id: str, report: str, day) -> int | None:
        r = ALERT_RECORDINGS.c
        stmt = (
            sa.select(r.id)
            .where(r.town_id == town_id, r.report == report, r.day == as_date(day))
            .order_by(r.id.desc())
            .limit(1)
        )
        return conn.execute(stmt).scalar()

    def recorded_days(self, town_id: str, report: str, start, end) -> set[dt.date]:
        """The days within [start, end] that have a recording."""
        r = ALERT_RECORDINGS.c
        stmt = (
            sa.select(r.day)
            .distinct()
            .where(
                r.town_id == town_id,
                r.report == report,
                r.day >= as_date(start),
                r.day <= as_date(end),
            )
        )
        return {as_date(day) for day in self._fetch(stmt)["day"]}

    def first_recorded_day(self, town_id: str, report: str) -> dt.date | None:
        """The first day of a report's history (None before any recording)."""
        r = ALERT_RECORDINGS.c
        stmt = sa.select(sa.func.min(r.day)).where(r.town_id == town_id, r.report == report)
        with self._reading() as conn:
            first = conn.execute(stmt).scalar()
        return None if first is None else as_date(first)

    def open_alerts(self, town_id: str, report: str, day) -> pd.DataFrame | None:
        """The alerts open on ``day`` as last recorded; None when the day has no recording.

        Returns
        -------
        DataFrame or None
            :data:`KEY_COLUMNS`, one row per key.
        """
        with self._reading() as conn:
            recording = self._latest_recording(conn, town_id, report, day)
        if recording is None:
            return None
        k, d = ALERT_KEYS.c, ALERT_DAYS.c
        stmt = (
            sa.select(*[k[c] for c in KEY_COLUMNS])
            .join(ALERT_DAYS, d.key_id == k.id)
            .where(d.recording_id == recording)
            .order_by(k.id)
        )
        return self._fetch(stmt)

    def record_alerts(
        self,
        town_id: str,
        report: str,
        prefix: str,
        day,
        items: pd.DataFrame,
        *,
        closed_keys: Collection[str] = (),
        recorded_at: dt.datetime,
    ) -> pd.DataFrame:
        """Record the alerts open on ``day`` and give each its key.

        A problem open the day before (in that day's latest recording) keeps
        its key, unless the key is in ``closed_keys``; a problem already given a
        key on this same day (an earlier recording of it) keeps that one; any
        other gets the next key of the report. ``first_day`` is the first day of
        the problem: a problem whose key a village closed while it still shows
        gets a new key but keeps its first day.

        Parameters
        ----------
        town_id, report : str
        prefix : str
            The report's key prefix (its registry entry's ``alert_prefix``).
        day : date-like
        items : DataFrame
            ``kind``, ``subject`` and ``village``, one row per alert; a problem
            listed twice is recorded once.
        closed_keys : collection of str
            Keys a village reported closed (``alert_feedback``) up to this day.
        recorded_at : datetime

        Returns
        -------
        DataFrame
            :data:`KEY_COLUMNS`, one row per distinct problem, in ``items`` order.
        """
        day = as_date(day)
        problems = items[["kind", "subject", "village"]].drop_duplicates(["kind", "subject"])
        closed = set(closed_keys)
        for attempt in range(RETRIES):
            try:
                chosen = self._record(town_id, report, prefix, day, problems, closed, recorded_at)
                break
            except sa.exc.IntegrityError:
                # Another run of the same report took the same new key first
                # (a manual run beside the evening's): read the keys again.
                if attempt == RETRIES - 1:
                    raise
        frame = pd.DataFrame(chosen, columns=KEY_COLUMNS)
        frame["first_day"] = pd.to_datetime(frame["first_day"]).astype("datetime64[ns]")
        return frame

    def _record(self, town_id, report, prefix, day, problems, closed, recorded_at) -> list:
        with self.transaction() as conn:
            before = self.open_alerts(town_id, report, day - dt.timedelta(days=1))
            before = before if before is not None else pd.DataFrame(columns=KEY_COLUMNS)
            carried = _by_problem(before[~before["key"].isin(closed)])
            # A problem a village reported closed that still shows: a new key,
            # but its age goes on, so that reporting it closed every day does
            # not keep it from 督办.
            reopened = _by_problem(before[before["key"].isin(closed)])
            today = self.open_alerts(town_id, report, day)
            again = {} if today is None else _by_problem(today[~today["key"].isin(closed)])
            numbers = self._key_numbers(conn, town_id, report)
            next_number = max(numbers, default=0) + 1
            chosen, new = [], []
            for kind, subject, village in problems.itertuples(index=False):
                found = carried.get((kind, subject)) or again.get((kind, subject))
                if found is None:
                    first = reopened.get((kind, subject), (None, day))[1]
                    found = (alert_key(prefix, next_number), first)
                    next_number += 1
                    new.append((found[0], kind, subject, village, first))
                chosen.append((found[0], kind, subject, village, found[1]))
            if new:
                conn.execute(
                    sa.insert(ALERT_KEYS),
                    [
                        dict(
                            town_id=town_id,
                            report=report,
                            key=key,
                            kind=kind,
                            subject=subject,
                            village=None if pd.isna(village) else village,
                            first_day=first,
                            created_at=recorded_at,
                        )
                        for key, kind, subject, village, first in new
                    ],
                )
            recording = conn.execute(
                sa.insert(ALERT_RECORDINGS).values(
                    town_id=town_id, report=report, day=day, recorded_at=recorded_at
                )
            ).inserted_primary_key[0]
            if chosen:
                k = ALERT_KEYS.c
                ids = dict(
                    conn.execute(
                        sa.select(k.key, k.id).where(
                            k.town_id == town_id,
                            k.report == report,
                            k.key.in_([c[0] for c in chosen]),
                        )
                    ).all()
                )
                conn.execute(
                    sa.insert(ALERT_DAYS),
                    [{"recording_id": recording, "key_id": ids[c[0]]} for c in chosen],
                )
        return chosen

    def _key_numbers(self, conn, town_id: str, report: str) -> list[int]:
        k = ALERT_KEYS.c
        keys = conn.execute(
            sa.select(k.key).where(k.town_id == town_id, k.report == report)
        ).scalars()
        return [_key_number(key) for key in keys]


def _by_problem(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[str, dt.date]]:
    """(kind, subject) -> (key, first day) of recorded keys."""
    return {
        (kind, subject): (key, as_date(first))
        for key, kind, subject, first in frame[["key", "kind", "subject", "first_day"]].itertuples(
            index=False
        )
    }
