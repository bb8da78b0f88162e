"""Run report notebooks for a date: papermill in a process pool, HTML, JSON, manifest.

For a report date D, each report ``NAME`` of the registry gives, under
``outputs/D/`` (:mod:`fangkong.delivery.outputs` names the files):
``NAME.ipynb`` (executed, kept even when it fails, with the error),
``NAME.html`` (one offline page), ``NAME.json`` (the sidecar the notebook
displayed) and ``NAME.png`` (its key chart, for the email); and
``manifest.json`` records every run. ``internal=True`` also runs each report
unmasked into ``outputs/D/internal/``, readable by the owner only. Reports run
in the registry's stages: those reading other reports' sidecars after them.

Parameters are checked by :mod:`fangkong.delivery.parameters` before anything
runs; kernels are started by :mod:`fangkong.delivery.kernels`.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from fangkong import __version__, registry
from fangkong.delivery.kernels import IPCKernelManager
from fangkong.delivery.outputs import (
    INTERNAL_DIR,
    day_folder,
    iso_day,
    read_manifest,
    report_files,
    write_atomic,
    write_json,
    write_manifest,
)
from fangkong.delivery.parameters import (
    ParameterError,
    check_parameters,
    load_parameter_file,
    notebook_parameters,
    redact,
)
from fangkong.settings import get_settings

KERNEL_NAME = "python3"


def available_reports() -> list[str]:
    """The registry's reports that have a notebook in the notebooks folder."""
    folder = Path(get_settings().notebooks_dir)
    return [e.name for e in registry.REPORTS if (folder / e.notebook).exists()]


@dataclass(frozen=True)
class Job:
    """One notebook run: a report, masked or internal, into a folder."""

    report: str
    notebook: str
    out_dir: str
    parameters: dict
    internal: bool = False
    cwd: str | None = None


