"""The store's reads of the input tables, as of a day.

The ledger as it stood on a day (each village's latest submission), the
registries (each key's latest row), events in a window, and the histories the
reports' trends need. :class:`InputReads` is a part of
:class:`fangkong.store.database.Store`, which gives it ``_fetch`` and ``_reading``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa

from fangkong.catalogue import ENUMS
from fangkong.schemas import TABLES
from fangkong.store.tables import (
    CLOSED,
    FILE_VILLAGES,
    FILES,
    PROVENANCE,
    SQL_TABLES,
    column_kinds,
    typed_frame,
)

#: The need code of a visit that found nothing (``ENUMS["need"]``).
NO_NEED = "none"


def _as_date(value) -> date:
    return pd.Timestamp(value).date()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time())


def _day_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time())


class InputReads:
    """Reads of the input tables; mixed into :class:`fangkong.store.database.Store`."""

    def _columns(self, table: str, source) -> list:
        return [source.c[c] for c in TABLES[table].columns + list(PROVENANCE)]

    def _latest_files(self, table: str, as_of: date | None = None):
        """(village, sha256, file, submitted_on, ingested_at, id, rn) of ``table`` files;
        rn = 1 on each village's latest submission."""
        rn = sa.func.row_number().over(
            partition_by=FILE_VILLAGES.c.village,
            order_by=(FILES.c.submitted_on.desc(), FILES.c.ingested_at.desc(), FILES.c.id.desc()),
        )
        stmt = (
            sa.select(
                FILE_VILLAGES.c.village,
                FILES.c.sha256,
                FILES.c.file,
                FILES.c.submitted_on,
                FILES.c.ingested_at,
                FILES.c.id,
                rn.label("rn"),
            )
            .join(FILES, FILES.c.id == FILE_VILLAGES.c.file_id)
            .where(FILE_VILLAGES.c["table"] == table)
        )
        if as_of is not None:
            stmt = stmt.where(FILES.c.submitted_on <= as_of)
        return stmt

    def ledger(self, as_of) -> pd.DataFrame:
        """The quarantine ledger as it stood on a day.

        For each village, the rows of that village from its latest quarantine
        submission (by submitted_on, then ingested_at) with submitted_on <= as_of.
        A village whose latest file was empty has no rows.

        Parameters
        ----------
        as_of : date-like

        Returns
        -------
        DataFrame
            Schema and provenance columns, by village then source row.
        """
        table = "quarantine"
        q = SQL_TABLES[table]
        latest = self._latest_files(table, _as_date(as_of)).subquery()
        stmt = (
            sa.select(*self._columns(table, q))
            .join(
                latest,
                sa.and_(
                    q.c.src_sha256 == latest.c.sha256,
                    q.c.src_file == latest.c.file,
                    q.c.submitted_on == latest.c.submitted_on,
                    q.c.src_village == latest.c.village,
                    latest.c.rn == 1,
                ),
            )
            .order_by(q.c.src_village, q.c.src_row)
        )
        return self._fetch(stmt)

    def ledger_history(self, start, end) -> pd.DataFrame:
        """The quarantine ledger as it stood on each day of [start, end].

        Parameters
        ----------
        start, end : date-like
            First and last day, inclusive.

        Returns
        -------
        DataFrame
            A column ``as_of`` (the day) followed by :meth:`ledger` columns:
            ``ledger(d)`` for every day d of the window, concatenated. A village
            that did not submit on d contributes its latest earlier snapshot
            (its ``submitted_on`` tells), so day totals compare like with like.
        """
        table = "quarantine"
        start, end = _as_date(start), _as_date(end)
        kinds = column_kinds(SQL_TABLES[table])
        snaps = self._fetch(self._latest_files(table, end))
        empty = typed_frame(list(kinds), [], kinds)
        empty.insert(0, "as_of", pd.Series(dtype="datetime64[ns]"))
        if snaps.empty or start > end:
            return empty
        # The last file of each village per day, then carried forward day by day.
        snaps = snaps.sort_values(["submitted_on", "ingested_at", "id"])
        daily = snaps.drop_duplicates(["village", "submitted_on"], keep="last")
        days = pd.DataFrame({"as_of": pd.date_range(start, end, freq="D").astype("datetime64[ns]")})
        grid = days.merge(pd.DataFrame({"village": daily["village"].unique()}), how="cross")
        grid = pd.merge_asof(
            grid.sort_values("as_of"),
            daily[["village", "submitted_on", "sha256", "file"]].sort_values("submitted_on"),
            left_on="as_of",
            right_on="submitted_on",
            by="village",
            direction="backward",
        ).dropna(subset=["sha256"])
        if grid.empty:
            return empty
        q = SQL_TABLES[table]
        shas = sorted(grid["sha256"].unique())
        parts = [
            self._fetch(
                sa.select(*self._columns(table, q)).where(q.c.src_sha256.in_(shas[i : i + 500]))
            )
            for i in range(0, len(shas), 500)
        ]
        rows = pd.concat(parts, ignore_index=True)
        pairs = grid[["as_of", "village", "sha256", "file", "submitted_on"]].rename(
            columns={"village": "src_village", "sha256": "src_sha256", "file": "src_file"}
        )
        keys = ["src_sha256", "src_file", "submitted_on", "src_village"]
        out = pairs.merge(rows, on=keys, how="inner")
        out = out[["as_of", *kinds]].sort_values(["as_of", "src_village", "src_row"])
        return out.reset_index(drop=True)

    def registry(self, table: str, as_of, include_closed: bool = False) -> pd.DataFrame:
        """Households or enterprises as registered on a day.

        The latest row per key (``TABLES[table].key``) with submitted_on <= as_of;
        a key whose latest row has status ``closed`` is dropped unless
        ``include_closed``. Earlier rows stay stored: an earlier ``as_of`` sees them.

        Parameters
        ----------
        table : {"households", "enterprises"}
        as_of : date-like
        include_closed : bool, default False

        Returns
        -------
        DataFrame
            Schema and provenance columns, one row per key, ordered by key.
        """
        t = TABLES.get(table)
        if t is None or t.role != "registry":
            raise ValueError(f"{table!r} is not a registry table")
        sql = SQL_TABLES[table]
        ranked = self._ranked(table, sql.c.submitted_on <= _as_date(as_of)).subquery()
        stmt = sa.select(*self._columns(table, ranked)).where(ranked.c.rn == 1)
        if not include_closed and "status" in t.columns:
            status = ranked.c.status
            stmt = stmt.where(sa.or_(status.is_(None), status != CLOSED))
        stmt = stmt.order_by(*[ranked.c[k] for k in t.key])
        return self._fetch(stmt)

    def registries(self, table: str, days, include_closed: bool = False) -> dict:
        """A registry as it stood on each of several days, read in one query.

        Equal, day by day, to :meth:`registry`; a report's trend needs the
        registry of each of its days, and one ranked query per day cost a
        quarter of a second each at city scale.

        Parameters
        ----------
        table : {"households", "enterprises"}
        days : iterable of date-like
        include_closed : bool, default False

        Returns
        -------
        dict
            Each day as given -> :meth:`registry` of that day.
        """
        t = TABLES.get(table)
        if t is None or t.role != "registry":
            raise ValueError(f"{table!r} is not a registry table")
        days = list(days)
        if not days:
            return {}
        sql = SQL_TABLES[table]
        stmt = (
            sa.select(*self._columns(table, sql))
            .where(sql.c.submitted_on <= max(_as_date(d) for d in days))
            .order_by(sql.c.submitted_on, sql.c.ingested_at, sql.c.store_id)
        )
        rows = self._fetch(stmt)
        out = {}
        for day in days:
            # Rows come oldest first: the last of a key is its latest submission.
            seen = rows[rows["submitted_on"] <= pd.Timestamp(_as_date(day))]
            latest = seen.drop_duplicates(list(t.key), keep="last")
            if not include_closed and "status" in t.columns:
                closed = latest["status"].eq(CLOSED).fillna(False).astype(bool)
                latest = latest[~closed]
            out[day] = latest.sort_values(list(t.key), kind="stable").reset_index(drop=True)
        return out

    def _ranked(self, table: str, *where):
        """Rows of a keyed table with rn = 1 on the latest submission of each key."""
        sql = SQL_TABLES[table]
        rn = sa.func.row_number().over(
            partition_by=[sql.c[k] for k in TABLES[table].key],
            order_by=(sql.c.submitted_on.desc(), sql.c.ingested_at.desc(), sql.c.store_id.desc()),
        )
        return sa.select(*self._columns(table, sql), rn.label("rn")).where(*where)

    def _window(self, column, kind: str, start: date, end: date):
        if kind == "date":
            return sa.and_(column >= start, column <= end)
        # A datetime anywhere on the end day counts.
        return sa.and_(column >= _day_start(start), column < _day_after(end))

    def events(self, table: str, start, end, *, as_of=None) -> pd.DataFrame:
        """Event rows dated within [start, end], both days included.

        Only submissions with submitted_on <= ``as_of`` (default ``end``) count,
        so a past report can be rebuilt as it was. Exact re-submissions (equal in
        every schema column) collapse to the latest one. For keyed tables (gas
        requests, enterprise status) the latest submission of a key wins and is
        kept if its own date falls in the window.

        Parameters
        ----------
        table : str
            An event table of :data:`fangkong.schemas.TABLES`.
        start, end : date-like
            First and last day, inclusive; for datetime columns the whole of
            ``end`` counts.
        as_of : date-like, optional
            Latest submission date taken into account; default ``end``.

        Returns
        -------
        DataFrame
            Schema and provenance columns, ordered by the table's date column.
        """
        t = TABLES.get(table)
        if t is None or t.role != "event":
            raise ValueError(f"{table!r} is not an event table")
        start, end = _as_date(start), _as_date(end)
        as_of = end if as_of is None else _as_date(as_of)
        sql = SQL_TABLES[table]
        kind = t.meta(t.when)["kind"]
        seen = sql.c.submitted_on <= as_of
        if t.key:
            keys = (
                sa.select(*[sql.c[k] for k in t.key])
                .where(seen, self._window(sql.c[t.when], kind, start, end))
                .correlate(None)
            )
            in_keys = sa.tuple_(*[sql.c[k] for k in t.key]).in_(keys)
            ranked = self._ranked(table, seen, in_keys).subquery()
            stmt = sa.select(*self._columns(table, ranked)).where(
                ranked.c.rn == 1, self._window(ranked.c[t.when], kind, start, end)
            )
            frame = self._fetch(stmt)
        else:
            stmt = (
                sa.select(*self._columns(table, sql))
                .where(seen, self._window(sql.c[t.when], kind, start, end))
                .order_by(sql.c.submitted_on, sql.c.ingested_at, sql.c.store_id)
            )
            frame = self._fetch(stmt)
            frame = frame.drop_duplicates(subset=t.columns, keep="last")
        frame = frame.sort_values([t.when, "submitted_on", "ingested_at", "src_row"], kind="stable")
        return frame.reset_index(drop=True)

    def visit_history(self, start, end, *, as_of=None) -> pd.DataFrame:
        """The welfare visits a report of a window needs, without the rest of the past.

        Every visit dated within [start, end]; of earlier visits, each
        household's latest (its last visit as of ``start``) and those that
        found a need (a need stays open until a visit resolves it). For every
        day of the window, the latest visit of each household and the open
        needs are those :meth:`events` from the first day ever would give:
        a town's whole visit history grows by every visit of every day.

        Parameters
        ----------
        start, end : date-like
        as_of : date-like, optional
            Latest submission date taken into account; default ``end``.

        Returns
        -------
        DataFrame
            As :meth:`events` of ``welfare_visits``.
        """

        def found_a_need(source):
            needs = source.c.needs
            return sa.and_(needs.is_not(None), needs.not_in(("", NO_NEED)))

        return self._events_since("welfare_visits", start, end, as_of, "household_id", found_a_need)

    def status_history(self, start, end, *, as_of=None) -> pd.DataFrame:
        """Enterprise daily reports dated within [start, end], and each firm's latest before.

        A firm's latest report may be old; this holds it for every day of the
        window without reading every report ever made.

        Parameters
        ----------
        start, end : date-like
        as_of : date-like, optional
            Latest submission date taken into account; default ``end``.

        Returns
        -------
        DataFrame
            As :meth:`events` of ``enterprise_status``.
        """
        return self._events_since("enterprise_status", start, end, as_of, "enterprise_id")

    def _events_since(self, table, start, end, as_of, latest_of, older=None) -> pd.DataFrame:
        """:meth:`events` of [start, end], plus of earlier rows each ``latest_of``'s latest
        and those ``older(source)`` (a condition) selects."""
        t = TABLES[table]
        start, end = _as_date(start), _as_date(end)
        as_of = end if as_of is None else _as_date(as_of)
        sql = SQL_TABLES[table]
        kind = t.meta(t.when)["kind"]
        seen = sql.c.submitted_on <= as_of
        columns = [*self._columns(table, sql), sql.c.store_id]
        if t.key:
            # The latest submission of each key, as :meth:`events` takes it.
            rn = sa.func.row_number().over(
                partition_by=[sql.c[k] for k in t.key],
                order_by=(
                    sql.c.submitted_on.desc(),
                    sql.c.ingested_at.desc(),
                    sql.c.store_id.desc(),
                ),
            )
            ranked = sa.select(*columns, rn.label("rn")).where(seen).subquery()
            source, base = ranked, [ranked.c.rn == 1]
        else:
            source, base = sql, [seen]
        when = source.c[t.when]
        first = _day_start(start) if kind == "datetime" else start
        upto = when < _day_after(end) if kind == "datetime" else when <= end
        latest = sa.func.row_number().over(
            partition_by=source.c[latest_of],
            order_by=(
                when.desc(),
                source.c.submitted_on.desc(),
                source.c.ingested_at.desc(),
                source.c.src_row.desc(),
                source.c.store_id.desc(),
            ),
        )
        earlier = sa.select(source.c.store_id, latest.label("n")).where(*base, when < first)
        earlier = earlier.subquery()
        keep = [
            when >= first,
            source.c.store_id.in_(sa.select(earlier.c.store_id).where(earlier.c.n == 1)),
        ]
        if older is not None:
            keep.append(older(source))
        stmt = sa.select(*self._columns(table, source)).where(*base, upto, sa.or_(*keep))
        if not t.key:
            stmt = stmt.order_by(source.c.submitted_on, source.c.ingested_at, source.c.store_id)
        frame = self._fetch(stmt)
        if not t.key:
            frame = frame.drop_duplicates(subset=t.columns, keep="last")
        frame = frame.sort_values([t.when, "submitted_on", "ingested_at", "src_row"], kind="stable")
        return frame.reset_index(drop=True)

    def gas_requests(self, as_of, start=None) -> pd.DataFrame:
        """Every gas request open at some moment of [start, as_of], in delivery order.

        The latest submission (submitted_on <= as_of) of each request_id, kept if
        it was reported before the end of ``as_of`` and is undelivered or was
        delivered on or after ``start`` (default: ``as_of``). This holds what the
        welfare report needs: received in the window (reported_at in it),
        delivered in the window (delivered_at in it), and the pending queue
        (delivered_at missing), whose overdue part is judged from reported_at.
        Sorted by urgency (urgent, soon, normal), then reported_at. For a day
        whose window runs from the previous day's cut-off, pass
        ``start = as_of - 1 day``.

        Parameters
        ----------
        as_of : date-like
        start : date-like, optional

        Returns
        -------
        DataFrame
            Gas request schema and provenance columns, one row per request.
        """
        table = "gas_requests"
        as_of = _as_date(as_of)
        start = as_of if start is None else _as_date(start)
        sql = SQL_TABLES[table]
        ranked = self._ranked(table, sql.c.submitted_on <= as_of).subquery()
        stmt = sa.select(*self._columns(table, ranked)).where(
            ranked.c.rn == 1,
            ranked.c.reported_at < _day_after(as_of),
            sa.or_(ranked.c.delivered_at.is_(None), ranked.c.delivered_at >= _day_start(start)),
        )
        frame = self._fetch(stmt)
        rank = {code: i for i, code in enumerate(ENUMS["urgency"])}
        frame = frame.assign(_rank=frame["urgency"].map(rank))
        frame = frame.sort_values(["_rank", "reported_at", "request_id"], kind="stable")
        return frame.drop(columns="_rank").reset_index(drop=True)
