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

import logging
import os
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import yaml

from fangkong import __version__, registry
from fangkong.delivery.execute import Job, run_job
from fangkong.delivery.outputs import (
    INTERNAL_DIR,
    day_folder,
    iso_day,
    read_manifest,
    write_manifest,
)
from fangkong.delivery.parameters import (
    ParameterError,
    check_parameters,
    load_parameter_file,
    notebook_parameters,
)
from fangkong.delivery.workers import public_db_url, worker_pool
from fangkong.settings import get_settings

log = logging.getLogger("fangkong.delivery.runner")


def available_reports() -> list[str]:
    """The registry's reports that have a notebook in the notebooks folder."""
    folder = Path(get_settings().notebooks_dir)
    return [e.name for e in registry.REPORTS if (folder / e.notebook).exists()]


def plan_jobs(
    report_date,
    reports: Iterable[str] = ("quarantine",),
    town_file=None,
    outputs_dir=None,
    internal: bool = False,
    params: Mapping | None = None,
    db_url: str | None = None,
    failed: dict | None = None,
) -> tuple[Path, list[Job]]:
    """Check every parameter and list the notebook runs, before running any.

    Parameters
    ----------
    failed : dict, optional
        Where a report that cannot run (no notebook, a file that is not a
        notebook, a parameter file that does not match it) is recorded as
        report -> failure fields, so that the others still run. Without it
        such a report raises :class:`ParameterError`.
    Others : see :func:`run_reports`.

    Returns
    -------
    (Path, list of Job)
        The day's output folder and the runs.

    Raises
    ------
    ParameterError
        For an unknown report or a run parameter a notebook does not declare;
        without ``failed``, also for a report that cannot run.
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
        try:
            declared, values = _notebook_and_parameter_file(report, notebook, settings.params_dir)
        except _ReportUnplanned as exc:
            if failed is None:
                raise ParameterError(str(exc)) from None
            failed[report] = exc.failure
            continue
        overrides = dict(params or {})
        check_parameters(overrides, declared, "run parameters")
        values |= overrides
        values |= {
            "report_date": day,
            "town_file": str(town),
            # Without its password: a notebook's parameters are written into the
            # executed notebook (see fangkong.delivery.workers).
            "db_url": public_db_url(db_url or settings.db_url),
            "mask_pii": True,
        }
        if entry.reads_reports:  # the folder of the sidecars it reads: the day's own
            values["reports_dir"] = str(out_dir)
        check_parameters(values, declared, str(notebook))
        cwd = str(notebook.parent)
        limit = settings.cell_timeout
        jobs.append(Job(report, str(notebook), str(out_dir), values, cwd=cwd, timeout=limit))
        if internal:
            unmasked = values | {"mask_pii": False}
            internal_dir = str(out_dir / INTERNAL_DIR)
            if entry.reads_reports:
                unmasked["reports_dir"] = internal_dir
            jobs.append(Job(report, str(notebook), internal_dir, unmasked, True, cwd, limit))
    return out_dir, jobs


class _ReportUnplanned(Exception):
    def __init__(self, message: str, failure: dict):
        super().__init__(message)
        self.failure = failure


def _notebook_and_parameter_file(report: str, notebook: Path, params_dir) -> tuple[dict, dict]:
    """A report's declared parameters and parameter file, or why it cannot run."""
    from fangkong.delivery.failures import failure

    if not notebook.exists():
        message = f"{report}: no notebook at {notebook}"
        raise _ReportUnplanned(message, failure("notebook_missing", message, file=notebook.name))
    try:
        declared = notebook_parameters(notebook)
    except Exception as exc:  # nbformat and papermill raise many kinds for a broken file
        message = f"{report}: {notebook} is not a notebook that can be read: {exc}"
        raise _ReportUnplanned(
            message, failure("notebook_unreadable", message, file=notebook.name)
        ) from None
    try:
        return declared, load_parameter_file(report, params_dir, declared)
    except ParameterError as exc:
        raise _ReportUnplanned(
            str(exc), failure("parameters", str(exc), file=f"{report}.yaml")
        ) from None


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
    failed: dict = {}
    out_dir, jobs = plan_jobs(
        report_date, reports, town_file, outputs_dir, internal, params, db_url, failed
    )
    from fangkong.delivery.freshness import input_fingerprints
    from fangkong.store.database import open_store

    # A store the notebooks cannot read (behind or ahead of the code) is said once,
    # here, rather than as a failure inside every report.
    store = open_store(db_url or None)
    try:
        inputs = input_fingerprints(
            store, town_file or get_settings().default_town, report_date, [j.report for j in jobs]
        )
    finally:
        store.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    if internal:
        (out_dir / INTERNAL_DIR).mkdir(mode=0o700, exist_ok=True)
        (out_dir / INTERNAL_DIR).chmod(0o700)
    started, clock = datetime.now(), time.perf_counter()
    entries = _run_jobs(jobs, max_workers, set(failed))
    # A day's folder can be filled by several calls (``--report welfare`` after a
    # full run): reports not run now keep their earlier entries.
    before = read_manifest(out_dir)
    earlier = before.get("reports", {})
    manifest_reports = earlier if isinstance(earlier, dict) else {}
    for report, fields in failed.items():
        entries[report] = {"status": "failed", **fields}
        manifest_reports[report] = entries[report]
    for job in jobs:
        entry = entries[id(job)]
        entry["inputs"] = inputs.get(job.report)
        if job.internal:
            manifest_reports[job.report]["internal"] = entry
        else:
            manifest_reports[job.report] = entry
    _log_details(entries, jobs)
    manifest = {
        "report_date": iso_day(report_date),
        "status": "ok" if all(e["status"] == "ok" for e in entries.values()) else "failed",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "version": __version__,
        "reports": manifest_reports,
    }
    if "mail" in before:  # the history of what was sent stays with the day
        manifest["mail"] = before["mail"]
    write_manifest(out_dir, manifest)
    return manifest


