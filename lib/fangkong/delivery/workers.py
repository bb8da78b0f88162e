"""The worker processes of a report run: a clean environment, and no orphans.

The runner executes notebooks in a pool of worker processes, and each worker
starts a Jupyter kernel. Two promises hold for them:

- **No secret reaches a kernel.** A worker removes from its own environment,
  before any kernel starts (a kernel inherits it), every variable that holds a
  secret: the SMTP password, ``PGPASSWORD``, any name with PASSWORD, SECRET,
  TOKEN, CREDENTIAL or API_KEY in it; a database URL keeps everything but its
  password. The notebooks get the database URL the same way
  (:func:`public_db_url`).
- **Workers die with the run.** When the process that started the pool ends,
  even by SIGKILL, each worker notices within :data:`WATCH_SECONDS`, ends the
  processes it started and exits; a kernel exits when its worker does
  (ipykernel's parent poller). Nothing finishes a report after its run died.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from fangkong.settings import SECRET_NAME  # the names of variables a kernel never sees

#: How often a worker checks that the run that started it is still there.
WATCH_SECONDS = 0.5
#: Environment variables that hold a database URL: passed on without the password.
DB_URL_VARIABLES = ("FANGKONG_DB_URL",)


def public_db_url(url: str | None) -> str | None:
    """A database URL without its password (the rest kept as written).

    Parameters
    ----------
    url : str or None

    Returns
    -------
    str or None
        The URL with no password in it; a server's password is read by the
        database driver from its own password file (libpq's ``.pgpass``).
    """
    if not url:
        return url
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if parsed.password is None:
        return url
    # URL.set(password=None) keeps the password: None there means "unchanged".
    bare = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def kernel_environment(environ, dotenv=None) -> dict[str, str]:
    """The environment a worker and its kernels keep.

    Parameters
    ----------
    environ : mapping
        Usually ``os.environ``.
    dotenv : mapping, optional
        The values of the project's ``.env``. Its settings are copied into the
        environment (the environment winning), secrets left out, and
        ``FANGKONG_DOTENV=off`` tells fangkong in a kernel not to read the file:
        a notebook printing its settings finds no password there either.

    Returns
    -------
    dict
        Without secrets (see the module docstring).
    """
    clean = {}
    for name, value in {**(dotenv or {}), **environ}.items():
        if SECRET_NAME.search(name):
            continue
        clean[name] = public_db_url(value) if name in DB_URL_VARIABLES else value
    if dotenv is not None:
        clean["FANGKONG_DOTENV"] = "off"
    return clean


def _start_worker(parent_pid: int, parent_started: float) -> None:
    """Pool initializer: drop secrets from the environment, then watch the parent."""
    from fangkong.settings import dotenv_settings

    clean = kernel_environment(os.environ, dotenv_settings())
    for name in list(os.environ):
        if name not in clean:
            del os.environ[name]
    os.environ.update(clean)
    watcher = threading.Thread(
        target=_watch_parent, args=(parent_pid, parent_started), daemon=True, name="fangkong-watch"
    )
    watcher.start()


#: Seconds two start times of one process may differ by (btime jitter).
START_TOLERANCE = 2.0


def _alive(pid: int, started: float) -> bool:
    import psutil

    try:
        # A pid can be reused by another process: the start time tells them apart.
        # Not by equality: psutil adds the boot time read afresh from /proc/stat,
        # whose btime can move by a second, and a worker then took its living
        # parent for dead and ended mid-report (seen in the test suite).
        return abs(psutil.Process(pid).create_time() - started) < START_TOLERANCE
    except psutil.Error:
        return False


def _watch_parent(parent_pid: int, parent_started: float) -> None:
    import time

    while _alive(parent_pid, parent_started):
        time.sleep(WATCH_SECONDS)
    end_children()
    os._exit(1)


def end_children(grace: float = 2.0) -> None:
    """End every process this one started (kernels), then return.

    Parameters
    ----------
    grace : float
        Seconds between asking them to end and killing them.
    """
    import psutil

    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A pool of report workers (see the module docstring).

    Parameters
    ----------
    max_workers : int

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
        Started with ``spawn`` (no forked copies of the parent's threads).
    """
    import psutil

    me = psutil.Process()
    return ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(me.pid, me.create_time()),
    )
