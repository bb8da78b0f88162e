"""The store's logs read back: files, submissions, issues, the data's "as of".

:class:`StoreLogs` is a part of :class:`fangkong.store.database.Store`, which
gives it ``_fetch``.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from fangkong.store.tables import FILE_VILLAGES, FILES, ISSUES, as_date, column_kinds


class StoreLogs:
    """Reads of the file and issue logs; mixed into :class:`fangkong.store.database.Store`."""

    def files(self, submitted_on=None) -> pd.DataFrame:
        """The file log.

        Parameters
        ----------
        submitted_on : date-like, optional
            Only files of this submission date; default all.

        Returns
        -------
        DataFrame
            sha256, file, table (the file's tables joined by ``,``),
            submitted_on, villages (joined by ``;``), rows_in, accepted,
            rejected, warnings, ingested_at; in ingestion order.
        """
        stmt = sa.select(*[FILES.c[c] for c in column_kinds(FILES, skip=())]).order_by(
            FILES.c.ingested_at, FILES.c.id
        )
        if submitted_on is not None:
            stmt = stmt.where(FILES.c.submitted_on == as_date(submitted_on))
        frame = self._fetch(stmt)
        pairs = self.submissions(submitted_on)
        villages = pairs.groupby("file_id")["village"].agg(lambda v: ";".join(sorted(set(v))))
        frame.insert(4, "villages", frame["id"].map(villages).astype("str"))
        return frame.drop(columns="id")

    def submissions(self, submitted_on=None) -> pd.DataFrame:
        """What each village submitted: one row per file, table and village.

        Parameters
        ----------
        submitted_on : date-like, optional
            Only files of this submission date; default all.

        Returns
        -------
        DataFrame
            village, table, file_id, sha256, file, submitted_on, ingested_at.
        """
        stmt = (
            sa.select(
                FILE_VILLAGES.c.village,
                FILE_VILLAGES.c["table"],
                FILE_VILLAGES.c.file_id,
                FILES.c.sha256,
                FILES.c.file,
                FILES.c.submitted_on,
                FILES.c.ingested_at,
            )
            .join(FILES, FILES.c.id == FILE_VILLAGES.c.file_id)
            .order_by(
                FILES.c.ingested_at,
                FILES.c.id,
                FILE_VILLAGES.c["table"],
                FILE_VILLAGES.c.village,
            )
        )
        if submitted_on is not None:
            stmt = stmt.where(FILES.c.submitted_on == as_date(submitted_on))
        return self._fetch(stmt)

    def issues(self, submitted_on=None) -> pd.DataFrame:
        """The issue log: rejections and warnings.

        Parameters
        ----------
        submitted_on : date-like, optional
            Only issues of files of this submission date; default all.

        Returns
        -------
        DataFrame
            The columns of :meth:`record_issues`, in the order recorded.
        """
        stmt = sa.select(*[ISSUES.c[c] for c in column_kinds(ISSUES)]).order_by(ISSUES.c.id)
        if submitted_on is not None:
            stmt = stmt.where(ISSUES.c.submitted_on == as_date(submitted_on))
        return self._fetch(stmt)

    def latest_submission_time(self, as_of) -> pd.Timestamp | None:
        """The reports' "data as of".

        Parameters
        ----------
        as_of : date-like

        Returns
        -------
        pandas.Timestamp or None
            The latest ingested_at of files with submitted_on <= as_of; None
            when there are none.
        """
        stmt = sa.select(sa.func.max(FILES.c.ingested_at).label("ingested_at")).where(
            FILES.c.submitted_on <= as_date(as_of)
        )
        value = self._fetch(stmt)["ingested_at"].iloc[0]
        return None if pd.isna(value) else value
