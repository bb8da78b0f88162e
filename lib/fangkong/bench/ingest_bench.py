"""Ingest throughput: the same day's files as CSV and as XLSX, table by table.

A sample day mixes formats. To compare them, each file is rewritten in both
(same cells, same headers, same name but the suffix) and each table's files
are ingested on their own, in ingest's table order, into copies of the same
store, so a table is checked against the tables ingested before it as in a
real day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import shutil
from pathlib import Path

import pandas as pd

from fangkong.bench.measure import timed
from fangkong.ingest.batch import TABLE_ORDER, expand, ingest_paths
from fangkong.ingest.readers import read_file

FORMATS = ("csv", "xlsx")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Whole days as dates, as a village clerk types them in a CSV.
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert_file(path: Path, out_dir: Path, fmt: str) -> list[tuple[str, Path]]:
    """Rewrite a village file's recognised tables in one format.

    Parameters
    ----------
    path : Path
        A CSV or XLSX village file.
    out_dir : Path
    fmt : {"csv", "xlsx"}

    Returns
    -------
    list of (table, Path)
        One file per table found (a workbook of several tables gives several,
        named ``<stem>-<table>``), headers as written in the original.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {FORMATS}")
    sheets = read_file(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        stem = path.stem if len(sheets) == 1 else f"{path.stem}-{sheet.table}"
        written.append((sheet.table, _write_sheet(sheet, out_dir / f"{stem}.{fmt}", fmt)))
    return written


def _write_sheet(sheet, target: Path, fmt: str) -> Path:
    """A raw sheet's cells under its original headers, as CSV (UTF-8) or XLSX."""
    target.parent.mkdir(parents=True, exist_ok=True)
    header = [sheet.original_headers[c] for c in sheet.frame.columns]
    rows = [[_cell_text(v) for v in row] for row in sheet.frame.itertuples(index=False)]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        target.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet.sheet or "Sheet1")
        ws.append(header)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
        wb.save(target)
    return target


def convert_day(day_dir: Path, out_dir: Path, fmt: str) -> dict[str, list[Path]]:
    """Rewrite every file of a day folder in one format, grouped by table.

    Parameters
    ----------
    day_dir : Path
    out_dir : Path
    fmt : {"csv", "xlsx"}

    Returns
    -------
    dict
        Table -> files written (unreadable files are left out).
    """
    from fangkong.ingest.readers import UnreadableFile

    by_table: dict[str, list[Path]] = {}
    for path in expand([day_dir]):
        try:
            converted = convert_file(path, out_dir, fmt)
        except UnreadableFile:
            continue  # a defect of the sample: nothing to compare
        for table, target in converted:
            by_table.setdefault(table, []).append(target)
    return by_table


def combine_day(
    day_dir: Path, out_dir: Path, fmt: str, name: str = "全部"
) -> dict[str, list[Path]]:
    """Every village's rows of each table in one file: the cost per row, not per file.

    Parameters
    ----------
    day_dir : Path
    out_dir : Path
    fmt : {"csv", "xlsx"}
    name : str
        Start of the file names (``<name>_<table>.<fmt>``); not a village, so
        each row's own village counts.

    Returns
    -------
    dict
        Table -> [the one file written].
    """
    return _combine([day_dir], out_dir, fmt, name, latest_only=False)


def combine_days(
    sample_dir: Path, out_dir: Path, fmt: str, name: str = "全部"
) -> dict[str, list[Path]]:
    """Every day of a sample, each table in one file: a bulk load, such as a
    town's back files when it starts with fangkong.

    Registries, the ledger and gas requests keep each key's last row (a later
    row of a key replaces the earlier, as an export of the current state has
    it); events keep every row.

    Parameters
    ----------
    sample_dir : Path
        A sample with one folder per day.
    out_dir : Path
    fmt : {"csv", "xlsx"}
    name : str
        Start of the file names.

    Returns
    -------
    dict
        Table -> [the one file written].
    """
    days = [sample_dir / d.isoformat() for d in day_folders(sample_dir)]
    return _combine(days, out_dir, fmt, name, latest_only=True)


@functools.lru_cache(maxsize=2)
def _read_days(day_dirs: tuple[Path, ...]) -> dict[str, list]:
    """Table -> raw frames of every file of the folders; kept for the next format
    (30 city days are ~100,000 files to read)."""
    from fangkong.ingest.readers import UnreadableFile

    frames: dict[str, list] = {}
    for path in expand(day_dirs):
        try:
            sheets = read_file(path)
        except UnreadableFile:
            continue
        for sheet in sheets:
            frames.setdefault(sheet.table, []).append(sheet.frame)
    return frames


def _combine(day_dirs, out_dir: Path, fmt: str, name: str, latest_only: bool) -> dict:
    from fangkong.ingest.readers import RawSheet
    from fangkong.schemas import TABLES

    out = {}
    for table, parts in _read_days(tuple(day_dirs)).items():
        spec = TABLES[table]
        frame = pd.concat(parts, ignore_index=True).astype(object)
        frame = frame.where(frame.notna(), None)  # columns some files lack
        # The ledger's key is the person; a gas request is updated until delivered.
        if latest_only and (spec.role != "event" or table == "gas_requests"):
            frame = frame.drop_duplicates([k for k in spec.key if k in frame], keep="last")
        headers = {c: spec.meta(c)["zh"] for c in frame.columns}
        sheet = RawSheet(table, "Sheet1", frame.reset_index(drop=True), headers)
        out[table] = [_write_sheet(sheet, out_dir / f"{name}_{table}.{fmt}", fmt)]
    return out


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
        Table -> files, from :func:`convert_day`.
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
        for table in [t for t in TABLE_ORDER if t in by_table]:
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
        columns = [c.name for c in table.columns if c.name != "store_id"]
        quoted = ", ".join(f'"{c}"' for c in columns)
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
    n = sum(len(rows) for _, rows in tables.values())
    return {"rows": n, "seconds": round(seconds, 3), "rows_per_s": round(n / seconds)}


def _figures(report, seconds: float) -> dict:
    """Files, rows in, accepted, rejected, seconds and rows/s of one ingest call."""
    rows_in = sum(f.rows_in for f in report.files)
    return {
        "files": len(report.files),
        "rows": rows_in,
        "accepted": sum(f.accepted for f in report.files),
        "rejected": sum(f.rejected for f in report.files),
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

    wanted = None if days is None else {d.isoformat() for d in days}
    folders = sorted(p for p in sample_dir.iterdir() if p.is_dir() and _is_day(p.name))
    folders = [p for p in folders if wanted is None or p.name in wanted]
    hour, minute = map(int, town.policy.cutoff.split(":"))
    store = open_store(f"sqlite:///{db_path}")
    files = rows = 0
    seconds = 0.0
    try:
        for folder in folders:
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
            rows += sum(f.rows_in for f in report.files)
    finally:
        store.close()
    return {
        "days": len(folders),
        "files": files,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds) if seconds > 0 else None,
    }


def day_folders(sample_dir: Path) -> list[dt.date]:
    """The days of a sample, in order."""
    return sorted(
        dt.date.fromisoformat(p.name)
        for p in sample_dir.iterdir()
        if p.is_dir() and _is_day(p.name)
    )


def _is_day(name: str) -> bool:
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True
