"""The store's reads of the event tables: a window of days, as of a day.

Events in a window (visits, checks, calls, gas requests, firms' daily reports,
...), and the histories the reports' trends need without reading the whole past.
Rows of a table without a key are events: what a village submitted is the
multiset union of its files (:func:`multiset_union`).
:class:`EventReads` is a part of :class:`fangkong.store.database.Store`, which
gives it ``_fetch``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from fangkong.catalogue import ENUMS
from fangkong.schemas import TABLES
from fangkong.store.reads import ranked_rows, selected_columns
from fangkong.store.tables import SQL_TABLES, as_date, day_after, day_start

#: The need code of a visit that found nothing (``ENUMS["need"]``).
NO_NEED = "none"


#: What tells one submitted file from another: these bytes, under this name, on
#: this day (the ``files`` log's unique key). A workbook's sheets are one file.
SUBMISSION = ("src_sha256", "src_file", "submitted_on")


def multiset_union(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """A village's event rows as the multiset union of its files (the data contract).

    Rows equal in ``columns`` and ``src_village`` are one row with a count: in
    each file, the number of times it appears there; in the union, its largest
    count in any file. So identical rows within a file all count, a fuller
    file sent again adds only its new rows, a day split over two files adds
    up, and the same bytes sent again (under another name, or on another day)
    add nothing. The ``k``-th copy of a row is kept from the latest file that
    has ``k`` copies. Vectorised: one grouping of the rows by content, one of
    the repeated rows by file, then integer work; no loop over rows.

    Parameters
    ----------
    frame : DataFrame
        Event rows with their provenance, in submission order (``submitted_on``,
        ``ingested_at``, ``store_id``).
    columns : sequence of str
        The table's schema columns.

    Returns
    -------
    DataFrame
        The rows kept, in the order given.
    """
    if frame.empty:
        return frame
    content = frame.groupby([*columns, "src_village"], dropna=False, sort=False).ngroup()
    content = content.to_numpy()
    repeated = pd.Series(content).duplicated(keep=False).to_numpy()
    if not repeated.any():
        return frame
    # The k-th copy of a row in its file (0 for the first); only rows that
    # repeat need their file told apart, most rows do not.
    copy = np.zeros(len(frame), dtype="int64")
    files = frame.loc[repeated, list(SUBMISSION)]
    files = files.groupby(list(SUBMISSION), dropna=False, sort=False).ngroup().to_numpy()
    pairs = pd.DataFrame({"content": content[repeated], "file": files})
    copy[repeated] = pairs.groupby(["content", "file"], sort=False).cumcount().to_numpy()
    latest = ~pd.DataFrame({"content": content, "copy": copy}).duplicated(keep="last")
    return frame.loc[latest.to_numpy()]


def _window(column, kind: str, start: date, end: date):
    if kind == "date":
        return sa.and_(column >= start, column <= end)
    # A datetime anywhere on the end day counts.
    return sa.and_(column >= day_start(start), column < day_after(end))


class EventReads:
    """Reads of the event tables; mixed into :class:`fangkong.store.database.Store`."""

    def events(self, table: str, start, end, *, as_of=None) -> pd.DataFrame:
        """Event rows dated within [start, end], both days included.

        Only submissions with submitted_on <= ``as_of`` (default ``end``) count,
        so a past report can be rebuilt as it was. Rows of a table without a key
        are the multiset union of each village's files (:func:`multiset_union`):
        identical rows within a file all count, a row sent again in another
        file counts once, kept from the latest file. For keyed tables (gas
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
        start, end = as_date(start), as_date(end)
        as_of = end if as_of is None else as_date(as_of)
        sql = SQL_TABLES[table]
        kind = t.meta(t.when)["kind"]
        seen = sql.c.submitted_on <= as_of
        if t.key:
            keys = (
                sa.select(*[sql.c[k] for k in t.key])
                .where(seen, _window(sql.c[t.when], kind, start, end))
                .correlate(None)
            )
            in_keys = sa.tuple_(*[sql.c[k] for k in t.key]).in_(keys)
            ranked = ranked_rows(table, seen, in_keys).subquery()
            stmt = sa.select(*selected_columns(table, ranked)).where(
                ranked.c.rn == 1, _window(ranked.c[t.when], kind, start, end)
            )
            frame = self._fetch(stmt)
        else:
            stmt = (
                sa.select(*selected_columns(table, sql))
                .where(seen, _window(sql.c[t.when], kind, start, end))
                .order_by(sql.c.submitted_on, sql.c.ingested_at, sql.c.store_id)
            )
            frame = self._fetch(stmt)
            frame = multiset_union(frame, t.columns)
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
        start, end = as_date(start), as_date(end)
        as_of = end if as_of is None else as_date(as_of)
        sql = SQL_TABLES[table]
        kind = t.meta(t.when)["kind"]
        seen = sql.c.submitted_on <= as_of
        columns = [*selected_columns(table, sql), sql.c.store_id]
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
        first = day_start(start) if kind == "datetime" else start
        upto = when < day_after(end) if kind == "datetime" else when <= end
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
        stmt = sa.select(*selected_columns(table, source)).where(*base, upto, sa.or_(*keep))
        if not t.key:
            stmt = stmt.order_by(source.c.submitted_on, source.c.ingested_at, source.c.store_id)
        frame = self._fetch(stmt)
        if not t.key:
            frame = multiset_union(frame, t.columns)
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
        as_of = as_date(as_of)
        start = as_of if start is None else as_date(start)
        sql = SQL_TABLES[table]
        ranked = ranked_rows(table, sql.c.submitted_on <= as_of).subquery()
        stmt = sa.select(*selected_columns(table, ranked)).where(
            ranked.c.rn == 1,
            ranked.c.reported_at < day_after(as_of),
            sa.or_(ranked.c.delivered_at.is_(None), ranked.c.delivered_at >= day_start(start)),
        )
        frame = self._fetch(stmt)
        rank = {code: i for i, code in enumerate(ENUMS["urgency"])}
        frame = frame.assign(_rank=frame["urgency"].map(rank))
        frame = frame.sort_values(["_rank", "reported_at", "request_id"], kind="stable")
        return frame.drop(columns="_rank").reset_index(drop=True)
