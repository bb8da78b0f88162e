"""The store's reads of the ledger and the registries, as of a day.

The ledger as it stood on a day (each village's latest submission) and on each
day of a window, and the registries (each key's latest row). :class:`InputReads`
is a part of :class:`fangkong.store.database.Store`, which gives it ``_fetch``;
the reads of event tables are in :mod:`fangkong.store.events`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from fangkong.schemas import TABLES
from fangkong.store.tables import (
    CLOSED,
    FILE_VILLAGES,
    FILES,
    PROVENANCE,
    SQL_TABLES,
    as_date,
    column_kinds,
    typed_frame,
)


def selected_columns(table: str, source) -> list:
    """The schema and provenance columns of an input table, taken from ``source``.

    Parameters
    ----------
    table : str
        A name in :data:`fangkong.schemas.TABLES`.
    source : sqlalchemy.Table or Subquery
        The table itself or a subquery of it.

    Returns
    -------
    list of sqlalchemy.ColumnElement
    """
    return [source.c[c] for c in TABLES[table].columns + list(PROVENANCE)]


def ranked_rows(table: str, *where) -> sa.Select:
    """Rows of a keyed table with ``rn = 1`` on the latest submission of each key.

    Parameters
    ----------
    table : str
        An input table with a key (``TABLES[table].key``).
    *where
        Conditions on the table's rows, applied before ranking.

    Returns
    -------
    sqlalchemy.Select
        :func:`selected_columns` and ``rn``.
    """
    sql = SQL_TABLES[table]
    rn = sa.func.row_number().over(
        partition_by=[sql.c[k] for k in TABLES[table].key],
        order_by=(sql.c.submitted_on.desc(), sql.c.ingested_at.desc(), sql.c.store_id.desc()),
    )
    return sa.select(*selected_columns(table, sql), rn.label("rn")).where(*where)


class InputReads:
    """Reads of the ledger and the registries; mixed into :class:`fangkong.store.database.Store`."""

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
        latest = self._latest_files(table, as_date(as_of)).subquery()
        stmt = (
            sa.select(*selected_columns(table, q))
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
        start, end = as_date(start), as_date(end)
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
                sa.select(*selected_columns(table, q)).where(q.c.src_sha256.in_(shas[i : i + 500]))
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

    def quarantine_left(self, as_of) -> pd.DataFrame:
        """The day each quarantine period was first shown released or transferred.

        Parameters
        ----------
        as_of : date-like
            Only submissions up to this day are seen.

        Returns
        -------
        DataFrame
            ``person_id``, ``start_date`` (the period) and ``left_on`` (the
            earliest ``submitted_on`` of a row of the period whose status is
            released or transferred); periods never shown so have no row.
        """
        q = SQL_TABLES["quarantine"]
        stmt = (
            sa.select(q.c.person_id, q.c.start_date, sa.func.min(q.c.submitted_on).label("left_on"))
            .where(q.c.status.in_(("released", "transferred")))
            .where(q.c.submitted_on <= as_date(as_of))
            .group_by(q.c.person_id, q.c.start_date)
        )
        return self._fetch(stmt)

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
        ranked = ranked_rows(table, sql.c.submitted_on <= as_date(as_of)).subquery()
        stmt = sa.select(*selected_columns(table, ranked)).where(ranked.c.rn == 1)
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
            sa.select(*selected_columns(table, sql))
            .where(sql.c.submitted_on <= max(as_date(d) for d in days))
            .order_by(sql.c.submitted_on, sql.c.ingested_at, sql.c.store_id)
        )
        rows = self._fetch(stmt)
        out = {}
        for day in days:
            # Rows come oldest first: the last of a key is its latest submission.
            seen = rows[rows["submitted_on"] <= pd.Timestamp(as_date(day))]
            latest = seen.drop_duplicates(list(t.key), keep="last")
            if not include_closed and "status" in t.columns:
                closed = latest["status"].eq(CLOSED).fillna(False).astype(bool)
                latest = latest[~closed]
            out[day] = latest.sort_values(list(t.key), kind="stable").reset_index(drop=True)
        return out
