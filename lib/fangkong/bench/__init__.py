"""``fangkong bench``: the benchmarks of issue 7, into ``outputs/bench/``.

Two parts, each in its own folders and SQLite stores under ``outputs/bench/work/``
(never the user's ``data/``):

- the floor (:mod:`fangkong.bench.floor`): three trivial notebooks and the
  three real reports of the demo town, run side by side through the same
  runner, and their ratio;
- the city (:func:`bench_city`): sample data at ``--scale`` K, ingest
  throughput per table from CSV and from XLSX, the daily run's wall time and
  peak memory of all its processes, and the HTML and email sizes.

Generated sample data is kept and reused while its parameters and the sample
generator's code are unchanged; everything measured is measured again.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from fangkong.bench.floor import notebooks_from, write_floor_notebooks
from fangkong.bench.ingest_bench import (
    FORMATS,
    convert_day,
    copy_store,
    day_folders,
    ingest_by_day,
    table_throughput,
)
from fangkong.bench.measure import machine, run_measured, stat, timed, versions
from fangkong.bench.results import check_targets, write_results
from fangkong.settings import get_settings

__all__ = ["bench_city", "bench_command", "bench_floor", "run_bench"]

#: Days of demo-town sample data (as ``fangkong demo``) and in quick mode.
DEMO_DAYS, QUICK_DEMO_DAYS = 30, 3
SEED = 0


def run_bench(
    outdir, *, repeats: int = 3, city_scale: int = 30, city_days: int = 30, quick: bool = False,
    parts=("floor", "city"),
) -> dict:  # fmt: skip
    """Run the benchmarks and write ``results.json`` and ``results.md`` into ``outdir``.

    Parameters
    ----------
    outdir : path
        Results go here; stores, samples and report outputs under ``outdir/work``.
    repeats : int
        Runs of each timed figure (its median and spread are reported).
    city_scale : int
        Copies of the demo town in the city sample (30: about 2 million people).
    city_days : int
        Days of city sample data.
    quick : bool
        A fast check of the harness: one run, 3 demo days, a city at scale 2
        over 2 days (figures not comparable with the targets).
    parts : iterable of {"floor", "city"}
        Which parts to run.

    Returns
    -------
    dict
        machine, versions, settings, ``floor`` and ``city`` results, and the
        ``targets`` with the figure measured and whether it is met.
    """
    outdir = Path(outdir)
    work = outdir / "work"
    work.mkdir(parents=True, exist_ok=True)
    if quick:
        repeats, city_scale, city_days = 1, min(city_scale, 2), min(city_days, 2)
    started, clock = dt.datetime.now(), time.perf_counter()
    results: dict = {
        "started_at": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "settings": {
            "repeats": repeats,
            "city_scale": city_scale,
            "city_days": city_days,
            "quick": quick,
        },
    }
    demo_days = QUICK_DEMO_DAYS if quick else DEMO_DAYS
    if "floor" in parts:
        results["floor"] = bench_floor(work, repeats=repeats, demo_days=demo_days)
    if "city" in parts:
        results["city"] = bench_city(work, scale=city_scale, days=city_days, repeats=repeats)
    results["seconds"] = round(time.perf_counter() - clock, 1)
    results["targets"] = check_targets(results)
    write_results(results, outdir)
    return results


def bench_command(args) -> int:
    """The ``fangkong bench`` subcommand.

    Parameters
    ----------
    args : argparse.Namespace
        ``quick`` (bool), ``repeats`` (int or None), ``scale`` (int or None),
        ``days`` (int or None), ``outdir`` (path or None; default
        ``outputs/bench``).

    Returns
    -------
    int
        0 when every target was met, 1 otherwise.
    """
    outdir = Path(getattr(args, "outdir", None) or get_settings().outputs_dir / "bench")
    kwargs = {"quick": bool(getattr(args, "quick", False))}
    for name, key in (("repeats", "repeats"), ("scale", "city_scale"), ("days", "city_days")):
        if getattr(args, name, None):
            kwargs[key] = int(getattr(args, name))
    results = run_bench(outdir, **kwargs)
    print((outdir / "results.md").read_text(encoding="utf-8"))
    print(f"results: {outdir / 'results.md'} and {outdir / 'results.json'}")
    return 0 if all(t["met"] for t in results["targets"]) else 1


# -- sample data ---------------------------------------------------------------------


def _sample_code_hash() -> str:
    import fangkong.sample

    digest = hashlib.sha256()
    for path in sorted(Path(fangkong.sample.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_sample(folder: Path, town, days: int, scale: int) -> tuple[Path, float, bool]:
    """Sample data in ``folder/sample``, written unless an identical one is there.

    Parameters
    ----------
    folder : Path
    town : Town
        The demo town (scaled up when ``scale > 1``).
    days, scale : int

    Returns
    -------
    (Path, float, bool)
        The sample folder, the seconds it took to write (when reused: as
        recorded then) and whether it was reused.
    """
    from fangkong.sample import DEMO_END, write_sample

    sample = folder / "sample"
    stamp_path = folder / "sample.json"
    wanted = {"days": days, "scale": scale, "seed": SEED, "end": DEMO_END.isoformat(),
              "town": town.id, "code": _sample_code_hash()}  # fmt: skip
    if stamp_path.exists() and sample.exists():
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if stamp.get("wanted") == wanted:
            return sample, stamp["seconds"], True
    shutil.rmtree(sample, ignore_errors=True)
    stamp_path.unlink(missing_ok=True)
    seconds, _ = timed(
        write_sample, sample, town=town, days=days, scale=scale, seed=SEED, end=DEMO_END
    )
    stamp_path.write_text(json.dumps({"wanted": wanted, "seconds": round(seconds, 1)}))
    return sample, round(seconds, 1), False


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# -- the floor -----------------------------------------------------------------------


def bench_floor(work: Path, *, repeats: int = 3, demo_days: int = DEMO_DAYS) -> dict:
    """Trivial notebooks against the real reports of the demo town, same runner, same run.

    Parameters
    ----------
    work : Path
        Work folder (its ``demo/`` is rebuilt, the sample kept when unchanged).
    repeats : int
    demo_days : int
        Days of demo sample data ingested before the runs.

    Returns
    -------
    dict
        town, day, ``floor`` and ``reports`` (wall time of one
        :func:`fangkong.runner.run_reports` of the three, as
        :func:`fangkong.bench.measure.stat`), ``ratio`` of the medians,
        ``per_report`` (each job's own time and the slowest cells of the
        last real run) and ``ingest`` (the demo ingest, for reference).
    """
    from fangkong.runner import REPORTS, plan_jobs, run_reports
    from fangkong.sample import DEMO_END
    from fangkong.town import load_town

    settings = get_settings()
    town_file = settings.default_town
    town = load_town(town_file)
    sample, _, _ = prepare_sample(work / f"demo-d{demo_days}", town, demo_days, 1)
    demo = _fresh(work / "demo")
    db = demo / "store.db"
    ingest = ingest_by_day(sample, db, town=town, rejects_dir=demo / "rejects")
    floor_dir = demo / "floor_notebooks"
    write_floor_notebooks(floor_dir)
    db_url = f"sqlite:///{db}"
    runs = {"floor": [], "reports": []}
    jobs: dict = {"floor": {r: [] for r in REPORTS}, "reports": {r: [] for r in REPORTS}}

    def once(kind: str) -> None:
        out = demo / f"out-{kind}"
        shutil.rmtree(out, ignore_errors=True)
        call = dict(reports=REPORTS, town_file=town_file, outputs_dir=out, db_url=db_url)
        if kind == "floor":
            with notebooks_from(floor_dir):
                seconds, manifest = timed(run_reports, DEMO_END, **call)
        else:
            seconds, manifest = timed(run_reports, DEMO_END, **call)
        _require_ok(manifest, kind)
        runs[kind].append(seconds)
        for report in REPORTS:
            jobs[kind][report].append(manifest["reports"][report]["seconds"])

    # Imports the parent pays once (papermill, for the parameter checks) stay out.
    plan_jobs(DEMO_END, REPORTS, town_file, demo / "warm-up", db_url=db_url)
    for i in range(repeats):
        # Alternate which goes first, so neither always meets a cold disk cache.
        for kind in ("floor", "reports") if i % 2 == 0 else ("reports", "floor"):
            once(kind)
    floor, reports = stat(runs["floor"]), stat(runs["reports"])
    day_dir = demo / "out-reports" / DEMO_END.isoformat()
    return {
        "town": town.name,
        "day": DEMO_END.isoformat(),
        "floor": floor,
        "reports": reports,
        "ratio": round(reports["median"] / floor["median"], 2),
        "per_report": {
            r: {
                "floor": stat(jobs["floor"][r]),
                "report": stat(jobs["reports"][r]),
                "slowest_cells": slowest_cells(day_dir / f"{r}.ipynb"),
            }
            for r in REPORTS
        },
        "ingest": ingest,
    }


def _require_ok(manifest: dict, what: str) -> None:
    failed = {r: e.get("error") for r, e in manifest["reports"].items() if e["status"] != "ok"}
    if failed:
        raise RuntimeError(f"{what}: reports failed: {failed}")


def slowest_cells(notebook: Path, n: int = 3) -> list[dict]:
    """The ``n`` slowest cells of an executed notebook (papermill's durations).

    Parameters
    ----------
    notebook : Path
    n : int

    Returns
    -------
    list of dict
        ``cell`` (its first line, shortened) and ``seconds``, slowest first;
        empty when the notebook is not there.
    """
    import nbformat

    if not notebook.exists():
        return []
    cells = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        seconds = cell.metadata.get("papermill", {}).get("duration")
        if cell.cell_type == "code" and seconds is not None:
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            cells.append({"cell": f"`{first.strip()[:40]}`", "seconds": round(seconds, 2)})
    return sorted(cells, key=lambda c: -c["seconds"])[:n]


# -- the city ------------------------------------------------------------------------


def bench_city(work: Path, *, scale: int = 30, days: int = 30, repeats: int = 3) -> dict:
    """Sample data at city scale: ingest throughput, daily run time and memory, sizes.

    Parameters
    ----------
    work : Path
        Work folder (its ``city/`` is rebuilt, the sample kept when unchanged).
    scale : int
    days : int
    repeats : int
        Runs of the daily job.

    Returns
    -------
    dict
        The sample (seconds to write, files, MB), ``ingest_all`` (every day as
        generated), ``tables`` (rows/s per table and format, on the first and
        the last day), ``daily`` (wall time and peak memory of
        :func:`fangkong.daily.run_daily` in a child process) and ``sizes``
        (report HTML and email per report).
    """
    from fangkong.sample import DEMO_END
    from fangkong.town import load_town

    base = load_town(get_settings().default_town)
    sample, sample_seconds, reused = prepare_sample(
        work / f"city-x{scale}-d{days}", base, days, scale
    )
    town_file = sample / "town.yaml" if scale > 1 else get_settings().default_town
    town = load_town(town_file)
    city = _fresh(work / "city")
    rejects = city / "rejects"
    all_days = day_folders(sample)
    first, last = all_days[0], all_days[-1]
    db = city / "store.db"

    # Every day but the last as generated; a copy of that store takes the last day
    # in each format, table by table; the store itself then takes the last day as
    # generated, for the daily run.
    before = ingest_by_day(sample, db, town=town, rejects_dir=rejects, days=all_days[:-1])
    tables = []
    for fmt in FORMATS:
        for day, base_db in ((first, None), (last, db)) if len(all_days) > 1 else ((last, None),):
            folder = city / "formats" / fmt / day.isoformat()
            by_table = convert_day(sample / day.isoformat(), folder, fmt)
            target = city / "formats" / f"{fmt}-{day.isoformat()}.db"
            if base_db is not None:
                copy_store(base_db, target)
            at = dt.datetime.combine(day, dt.time(17, 0))
            frame = table_throughput(
                by_table, target, town=town, day=day, rejects_dir=rejects, ingested_at=at
            )
            tables += frame.assign(format=fmt, day=day.isoformat()).to_dict("records")
            target.unlink(missing_ok=True)
    lastday = ingest_by_day(sample, db, town=town, rejects_dir=rejects, days=[last])
    rows = before["rows"] + lastday["rows"]
    seconds = before["seconds"] + lastday["seconds"]
    daily = _bench_daily(city, town_file, db, last, repeats)
    return {
        "scale": scale,
        "days": len(all_days),
        "day": last.isoformat(),
        "villages": len(town.villages),
        "population": town.population,
        "sample_seconds": sample_seconds,
        "sample_reused": reused,
        "sample_files": sum(1 for p in sample.rglob("*") if p.is_file()),
        "sample_mb": round(
            sum(p.stat().st_size for p in sample.rglob("*") if p.is_file()) / 2**20, 1
        ),
        "ingest_all": {
            "days": before["days"] + lastday["days"],
            "files": before["files"] + lastday["files"],
            "rows": rows,
            "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds) if seconds else None,
        },
        "format_days": f"first day {first} into an empty store, last day {last} after the others",
        "tables": _per_table(tables),
        "daily": daily["figures"],
        "sizes": daily["sizes"],
        "end": DEMO_END.isoformat(),
    }


def _per_table(rows: list[dict]) -> list[dict]:
    """Rows of both days summed per table and format."""
    out: dict = {}
    for r in rows:
        key = (r["table"], r["format"])
        empty = dict.fromkeys(("files", "rows", "accepted", "rejected"), 0) | {"seconds": 0.0}
        acc = out.setdefault(key, {"table": r["table"], "format": r["format"]} | empty)
        for k in ("files", "rows", "accepted", "rejected", "seconds"):
            acc[k] += r[k]
    for acc in out.values():
        acc["seconds"] = round(acc["seconds"], 3)
        acc["rows_per_s"] = round(acc["rows"] / acc["seconds"]) if acc["seconds"] else None
    return list(out.values())


DAILY_SCRIPT = (
    "import datetime, sys\n"
    "from fangkong.daily import run_daily\n"
    "sys.exit(run_daily([sys.argv[1]], datetime.date.fromisoformat(sys.argv[2]), send=False))\n"
)


def _bench_daily(city: Path, town_file: Path, db: Path, day: dt.date, repeats: int) -> dict:
    """The daily job of the city's last day, ``repeats`` times from scratch, in a child process."""
    from fangkong.runner import REPORTS

    outputs, data = city / "outputs", city / "data"
    env = dict(os.environ)
    env |= {
        "FANGKONG_DB_URL": f"sqlite:///{db}",
        "FANGKONG_DATA_DIR": str(data),
        "FANGKONG_OUTPUTS_DIR": str(outputs),
    }
    env.pop("FANGKONG_NOTEBOOKS_DIR", None)
    seconds, peaks, jobs = [], [], {r: [] for r in REPORTS}
    day_dir = outputs / day.isoformat()
    for _ in range(repeats):
        shutil.rmtree(outputs, ignore_errors=True)  # a rerun would skip what is done
        run = run_measured(
            [sys.executable, "-c", DAILY_SCRIPT, str(town_file), day.isoformat()], env
        )
        manifest = _read_json(day_dir / "manifest.json")
        if run["returncode"] != 0 or manifest.get("status") != "ok":
            raise RuntimeError(f"daily run failed ({run['returncode']}): " + "\n".join(run["tail"]))
        seconds.append(run["seconds"])
        peaks.append(run["peak_mb"])
        for r in REPORTS:
            jobs[r].append(manifest["reports"][r]["seconds"])
    figures = {
        "seconds": stat(seconds),
        "peak_mb": stat(peaks),
        "per_report": {
            r: {"report": stat(jobs[r]), "slowest_cells": slowest_cells(day_dir / f"{r}.ipynb")}
            for r in REPORTS
        },
    }
    return {"figures": figures, "sizes": output_sizes(day_dir, REPORTS)}


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
            (p for p in (day_dir / "outbox" / f"{report}.eml", day_dir / "sent" / f"{report}.eml")
             if p.exists()), None,
        )  # fmt: skip
        if eml is not None:
            raw = eml.read_bytes()
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            sizes["eml_bytes"] = len(raw)
            body = attached = 0
            for part in msg.walk():
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
