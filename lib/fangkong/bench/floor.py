"""The floor: trivial notebooks that cost what any report costs before its own work.

Each trivial notebook has the real notebook's parameters cell and import
lines, one line of output and a sidecar, so the runner treats it like the real
one: same parameter checks, a kernel per notebook, papermill, nbconvert, HTML
and sidecar. What the real report takes beyond its floor is the report's own
work (reading the store, computing, charts, tables).
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import nbformat

from fangkong.bench.ingest_bench import ingest_by_day
from fangkong.bench.measure import stat, timed
from fangkong.bench.sample_data import DEMO_DAYS, fresh, prepare_sample
from fangkong.console import progress
from fangkong.registry import names as report_names
from fangkong.settings import get_settings

_IMPORT = re.compile(r"^(from\s+\S+\s+import\s+.+|import\s+.+)$")

SIDECAR_CELL = """\
from fangkong.reports.sidecar import Sidecar

Sidecar({{"report": {report!r}, "report_date": report_date, "town": "", "headline": {{}}}})
"""


def import_lines(notebook: nbformat.NotebookNode) -> list[str]:
    """The import statements of a notebook's code cells, in order, without repeats.

    Parameters
    ----------
    notebook : NotebookNode

    Returns
    -------
    list of str
    """
    lines: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if _IMPORT.match(line.strip()) and line.strip() not in lines:
                lines.append(line.strip())
    return lines


def floor_notebook(real: nbformat.NotebookNode, report: str) -> nbformat.NotebookNode:
    """The trivial twin of a report notebook.

    Parameters
    ----------
    real : NotebookNode
        The report's notebook.
    report : str

    Returns
    -------
    NotebookNode
        The real parameters cell (same tag, same names), the real imports,
        one printed line and a cell tagged ``sidecar``.
    """
    params = [cell for cell in real.cells if "parameters" in cell.metadata.get("tags", [])]
    if len(params) != 1:
        raise ValueError(f"{report}: expected one parameters cell, found {len(params)}")
    cells = [
        nbformat.v4.new_code_cell(params[0].source, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("\n".join(import_lines(real))),
        nbformat.v4.new_code_cell('print("floor", report_date)'),
        nbformat.v4.new_code_cell(
            SIDECAR_CELL.format(report=report), metadata={"tags": ["sidecar"]}
        ),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=real.metadata)
    nbformat.validate(notebook)
    return notebook


def write_floor_notebooks(folder: Path, notebooks_dir: Path | None = None) -> list[Path]:
    """Write the trivial twin of every report notebook into a folder.

    Parameters
    ----------
    folder : Path
    notebooks_dir : Path, optional
        Where the real notebooks are (default: the settings').

    Returns
    -------
    list of Path
        The notebooks written, one per report that has a notebook.
    """
    source = Path(notebooks_dir or get_settings().notebooks_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for report in report_names():
        path = source / f"{report}.ipynb"
        if not path.exists():
            continue
        notebook = floor_notebook(nbformat.read(path, as_version=4), report)
        out = folder / path.name
        nbformat.write(notebook, out)
        written.append(out)
    return written


@contextmanager
def notebooks_from(folder: Path):
    """Point the settings' notebooks folder at ``folder`` for the duration (env var)."""
    previous = os.environ.get("FANGKONG_NOTEBOOKS_DIR")
    os.environ["FANGKONG_NOTEBOOKS_DIR"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("FANGKONG_NOTEBOOKS_DIR", None)
        else:
            os.environ["FANGKONG_NOTEBOOKS_DIR"] = previous


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
        :func:`fangkong.delivery.runner.run_reports` of the three, as
        :func:`fangkong.bench.measure.stat`), ``ratio`` of the medians,
        ``per_report`` (each job's own time and the slowest cells of the
        last real run) and ``ingest`` (the demo ingest, for reference).
    """
    from fangkong.delivery.runner import plan_jobs, run_reports
    from fangkong.sample import DEMO_END
    from fangkong.town import load_town

    settings = get_settings()
    town_file = settings.default_town
    town = load_town(town_file)
    sample, _, _ = prepare_sample(work / f"demo-d{demo_days}", town, demo_days, 1)
    demo = fresh(work / "demo")
    db = demo / "store.db"
    ingest = ingest_by_day(sample, db, town=town, rejects_dir=demo / "rejects")
    floor_dir = demo / "floor_notebooks"
    write_floor_notebooks(floor_dir)
    db_url = f"sqlite:///{db}"
    runs = {"floor": [], "reports": []}
    jobs: dict = {kind: {report: [] for report in report_names()} for kind in ("floor", "reports")}

    def once(kind: str) -> None:
        out = demo / f"out-{kind}"
        shutil.rmtree(out, ignore_errors=True)
        call = dict(reports=report_names(), town_file=town_file, outputs_dir=out, db_url=db_url)
        if kind == "floor":
            with notebooks_from(floor_dir):
                seconds, manifest = timed(run_reports, DEMO_END, **call)
        else:
            seconds, manifest = timed(run_reports, DEMO_END, **call)
        _require_ok(manifest, kind)
        runs[kind].append(seconds)
        for report in report_names():
            jobs[kind][report].append(manifest["reports"][report]["seconds"])

    # Imports the parent pays once (papermill, for the parameter checks) stay out.
    plan_jobs(DEMO_END, report_names(), town_file, demo / "warm-up", db_url=db_url)
    for i in progress(range(repeats), desc="bench.floor", unit="runs"):
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
            report: {
                "floor": stat(jobs["floor"][report]),
                "report": stat(jobs["reports"][report]),
                "slowest_cells": slowest_cells(day_dir / f"{report}.ipynb"),
            }
            for report in report_names()
        },
        "ingest": ingest,
    }


def _require_ok(manifest: dict, what: str) -> None:
    failed = {
        report: entry.get("error")
        for report, entry in manifest["reports"].items()
        if entry["status"] != "ok"
    }
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
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append({"cell": f"`{first.strip()[:40]}`", "seconds": round(seconds, 2)})
    return sorted(cells, key=lambda cell: -cell["seconds"])[:n]
