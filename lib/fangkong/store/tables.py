"""The store's SQL tables, and conversion between frames and database values.

Tables are generated from :data:`fangkong.schemas.TABLES`: one per input table,
a column per schema column (SQL type from the column kind) plus the provenance
columns, and the ``files``, ``file_villages`` and ``issues`` logs; the
conversions between frames and database values. Nothing here opens a connection.

A change to a table here is a schema change: it needs a migration, see
:mod:`fangkong.store.migrations` (a test compares the migrated schema with this one).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from fangkong.schemas import DTYPES, TABLES

#: Provenance columns of every stored row -> column kind.
PROVENANCE: dict[str, str] = {
    "src_file": "text",
    "src_sha256": "text",
    "src_sheet": "text",
    "src_row": "int",
    "src_village": "text",
    "submitted_on": "date",
    "ingested_at": "datetime",
}
#: Provenance columns the caller of :meth:`Store.append` puts in the frame.
ROW_PROVENANCE = ("src_row", "src_village")
SEVERITIES = ("rejected", "warning")
CLOSED = "closed"  # registry_status code that takes a row out of the registry

# SQLite keeps dates as text; the fast insert path writes that text itself, so
# the format is pinned here rather than left to SQLAlchemy's default.
_DATE_SQLITE = "%(year)04d-%(month)02d-%(day)02d"
_DATETIME_SQLITE = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)
_DATE = sa.Date().with_variant(sqlite.DATE(storage_format=_DATE_SQLITE), "sqlite")
_DATETIME = sa.DateTime().with_variant(sqlite.DATETIME(storage_format=_DATETIME_SQLITE), "sqlite")
_SQL_TYPES = {
    "text": sa.Text(),
    "id_number": sa.String(32),
    "phone": sa.String(32),
    "uscc": sa.String(32),
    "enum": sa.String(64),
    "set": sa.Text(),
    "int": sa.Integer(),
    "float": sa.Float(),
    "date": _DATE,
    "datetime": _DATETIME,
    "yesno": sa.Boolean(),
}

METADATA = sa.MetaData()


def _input_table(name: str) -> sa.Table:
    t = TABLES[name]
    # store_id is SQLite's rowid: free, and the honest tie-break of insertion order.
    columns = [sa.Column("store_id", sa.Integer, primary_key=True, autoincrement=True)]
    # Schema rules are enforced at ingest; the store keeps every column nullable.
    columns += [sa.Column(c, _SQL_TYPES[t.meta(c)["kind"]]) for c in t.columns]
    columns += [
        sa.Column(c, _SQL_TYPES[k], nullable=c in ("src_sheet", "src_village"))
        for c, k in PROVENANCE.items()
    ]
    # Only the ledger is read back by source file (a village's latest
    # submission); on other tables this index doubled the cost of an insert.
    indexes = (
        [sa.Index(f"ix_{name}_src", "src_sha256", "src_village")] if t.role == "ledger" else []
    )
    if t.key:
        indexes.append(sa.Index(f"ix_{name}_key", *t.key, "submitted_on", "ingested_at"))
    if t.when:
        indexes.append(sa.Index(f"ix_{name}_when", t.when))
    return sa.Table(name, METADATA, *columns, *indexes)


#: Input table name -> SQL table.
SQL_TABLES: dict[str, sa.Table] = {name: _input_table(name) for name in TABLES}

FILES = sa.Table(
    "files",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("table", sa.Text, nullable=False),  # the file's tables, joined by ","
    sa.Column("submitted_on", _DATE, nullable=False),
    sa.Column("rows_in", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("ingested_at", _DATETIME, nullable=False),
    sa.Index("ix_files_day", "submitted_on", "ingested_at"),
    # A submission is these bytes, under this name, on this day: an unchanged
    # ledger re-sent the next day, or two villages' identical empty files, are
    # submissions of their own.
    sa.UniqueConstraint("sha256", "file", "submitted_on", name="uq_files_submission"),
)
FILE_VILLAGES = sa.Table(
    "file_villages",
    METADATA,
    sa.Column("file_id", sa.Integer, sa.ForeignKey("files.id"), primary_key=True),
    # A workbook may hold several tables; each counts as a submission of each.
    sa.Column("table", sa.String(64), primary_key=True),
    sa.Column("village", sa.String(100), primary_key=True),
    sa.Index("ix_file_villages_table_village", "table", "village"),
)
ISSUES = sa.Table(
    "issues",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("table", sa.String(64)),  # None when the table was not recognised
    sa.Column("submitted_on", _DATE, nullable=False),
    sa.Column("sheet", sa.Text),
    sa.Column("village", sa.String(100)),
    sa.Column("row", sa.Integer),
    sa.Column("column", sa.Text),
    sa.Column("value", sa.Text),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text),
    sa.CheckConstraint("severity IN ('rejected', 'warning')", name="ck_issues_severity"),
    sa.Index("ix_issues_day", "submitted_on"),
    sa.Index("ix_issues_sha256", "sha256"),
)

ISSUE_OPTIONAL = ("sheet", "village", "detail")

# The alert history (:mod:`fangkong.store.alerts`): derived from the input tables
# by the reports, kept so that every day knows which problems were open the day
# before. Append-only like the rest: a day recorded again is a new recording,
# and the latest recording of a day is the one read.
ALERT_KEYS = sa.Table(
    "alert_keys",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("town_id", sa.String(64), nullable=False),
    sa.Column("report", sa.String(64), nullable=False),
    # Printed in the reports (Q-0123): a prefix and a running number, nothing
    # derived from the subject.
    sa.Column("key", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    # What the problem is about: a person's or household's ID, a gas request, a
    # firm's credit code. It stays in the store, like the input rows it names.
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("village", sa.String(100)),
    sa.Column("first_day", _DATE, nullable=False),
    sa.Column("created_at", _DATETIME, nullable=False),
    sa.UniqueConstraint("town_id", "report", "key", name="uq_alert_keys_key"),
    sa.Index("ix_alert_keys_subject", "town_id", "report", "kind", "subject"),
)
ALERT_RECORDINGS = sa.Table(
    "alert_recordings",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("town_id", sa.String(64), nullable=False),
    sa.Column("report", sa.String(64), nullable=False),
    sa.Column("day", _DATE, nullable=False),
    sa.Column("recorded_at", _DATETIME, nullable=False),
    sa.Index("ix_alert_recordings_day", "town_id", "report", "day"),
)
ALERT_DAYS = sa.Table(
    "alert_days",
    METADATA,
    # The alerts open on the recording's day, one row each.
    sa.Column("recording_id", sa.Integer, sa.ForeignKey("alert_recordings.id"), primary_key=True),
    sa.Column("key_id", sa.Integer, sa.ForeignKey("alert_keys.id"), primary_key=True),
)


def kind_of(sql_type) -> str:
    """The column kind whose frame dtype matches an SQL type.

    Parameters
    ----------
    sql_type : sqlalchemy.types.TypeEngine

    Returns
    -------
    str
        ``"yesno"``, ``"datetime"``, ``"date"``, ``"int"``, ``"float"`` or ``"text"``.
    """
    for cls, kind in (
        (sa.Boolean, "yesno"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.Integer, "int"),
        (sa.Float, "float"),
    ):
        if isinstance(sql_type, cls):
            return kind
    return "text"


def column_kinds(table: sa.Table, skip: tuple[str, ...] = ("store_id", "id")) -> dict[str, str]:
    """Column name -> kind, for a SQL table's columns except the surrogate ids.

    Parameters
    ----------
    table : sqlalchemy.Table
    skip : tuple of str
        Columns left out.

    Returns
    -------
    dict
    """
    return {c.name: kind_of(c.type) for c in table.columns if c.name not in skip}


def as_date(value) -> date:
    """A date-like value (text, date, datetime, Timestamp) as a ``datetime.date``."""
    return pd.Timestamp(value).date()


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day``."""
    return datetime.combine(day, time())


