"""``fangkong demo``: the whole flow on sample data, for a first look.

Writes the input templates and N days of sample village files under ``data/``,
ingests them day by day into the store, and prints what was accepted and
rejected per table.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd

from fangkong.console import table
from fangkong.ingest.batch import ingest_paths
from fangkong.settings import get_settings
from fangkong.store.database import open_store
from fangkong.town import load_town

DEMO_END = dt.date(2020, 3, 10)


def ingest_days(sample_dir: Path, *, store, town, rejects_dir: Path) -> pd.DataFrame:
    """Ingest every ``<YYYY-MM-DD>`` folder of a sample, day by day.

    Parameters
    ----------
    sample_dir : Path
        A folder written by :func:`fangkong.sample.write_sample`.
    store : fangkong.store.database.Store
    town : Town
    rejects_dir : Path

    Returns
    -------
    pandas.DataFrame
        One row per file: day, file, table, status, rows in, accepted, rejected, warnings.
    """
    frames = []
    for day_dir in sorted(p for p in sample_dir.iterdir() if p.is_dir()):
        try:
            day = dt.date.fromisoformat(day_dir.name)
        except ValueError:
            continue
        # As if each day's files had come in just before the day's cut-off, after
        # the last record in them (the sample's latest are stamped 17:50).
        hour, minute = map(int, town.policy.cutoff.split(":"))
        at = dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(minutes=5)
        report = ingest_paths(
            [day_dir],
            store=store,
            town=town,
            submitted_on=day,
            rejects_dir=rejects_dir,
            ingested_at=at,
        )
        frames.append(report.summary().assign(day=day))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def per_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Files, rows in, accepted, rejected and warnings per table, with a total row."""
    counts = ["rows_in", "accepted", "rejected", "warnings"]
    grouped = summary.groupby("table", sort=True).agg(
        files=("file", "size"), **{c: (c, "sum") for c in counts}
    )
    grouped.loc["total"] = grouped.sum()
    return grouped.reset_index()


def answer_alerts(sample_dir: Path, *, store, town, day: dt.date, rejects_dir: Path, seed: int = 0):
    """Villages answer alerts: the reports of the day before ``day`` record their
    alerts, and sample ``alert_feedback`` files of ``day`` handle some of them.

    Parameters
    ----------
    sample_dir : Path
    store : fangkong.store.database.Store
    town : Town
    day : date
        The day the feedback is submitted (the demo's report date).
    rejects_dir : Path
    seed : int

    Returns
    -------
    IngestReport
        Of the feedback files.
    """
    from fangkong import registry
    from fangkong.sample import write_feedback

    before = day - dt.timedelta(days=1)
    open_alerts = []
    for entry in registry.REPORTS:
        if not entry.alert_prefix:  # a report that raises no alerts of its own (the bulletin)
            continue
        cls = entry.load_class()
        cls(cls.load(store, town, before, 1)).follow(store)
        found = store.open_alerts(town.id, entry.name, before)
        # What still shows in the day's data a village reports in progress, not closed.
        still = cls(cls.load(store, town, day, 1)).alert_items()[["kind", "subject"]]
        persists = found.merge(still.assign(persists=True), on=["kind", "subject"], how="left")
        open_alerts.append(
            persists.assign(report=entry.name, persists=persists["persists"].eq(True))
        )
    files = write_feedback(sample_dir, town, pd.concat(open_alerts), day, seed=seed)
    hour, minute = map(int, town.policy.cutoff.split(":"))
    at = dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(minutes=2)
    return ingest_paths(
        files, store=store, town=town, submitted_on=day, rejects_dir=rejects_dir, ingested_at=at
    )


def run_demo(days: int = 30, scale: int = 1, seed: int = 0) -> int:
    """Templates, sample data, ingest, villages' answers to the alerts of the day
    before, then the daily run of the last day, unsent.

    Parameters
    ----------
    days : int
        Days of sample data, ending on 2020-03-10.
    scale : int
        1 for the demo town; larger for a bigger, generated town.
    seed : int
        Sample data seed.

    Returns
    -------
    int
        Exit status: 0 when every file was read.
    """
    from fangkong.ingest.templates import write_templates
    from fangkong.sample import write_sample

    settings = get_settings()
    town = load_town(settings.default_town)
    started = time.perf_counter()
    templates = write_templates(settings.data_dir / "templates", town=town)
    print(f"templates: {len(templates)} files in {settings.data_dir / 'templates'}")
    sample_dir = settings.data_dir / "sample"
    write_sample(sample_dir, town=town, days=days, scale=scale, seed=seed, end=DEMO_END)
    if scale > 1:
        town = load_town(sample_dir / "town.yaml")
    print(f"sample: {days} days ending {DEMO_END} in {sample_dir}")
    store = open_store(upgrade=True)
    ingest_started = time.perf_counter()
    summary = ingest_days(sample_dir, store=store, town=town, rejects_dir=settings.rejects_dir)
    unchanged = int((summary["status"] == "unchanged").sum())
    print(
        f"\ningested into {store.url}"
        + (f" ({unchanged} files already there, unchanged)" if unchanged else "")
    )
    print(table(per_table(summary[summary["status"] == "ingested"]), max_rows=100))
    unread = summary[summary["status"] == "unreadable"]
    for row in unread.itertuples():
        print(f"NOT READ {row.day} {row.file}: {row.error}")
    print(f"rejected rows: {settings.rejects_dir}")
    print(
        f"templates and sample took {ingest_started - started:.1f} s, "
        f"ingest {time.perf_counter() - ingest_started:.1f} s"
    )

    clock = time.perf_counter()
    answered = answer_alerts(
        sample_dir, store=store, town=town, day=DEMO_END, rejects_dir=settings.rejects_dir
    )
    files = answered.files
    print(
        f"alerts of {DEMO_END - dt.timedelta(days=1)} recorded; villages answered on {DEMO_END}:"
        f" {len(files)} alert_feedback files, {sum(f.accepted for f in files)} rows accepted,"
        f" {sum(f.rejected for f in files)} rejected ({time.perf_counter() - clock:.1f} s)"
    )

    from fangkong import registry
    from fangkong.delivery.daily import places, run_daily
    from fangkong.delivery.outputs import MANIFEST, report_files

    town_file = sample_dir / "town.yaml" if scale > 1 else settings.default_town
    clock = time.perf_counter()
    status = run_daily([town_file], DEMO_END, send=False)
    where = places(settings, town, DEMO_END, several=False)
    print(f"\ndaily run for {DEMO_END} took {time.perf_counter() - clock:.1f} s")
    for report in registry.names():
        html = report_files(where.day, report)["html"]
        print(f"  {report:<10} {html if html.exists() else 'NOT PRODUCED'}")
    print(f"  manifest   {where.day / MANIFEST}")
    print(f"  emails     {where.day / 'outbox'} (written, not sent)")
    from fangkong.delivery.screens import write_screens

    produced = [r for r in registry.names() if report_files(where.day, r)["html"].exists()]
    print(write_screens(where.day, produced)[1])
    from fangkong.delivery.screens import write_bulletin_picture

    print(write_bulletin_picture(where.day)[1])
    print(f"demo took {time.perf_counter() - started:.1f} s in all")
    return 1 if len(unread) or status else 0
