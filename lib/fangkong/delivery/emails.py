"""The day's emails put in the outbox: each report once, corrections, failure notices.

For each mailed report of the registry, after a run (the daily bulletin's
message is made by :mod:`fangkong.delivery.bulletin_mail`):

- a report produced and not yet sent goes into the outbox (a newer version
  replaces one still waiting there, and a waiting failure notice is taken
  back): it goes out once;
- a report already sent whose sidecar has changed since (a rerun after late
  data) goes out again as a correction (更正), ``NAME-correction-N``, marked in
  the subject and the first line with the figures that changed; an unchanged
  rerun sends nothing;
- a report that failed gets a failure notice with a short reason and where to
  look: ``NAME-failed``, or ``NAME-update-failed`` when an earlier version was
  received (its readers are told that it is not updated).

Sending (:func:`send_outbox`) records each attempt in the manifest; recipients
refused for good (an SMTP 5xx) are named in a notice, ``NAME-undelivered``, to
those of the report's recipients who did receive it.

``<day>/mailed/<message>.json`` keeps the sidecar of each version put in the
outbox (``NAME``, ``NAME-correction-N``): a rerun whose sidecar equals the last
one (apart from when it was made) sends nothing, and a correction names what
changed against the last version its readers received.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from fangkong import registry
from fangkong.delivery.outputs import read_manifest, report_files, write_json, write_manifest
from fangkong.settings import Settings

log = logging.getLogger("fangkong.delivery.emails")

#: The folder of the sidecars last put in the outbox, one per report.
MAILED_DIR = "mailed"


def write_emails(
    town,
    day,
    day_dir: Path,
    manifest: dict,
    settings: Settings,
    *,
    resend: bool = False,
    lang: str = "zh",
) -> list[Path]:
    """Put the day's messages in the outbox (see the module docstring).

    Parameters
    ----------
    town : fangkong.town.Town
    day : datetime.date
    day_dir : Path
        The day's output folder.
    manifest : dict
        The day's manifest after the run.
    settings : Settings
    resend : bool
        Put every produced report in the outbox again, sent or not.
    lang : {"zh", "en"}

    Returns
    -------
    list of Path
        The messages written.
    """
    from fangkong.delivery.outbox import Outbox

    outbox = Outbox(day_dir)
    written = []
    for report, entry in manifest.get("reports", {}).items():
        if report not in registry.names() or registry.get(report).mail is None:
            continue  # the registry says this report is not mailed
        recipients = town.recipients.of(report)
        if not recipients:
            log.warning("mail %s: no recipients in the town file", report)
            continue
        try:  # one report's mail failing leaves the others' alone
            if entry.get("status") == "ok":
                path = _report_email(
                    town, report, day_dir, outbox, recipients, settings, resend, lang
                )
            else:
                path = _failure_notice(
                    town, day, report, entry, day_dir, outbox, recipients, settings, lang
                )
        except Exception as exc:
            log.exception("mail %s: the message could not be written: %s", report, exc)
            continue
        if path:
            written.append(path)
    return written


#: Sidecar entries that change on every run, or with any file of any table:
#: no reason on their own to send a report again.
UNCOMPARED = ("generated_at", "version", "data_as_of")


def _compared(sidecar) -> dict | None:
    if not isinstance(sidecar, dict):
        return None
    return {k: v for k, v in sidecar.items() if k not in UNCOMPARED}


def _versions(day_dir: Path, report: str) -> list[str]:
    """The messages of a report put in the outbox so far: the report, then its corrections."""
    folder = Path(day_dir) / MAILED_DIR
    names, n = [report], 1
    while (folder / f"{report}-correction-{n}.json").exists():
        names.append(f"{report}-correction-{n}")
        n += 1
    return [name for name in names if (folder / f"{name}.json").exists()]


def _report_email(town, report, day_dir, outbox, recipients, settings, resend, lang):
    from fangkong.delivery.mail import report_message, sidecar_changes

    files = report_files(day_dir, report)
    sidecar = json.loads(files["json"].read_text(encoding="utf-8"))
    mailed = Path(day_dir) / MAILED_DIR
    versions = _versions(day_dir, report)
    delivered = [name for name in versions if outbox.was_delivered(name)]
    name, correction = report, None
    if resend:
        pass  # the report again, in full, to everyone
    elif outbox.was_refused(report) and not delivered:
        log.warning("mail %s: refused for good by every recipient; not put again", report)
        return None
    elif versions and _compared(_read_json(mailed / f"{versions[-1]}.json")) == _compared(sidecar):
        log.info("mail %s: unchanged since it was put in the outbox; nothing new", report)
        return None
    elif delivered:
        # Compared with what its readers last received, not with a version still waiting.
        before = _read_json(mailed / f"{delivered[-1]}.json")
        correction = sidecar_changes(before, sidecar, lang) if before else []
        name = _correction_name(outbox, report)
        log.info(
            "mail %s: changed since it was sent; correction %s (%s)",
            report,
            name,
            "; ".join(correction) or "details only",
        )
    if registry.get(report).mail == "bulletin":  # its text in the body, its files attached
        from fangkong.delivery.bulletin_mail import bulletin_message

        message = bulletin_message(
            sidecar,
            files["docx"].read_bytes(),
            day_dir,
            sender=settings.smtp_sender,
            recipients=recipients,
            lang=lang,
            correction=correction,
        )
    else:
        message = report_message(
            sidecar,
            files["html"].read_bytes(),
            files["chart"].read_bytes() if files["chart"].exists() else None,
            sender=settings.smtp_sender,
            recipients=recipients,
            lang=lang,
            correction=correction,
            office=town.office,
        )
    path = outbox.put(name, message, replace=True)
    if path:
        mailed.mkdir(exist_ok=True)
        write_json(mailed / f"{name}.json", sidecar)
        # The report supersedes a notice that it failed, if that is still waiting.
        for notice in (f"{report}-failed", f"{report}-update-failed"):
            outbox.withdraw(notice)
    return path


def _correction_name(outbox, report: str) -> str:
    """``NAME-correction-N``: a waiting correction is replaced, one received never."""
    n = 1
    while outbox.was_delivered(f"{report}-correction-{n}"):
        n += 1
    return f"{report}-correction-{n}"


def _failure_notice(town, day, report, entry, day_dir, outbox, recipients, settings, lang):
    from fangkong.delivery.failures import describe
    from fangkong.delivery.mail import failure_message

    # A version already received: the notice says that its update failed.
    update = any(outbox.was_delivered(name) for name in _versions(day_dir, report))
    name = f"{report}-update-failed" if update else f"{report}-failed"
    if outbox.was_sent(name):
        return None  # said already today
    message = failure_message(
        report,
        town.name,
        day.isoformat(),
        describe(entry, lang),
        log_hint=_where(Path(day_dir) / "run.log", settings),
        sender=settings.smtp_sender,
        recipients=recipients,
        lang=lang,
        update=update,
        office=town.office,
    )
    return outbox.put(name, message)


def send_outbox(town, day, day_dir: Path, settings: Settings, *, lang: str = "zh") -> bool:
    """Send what the day's outbox holds; record each attempt in the manifest.

    A message some recipients refused for good (5xx) is followed by a notice,
    ``NAME-undelivered``, naming them, to those of the report's recipients who
    received it; one recipient deferred (4xx) is retried on the next send.

    Parameters
    ----------
    town : fangkong.town.Town
    day : datetime.date
    day_dir : Path
    settings : Settings
    lang : {"zh", "en"}

    Returns
    -------
    bool
        True when every message reached every recipient.
    """
    from fangkong.delivery.outbox import Outbox, send_pending

    outbox = Outbox(day_dir)
    results = send_pending(outbox, settings)
    notices = [
        n for n in map(lambda r: _undelivered(town, day, outbox, r, settings, lang), results)
    ]
    notices = [n for n in notices if n]
    if notices:
        results += send_pending(outbox, settings, names=notices)
    manifest = read_manifest(day_dir)
    mail = manifest.setdefault("mail", {})
    for r in results:
        mail.setdefault(r.name, []).append(vars(r))
        _log_delivery(r)
    if results:
        write_manifest(day_dir, manifest)
    return all(r.status == "sent" and not r.refused for r in results)


#: Days back whose outbox a daily run also empties (recipients deferred, a server down).
EARLIER_DAYS = 7


def send_earlier(town, day, outputs: Path, settings: Settings, *, lang: str = "zh") -> bool:
    """Send what is still waiting in the outboxes of the :data:`EARLIER_DAYS` days before.

    A recipient deferred (4xx) or a server down yesterday is tried again by
    tonight's run, without anyone running ``fangkong send --date``.

    Parameters
    ----------
    town : fangkong.town.Town
    day : datetime.date
        Tonight's report date.
    outputs : Path
        The folder of the day folders.
    settings : Settings
    lang : {"zh", "en"}

    Returns
    -------
    bool
        True when nothing was waiting or everything waiting went out.
    """
    import datetime as dt

    from fangkong.delivery.outbox import Outbox
    from fangkong.delivery.outputs import day_folder

    ok = True
    for back in range(EARLIER_DAYS, 0, -1):
        earlier = day - dt.timedelta(days=back)
        folder = day_folder(outputs, earlier)
        waiting = Outbox(folder).pending()
        if waiting:
            log.info("mail of %s: %d message(s) still waiting; sending", earlier, len(waiting))
            ok &= send_outbox(town, earlier, folder, settings, lang=lang)
    return ok


def _log_delivery(r) -> None:
    def named(addresses: dict) -> str:
        return "; ".join(f"{a} ({why})" for a, why in addresses.items())

    if r.status == "sent" and not r.refused:
        log.info("mail %s: sent to %s", r.name, ", ".join(r.recipients) or "the rest")
        return
    if r.deferred:
        log.warning("mail %s: deferred, retried by the next send: %s", r.name, named(r.deferred))
    if r.refused:
        log.error("mail %s: refused for good: %s", r.name, named(r.refused))
    if r.status in ("partial", "sent"):
        log.info("mail %s: %s to %s", r.name, r.status, ", ".join(r.recipients) or "nobody new")
    elif not (r.deferred or r.refused) or r.error:
        log.error("mail %s: %s%s", r.name, r.status, f" ({r.error})" if r.error else "")


def _undelivered(town, day, outbox, delivery, settings, lang) -> str | None:
    """Put ``NAME-undelivered`` for a delivery with permanent refusals; its name, or None."""
    from fangkong.delivery.mail import undelivered_message

    if not delivery.refused or delivery.name.endswith("-undelivered"):
        return None
    report = delivery.name.split("-", 1)[0]
    # Told: those who have it or are sure to get it; not those still deferred.
    owed = {**delivery.refused, **delivery.deferred}
    told = [a for a in town.recipients.of(report) if a not in owed]
    if not told:
        log.error("mail %s: refused for good; nobody who has it to tell", delivery.name)
        return None
    name, n = f"{delivery.name}-undelivered", 1
    while outbox.was_sent(name) or (outbox.outbox / f"{name}.eml").exists():
        n += 1
        name = f"{delivery.name}-undelivered-{n}"
    message = undelivered_message(
        delivery.name,
        town.name,
        day.isoformat(),
        delivery.refused,
        sender=settings.smtp_sender,
        recipients=told,
        lang=lang,
        office=town.office,
    )
    return name if outbox.put(name, message) else None


def _where(path: Path, settings: Settings) -> str:
    """A local path as the office knows it: relative to the project folder."""
    try:
        return Path(path).resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        return os.fspath(path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