def day_after(day: date) -> datetime:
    """Midnight at the end of ``day`` (the start of the next)."""
    return datetime.combine(day + timedelta(days=1), time())


# --- pandas <-> database values ------------------------------------------------


def db_values(series: pd.Series, kind: str, *, sqlite_text: bool) -> list:
    """A column as a list of database values, None for missing.

    Parameters
    ----------
    series : Series
    kind : str
        Column kind (:data:`fangkong.schemas.DTYPES` keys).
    sqlite_text : bool
        Give dates as the text SQLite stores, made in bulk by numpy: per-value
        conversion through SQLAlchemy is the slow part of a load. Otherwise
        dates are ``datetime.date`` / ``datetime.datetime``.

    Returns
    -------
    list
    """
    if DTYPES[kind] in ("Int64", "Float64", "boolean"):
        return series.astype(DTYPES[kind]).to_numpy(dtype=object, na_value=None).tolist()
    if kind in ("date", "datetime"):
        stamps = pd.to_datetime(series)
        if getattr(stamps.dt, "tz", None) is not None:
            raise ValueError(f"{series.name}: dates must be naive local time")
        if not sqlite_text:
            out = stamps.dt.date if kind == "date" else stamps.dt.to_pydatetime()
            return pd.Series(out, dtype=object).where(stamps.notna(), None).tolist()
        values = stamps.to_numpy(dtype="datetime64[us]")
        if kind == "date":
            text = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()
            return [None if s == "NaT" else s for s in text]
        text = np.datetime_as_string(values, unit="us").tolist()
        return [None if s == "NaT" else s.replace("T", " ", 1) for s in text]
    out = series.to_numpy(dtype=object, na_value=None).tolist()
    if not pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
        # Raw cells (e.g. an issue's offending value) may be numbers or dates.
        out = [None if v is None or v is pd.NA else str(v) for v in out]
    return out