def run_job(job: Job) -> dict:
    """Execute one report notebook and write its HTML, sidecar and chart.

    Runs in a worker process of :func:`run_reports`.

    Parameters
    ----------
    job : Job

    Returns
    -------
    dict
        The manifest entry: status (``ok`` or ``failed``), started_at,
        finished_at, seconds, parameters (redacted), output file names and
        error (None when it worked).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from fangkong.delivery.render import extract_chart, extract_sidecar, notebook_error, render_html

    out_dir = Path(job.out_dir)
    old_umask = os.umask(0o077) if job.internal else None
    started, clock = datetime.now(), time.perf_counter()
    entry = {"status": "ok", "error": None}
    files = report_files(out_dir, job.report)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        nb = papermill.execute_notebook(
            job.notebook,
            str(files["notebook"]),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            kernel_manager_class=IPCKernelManager,
            progress_bar=False,
            log_output=False,
            cwd=job.cwd,
        )
        outputs = registry.get(job.report).outputs
        payload = extract_sidecar(nb)
        if payload is None:
            raise RuntimeError("the notebook displayed no sidecar")
        if "sidecar" in outputs:
            write_json(files["json"], payload)
        title = f"{payload.get('town', '')} {job.report} {payload.get('report_date', '')}".strip()
        lang = job.parameters.get("lang", "zh")
        if "html" in outputs:
            write_atomic(files["html"], render_html(nb, title=title, lang=lang))
        chart = extract_chart(nb)
        if chart is not None and "chart" in outputs:
            write_atomic(files["chart"], chart)
    except PapermillExecutionError as exc:
        entry = {"status": "failed", "error": f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"}
    except Exception as exc:  # a failed report is recorded, the other reports go on
        error = notebook_error(files["notebook"]) if files["notebook"].exists() else None
        entry = {"status": "failed", "error": error or f"{type(exc).__name__}: {exc}"}
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    if job.internal:
        for path in files.values():
            if path.exists():
                path.chmod(0o600)
    finished = datetime.now()
    entry |= {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "parameters": redact(job.parameters),
        "files": {
            k: str(p.relative_to(out_dir.parent if job.internal else out_dir))
            for k, p in files.items()
            if p.exists()
        },
    }
    return entry


def plan_jobs(
    report_date,
    reports: Iterable[str] = ("quarantine",),
    town_file=None,
    outputs_dir=None,
    internal: bool = False,
    params: Mapping | None = None,
    db_url: str | None = None,
) -> tuple[Path, list[Job]]:
    """Check every parameter and list the notebook runs, before running any.

    Parameters
    ----------
    See :func:`run_reports`.

    Returns
    -------
    (Path, list of Job)
        The day's output folder and the runs.

    Raises
    ------
    ParameterError
        For an unknown report, a missing notebook, or a parameter the
        notebook does not declare.
    """
    settings = get_settings()
    day = iso_day(report_date)
    out_dir = day_folder(outputs_dir or settings.outputs_dir, day)
    town = Path(town_file or settings.default_town).resolve()
    try:
        reports = registry.run_order(reports)
    except registry.UnknownReport as exc:
        raise ParameterError(str(exc)) from None
    jobs = []
    for report in reports:
        entry = registry.get(report)
        if entry.scope != "town":
            raise ParameterError(f"{report}: a report of scope {entry.scope!r} cannot run yet")
        notebook = Path(settings.notebooks_dir) / entry.notebook
        if not notebook.exists():
            raise ParameterError(f"{report}: no notebook at {notebook}")
        declared = notebook_parameters(notebook)
        values = load_parameter_file(report, settings.params_dir, declared)
        overrides = dict(params or {})
        check_parameters(overrides, declared, "run parameters")
        values |= overrides
        values |= {
            "report_date": day,
            "town_file": str(town),
            "db_url": db_url or settings.db_url,
            "mask_pii": True,
        }
        check_parameters(values, declared, str(notebook))
        cwd = str(notebook.parent)
        jobs.append(Job(report, str(notebook), str(out_dir), values, cwd=cwd))
        if internal:
            unmasked = values | {"mask_pii": False}
            jobs.append(
                Job(report, str(notebook), str(out_dir / INTERNAL_DIR), unmasked, True, cwd)
            )
    return out_dir, jobs


def run_reports(
    report_date,
    reports: Iterable[str] = ("quarantine",),
    town_file=None,
    outputs_dir=None,
    internal: bool = False,
    params: Mapping | None = None,
    db_url: str | None = None,
    max_workers: int | None = None,
) -> dict:
    """Run report notebooks for a date in parallel and write the manifest.

    Parameters
    ----------
    report_date : date-like
        The report date D (never read from the clock here).
    reports : iterable of str
        Names from :mod:`fangkong.registry`; they run in its stages.
    town_file : path, optional
        Default: the settings' default town.
    outputs_dir : path, optional
        Default: the settings' outputs folder; the day's folder is ``D`` in it.
    internal : bool
        Also write unmasked copies under ``D/internal/`` (owner-only).
    params : mapping, optional
        Extra notebook parameters for every report (e.g. ``{"lang": "en"}``).
    db_url : str, optional
        Default: the settings' database URL.
    max_workers : int, optional
        Worker processes (default: one per run, at most the CPU count).

    Returns
    -------
    dict
        The manifest, also written to ``D/manifest.json``: report_date,
        status (``ok`` when every run of this call worked), times, version,
        and per report its entry (see :func:`run_job`), with ``internal``
        nested. Reports of the day not run by this call keep the entries an
        earlier call wrote.

    Raises
    ------
    ParameterError
        Before anything runs, for a bad report name or parameter.
    fangkong.store.errors.StoreVersionError
        Before anything runs, for a store the reports cannot read.
    """
    out_dir, jobs = plan_jobs(
        report_date, reports, town_file, outputs_dir, internal, params, db_url
    )
    from fangkong.store.database import open_store

    # A store the notebooks cannot read (behind or ahead of the code) is said once,
    # here, rather than as a failure inside every report.
    open_store(db_url or None).close()
    out_dir.mkdir(parents=True, exist_ok=True)
    if internal:
        (out_dir / INTERNAL_DIR).mkdir(mode=0o700, exist_ok=True)
        (out_dir / INTERNAL_DIR).chmod(0o700)
    started, clock = datetime.now(), time.perf_counter()
    workers = max_workers or max(1, min(len(jobs), os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")  # no forked copies of a parent's threads
    entries = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for stage in registry.stages([job.report for job in jobs]):
            batch = [job for job in jobs if job.report in stage]
            entries |= dict(zip(map(id, batch), pool.map(run_job, batch)))
    # A day's folder can be filled by several calls (``--report welfare`` after a
    # full run): reports not run now keep their earlier entries.
    earlier = read_manifest(out_dir).get("reports", {})
    manifest_reports = earlier if isinstance(earlier, dict) else {}
    for job in jobs:
        entry = entries[id(job)]
        if job.internal:
            manifest_reports[job.report]["internal"] = entry
        else:
            manifest_reports[job.report] = entry
    manifest = {
        "report_date": iso_day(report_date),
        "status": "ok" if all(e["status"] == "ok" for e in entries.values()) else "failed",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "version": __version__,
        "reports": manifest_reports,
    }
    write_manifest(out_dir, manifest)
    return manifest


def run_command(args) -> int:
    """The ``fangkong run`` subcommand.

    Parameters
    ----------
    args : argparse.Namespace
        ``date`` (YYYY-MM-DD), ``report`` (list, or None for every report
        with a notebook, see :func:`available_reports`),
        ``town`` (path or None), ``internal`` (bool), ``outputs`` (path or
        None), ``param`` (list of ``KEY=VALUE`` or None; values read as YAML).

    Returns
    -------
    int
        0 when every report worked, 1 when one failed, 2 for a bad parameter.
    """
    params = {}
    for item in getattr(args, "param", None) or []:
        key, sep, value = item.partition("=")
        if not sep:
            print(f"--param {item!r}: expected KEY=VALUE")
            return 2
        params[key.strip()] = yaml.safe_load(value)
    reports = list(dict.fromkeys(getattr(args, "report", None) or available_reports()))
    try:
        manifest = run_reports(
            args.date,
            reports=reports,
            town_file=getattr(args, "town", None),
            outputs_dir=getattr(args, "outputs", None),
            internal=bool(getattr(args, "internal", False)),
            params=params,
        )
    except ParameterError as exc:
        print(f"error: {exc}")
        return 2
    out_dir = day_folder(getattr(args, "outputs", None) or get_settings().outputs_dir, args.date)
    for name in reports:
        entry = manifest["reports"][name]
        runs = [entry] + ([entry["internal"]] if "internal" in entry else [])
        for run in runs:
            where = out_dir / run["files"].get("html", run["files"].get("notebook", ""))
            line = f"{name}: {run['status']} in {run['seconds']} s -> {where}"
            print(line + (f"\n  {run['error']}" if run["error"] else ""))
    return 0 if manifest["status"] == "ok" else 1
