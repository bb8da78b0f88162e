"""``fangkong bench``: the benchmarks of issue 7, into ``outputs/bench/``.

Each part works in its own folders and SQLite stores under ``outputs/bench/work/``
(never the user's ``data/``):

- ``floor`` (:func:`fangkong.bench.floor.bench_floor`): three trivial
  notebooks and the three real reports of the demo town, run side by side
  through the same runner, and their ratio;
- ``ingest`` and ``daily`` (:func:`fangkong.bench.city.bench_city`): sample
  data at ``--scale`` K, ingest throughput per table from CSV and from XLSX;
  the daily run's wall time and peak memory of all its processes, and the
  HTML and email sizes.

Generated sample data is kept and reused while its parameters and the sample
generator's code are unchanged; everything measured is measured again.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from fangkong.bench.city import bench_city, bench_daily, output_sizes
from fangkong.bench.floor import bench_floor, slowest_cells
from fangkong.bench.measure import machine, versions
from fangkong.bench.results import check_targets, write_results
from fangkong.bench.sample_data import DEMO_DAYS, QUICK_DEMO_DAYS
from fangkong.settings import get_settings

__all__ = [
    "PARTS",
    "bench_city",
    "bench_command",
    "bench_daily",
    "bench_floor",
    "output_sizes",
    "run_bench",
    "slowest_cells",
]

#: The parts of a benchmark run, in the order they run.
PARTS = ("floor", "ingest", "daily")


def run_bench(
    outdir,
    *,
    repeats: int = 3,
    city_scale: int = 30,
    city_days: int = 30,
    quick: bool = False,
    parts=PARTS,
) -> dict:
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
    parts : iterable of {"floor", "ingest", "daily"}
        Which parts to run. ``daily`` without ``ingest`` reuses the city store
        of an earlier run of the same sample (and ingests when there is none).

    Returns
    -------
    dict
        machine, versions, settings, ``floor`` and ``city`` results, and the
        ``targets`` with the figure measured and whether it is met.
    """
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown part(s) {sorted(unknown)}; parts are {', '.join(PARTS)}")
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
            "parts": ",".join(part for part in PARTS if part in parts),
        },
    }
    if "floor" in parts:
        demo_days = QUICK_DEMO_DAYS if quick else DEMO_DAYS
        results["floor"] = bench_floor(work, repeats=repeats, demo_days=demo_days)
    if "ingest" in parts or "daily" in parts:
        results["city"] = bench_city(
            work,
            scale=city_scale,
            days=city_days,
            repeats=repeats,
            ingest="ingest" in parts,
            daily="daily" in parts,
        )
    results["seconds"] = round(time.perf_counter() - clock, 1)
    results["machine"]["load_average_end"] = machine()["load_average"]
    results["targets"] = check_targets(results)
    write_results(results, outdir)
    return results


def bench_command(args) -> int:
    """The ``fangkong bench`` subcommand.

    Parameters
    ----------
    args : argparse.Namespace
        ``quick`` (bool), ``repeats``, ``scale`` and ``days`` (int or None),
        ``parts`` (list of names of :data:`PARTS`, or None for all) and
        ``outdir`` (path or None; default ``outputs/bench``).

    Returns
    -------
    int
        0 when every target measured was met, 1 otherwise.
    """
    outdir = Path(getattr(args, "outdir", None) or get_settings().outputs_dir / "bench")
    kwargs = {"quick": bool(getattr(args, "quick", False))}
    for name, key in (("repeats", "repeats"), ("scale", "city_scale"), ("days", "city_days")):
        if getattr(args, name, None):
            kwargs[key] = int(getattr(args, name))
    if getattr(args, "parts", None):
        kwargs["parts"] = tuple(args.parts)
    results = run_bench(outdir, **kwargs)
    print((outdir / "results.md").read_text(encoding="utf-8"))
    print(f"results: {outdir / 'results.md'} and {outdir / 'results.json'}")
    return 0 if all(target["met"] for target in results["targets"]) else 1
