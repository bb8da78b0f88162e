"""Measuring: medians with their spread, the machine, versions, peak memory of a process tree.

Peak memory is the largest sum, over the samples taken every ``interval``
seconds, of the resident set size (RSS) of a process and all its descendants
(the runner's workers and their kernels). RSS counts pages shared between
processes once per process, so the sum is an upper bound of what the tree
really holds; a short peak between two samples can be missed. With psutil
(installed with ipykernel) the tree is walked through psutil; without it,
through ``/proc``.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

#: Distributions whose versions a result records.
PACKAGES = (
    "fangkong",
    "pandas",
    "numpy",
    "pandera",
    "SQLAlchemy",
    "openpyxl",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "jsonschema",
    "matplotlib",
    "seaborn",
    "jupyterlab",
)


def stat(runs: list[float]) -> dict:
    """Median and spread of repeated measurements.

    Parameters
    ----------
    runs : list of float

    Returns
    -------
    dict
        ``median``, ``min``, ``max`` and ``runs`` (as measured, rounded).
    """
    if not runs:
        raise ValueError("no measurement")
    return {
        "median": round(statistics.median(runs), 3),
        "min": round(min(runs), 3),
        "max": round(max(runs), 3),
        "runs": [round(run, 3) for run in runs],
    }


def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    """Wall time of one call, in seconds, and what it returned."""
    clock = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - clock, out


def machine() -> dict:
    """Cores, memory, processor, system and Python of this machine.

    Returns
    -------
    dict
        ``cores`` (usable by this process), ``memory_gb``, ``cpu``, ``system``,
        ``python`` and ``load_average`` when the benchmark started (other
        work on the machine slows every figure).
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count()
    return {
        "cores": cores,
        "memory_gb": round(_memory_bytes() / 2**30, 1),
        "cpu": _cpu_name(),
        "system": platform.platform(),
        "python": sys.version.split()[0],
        "load_average": (
            [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else []
        ),
    }


def versions() -> dict:
    """Installed version of each of :data:`PACKAGES` (None when not installed)."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _memory_bytes() -> int:
    try:
        import psutil

        return psutil.virtual_memory().total
    except ImportError:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (0 once gone)."""
    try:
        import psutil
    except ImportError:
        return _proc_tree_rss(pid)
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in procs:
        try:
            total += process.memory_info().rss
        except psutil.Error:  # ended between listing and reading
            continue
    return total


def _proc_tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            statm = (entry / "statm").read_text().split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = int(statm[1]) * page
    total, todo = 0, [pid]
    while todo:
        process_id = todo.pop()
        total += rss.get(process_id, 0)
        todo += children.get(process_id, [])
    return total


class PeakMemory:
    """Sample a process tree's memory in a thread, keep the largest sum.

    Parameters
    ----------
    pid : int
        The root process (default: this one, with its workers and kernels).
    interval : float
        Seconds between samples.
    """

    def __init__(self, pid: int | None = None, interval: float = 0.1):
        self.pid = pid or os.getpid()
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        """The peak in MiB."""
        return round(self.peak / 2**20, 1)


def run_measured(cmd: list[str], env: dict, cwd=None, interval: float = 0.1) -> dict:
    """Run a command and measure its wall time and the peak memory of its process tree.

    Parameters
    ----------
    cmd : list of str
    env : dict
        The whole environment of the command.
    cwd : path, optional
    interval : float
        Seconds between memory samples.

    Returns
    -------
    dict
        ``seconds``, ``peak_mb`` (sampled RSS sum of the tree), ``returncode``
        and the last lines of its output (``tail``).
    """
    clock = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    with PeakMemory(proc.pid, interval) as peak:
        out, _ = proc.communicate()
    return {
        "seconds": round(time.perf_counter() - clock, 3),
        "peak_mb": peak.peak_mb,
        "returncode": proc.returncode,
        "tail": out.strip().splitlines()[-15:],
    }
