"""``fangkong daily``: the one command cron runs.

For each town and the report date: ingest the day's inbox (files are archived
afterwards, never deleted), run the reports of the registry, write one email
per report to the outbox and send it. A rerun for the same date redoes only
what failed and sends nothing twice (unless ``resend``). A lock per town and
date keeps two runs apart. Everything is logged to ``<day folder>/run.log``.

Folders: with one town, outputs go to ``outputs/D/`` and the inbox is
``data/inbox/D/``; with several towns, ``outputs/<town id>/D/`` and
``data/inbox/<town id>/D/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import socket
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from fangkong import registry
from fangkong.console import Steps
from fangkong.delivery.emails import send_earlier, send_outbox, write_emails
from fangkong.delivery.outputs import day_folder, read_manifest, write_manifest
from fangkong.masking import scrub_text
from fangkong.safe_files import make_private, private_tree
from fangkong.settings import Settings, get_settings
from fangkong.store.errors import StoreVersionError
from fangkong.town import Town, load_town

log = logging.getLogger("fangkong.delivery.daily")


class AlreadyRunning(RuntimeError):
    """Another run holds the lock for this town and date."""


def today_in(timezone: str) -> dt.date:
    """Today's date in a time zone: the one place fangkong reads the clock."""
    return dt.datetime.now(ZoneInfo(timezone)).date()


def town_files(paths) -> list[Path]:
    """Town files named, and the ``*.yaml`` town files in folders named."""
    found = []
    for p in map(Path, paths):
        found += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    return [p for p in found if _is_town_file(p)]


def _is_town_file(path: Path) -> bool:
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return True  # let load_town say what is wrong with it
    return isinstance(raw, dict) and "villages" in raw


@dataclass
class Places:
    """Where one town's run reads and writes."""

    outputs: Path  # the folder that holds the day folders
    day: Path
    inbox: Path
    archive: Path


def places(settings: Settings, town: Town, day: dt.date, several: bool) -> Places:
    """The folders of a town's run (see the module docstring)."""
    sub = Path(town.id) if several else Path()
    outputs = settings.outputs_dir / sub
    return Places(
        outputs=outputs,
        day=day_folder(outputs, day),
        inbox=settings.inbox_dir / sub / day.isoformat(),
        archive=settings.archive_dir / sub / day.isoformat(),
    )


@contextmanager
def day_lock(day_dir: Path):
    """Hold the lock of a town's day; raise :class:`AlreadyRunning` naming the holder.

    The lock is the operating system's (it ends with its process, even one
    killed by SIGKILL); ``.lock.info`` beside it says who holds it. An info
    file found when the lock is free was left by a run that died: it is taken
    over, and the log says whose it was.
    """
    day_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(day_dir / ".lock"))
    info = day_dir / ".lock.info"
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = info.read_text(encoding="utf-8").strip() if info.exists() else "unknown"
        raise AlreadyRunning(f"another fangkong daily run holds {day_dir} ({holder})") from None
    try:
        if info.exists():
            left = info.read_text(encoding="utf-8").strip() or "unknown"
            log.warning(
                "lock of %s: taken over from a run that ended without releasing it (%s)",
                day_dir,
                left,
            )
        started = dt.datetime.now().isoformat(timespec="seconds")
        info.write_text(
            f"pid {os.getpid()} on {socket.gethostname()} since {started}\n", encoding="utf-8"
        )
        yield
    finally:
        info.unlink(missing_ok=True)
        lock.release()


class SecretsBlanked(logging.Formatter):
    """A log formatter that blanks out every secret the run knows (tracebacks too).

    An exception's text can hold anything, a secret included; the run's log
    lines are written to run.log and, under cron, mailed by cron.
    """

    def format(self, record: logging.LogRecord) -> str:
        from fangkong.delivery.failures import redact_secrets, secret_values

        try:
            secrets = secret_values(get_settings())
        except Exception:  # settings that cannot be read: the environment's secrets
            secrets = secret_values()
        return redact_secrets(super().format(record), secrets)


@contextmanager
def run_log(path: Path):
    """Send fangkong's log lines to ``path`` as well as to the terminal or cron."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(SecretsBlanked("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger("fangkong")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()


def ingest_inbox(store, town: Town, day: dt.date, where: Places, settings: Settings) -> bool:
    """Ingest and archive the day's inbox; True when every file could be read."""
    from fangkong.ingest.batch import ingest_paths
    from fangkong.ingest.files import expand

    files = expand([where.inbox]) if where.inbox.exists() else []
    if not files:
        log.info("inbox %s: no files", where.inbox)
        return True
    report = ingest_paths(
        files, store=store, town=town, submitted_on=day, rejects_dir=settings.rejects_dir
    )
    # run.log is kept and read by others: a file's name or error (a sheet
    # named after a person, say) may hold an ID or a mobile, masked as the CLI does.
    for f in report.files:
        log.log(
            logging.WARNING if f.status == "unreadable" else logging.INFO,
            "ingest %s: %s, %d in = %d accepted + %d rejected, %d warnings%s",
            scrub_text(f.path.name),
            f.status,
            f.rows_in,
            f.accepted,
            f.rejected,
            f.warnings,
            f": {scrub_text(f.error)}" if f.error else "",
        )
    # The originals hold full IDs, names and phones: owner-only, never mailed.
    for path in files:
        target = where.archive / path.relative_to(where.inbox)
        private_tree(settings.archive_dir, target.parent)
        n = 1
        while target.exists():  # never overwrite an archived file
            target = target.with_name(f"{target.stem}.{n}{target.suffix}")
            n += 1
        shutil.move(str(path), target)
        make_private(target)
    log.info("inbox: %d file(s) archived to %s", len(files), where.archive)
    return report.exit_code == 0


