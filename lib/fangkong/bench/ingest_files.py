"""The ingest benchmark's files: a sample's rows rewritten in one format.

A sample day mixes formats. To compare them, each file is rewritten in both
(same cells, same headers, same name but the suffix): :func:`convert_day`.
:func:`combine_day` and :func:`combine_days` put every village's rows of a
table into one file, for the cost per row rather than per file, and for a bulk
load of a town's back files.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from pathlib import Path

import pandas as pd

from fangkong.ingest.files import expand
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
    header = [sheet.original_headers[column] for column in sheet.frame.columns]
    rows = [[_cell_text(value) for value in row] for row in sheet.frame.itertuples(index=False)]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        target.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(sheet.sheet or "Sheet1")
        worksheet.append(header)
        for row in rows:
            worksheet.append([None if value == "" else value for value in row])
        workbook.save(target)
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
    days = [sample_dir / day.isoformat() for day in day_folders(sample_dir)]
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
        headers = {column: spec.meta(column)["zh"] for column in frame.columns}
        sheet = RawSheet(table, "Sheet1", frame.reset_index(drop=True), headers)
        out[table] = [_write_sheet(sheet, out_dir / f"{name}_{table}.{fmt}", fmt)]
    return out


def day_folders(sample_dir: Path) -> list[dt.date]:
    """The days of a sample, in order."""
    return sorted(
        dt.date.fromisoformat(folder.name)
        for folder in sample_dir.iterdir()
        if folder.is_dir() and is_day_name(folder.name)
    )


def is_day_name(name: str) -> bool:
    """Whether a folder name is a date, as the names of a sample's day folders are."""
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True
