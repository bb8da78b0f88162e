"""One report notebook run, in a worker process: papermill, then HTML, sidecar, chart, Word.

:func:`run_job` is what each worker of :func:`fangkong.delivery.runner.run_reports`
executes. It never raises: a failure is returned as a manifest entry with a
reason (:mod:`fangkong.delivery.failures`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fangkong import registry
from fangkong.catalogue import text
from fangkong.delivery.kernels import IPCKernelManager
from fangkong.delivery.outputs import report_files, write_atomic, write_json
from fangkong.delivery.parameters import redact

KERNEL_NAME = "python3"


@dataclass(frozen=True)
class Job:
    """One notebook run: a report, masked or internal, into a folder."""

    report: str
    notebook: str
    out_dir: str
    parameters: dict
    internal: bool = False
    cwd: str | None = None
    #: Seconds a cell may run before the report fails with reason ``timeout``.
    timeout: int | None = None


def run_job(job: Job) -> dict:
    """Execute one report notebook and write its HTML, sidecar and chart.

    Runs in a worker process of :func:`run_reports`. Every file is written
    whole or not at all: the notebook goes to a temporary file renamed when
    papermill is done (kept when a cell failed: it shows the error), the others
    through :func:`fangkong.delivery.outputs.write_atomic`. A failed run leaves
    an earlier run's files as they were.

    Parameters
    ----------
    job : Job

    Returns
    -------
    dict
        The manifest entry: status (``ok`` or ``failed``), started_at,
        finished_at, seconds, parameters (redacted), output file names; when
        it failed, ``reason`` (a code of :mod:`fangkong.delivery.failures`) and
        ``error`` (a short line with no exception text); and ``detail``, the
        exception's text, for the local log only (the caller takes it out
        before writing the manifest).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from fangkong.delivery.failures import failure_of
    from fangkong.delivery.render import (
        extract_chart,
        extract_document,
        extract_sidecar,
        render_html,
    )

    out_dir = Path(job.out_dir)
    old_umask = os.umask(0o077) if job.internal else None
    started, clock = datetime.now(), time.perf_counter()
    entry = {"status": "ok", "error": None}
    files = report_files(out_dir, job.report)
    # Ends in .ipynb, as papermill wants: ".NAME.<pid>.partial.ipynb".
    notebook = files["notebook"]
    partial = notebook.with_name(f".{notebook.stem}.{os.getpid()}.partial{notebook.suffix}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            nb = papermill.execute_notebook(
                job.notebook,
                str(partial),
                parameters=job.parameters,
                kernel_name=KERNEL_NAME,
                kernel_manager_class=IPCKernelManager,
                progress_bar=False,
                log_output=False,
                execution_timeout=job.timeout,
                cwd=job.cwd,
            )
        except PapermillExecutionError:
            os.replace(partial, files["notebook"])  # complete: it shows the error
            raise
        os.replace(partial, files["notebook"])
        outputs = registry.get(job.report).outputs
        payload = extract_sidecar(nb)
        if payload is None:
            raise NoSidecar("the notebook displayed no sidecar")
        if "sidecar" in outputs:
            write_json(files["json"], payload)
        lang = job.parameters.get("lang", "zh")
        # The page's title is what a browser prints atop every page: the report's
        # own title, in the report's language ("贾峪镇 居家隔离日报 2020-03-10").
        name = text(registry.get(job.report).title_key, lang)
        title = f"{payload.get('town', '')} {name} {payload.get('report_date', '')}".strip()
        if "html" in outputs:
            write_atomic(files["html"], render_html(nb, title=title, lang=lang))
        chart = extract_chart(nb)
        if chart is not None and "chart" in outputs:
            write_atomic(files["chart"], chart)
        elif chart is None:  # an earlier run's chart would be mailed with today's figures
            files["chart"].unlink(missing_ok=True)
        document = extract_document(nb) if "docx" in outputs else None
        if document is not None:
            write_atomic(files["docx"], document)
        elif "docx" in outputs:
            raise NoSidecar("the notebook displayed no Word file")
    except Exception as exc:  # a failed report is recorded, the other reports go on
        entry = {"status": "failed"} | failure_of(exc)
    finally:
        partial.unlink(missing_ok=True)
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


class NoSidecar(RuntimeError):
    """A report notebook ran but displayed no sidecar."""
