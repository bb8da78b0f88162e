"""Report emails: a short summary in the body, the full report attached.

The HTML part is written for Outlook and webmail: styles inline on each
element, no CSS variables, no ``data:`` URIs (the key chart is an inline CID
image), and well under the ~102 KB at which Gmail clips a message.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from fangkong import registry
from fangkong.catalogue import text
from fangkong.delivery.mail_body import summary_html, summary_text
from fangkong.delivery.mail_content import (
    alerts_total,
    figure_label,
    month_day,
    number,
    percent,
)
from fangkong.town import default_office

#: Gmail clips an HTML body above about 102 KB; keep a margin.
HTML_LIMIT = 100_000


def _letters(n: int) -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


def _stamp(msg: EmailMessage, name: str, day: str, sender: str) -> None:
    """Set Date and Message-ID, and give every multipart a boundary of letters.

    make_msgid and the default MIME boundaries carry runs of 15 to 19 digits,
    which look like ID numbers to anyone (or any filter) scanning a message for
    unmasked personal data; these are letters, the report's name and its date.
    """
    msg["Date"] = format_datetime(dt.datetime.now().astimezone())
    domain = sender.split("@")[-1]
    msg["Message-ID"] = f"<fangkong.{name}.{day}.{_letters(20)}@{domain}>"
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"=_fangkong_{_letters(24)}")


def _title(sidecar: dict, lang: str) -> str:
    return text(registry.get(sidecar["report"]).title_key, lang)


def subject(sidecar: dict, lang: str = "zh") -> str:
    """The day's key figures and an alert mark, e.g.
    ``【贾峪镇·居家隔离日报】⚠预警13项 3月10日：在隔离55人，新增3人，发热/症状2人``.

    The figures are those the report's registry entry names
    (``subject_figures``), worded by the catalogue; the mark counts the day's
    alerts and comes before the date, where a phone's mail list still shows it.

    Parameters
    ----------
    sidecar : dict
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    entry = registry.get(sidecar["report"])
    values = {name: fig.get("value") for name, fig in sidecar.get("headline", {}).items()}
    values |= sidecar.get("figures") or {}
    figures = [
        text(f"{entry.labels}.mail.subject.{name}", lang, n=number(value), pct=percent(value))
        for name in entry.subject_figures
        if (value := values.get(name)) is not None
    ]
    total = alerts_total(sidecar)
    mark = text("mail.subject.mark", lang, count=number(total)) if total else ""
    words = text("mail.subject.sep", lang).join(figures)
    if not total and "alerts" in sidecar:
        words += text("mail.subject.no_alerts", lang)
    line = text(
        "mail.subject",
        lang,
        town=sidecar["town"],
        title=_title(sidecar, lang),
        mark=mark,
        figures=words,
        **month_day(sidecar),
    )
    return line.rstrip("：: ")  # no figures: no colon


def attachment_name(sidecar: dict, lang: str = "zh") -> str:
    """The attached report's file name: ``贾峪镇居家隔离日报-2020-03-10.html``."""
    return text(
        "mail.attachment",
        lang,
        town=sidecar["town"],
        title=_title(sidecar, lang),
        day=sidecar["report_date"],
    )


def report_message(
    sidecar: dict,
    report_html: bytes,
    chart_png: bytes | None,
    *,
    sender: str,
    recipients: list[str],
    lang: str = "zh",
    correction: list[str] | None = None,
    office: str | None = None,
) -> EmailMessage:
    """The email of one report, or its correction.

    The subject carries the day's key figures and an alert mark
    (:func:`subject`); the body is :mod:`fangkong.delivery.mail_body`'s; the
    report is attached under its Chinese name (:func:`attachment_name`, encoded
    per RFC 2231), and the sender shown is the town's office.

    Parameters
    ----------
    sidecar : dict
        The report's JSON sidecar (masked figures and alert counts).
    report_html : bytes
        The full, masked report, attached as one .html file.
    chart_png : bytes, optional
        The key chart, shown inline by Content-ID.
    sender : str
    recipients : list of str
    lang : {"zh", "en"}
    correction : list of str, optional
        For a report sent before and changed since: the figures that changed
        (:func:`sidecar_changes`; empty when only details did). The subject
        begins 【更正】 and the first line says what changed.
    office : str, optional
        The sender's name (the town file's ``office``); by default the one
        derived from the town's name.

    Returns
    -------
    email.message.EmailMessage
    """
    office = office or default_office(sidecar["town"])
    msg = EmailMessage()
    first = None
    if correction is not None:
        first = (
            text(
                "run.correction.first_line",
                lang,
                changes=("；" if lang == "zh" else "; ").join(correction),
            )
            if correction
            else text("run.correction.details_only", lang)
        )
    mark = text("run.correction.mark", lang) if correction is not None else ""
    msg["Subject"] = mark + subject(sidecar, lang)
    msg["From"] = formataddr((office, sender))
    msg["To"] = ", ".join(recipients)
    words = dict(
        heading=text(
            "mail.heading",
            lang,
            town=sidecar["town"],
            title=_title(sidecar, lang),
            **month_day(sidecar),
        ),
        attachment=attachment_name(sidecar, lang),
        office=office,
        lang=lang,
    )
    msg.set_content((first + "\n\n" if first else "") + summary_text(sidecar, **words))
    # A readable Content-ID, without make_msgid's long digit runs (see _stamp).
    cid = f"<chart.{sidecar['report']}.{sidecar['report_date']}@fangkong>" if chart_png else None
    body = summary_html(sidecar, cid[1:-1] if cid else None, first=first, **words)
    if len(body.encode("utf-8")) > HTML_LIMIT:
        raise ValueError(f"email HTML part is {len(body.encode())} bytes, over {HTML_LIMIT}")
    msg.add_alternative(body, subtype="html")
    if chart_png:
        msg.get_payload()[1].add_related(chart_png, "image", "png", cid=cid)
    msg.add_attachment(report_html, maintype="text", subtype="html", filename=words["attachment"])
    _stamp(msg, sidecar["report"], sidecar["report_date"], sender)
    return msg