def constant_value(value, kind: str, *, sqlite_text: bool):
    """One value as :func:`db_values` converts it.

    Provenance columns take one value per file: done without a Series, whose
    set-up cost more than the rest of storing a village file of a few rows.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if kind == "text" and isinstance(value, str):
        return value
    if kind in ("date", "datetime") and not isinstance(value, str):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            raise ValueError("dates must be naive local time")
        if kind == "date":
            return stamp.strftime("%Y-%m-%d") if sqlite_text else stamp.date()
        if sqlite_text:
            return f"{stamp:%Y-%m-%d %H:%M:%S}.{stamp.microsecond:06d}"
        return stamp.to_pydatetime()
    return db_values(pd.Series([value], dtype=object), kind, sqlite_text=sqlite_text)[0]


def typed_frame(names: list[str], rows: list, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Build a DataFrame from fetched rows, typed per column kind, in bulk.

    Parameters
    ----------
    names : list of str
        Column names, in row order.
    rows : list of tuple
        Driver values; dates as ISO text or date/datetime objects, yes/no as
        0/1 or bool.
    kinds : mapping
        Column name -> kind.

    Returns
    -------
    DataFrame
        Typed per :data:`fangkong.schemas.DTYPES`.
    """
    frame = pd.DataFrame.from_records(rows, columns=names, coerce_float=False)
    for name in names:
        dtype = DTYPES[kinds[name]]
        if dtype == "datetime64[ns]":
            frame[name] = parse_datetimes(frame[name])
        elif str(frame[name].dtype) != dtype:
            frame[name] = frame[name].astype(dtype)
    return frame


def parse_datetimes(values: pd.Series) -> pd.Series:
    """ISO date(time) text or date objects -> ``datetime64[ns]``.

    Provenance dates repeat on every row, so each distinct value is parsed once.
    """
    codes, uniques = pd.factorize(values)
    if len(uniques) == 0:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format="ISO8601")
    parsed = parsed.to_numpy(dtype="datetime64[ns]")
    out = np.where(codes >= 0, parsed[codes], np.datetime64("NaT", "ns"))
    return pd.Series(out, index=values.index, dtype="datetime64[ns]")
