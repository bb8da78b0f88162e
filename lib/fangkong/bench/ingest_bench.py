"""Ingest throughput: timed ingests of the benchmark's files, and SQLite's floor.

Each table's files are ingested on their own, in ingest's table order, into
copies of the same store, so a table is checked against the tables ingested
before it as in a real day (:func:`table_throughput`); a day's files in one
call as the daily job does (:func:`day_throughput`); a sample day by day
(:func:`ingest_by_day`); and the stored rows inserted again by SQLite alone
(:func:`insert_floor`). The files come from :mod:`fangkong.bench.ingest_files`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from fangkong.bench.ingest_files import is_day_name
from fangkong.bench.measure import timed
from fangkong.console import progress
from fangkong.ingest.batch import TABLE_ORDER, ingest_paths


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed SQLite store (with its WAL files, if any) to a new path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{source}{suffix}")
        dst = Path(f"{target}{suffix}")
        dst.unlink(missing_ok=True)
        if src.exists():
            shutil.copyfile(src, dst)
    return target


def table_throughput(
    by_table: dict[str, list[Path]],
    db_path: Path,
    *,
    town,
    day: dt.date,
    rejects_dir: Path,
    ingested_at: dt.datetime,
) -> pd.DataFrame:
    """Ingest each table's files on their own, in ingest's table order, timing each.

    Parameters
    ----------
    by_table : dict
        Table -> files, from :func:`fangkong.bench.ingest_files.convert_day`.
    db_path : Path
        A SQLite store to ingest into (changed).
    town : Town
    day : date
        Submission day of the files.
    rejects_dir : Path
    ingested_at : datetime

    Returns
    -------
    DataFrame
        One row per table: table, files, rows (rows in), accepted, rejected,
        seconds and rows_per_s.
    """
    from fangkong.store.database import open_store

    store = open_store(f"sqlite:///{db_path}")
    rows = []
    try:
        for table in [name for name in TABLE_ORDER if name in by_table]:
            seconds, report = timed(
                ingest_paths,
                by_table[table],
                store=store,
                town=town,
                submitted_on=day,
                rejects_dir=rejects_dir,
                ingested_at=ingested_at,
            )
            rows.append({"table": table} | _figures(report, seconds))
    finally:
        store.close()
    return pd.DataFrame(rows)


def day_throughput(
    files: list[Path],
    db_path: Path,
    *,
    town,
    day: dt.date,
    rejects_dir: Path,
    ingested_at: dt.datetime,
) -> dict:
    """Ingest a day's files in one call, as the daily job does, and time it.

    Unlike :func:`table_throughput`, ingest loads its context (registries and
    ledger) once for all tables, and checks each table's rows of all files in
    one pass.

    Parameters
    ----------
    files : list of Path
    db_path : Path
    town : Town
    day : date
    rejects_dir : Path
    ingested_at : datetime

    Returns
    -------
    dict
        files, rows (rows in), accepted, rejected, seconds and rows_per_s.
    """
    from fangkong.store.database import open_store

    store = open_store(f"sqlite:///{db_path}")
    try:
        seconds, report = timed(
            ingest_paths,
            files,
            store=store,
            town=town,
            submitted_on=day,
            rejects_dir=rejects_dir,
            ingested_at=ingested_at,
        )
    finally:
        store.close()
    return _figures(report, seconds)


def insert_floor(db_path: Path, empty_path: Path) -> dict:
    """What SQLite alone takes to store the rows an ingest stored: its floor.

    Every input table's rows of ``db_path``, as stored, are inserted again with
    the driver's ``executemany`` into a new store of the same schema and
    indexes, in one transaction: no reading, checking or conversion. Ingest
    cannot be faster than this on the same machine.

    Parameters
    ----------
    db_path : Path
        A SQLite store after an ingest (read only).
    empty_path : Path
        Where the new store goes (replaced).

    Returns
    -------
    dict
        rows, seconds and rows_per_s of the inserts and the commit.
    """
    import sqlite3

    from fangkong.store.database import open_store
    from fangkong.store.tables import SQL_TABLES

    for suffix in ("", "-wal", "-shm"):
        Path(f"{empty_path}{suffix}").unlink(missing_ok=True)
    open_store(f"sqlite:///{empty_path}").close()  # the schema, its indexes, the pragmas
    source = sqlite3.connect(db_path)
    tables = {}
    for name, table in SQL_TABLES.items():
        columns = [column.name for column in table.columns if column.name != "store_id"]
        quoted = ", ".join(f'"{column}"' for column in columns)
        rows = source.execute(f'SELECT {quoted} FROM "{name}" ORDER BY store_id').fetchall()
        if rows:
            marks = ", ".join("?" * len(columns))
            tables[name] = (f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)
    source.close()
    target = sqlite3.connect(empty_path, isolation_level=None)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")

    def load():
        target.execute("BEGIN")
        for sql, rows in tables.values():
            target.executemany(sql, rows)
        target.execute("COMMIT")

    try:
        seconds, _ = timed(load)
    finally:
        target.close()
    stored = sum(len(rows) for _, rows in tables.values())
    return {"rows": stored, "seconds": round(seconds, 3), "rows_per_s": round(stored / seconds)}


def _figures(report, seconds: float) -> dict:
    """Files, rows in, accepted, rejected, seconds and rows/s of one ingest call."""
    rows_in = sum(result.rows_in for result in report.files)
    return {
        "files": len(report.files),
        "rows": rows_in,
        "accepted": sum(result.accepted for result in report.files),
        "rejected": sum(result.rejected for result in report.files),
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows_in / seconds) if seconds > 0 else None,
    }


def ingest_by_day(sample_dir: Path, db_path: Path, *, town, rejects_dir: Path, days=None) -> dict:
    """Ingest a sample's day folders in order (all, or the ``days`` listed) and time it.

    Parameters
    ----------
    sample_dir : Path
    db_path : Path
    town : Town
    rejects_dir : Path
    days : iterable of date, optional

    Returns
    -------
    dict
        ``days``, ``files``, ``rows`` (rows in), ``seconds``, ``rows_per_s``.
    """
    from fangkong.store.database import open_store

    wanted = None if days is None else {day.isoformat() for day in days}
    folders = sorted(
        folder for folder in sample_dir.iterdir() if folder.is_dir() and is_day_name(folder.name)
    )
    folders = [folder for folder in folders if wanted is None or folder.name in wanted]
    hour, minute = map(int, town.policy.cutoff.split(":"))
    store = open_store(f"sqlite:///{db_path}")
    files = rows = 0
    seconds = 0.0
    try:
        for folder in progress(folders, desc="bench.ingest", unit="days"):
            day = dt.date.fromisoformat(folder.name)
            at = dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(minutes=30)
            spent, report = timed(
                ingest_paths,
                [folder],
                store=store,
                town=town,
                submitted_on=day,
                rejects_dir=rejects_dir,
                ingested_at=at,
            )
            seconds += spent
            files += len(report.files)
            rows += sum(result.rows_in for result in report.files)
    finally:
        store.close()
    return {
        "days": len(folders),
        "files": files,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds) if seconds > 0 else None,
    }