def failure_message(
    report: str,
    town: str,
    day: str,
    reason: str,
    *,
    log_hint: str = "run.log",
    sender: str,
    recipients: list[str],
    lang: str = "zh",
    update: bool = False,
    office: str | None = None,
) -> EmailMessage:
    """A short notice that a report could not be produced today.

    Parameters
    ----------
    report, town, day : str
    reason : str
        The short line of :func:`fangkong.delivery.failures.describe`, never
        an exception's text.
    log_hint : str
        Where the details are, on the office machine (the run.log).
    sender : str
    recipients : list of str
    lang : {"zh", "en"}
    update : bool
        An earlier version was received: its update could not be produced.
    office : str, optional
        The sender's name (the town file's ``office``); by default the one
        derived from the town's name.

    Returns
    -------
    email.message.EmailMessage
    """
    title = text(registry.get(report).title_key, lang)
    fields = dict(town=town, title=title, day=day, reason=reason, log=log_hint)
    notice = "run.update_notice" if update else "run.notice"
    msg = EmailMessage()
    msg["Subject"] = text(f"{notice}.subject", lang, **fields)
    msg["From"] = formataddr((office or default_office(town), sender))
    msg["To"] = ", ".join(recipients)
    msg.set_content(text(f"{notice}.body", lang, **fields))
    _stamp(msg, f"{report}-{'update-' if update else ''}failed", day, sender)
    return msg


def undelivered_message(
    report: str,
    town: str,
    day: str,
    refused: dict[str, str],
    *,
    sender: str,
    recipients: list[str],
    lang: str = "zh",
    office: str | None = None,
) -> EmailMessage:
    """A notice that some recipients refused a report for good (an SMTP 5xx answer).

    Parameters
    ----------
    report, town, day : str
        ``report`` is the message's name (a report, its correction or notice).
    refused : dict
        Address -> the server's answer ("550 no such user").
    sender : str
    recipients : list of str
        Who is told: those who did receive it.
    lang : {"zh", "en"}
    office : str, optional
        The sender's name, as for :func:`failure_message`.

    Returns
    -------
    email.message.EmailMessage
    """
    base = report.split("-", 1)[0]
    title = text(registry.get(base).title_key, lang) if base in registry.names() else report
    lines = "\n".join(f"  {address}（{answer}）" for address, answer in refused.items())
    fields = dict(town=town, title=title, day=day, count=len(refused), refused=lines)
    msg = EmailMessage()
    msg["Subject"] = text("run.undelivered.subject", lang, **fields)
    msg["From"] = formataddr((office or default_office(town), sender))
    msg["To"] = ", ".join(recipients)
    msg.set_content(text("run.undelivered.body", lang, **fields))
    _stamp(msg, f"{report}-undelivered", day, sender)
    return msg


def sidecar_changes(before: dict, after: dict, lang: str = "zh") -> list[str]:
    """The headline figures, alert counts and data-quality counts that differ.

    Parameters
    ----------
    before, after : dict
        The sidecar sent, and the one that replaces it.
    lang : {"zh", "en"}

    Returns
    -------
    list of str
        ``label before→after`` for each, in the sidecar's order; empty when
        only the details changed.
    """
    report = after["report"]
    out = []
    for kind, key in (("figure", "headline"), ("alert", "alerts")):
        old, new = before.get(key, {}), after.get(key, {})
        for name, value in new.items():
            was = old.get(name)
            value, was = (
                (value.get("value"), (was or {}).get("value")) if kind == "figure" else (value, was)
            )
            if value != was and not (kind == "alert" and name in after.get("headline", {})):
                out.append(
                    f"{figure_label(report, kind, name, lang)} {number(was)}→{number(value)}"
                )
    old, new = before.get("data_quality", {}), after.get("data_quality", {})
    for name in ("missing_submissions", "rejected_rows", "warning_rows"):
        if old.get(name) != new.get(name):
            label = text(f"quality.count.{name}", lang)
            out.append(f"{label} {number(old.get(name))}→{number(new.get(name))}")
    return out