def _run_jobs(jobs: list[Job], max_workers: int | None, unplanned=frozenset()) -> dict:
    """Run the jobs stage by stage in a worker pool; job id -> entry.

    A report that reads a report which failed in this run (or could not be
    planned: ``unplanned``) is not run: it would read yesterday's run's files.

    A worker that dies (killed, out of memory) fails its report alone: the
    pool is made again for the jobs still to run.
    """
    from concurrent.futures.process import BrokenProcessPool

    from fangkong.delivery.failures import failure, failure_of

    entries: dict = {}
    if not jobs:
        return entries
    workers = max_workers or max(1, min(len(jobs), os.cpu_count() or 1))
    with worker_pool(workers) as pool:
        broken = []
        for stage in registry.stages(list(dict.fromkeys(job.report for job in jobs))):
            batch = [job for job in jobs if job.report in stage]
            for job in batch:  # a report whose inputs failed in this run is not run
                failed = _failed_inputs(job, jobs, entries, unplanned)
                if failed:
                    entries[id(job)] = {"status": "failed"} | failure(
                        "inputs_failed", "", reports=", ".join(failed)
                    )
            batch = [job for job in batch if id(job) not in entries]
            futures = {id(job): pool.submit(run_job, job) for job in batch}
            for job in batch:
                try:
                    entries[id(job)] = futures[id(job)].result()
                except BrokenProcessPool:
                    broken.append(job)
                except Exception as exc:  # anything else fails this report alone
                    entries[id(job)] = {"status": "failed"} | failure_of(exc)
            if broken:
                break
    # A dead worker breaks the whole pool: each report it took down is run
    # again alone, so that only the one that kills its worker fails.
    for job in [*broken, *(j for j in jobs if id(j) not in entries and j not in broken)]:
        with worker_pool(1) as alone:
            try:
                entries[id(job)] = alone.submit(run_job, job).result()
            except BrokenProcessPool as exc:
                entries[id(job)] = {"status": "failed"} | failure("worker_died", str(exc))
            except Exception as exc:
                entries[id(job)] = {"status": "failed"} | failure_of(exc)
    return entries


def _failed_inputs(job: Job, jobs: list[Job], entries: dict, unplanned) -> list[str]:
    """The reports a job reads that failed earlier in this run (same copy: masked or internal)."""
    reads = registry.get(job.report).reads_reports
    failed = [r for r in reads if r in unplanned]
    failed += [
        other.report
        for other in jobs
        if other.report in reads
        and other.internal == job.internal
        and entries.get(id(other), {}).get("status", "ok") != "ok"
    ]
    return [r for r in reads if r in failed]


def _log_details(entries: dict, jobs: list[Job]) -> None:
    """Log each failure's detail (redacted) and take it out of the entries."""
    from fangkong.delivery.failures import redact_secrets, secret_values
    from fangkong.masking import scrub_text

    secrets = secret_values(get_settings())
    names = {id(job): job.report + (" (internal)" if job.internal else "") for job in jobs}
    for key, entry in entries.items():
        detail = entry.pop("detail", None)
        if entry["status"] != "ok":
            log.error(
                "report %s failed: %s%s",
                names.get(key, key),
                entry.get("error"),
                f"; {scrub_text(redact_secrets(detail, secrets))}" if detail else "",
            )


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
    from fangkong.catalogue import text
    from fangkong.delivery.failures import describe

    lang = getattr(args, "lang", "zh")
    out_dir = day_folder(getattr(args, "outputs", None) or get_settings().outputs_dir, args.date)
    for name in reports:
        entry = manifest["reports"][name]
        runs = [entry] + ([entry["internal"]] if "internal" in entry else [])
        for run in runs:
            files = run.get("files", {})
            where = out_dir / files.get("html", files.get("notebook", ""))
            status = text(f"cli.run.{'ok' if run['status'] == 'ok' else 'failed'}", lang)
            seconds = run.get("seconds", 0)
            line = text("cli.run.line", lang, report=name, status=status, seconds=seconds)
            print(f"{line} -> {where}")
            if run["status"] != "ok":
                print(f"  {describe(run, lang)}")
    return 0 if manifest["status"] == "ok" else 1
