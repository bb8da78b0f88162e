"""The city: ingest throughput, the daily run's wall time and peak memory, sizes.

The city's store (``work/city/store.db``, every sample day ingested) is kept
with a note of the sample it holds, so that the daily run can be measured
again (``ingest=False``) without ingesting again.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import shutil
import sys
from pathlib import Path

from fangkong.bench.floor import slowest_cells
from fangkong.bench.ingest_bench import (
    copy_store,
    day_throughput,
    ingest_by_day,
    insert_floor,
    table_throughput,
)
from fangkong.bench.ingest_files import (
    FORMATS,
    combine_day,
    combine_days,
    convert_day,
    day_folders,
)
from fangkong.bench.measure import run_measured, stat
from fangkong.bench.sample_data import fresh, prepare_sample
from fangkong.console import progress
from fangkong.settings import get_settings

#: Layouts of the files in the ingest figures: a day as villages send it, a
#: day with each table in one file, and every day with each table in one file.
VILLAGE_FILES, ONE_FILE = "village files", "one file per table"
BULK = "every day, one file per table"
#: The table name of the figures of a whole day ingested in one call.
WHOLE_DAY = "whole day, one call"


def bench_city(
    work: Path,
    *,
    scale: int = 30,
    days: int = 30,
    repeats: int = 3,
    ingest: bool = True,
    daily: bool = True,
) -> dict:
    """Sample data at city scale: ingest throughput, daily run time and memory, sizes.

    Parameters
    ----------
    work : Path
        Work folder (its ``city/`` is rebuilt when ingesting, the sample kept
        when unchanged).
    scale : int
    days : int
    repeats : int
        Runs of the daily job.
    ingest : bool
        Measure ingest (and rebuild the city's store). When False, the store
        of an earlier run of the same sample is reused if there is one.
    daily : bool
        Measure the daily run.

    Returns
    -------
    dict
        The sample (seconds to write, files, MB), ``ingest_all`` (every day as
        generated), ``tables`` (rows/s per table and format, on the first and
        the last day), ``daily`` (wall time and peak memory of
        :func:`fangkong.delivery.daily.run_daily` in a child process) and ``sizes``
        (report HTML and email per report).
    """
    from fangkong.town import load_town

    base = load_town(get_settings().default_town)
    sample, sample_seconds, reused = prepare_sample(
        work / f"city-x{scale}-d{days}", base, days, scale
    )
    town_file = sample / "town.yaml" if scale > 1 else get_settings().default_town
    town = load_town(town_file)
    all_days = day_folders(sample)
    city = work / "city"
    db = city / "store.db"
    note = city / "store.json"
    holds = {"sample": str(sample.resolve()), "stamp": (sample.parent / "sample.json").read_text()}
    out = {
        "scale": scale,
        "days": len(all_days),
        "day": all_days[-1].isoformat(),
        "villages": len(town.villages),
        "population": town.population,
        "sample_seconds": sample_seconds,
        "sample_reused": reused,
        "sample_files": sum(1 for path in sample.rglob("*") if path.is_file()),
        "sample_mb": round(
            sum(path.stat().st_size for path in sample.rglob("*") if path.is_file()) / 2**20, 1
        ),
    }
    if ingest or not (db.exists() and note.exists() and json.loads(note.read_text()) == holds):
        out |= _bench_ingest(fresh(city), sample, town, all_days)
        note.write_text(json.dumps(holds))
    if daily:
        measured = bench_daily(city, town_file, db, all_days[-1], repeats)
        out |= {"daily": measured["figures"], "sizes": measured["sizes"]}
    return out


def _bench_ingest(city: Path, sample: Path, town, all_days: list[dt.date]) -> dict:
    """Ingest every day into ``city/store.db``; each format table by table on the side."""
    rejects = city / "rejects"
    first, last = all_days[0], all_days[-1]
    db = city / "store.db"
    # Every day but the last as generated; a copy of that store takes the last day
    # in each format, table by table; the store itself then takes the last day as
    # generated, for the daily run.
    before = ingest_by_day(sample, db, town=town, rejects_dir=rejects, days=all_days[:-1])
    tables, floor = [], None
    cases = [(VILLAGE_FILES, fmt, first, None) for fmt in FORMATS if len(all_days) > 1]
    cases += [(layout, fmt, last, db) for layout in (VILLAGE_FILES, ONE_FILE) for fmt in FORMATS]
    # The bulk load goes into an empty store, submitted on the last day.
    cases += [(BULK, fmt, last, None) for fmt in FORMATS]
    for layout, fmt, day, base_db in cases:
        folder = city / "formats" / f"{layout}-{fmt}" / day.isoformat()
        if layout == VILLAGE_FILES:
            by_table = convert_day(sample / day.isoformat(), folder, fmt)
        elif layout == BULK:
            by_table = combine_days(sample, folder, fmt)
        else:
            # Every village's rows of a table in one file: what ingest costs per
            # row once the cost per file is out of the way.
            by_table = combine_day(sample / day.isoformat(), folder, fmt)
        ingest_args = dict(town=town, day=day, rejects_dir=rejects, ingested_at=_evening(day))
        target = _store_copy(base_db, city / "formats" / f"{layout}-{fmt}-{day}.db")
        frame = table_throughput(by_table, target, **ingest_args)
        tag = dict(format=fmt, day=day.isoformat(), layout=layout)
        tables += frame.assign(**tag).to_dict("records")
        if day == last:
            # The whole day (or the bulk) in one call, as the daily job ingests it.
            target = _store_copy(base_db, target)
            files = [path for paths in by_table.values() for path in paths]
            tables.append(day_throughput(files, target, **ingest_args) | tag | {"table": WHOLE_DAY})
            if layout == BULK and fmt == "csv":
                floor = insert_floor(target, city / "formats" / "sqlite-alone.db")
                _store_copy(None, city / "formats" / "sqlite-alone.db")
        _store_copy(None, target)
    lastday = ingest_by_day(sample, db, town=town, rejects_dir=rejects, days=[last])
    rows = before["rows"] + lastday["rows"]
    seconds = before["seconds"] + lastday["seconds"]
    return {
        "ingest_all": {
            "days": before["days"] + lastday["days"],
            "files": before["files"] + lastday["files"],
            "rows": rows,
            "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds) if seconds else None,
        },
        "format_days": (
            f"per table: first day {first} into an empty store and last day {last} after the "
            f"others; whole day: {last} in one call"
        ),
        "tables": _per_table(tables),
        # The same rows inserted by SQLite alone: the most ingest could reach here.
        "insert_floor": floor,
    }


def _evening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(17, 0))


def _store_copy(source: Path | None, target: Path) -> Path:
    """``target`` as a fresh copy of the store ``source`` (None: no store, empty)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return copy_store(source, target) if source is not None else target


def _per_table(rows: list[dict]) -> list[dict]:
    """Rows summed per layout, table and format (both days of the village files),
    then per layout and format over all tables (table ``all``)."""
    out: dict = {}
    counted = ("files", "rows", "accepted", "rejected", "seconds")
    for row in rows:
        for table in (row["table"],) if row["table"] == WHOLE_DAY else (row["table"], "all"):
            key = (row["layout"], table, row["format"])
            empty = dict.fromkeys(counted, 0) | {"seconds": 0.0}
            start = {"layout": row["layout"], "table": table, "format": row["format"]}
            total = out.setdefault(key, start | empty)
            for figure in counted:
                total[figure] += row[figure]
    for total in out.values():
        total["seconds"] = round(total["seconds"], 3)
        total["rows_per_s"] = round(total["rows"] / total["seconds"]) if total["seconds"] else None
    order = {"all": 1, WHOLE_DAY: 2}
    return sorted(
        out.values(),
        key=lambda total: (total["layout"] != VILLAGE_FILES, order.get(total["table"], 0)),
    )


DAILY_SCRIPT = (
    "import datetime, sys\n"
    "from fangkong.delivery.daily import run_daily\n"
    "sys.exit(run_daily([sys.argv[1]], datetime.date.fromisoformat(sys.argv[2]), send=False))\n"
)


def bench_daily(city: Path, town_file: Path, db: Path, day: dt.date, repeats: int) -> dict:
    """The daily job of the city's last day, ``repeats`` times from scratch, in a child process."""
    from fangkong.registry import names as report_names

    outputs, data = city / "outputs", city / "data"
    env = dict(os.environ)
    env |= {
        "FANGKONG_DB_URL": f"sqlite:///{db}",
        "FANGKONG_DATA_DIR": str(data),
        "FANGKONG_OUTPUTS_DIR": str(outputs),
    }
    env.pop("FANGKONG_NOTEBOOKS_DIR", None)
    seconds, peaks, jobs = [], [], {report: [] for report in report_names()}
    day_dir = outputs / day.isoformat()
    for _ in progress(range(repeats), desc="bench.daily", unit="runs"):
        shutil.rmtree(outputs, ignore_errors=True)  # a rerun would skip what is done
        run = run_measured(
            [sys.executable, "-c", DAILY_SCRIPT, str(town_file), day.isoformat()], env
        )
        manifest = _read_json(day_dir / "manifest.json")
        if run["returncode"] != 0 or manifest.get("status") != "ok":
            raise RuntimeError(f"daily run failed ({run['returncode']}): " + "\n".join(run["tail"]))
        seconds.append(run["seconds"])
        peaks.append(run["peak_mb"])
        for report in report_names():
            jobs[report].append(manifest["reports"][report]["seconds"])
    figures = {
        "seconds": stat(seconds),
        "peak_mb": stat(peaks),
        "per_report": {
            report: {
                "report": stat(jobs[report]),
                "slowest_cells": slowest_cells(day_dir / f"{report}.ipynb"),
            }
            for report in report_names()
        },
    }
    return {"figures": figures, "sizes": output_sizes(day_dir, report_names())}


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def output_sizes(day_dir: Path, reports) -> dict:
    """Sizes of each report's HTML and of its email in the day's outbox.

    Parameters
    ----------
    day_dir : Path
        A day folder of the daily run (``outputs/D``).
    reports : iterable of str

    Returns
    -------
    dict
        Report -> ``html_bytes`` (the report page), ``eml_bytes`` (the whole
        message as written), ``email_html_body_bytes`` (the HTML summary in
        the body, inline images not counted) and ``email_attachment_bytes``
        (decoded attachments). Missing files are left out.
    """
    out = {}
    for report in reports:
        sizes = {}
        html = day_dir / f"{report}.html"
        if html.exists():
            sizes["html_bytes"] = html.stat().st_size
        eml = next(
            (path for path in (day_dir / "outbox" / f"{report}.eml",
                               day_dir / "sent" / f"{report}.eml")
             if path.exists()), None,
        )  # fmt: skip
        if eml is not None:
            message_bytes = eml.read_bytes()
            message = email.message_from_bytes(message_bytes, policy=email.policy.default)
            sizes["eml_bytes"] = len(message_bytes)
            body = attached = 0
            for part in message.walk():
                if part.get_content_maintype() == "multipart":
                    continue
                if part.get_filename():
                    attached += len(part.get_payload(decode=True) or b"")
                elif part.get_content_type() == "text/html":
                    body += len(part.get_content().encode("utf-8"))
            sizes["email_html_body_bytes"] = body
            sizes["email_attachment_bytes"] = attached
        out[report] = sizes
    return out
