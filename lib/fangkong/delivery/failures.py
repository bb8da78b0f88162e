"""Why a report failed, said in a few words that are safe to send.

An exception's text can hold anything: a value from the data, a path, or what a
notebook printed (a test printed the environment). What leaves the run (the
manifest, the failure notice) is therefore a *reason*: a code from
:data:`REASONS`, the notebook's cell number and the exception's class name,
never its text. The text goes to the local ``run.log`` only, as ``detail``,
with personal data and known secrets blanked out (:func:`redact_secrets`).
"""

from __future__ import annotations

import errno
import os
import re

from fangkong.catalogue import text

#: Reason codes of a failed report; each has the label ``run.reason.<code>``.
REASONS = (
    "cell_error",  # a notebook cell raised
    "timeout",  # a cell ran too long
    "kernel_died",  # the kernel ended (out of memory, killed)
    "disk_full",  # no space (or over a file-size limit) writing an output
    "cannot_write",  # an output folder that cannot be written
    "notebook_missing",
    "notebook_unreadable",  # the notebook file is not a notebook
    "parameters",  # a parameter file that does not match the notebook
    "no_sidecar",  # the notebook ran but showed no sidecar
    "store",  # the store cannot be read (behind or ahead of the code)
    "worker_died",  # the worker process running the report ended
    "inputs_failed",  # a report it reads failed in the same run (the bulletin)
    "internal",  # anything else: see run.log
)
#: SQLite's messages for a write the disk refused (SQLITE_FULL, SQLITE_IOERR).
_STORE_FULL = ("database or disk is full", "disk I/O error")
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}


def failure(reason: str, detail: str = "", **facts) -> dict:
    """A failed report's manifest fields.

    Parameters
    ----------
    reason : str
        One of :data:`REASONS`.
    detail : str
        The exception's text, for the local log only.
    **facts
        ``cell`` (number), ``exception`` (class name), ``file`` (a file name,
        not a path): the facts the short line may show.

    Returns
    -------
    dict
        ``reason``, ``error`` (the short line, in English), the facts, and
        ``detail``.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown failure reason {reason!r}")
    entry = {"reason": reason, **facts}
    entry["error"] = describe(entry, "en")
    entry["detail"] = detail
    return entry


def failure_of(exc: BaseException) -> dict:
    """The failure fields of an exception raised while running a report.

    Parameters
    ----------
    exc : BaseException

    Returns
    -------
    dict
        As :func:`failure`.
    """
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    name = type(exc).__name__
    if isinstance(exc, PapermillExecutionError):
        if exc.ename in ("CellTimeoutError", "TimeoutError"):
            return failure("timeout", _detail(exc), cell=exc.exec_count)
        detail = f"{exc.ename}: {exc.evalue}"
        if exc.ename == "OperationalError" and any(m in exc.evalue for m in _STORE_FULL):
            # The report writes its alert history into the store: a full disk
            # shows there first, as SQLite's own error.
            return failure("disk_full", detail, cell=exc.exec_count, file=_store_name())
        return failure("cell_error", detail, cell=exc.exec_count, exception=exc.ename)
    if isinstance(exc, CellTimeoutError):
        return failure("timeout", _detail(exc))
    if isinstance(exc, DeadKernelError):
        return failure("kernel_died", _detail(exc))
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
        return failure("disk_full", _detail(exc), file=_file_name(exc))
    if isinstance(exc, OSError) and exc.errno in _CANNOT_WRITE:
        return failure("cannot_write", _detail(exc), file=_file_name(exc))
    if name == "NoSidecar":
        return failure("no_sidecar", _detail(exc))
    return failure("internal", _detail(exc), exception=name)


def describe(entry: dict, lang: str = "zh") -> str:
    """The short line of a failed report, for the notice and the terminal.

    Parameters
    ----------
    entry : dict
        A failed report's manifest entry (``reason`` and its facts). An entry
        of an older manifest without ``reason`` reads as ``internal``.
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    reason = entry.get("reason") if entry.get("reason") in REASONS else "internal"
    facts = {
        "cell": entry.get("cell") if entry.get("cell") is not None else "?",
        "exception": entry.get("exception") or "?",
        "file": entry.get("file") or "?",
        "reports": _titles(entry.get("reports"), lang),
    }
    return text(f"run.reason.{reason}", lang, **facts)


def _titles(reports, lang: str) -> str:
    """``quarantine, welfare`` -> ``居家隔离日报、民生保障日报`` (the reports an entry names)."""
    from fangkong import registry

    names = [n.strip() for n in str(reports or "").split(",") if n.strip()]
    titles = [text(registry.get(n).title_key, lang) if n in registry.names() else n for n in names]
    return ("、" if lang == "zh" else ", ").join(titles) or "?"


def _store_name() -> str:
    """The store's file name (a SQLite store), else the word for it."""
    from fangkong.settings import get_settings

    url = get_settings().db_url
    return url.rsplit("/", 1)[-1] if url.startswith("sqlite") else "database"


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _file_name(exc: OSError) -> str | None:
    # The file's name only: a path can name a person's folder. A temporary file
    # (".NAME.<pid>.partial.ipynb", ".NAME.<random>.tmp") is named by its target.
    if not exc.filename:
        return None
    name = os.path.basename(os.fsdecode(exc.filename))
    match = _TEMPORARY.match(name)
    return "".join(part for part in match.groups() if part) if match else name


_TEMPORARY = re.compile(r"^\.(.+?)\.[^.]+\.(?:partial(\.ipynb)|tmp)$")


def secret_values(settings=None) -> list[str]:
    """The secrets this run knows, to blank out of what it logs.

    Parameters
    ----------
    settings : fangkong.settings.Settings, optional

    Returns
    -------
    list of str
        The SMTP password, the database URL's password and the value of every
        environment variable whose name says it is a secret (at least 4
        characters: a shorter value would blank out ordinary words).
    """
    from fangkong.delivery.workers import SECRET_NAME

    found = {v for k, v in os.environ.items() if SECRET_NAME.search(k)}
    if settings is not None:
        from sqlalchemy.engine import make_url

        from fangkong.settings import smtp_password

        found.add(smtp_password(settings) or "")
        try:
            found.add(make_url(settings.db_url).password or "")
        except Exception:  # an unparsable URL has no password to hide
            pass
    return sorted((v for v in found if v and len(v) >= 4), key=len, reverse=True)


def redact_secrets(line: str, secrets) -> str:
    """``line`` with each secret replaced by ``***``.

    Parameters
    ----------
    line : str
    secrets : iterable of str

    Returns
    -------
    str
    """
    for secret in secrets:
        line = line.replace(secret, "***")
    return line