def run_reports_once(town_file: Path, day: dt.date, where: Places, reports, store) -> dict:
    """Run the reports not yet produced, failed, or whose inputs changed since.

    A report whose inputs are as they were when it was made is kept; every
    other one is run again, and the log says which and why
    (:mod:`fangkong.delivery.freshness`). Whatever goes wrong, the manifest
    returned has an entry for every report: one the run could not even start
    is failed with the reason ``internal`` (the traceback is in run.log).
    """
    from fangkong.delivery.failures import failure
    from fangkong.delivery.freshness import changed_reports, input_fingerprints
    from fangkong.delivery.runner import run_reports

    before = read_manifest(where.day)
    now = input_fingerprints(store, town_file, day, reports)
    todo = changed_reports(before, now, reports)
    if not todo:
        log.info("reports: all produced for %s, and their inputs are unchanged", day)
        return before
    for report, why in todo.items():
        log.info("reports: %s runs: %s", report, why)
    try:
        fresh = run_reports(day, reports=list(todo), town_file=town_file, outputs_dir=where.outputs)
    except Exception as exc:  # the run itself broke: each report fails, the notices go out
        log.exception("reports: the run could not start: %s", exc)
        fresh = dict(before)
        fresh["reports"] = dict(before.get("reports", {}))
        for report in todo:
            fields = failure("internal", exception=type(exc).__name__)
            fields.pop("detail")
            fresh["reports"][report] = {"status": "failed", **fields}
    entries = fresh.get("reports", {})
    fresh["reports"] = {r: entries[r] for r in reports if r in entries}
    fresh["status"] = (
        "ok" if all(e["status"] == "ok" for e in fresh["reports"].values()) else "failed"
    )
    for name in todo:
        entry = fresh["reports"].get(name, {})
        log.log(
            logging.INFO if entry.get("status") == "ok" else logging.ERROR,
            "report %s: %s%s",
            name,
            entry.get("status"),
            f" ({entry['error']})" if entry.get("error") else f" in {entry.get('seconds')} s",
        )
    write_manifest(where.day, fresh)
    return fresh


def run_town(
    town_file: Path,
    day: dt.date | None,
    *,
    several: bool,
    send: bool = True,
    resend: bool = False,
    settings: Settings | None = None,
    reports=None,
) -> bool:
    """The daily run of one town. Returns True when everything succeeded."""
    from fangkong.store.database import open_store

    settings = settings or get_settings()
    town = load_town(town_file)
    day = day or today_in(town.timezone)
    where = places(settings, town, day, several)
    # The log first: taking over a lock left by a dead run is said in run.log.
    with run_log(where.day / "run.log"), day_lock(where.day):
        log.info("daily run: %s (%s), %s", town.name, town.id, day)
        # run.log is the office's technical record: in English, as the rest of it.
        step = Steps(4 if send else 3, log=log, lang="en")
        step("ingest")
        try:  # the daily job writes: a store behind the code is upgraded (and logged)
            store = open_store(settings.db_url, upgrade=True)
        except StoreVersionError as exc:
            log.error("%s", exc)
            raise
        try:
            ok = ingest_inbox(store, town, day, where, settings)
        except Exception as exc:  # the reports still run on what the store holds
            log.exception("ingest failed: %s", exc)
            ok = False
        step("reports")
        manifest = run_reports_once(town_file, day, where, list(reports or registry.names()), store)
        ok &= manifest.get("status") == "ok"
        step("emails")
        try:
            written = write_emails(town, day, where.day, manifest, settings, resend=resend)
        except Exception as exc:  # what is in the outbox already still goes out
            log.exception("mail: writing the emails failed: %s", exc)
            ok, written = False, []
        log.info("mail: %d message(s) in %s", len(written), where.day / "outbox")
        if send:
            step("send")
            ok &= send_outbox(town, day, where.day, settings)
            ok &= send_earlier(town, day, where.outputs, settings)
        log.info("daily run %s: %s; reports in %s", town.id, "ok" if ok else "FAILED", where.day)
    return ok


def run_daily(
    towns, day: dt.date | None = None, *, send: bool = True, resend: bool = False, reports=None
) -> int:
    """Run the daily job for each town; one town failing does not stop the others.

    Parameters
    ----------
    towns : list of path
        Town files or folders of town files.
    day : datetime.date, optional
        Report date; default today in each town's time zone.
    send : bool
        Send the outbox (False: only write the emails).
    resend : bool
        Write and send again what was already sent.
    reports : list of str, optional
        Default: every report of the registry.

    Returns
    -------
    int
        0 when every town succeeded, 1 when anything failed, 2 when a run was
        already under way for a town and date.
    """
    _console_logging()
    files = town_files(towns)
    status = 0
    for path in files:
        try:
            ok = run_town(
                path, day, several=len(files) > 1, send=send, resend=resend, reports=reports
            )
            status = max(status, 0 if ok else 1)
        except AlreadyRunning as exc:
            log.error("%s", exc)
            status = 2
        except StoreVersionError:  # a store this fangkong cannot use: logged, no traceback
            status = max(status, 1)
        except Exception as exc:  # one town's failure must not stop the others
            log.exception("daily run for %s failed: %s", path, exc)
            status = max(status, 1)
    return status


def _console_logging() -> None:
    root = logging.getLogger("fangkong")
    if any(getattr(h, "_fangkong_console", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    # On a terminal, short lines; under cron, time-stamped lines for the mail it sends.
    fmt = "%(message)s" if sys.stderr.isatty() else "%(asctime)s %(levelname)s %(message)s"
    handler.setFormatter(SecretsBlanked(fmt))
    handler._fangkong_console = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)
