"""The store's writes: the file log, accepted rows and issues, all appended.

Writing a file atomically: group :meth:`StoreWrites.record_file`,
:meth:`StoreWrites.append` and :meth:`StoreWrites.record_issues` inside
``with store.transaction():``. Outside a transaction each call commits on its own.
:class:`StoreWrites` is a part of :class:`fangkong.store.database.Store`, which
gives it ``transaction``, ``_reading``, ``_insert`` and ``_sqlite``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import sqlalchemy as sa

from fangkong.schemas import TABLES
from fangkong.store.tables import (
    FILE_VILLAGES,
    FILES,
    ISSUE_OPTIONAL,
    ISSUES,
    PROVENANCE,
    ROW_PROVENANCE,
    SEVERITIES,
    SQL_TABLES,
    as_date,
    column_kinds,
    constant_value,
    db_values,
)


def _per_row(value, n: int) -> bool:
    # A type test, not np.ndim: that would copy a list of a million names.
    return isinstance(value, (list, tuple, np.ndarray, pd.Series)) and len(value) == n


def _texts(values) -> list:
    """Per-row provenance as text, None for missing; converted once per distinct value."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    return np.array([str(u) for u in uniques] + [None], dtype=object)[codes].tolist()


class StoreWrites:
    """Writes of the store; mixed into :class:`fangkong.store.database.Store`."""

    def file_seen(self, sha256: str, file: str | None = None, submitted_on=None) -> bool:
        """Whether these bytes were already ingested (under this name, on this day).

        Parameters
        ----------
        sha256 : str
        file : str, optional
            The file name; when given, only a submission under that name counts.
        submitted_on : date-like, optional
            When given, only a submission of that day counts.

        Returns
        -------
        bool
        """
        stmt = sa.select(FILES.c.id).where(FILES.c.sha256 == sha256)
        if file is not None:
            stmt = stmt.where(FILES.c.file == file)
        if submitted_on is not None:
            stmt = stmt.where(FILES.c.submitted_on == as_date(submitted_on))
        with self._reading() as conn:
            found = conn.execute(stmt).first()
        return found is not None

    def files_seen(self, submitted_on) -> set[tuple[str, str]]:
        """The (sha256, file name) pairs already ingested as submissions of a day.

        One query for a day's inbox instead of :meth:`file_seen` per file.

        Parameters
        ----------
        submitted_on : date-like

        Returns
        -------
        set of tuple
        """
        stmt = sa.select(FILES.c.sha256, FILES.c.file).where(
            FILES.c.submitted_on == as_date(submitted_on)
        )
        with self._reading() as conn:
            return {(sha, name) for sha, name in conn.execute(stmt)}

    def record_file(
        self,
        *,
        sha256: str,
        file: str,
        table: str,
        submitted_on,
        villages: Iterable[str],
        rows_in: int,
        accepted: int,
        rejected: int,
        warnings: int,
        ingested_at,
    ) -> None:
        """Log an ingested file and the villages it is a submission from.

        Parameters
        ----------
        sha256, file : str
            The file's content hash and name.
        table : str or sequence of str
            The input table(s) the file holds; several may be given as a list
            or joined with ``,``.
        submitted_on : date-like
            The submission date given to ingest.
        villages : iterable of str
            Villages the file is a submission from (of every table it holds);
            an empty file still counts.
        rows_in, accepted, rejected, warnings : int
            Row counts; ``rows_in`` must equal ``accepted + rejected``.
        ingested_at : datetime-like

        Raises
        ------
        ValueError
            If the counts do not add up.
        sqlalchemy.exc.IntegrityError
            If the file was already recorded.
        """
        self.record_files(
            [
                dict(
                    sha256=sha256,
                    file=file,
                    table=table,
                    submitted_on=submitted_on,
                    villages=villages,
                    rows_in=rows_in,
                    accepted=accepted,
                    rejected=rejected,
                    warnings=warnings,
                    ingested_at=ingested_at,
                )
            ]
        )

    def record_files(self, records: list[dict]) -> None:
        """Log many ingested files at once, in one transaction.

        Parameters
        ----------
        records : list of dict
            Each with the keyword arguments of :meth:`record_file`.

        Raises
        ------
        ValueError
            If the counts of a file do not add up.
        sqlalchemy.exc.IntegrityError
            If a file was already recorded.
        """
        rows, villages = [], {}
        for r in records:
            rows_in, accepted, rejected = r["rows_in"], r["accepted"], r["rejected"]
            if rows_in != accepted + rejected:
                raise ValueError(
                    f"{r['file']}: rows in ({rows_in}) != accepted ({accepted})"
                    f" + rejected ({rejected})"
                )
            table = r["table"]
            tables = table.split(",") if isinstance(table, str) else list(table)
            # A workbook may hold several sheets of one table: count it once.
            tables = list(dict.fromkeys(t.strip() for t in tables if t and t.strip()))
            day = as_date(r["submitted_on"])
            rows.append(
                dict(
                    sha256=r["sha256"],
                    file=r["file"],
                    table=",".join(tables),
                    submitted_on=day,
                    rows_in=int(rows_in),
                    accepted=int(accepted),
                    rejected=int(rejected),
                    warnings=int(r["warnings"]),
                    ingested_at=pd.Timestamp(r["ingested_at"]).to_pydatetime(),
                )
            )
            names = sorted({v for v in r["villages"] if isinstance(v, str) and v})
            villages[(r["sha256"], r["file"], day)] = [(t, v) for t in tables for v in names]
        if not rows:
            return
        kinds = column_kinds(FILES)
        # Counts are ints and names text already; only dates need converting.
        dated = {c for c, k in kinds.items() if k in ("date", "datetime")}
        columns = {
            c: [
                constant_value(row[c], kinds[c], sqlite_text=self._sqlite) if c in dated else row[c]
                for row in rows
            ]
            for c in kinds
        }
        with self.transaction() as conn:
            self._insert(conn, FILES, columns)
            # The ids just made, found by the submission's unique key.
            days = sorted({row["submitted_on"] for row in rows})
            found = conn.execute(
                sa.select(FILES.c.id, FILES.c.sha256, FILES.c.file, FILES.c.submitted_on).where(
                    FILES.c.submitted_on.in_(days)
                )
            )
            pairs = [
                (file_id, t, v)
                for file_id, sha, name, day in found
                for t, v in villages.get((sha, name, day), ())
            ]
            if pairs:
                file_ids, tables, names = zip(*pairs)
                self._insert(
                    conn,
                    FILE_VILLAGES,
                    {"file_id": list(file_ids), "table": list(tables), "village": list(names)},
                )

    def append(
        self,
        table: str,
        frame: pd.DataFrame,
        *,
        sha256: str,
        file: str,
        sheet: str | None,
        submitted_on,
        ingested_at,
    ) -> int:
        """Append accepted rows of one file to an input table.

        Parameters
        ----------
        table : str
            A name in :data:`fangkong.schemas.TABLES`.
        frame : DataFrame
            Every schema column of the table (normalised dtypes), plus
            ``src_row`` and ``src_village``. Other columns are ignored.
        sha256, file, sheet : str or sequence of str
            Provenance of the rows; ``sheet`` is None for CSV. A sequence gives
            one value per row, so that a day's files of a table go in at once.
        submitted_on : date-like
        ingested_at : datetime-like

        Returns
        -------
        int
            Rows appended.
        """
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        wanted = TABLES[table].columns + list(ROW_PROVENANCE)
        missing = [c for c in wanted if c not in frame.columns]
        if missing:
            raise ValueError(f"{table}: frame lacks columns {missing}")
        if frame.empty:
            return 0
        kinds = column_kinds(SQL_TABLES[table])
        text = self._sqlite
        columns = {c: db_values(frame[c], kinds[c], sqlite_text=text) for c in wanted}
        n = len(frame)
        constants = dict(
            src_file=file,
            src_sha256=sha256,
            src_sheet=sheet,
            submitted_on=as_date(submitted_on),
            ingested_at=pd.Timestamp(ingested_at),
        )
        for c, value in constants.items():
            if c in ("src_file", "src_sha256", "src_sheet") and _per_row(value, n):
                columns[c] = _texts(value)
            else:
                columns[c] = [constant_value(value, PROVENANCE[c], sqlite_text=text)] * n
        with self.transaction() as conn:
            self._insert(conn, SQL_TABLES[table], columns)
        return n

    def record_issues(self, frame: pd.DataFrame) -> int:
        """Log rejections and warnings.

        Parameters
        ----------
        frame : DataFrame
            Columns sha256, file, table, submitted_on, row, column, value, code,
            severity (``"rejected"`` or ``"warning"``); optionally sheet, village
            and detail. Other columns are ignored.

        Returns
        -------
        int
            Issues recorded.
        """
        kinds = column_kinds(ISSUES)
        missing = [c for c in kinds if c not in frame.columns and c not in ISSUE_OPTIONAL]
        if missing:
            raise ValueError(f"issues frame lacks columns {missing}")
        if frame.empty:  # most village files: checking nothing still cost pandas calls
            return 0
        bad = set(frame["severity"].dropna()) - set(SEVERITIES)
        if bad or frame["severity"].isna().any():
            raise ValueError(f"severity must be one of {SEVERITIES}, got {sorted(bad)}")
        columns = {}
        for c, kind in kinds.items():
            series = frame[c] if c in frame.columns else pd.Series([None] * len(frame))
            columns[c] = db_values(series, kind, sqlite_text=self._sqlite)
        with self.transaction() as conn:
            self._insert(conn, ISSUES, columns)
        return len(frame)
