"""Run report notebooks for a date: papermill in a process pool, HTML, JSON, manifest.

For a report date D, each report ``NAME`` gives, under ``outputs/D/``:
``NAME.ipynb`` (executed, kept even when it fails, with the error),
``NAME.html`` (one offline page), ``NAME.json`` (the sidecar the notebook
displayed) and ``NAME.png`` (its key chart, for the email); and
``manifest.json`` records every run. ``internal=True`` also runs each report
unmasked into ``outputs/D/internal/``, readable by the owner only.

Parameters come from ``params/NAME.yaml`` and the caller, and are checked
against those the notebook declares: an unknown key is an error here, not a
papermill warning. Each kernel talks over IPC sockets in its own temporary
folder, because parallel kernels on TCP ports now and then collide ("Address
already in use", "Kernel died before replying"); where there are no Unix
sockets (Windows), over TCP on localhost.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from fangkong import __version__
from fangkong.settings import get_settings

#: Reports the runner knows, in the order they are listed in the manifest.
REPORTS = ("quarantine", "welfare", "reopening")
#: Parameters the runner sets itself; a parameter file may not set them.
RUNNER_PARAMETERS = ("report_date", "town_file", "db_url", "mask_pii")
KERNEL_NAME = "python3"
INTERNAL_DIR = "internal"
_SECRET_KEY = re.compile(r"password|secret|token|passwd|api_key", re.IGNORECASE)
#: zmq's ipc transport needs Unix domain sockets.
USE_IPC = os.name == "posix"


class ParameterError(ValueError):
    """A parameter file or override that does not match the notebook's parameters."""


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel uses IPC sockets in a folder of its own.

    Unix sockets named by a fresh temporary folder cannot collide between
    kernels started in parallel, unlike TCP ports picked then bound later.
    Without Unix sockets (:data:`USE_IPC` false: Windows) the kernel uses TCP
    on localhost, jupyter_client's default.
    """

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc" if USE_IPC else "tcp"

    @default("ip")
    def _default_ip(self) -> str:
        if not USE_IPC:
            return "127.0.0.1"
        self._ipc_dir = tempfile.mkdtemp(prefix="fangkong-kernel-")
        return os.path.join(self._ipc_dir, "kernel")

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts a kernel before asking it to shut down. The
        # runner shuts a kernel down once its notebook is done, with nothing to
        # interrupt; the signal only made ipykernel log "ERROR | KeyboardInterrupt
        # caught in kernel." into the daily job's log now and then. An interrupt
        # asked for otherwise (a cell's timeout) still goes through.
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "_ipc_dir", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)


def available_reports() -> list[str]:
    """The reports of :data:`REPORTS` that have a notebook in the notebooks folder."""
    folder = Path(get_settings().notebooks_dir)
    return [r for r in REPORTS if (folder / f"{r}.ipynb").exists()]


def notebook_parameters(notebook: str | Path) -> dict:
    """The parameters a notebook declares in its ``parameters`` cell.

    Parameters
    ----------
    notebook : path

    Returns
    -------
    dict
        Name -> papermill's description (``default``, ``help``, type).
    """
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(values: Mapping, declared: Iterable[str], source: str) -> None:
    """Fail on any key the notebook does not declare.

    Parameters
    ----------
    values : mapping
    declared : iterable of str
    source : str
        Where the values come from, for the message.

    Raises
    ------
    ParameterError
        Naming each unknown key, with the closest declared name if any.
    """
    declared = list(declared)
    problems = []
    for key in values:
        if key not in declared:
            close = difflib.get_close_matches(str(key), declared, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{key!r}{hint}")
    if problems:
        raise ParameterError(
            f"{source}: unknown parameter {', '.join(problems)}; "
            f"the notebook declares {', '.join(declared)}"
        )


def load_parameter_file(report: str, params_dir: Path, declared: Iterable[str]) -> dict:
    """Read and check ``params/<report>.yaml`` (absent -> no parameters).

    Parameters
    ----------
    report : str
    params_dir : Path
    declared : iterable of str
        The notebook's parameter names.

    Returns
    -------
    dict

    Raises
    ------
    ParameterError
        For a file that is not a mapping, a key the notebook does not declare,
        or a key the runner sets itself.
    """
    path = Path(params_dir) / f"{report}.yaml"
    if not path.exists():
        return {}
    values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(values, dict):
        raise ParameterError(f"{path}: a parameter file is a mapping of names to values")
    check_parameters(values, declared, str(path))
    owned = [k for k in values if k in RUNNER_PARAMETERS]
    if owned:
        raise ParameterError(f"{path}: {', '.join(owned)} is set by the runner, not by this file")
    return values


def redact(parameters: Mapping) -> dict:
    """Parameters as written to the manifest: no password, secret or token.

    Parameters
    ----------
    parameters : mapping

    Returns
    -------
    dict
        A copy; a database URL loses its password, secret-looking keys are
        replaced by ``***``.
    """
    from sqlalchemy.engine import make_url

    out = {}
    for key, value in parameters.items():
        if _SECRET_KEY.search(str(key)):
            out[key] = "***"
        elif key == "db_url" and value:
            out[key] = make_url(str(value)).render_as_string(hide_password=True)
        else:
            out[key] = value
    return out


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
    files = {
        "notebook": out_dir / f"{job.report}.ipynb",
        "html": out_dir / f"{job.report}.html",
        "json": out_dir / f"{job.report}.json",
        "chart": out_dir / f"{job.report}.png",
    }
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
        payload = extract_sidecar(nb)
        if payload is None:
            raise RuntimeError("the notebook displayed no sidecar")
        files["json"].write_text(
            json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        title = f"{payload.get('town', '')} {job.report} {payload.get('report_date', '')}".strip()
        lang = job.parameters.get("lang", "zh")
        files["html"].write_text(render_html(nb, title=title, lang=lang), encoding="utf-8")
        chart = extract_chart(nb)
        if chart is not None:
            files["chart"].write_bytes(chart)
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
    day = _iso_day(report_date)
    out_dir = Path(outputs_dir or settings.outputs_dir) / day
    town = Path(town_file or settings.default_town).resolve()
    reports = list(dict.fromkeys(reports))
    jobs = []
    for report in reports:
        if report not in REPORTS:
            raise ParameterError(f"unknown report {report!r}; known: {', '.join(REPORTS)}")
        notebook = Path(settings.notebooks_dir) / f"{report}.ipynb"
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
        Names from :data:`REPORTS`.
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
    """
    out_dir, jobs = plan_jobs(
        report_date, reports, town_file, outputs_dir, internal, params, db_url
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    if internal:
        (out_dir / INTERNAL_DIR).mkdir(mode=0o700, exist_ok=True)
        (out_dir / INTERNAL_DIR).chmod(0o700)
    started, clock = datetime.now(), time.perf_counter()
    workers = max_workers or max(1, min(len(jobs), os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")  # no forked copies of a parent's threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        entries = list(pool.map(run_job, jobs))
    # A day's folder can be filled by several calls (``--report welfare`` after a
    # full run): reports not run now keep their earlier entries.
    manifest_reports = _earlier_reports(out_dir / "manifest.json")
    for job, entry in zip(jobs, entries):
        if job.internal:
            manifest_reports[job.report]["internal"] = entry
        else:
            manifest_reports[job.report] = entry
    manifest = {
        "report_date": _iso_day(report_date),
        "status": "ok" if all(e["status"] == "ok" for e in entries) else "failed",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "version": __version__,
        "reports": manifest_reports,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _earlier_reports(path: Path) -> dict:
    try:
        reports = json.loads(path.read_text(encoding="utf-8")).get("reports", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return reports if isinstance(reports, dict) else {}


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
    out_dir = (
        Path(getattr(args, "outputs", None) or get_settings().outputs_dir) / manifest["report_date"]
    )
    for name in reports:
        entry = manifest["reports"][name]
        runs = [entry] + ([entry["internal"]] if "internal" in entry else [])
        for run in runs:
            where = out_dir / run["files"].get("html", run["files"].get("notebook", ""))
            line = f"{name}: {run['status']} in {run['seconds']} s -> {where}"
            print(line + (f"\n  {run['error']}" if run["error"] else ""))
    return 0 if manifest["status"] == "ok" else 1


def _iso_day(value) -> str:
    import pandas as pd

    return pd.Timestamp(value).strftime("%Y-%m-%d")
