"""The day's emails put in the outbox: each report once, corrections, failure notices.

For each mailed report of the registry, after a run:

- a report produced and not yet sent goes into the outbox (a newer version
  replaces one still waiting there, and a waiting failure notice is taken
  back): it goes out once;
- a report already sent whose sidecar has changed since (a rerun after late
  data) goes out again as a correction (更正), ``NAME-correction-N``, marked in
  the subject and the first line with the figures that changed; an unchanged
  rerun sends nothing;
- a report that failed gets a failure notice, ``NAME-failed``, with a short
  reason and where to look, unless the report itself went out already.

Sending (:func:`send_outbox`) records each attempt in the manifest; recipients
refused for good (an SMTP 5xx) are named in a notice, ``NAME-undelivered``, to
those of the report's recipients who did receive it.

``<day>/mailed/NAME.json`` keeps the sidecar of the last version put in the
outbox, the one a correction is compared with.
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
        if entry.get("status") == "ok":
            path = _report_email(town, report, day_dir, outbox, recipients, settings, resend, lang)
        else:
            path = _failure_notice(
                town, day, report, entry, day_dir, outbox, recipients, settings, lang
            )
        if path:
            written.append(path)
    return written


def _report_email(town, report, day_dir, outbox, recipients, settings, resend, lang):
    from fangkong.delivery.mail import report_message, sidecar_changes

    files = report_files(day_dir, report)
    sidecar = json.loads(files["json"].read_text(encoding="utf-8"))
    mailed = Path(day_dir) / MAILED_DIR / f"{report}.json"
    name, correction = report, None
    if outbox.was_refused(report) and not resend:
        log.warning("mail %s: refused for good by every recipient; not put again", report)
        return None
    if outbox.was_sent(report) and not resend:
        before = _read_json(mailed)
        if before == sidecar:
            log.info("mail %s: unchanged since it was sent; no correction", report)
            return None
        correction = sidecar_changes(before, sidecar, lang) if before else []
        name = _correction_name(outbox, report)
        log.info(
            "mail %s: changed since it was sent; correction %s (%s)",
            report,
            name,
            "; ".join(correction) or "details only",
        )
    message = report_message(
        sidecar,
        files["html"].read_bytes(),
        files["chart"].read_bytes() if files["chart"].exists() else None,
        sender=settings.smtp_sender,
        recipients=recipients,
        lang=lang,
        correction=correction,
    )
    path = outbox.put(name, message, replace=True)
    if path:
        mailed.parent.mkdir(exist_ok=True)
        write_json(mailed, sidecar)
        # The report supersedes a notice that it failed, if that is still waiting.
        _withdraw(outbox, f"{report}-failed")
    return path


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
    told = [a for a in town.recipients.of(report) if a not in delivery.refused]
    if not told:
        log.error("mail %s: every recipient refused it; nobody left to tell", delivery.name)
        return None
    name = f"{delivery.name}-undelivered"
    message = undelivered_message(
        delivery.name,
        town.name,
        day.isoformat(),
        delivery.refused,
        sender=settings.smtp_sender,
        recipients=told,
        lang=lang,
    )
    return name if outbox.put(name, message) else None


def _withdraw(outbox, name: str) -> None:
    """Take a message that is still waiting out of the outbox (a sent one stays sent)."""
    for suffix in (".eml", ".eml.error", ".eml.rcpt"):
        (outbox.outbox / f"{name}{suffix}").unlink(missing_ok=True)


def _correction_name(outbox, report: str) -> str:
    """``NAME-correction-N``: a waiting correction is replaced, a sent one never."""
    n = 1
    while outbox.was_sent(f"{report}-correction-{n}"):
        n += 1
    return f"{report}-correction-{n}"


def _failure_notice(town, day, report, entry, day_dir, outbox, recipients, settings, lang):
    from fangkong.delivery.failures import describe
    from fangkong.delivery.mail import failure_message

    if outbox.was_sent(report) or outbox.was_sent(f"{report}-failed"):
        return None  # the report (or the notice) went out already: nothing after it
    message = failure_message(
        report,
        town.name,
        day.isoformat(),
        describe(entry, lang),
        log_hint=_where(Path(day_dir) / "run.log", settings),
        sender=settings.smtp_sender,
        recipients=recipients,
        lang=lang,
    )
    return outbox.put(f"{report}-failed", message)


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
