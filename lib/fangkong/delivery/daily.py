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
import json
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
from fangkong.delivery.outputs import day_folder, read_manifest, report_files, write_manifest
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
    """Hold the lock of a town's day; raise :class:`AlreadyRunning` naming the holder."""
    day_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(day_dir / ".lock"))
    info = day_dir / ".lock.info"
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = info.read_text(encoding="utf-8").strip() if info.exists() else "unknown"
        raise AlreadyRunning(f"another fangkong daily run holds {day_dir} ({holder})") from None
    try:
        started = dt.datetime.now().isoformat(timespec="seconds")
        info.write_text(
            f"pid {os.getpid()} on {socket.gethostname()} since {started}\n", encoding="utf-8"
        )
        yield
    finally:
        info.unlink(missing_ok=True)
        lock.release()


@contextmanager
def run_log(path: Path):
    """Send fangkong's log lines to ``path`` as well as to the terminal or cron."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
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


def run_reports_once(town_file: Path, day: dt.date, where: Places, reports) -> dict:
    """Run the reports not yet produced for the day; keep the ones that were."""
    from fangkong.delivery.runner import run_reports

    before = read_manifest(where.day).get("reports", {})
    todo = [r for r in reports if before.get(r, {}).get("status") != "ok"]
    if not todo:
        log.info("reports: all already produced for %s", day)
        return read_manifest(where.day)
    log.info("reports: running %s", ", ".join(todo))
    fresh = run_reports(day, reports=todo, town_file=town_file, outputs_dir=where.outputs)
    merged = {**before, **fresh["reports"]}
    fresh["reports"] = {r: merged[r] for r in reports if r in merged}
    fresh["status"] = (
        "ok" if all(e["status"] == "ok" for e in fresh["reports"].values()) else "failed"
    )
    for name, entry in fresh["reports"].items():
        log.log(
            logging.INFO if entry["status"] == "ok" else logging.ERROR,
            "report %s: %s%s",
            name,
            entry["status"],
            f" ({entry['error']})" if entry.get("error") else f" in {entry.get('seconds')} s",
        )
    write_manifest(where.day, fresh)
    return fresh


def write_emails(
    town: Town,
    day: dt.date,
    where: Places,
    manifest: dict,
    settings: Settings,
    resend: bool = False,
    lang: str = "zh",
) -> list[Path]:
    """Put one message per report (or a failure notice) in the outbox."""
    from fangkong.delivery.mail import failure_message, report_message
    from fangkong.delivery.outbox import Outbox

    outbox = Outbox(where.day)
    written = []
    for report, entry in manifest.get("reports", {}).items():
        if registry.get(report).mail is None:
            continue  # the registry says this report is not mailed
        recipients = town.recipients.of(report)
        if not recipients:
            log.warning("mail %s: no recipients in the town file", report)
            continue
        if entry["status"] == "ok":
            files = report_files(where.day, report)
            sidecar = json.loads(files["json"].read_text(encoding="utf-8"))
            msg = report_message(
                sidecar,
                files["html"].read_bytes(),
                files["chart"].read_bytes() if files["chart"].exists() else None,
                sender=settings.smtp_sender,
                recipients=recipients,
                lang=lang,
            )
            name = report
        else:
            msg = failure_message(
                report,
                town.name,
                day.isoformat(),
                entry.get("error") or "",
                sender=settings.smtp_sender,
                recipients=recipients,
                lang=lang,
            )
            name = f"{report}-failed"
        if outbox.was_sent(report) and not resend:
            continue  # the report itself went out already; no notice after it
        path = outbox.put(name, msg, replace=resend)
        if path:
            written.append(path)
    return written


def send_outbox(where: Places, settings: Settings) -> bool:
    """Send what the outbox holds; record each delivery in the manifest."""
    from fangkong.delivery.outbox import Outbox, send_pending

    results = send_pending(Outbox(where.day), settings)
    manifest = read_manifest(where.day)
    mail = manifest.setdefault("mail", {})
    for r in results:
        mail.setdefault(r.name, []).append(vars(r))
        log.log(
            logging.INFO if r.status == "sent" else logging.ERROR,
            "mail %s: %s%s",
            r.name,
            r.status,
            f" ({r.error})" if r.error else "",
        )
    if results:
        write_manifest(where.day, manifest)
    return all(r.status == "sent" for r in results)


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
    with day_lock(where.day), run_log(where.day / "run.log"):
        log.info("daily run: %s (%s), %s", town.name, town.id, day)
        steps = 4 if send else 3
        log.info("[1/%d] ingest the inbox", steps)
        try:  # the daily job writes: a store behind the code is upgraded (and logged)
            store = open_store(settings.db_url, upgrade=True)
        except StoreVersionError as exc:
            log.error("%s", exc)
            raise
        ok = ingest_inbox(store, town, day, where, settings)
        log.info("[2/%d] reports", steps)
        manifest = run_reports_once(town_file, day, where, list(reports or registry.names()))
        ok &= manifest.get("status") == "ok"
        log.info("[3/%d] emails", steps)
        written = write_emails(town, day, where, manifest, settings, resend=resend)
        log.info("mail: %d message(s) in %s", len(written), where.day / "outbox")
        if send:
            log.info("[4/%d] send", steps)
            ok &= send_outbox(where, settings)
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
    handler.setFormatter(logging.Formatter(fmt))
    handler._fangkong_console = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)
