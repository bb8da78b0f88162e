"""Report emails: a short summary in the body, the full report attached.

The HTML part is written for Outlook and webmail: styles inline on each
element, no CSS variables, no ``data:`` URIs (the key chart is an inline CID
image), and well under the ~102 KB at which Gmail clips a message.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
import string
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from fangkong import registry
from fangkong.catalogue import REPORT_LABELS, text

#: Gmail clips an HTML body above about 102 KB; keep a margin.
HTML_LIMIT = 100_000

_TD = "padding:4px 10px;border-bottom:1px solid #dddddd;font-size:14px;"
_NUM = _TD + "text-align:right;font-variant-numeric:tabular-nums;"
_RED = "color:#b00020;font-weight:bold;"
_FONT = "font-family:Arial,'Microsoft YaHei',sans-serif;"


def _label(report: str, kind: str, name: str, lang: str) -> str:
    key = f"{registry.get(report).labels}.{kind}.{name}"
    return text(key, lang) if key in REPORT_LABELS else name


def chart_alt(sidecar: dict, lang: str = "zh") -> str:
    """What the email's chart shows, as its alternative text (``<report>.trend.email``).

    Parameters
    ----------
    sidecar : dict
        The report's sidecar: its trend's days are the chart's.
    lang : {"zh", "en"}

    Returns
    -------
    str
        The report's subject line when the report has no such label.
    """
    key = f"{registry.get(sidecar['report']).labels}.trend.email"
    if key not in REPORT_LABELS:
        return subject(sidecar, lang)
    return text(key, lang, days=len({row["date"] for row in sidecar.get("trend", [])}))


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


def _num(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _change(value) -> str:
    if value is None:
        return ""
    return "±0" if value == 0 else f"{value:+,}"


def subject(sidecar: dict, lang: str = "zh") -> str:
    """``<town> <report title> <date>``, e.g. ``贾峪镇 居家隔离日报 2020-03-10``."""
    title = text(registry.get(sidecar["report"]).title_key, lang)
    return f"{sidecar['town']} {title} {sidecar['report_date']}"


def summary_text(sidecar: dict, lang: str = "zh") -> str:
    """The plain-text part: headline figures with changes, then alerts."""
    report = sidecar["report"]
    lines = [subject(sidecar, lang), ""]
    for name, fig in sidecar["headline"].items():
        change = _change(fig.get("change"))
        lines.append(
            f"{_label(report, 'figure', name, lang)}: {_num(fig['value'])}"
            + (f" ({change})" if change else "")
        )
    alerts = {k: v for k, v in sidecar["alerts"].items() if v}
    if alerts:
        lines += ["", text("alerts.title", lang) + ":"]
        lines += [f"- {_label(report, 'alert', k, lang)}: {v:,}" for k, v in alerts.items()]
    dq = sidecar.get("data_quality", {})
    if dq:
        lines += [
            "",
            f"{text('quality.title', lang)}: "
            f"{dq.get('missing_submissions', 0)} / {dq.get('rejected_rows', 0)} / "
            f"{dq.get('warning_rows', 0)}",
        ]
    lines += ["", _attached_note(lang)]
    return "\n".join(lines) + "\n"


def _attached_note(lang: str) -> str:
    return (
        "完整日报见附件(HTML 文件,可离线打开)。"
        if lang == "zh"
        else "The full report is attached (one HTML file that opens offline)."
    )


def summary_html(sidecar: dict, chart_cid: str | None, lang: str = "zh") -> str:
    """The HTML part: inline styles only, chart by CID, everything escaped."""
    report = sidecar["report"]
    e = html.escape
    rows = []
    for name, fig in sidecar["headline"].items():
        change = fig.get("change")
        style = _NUM + (_RED if name in sidecar["alerts"] and fig["value"] else "")
        rows.append(
            f'<tr><td style="{_TD}">{e(_label(report, "figure", name, lang))}</td>'
            f'<td style="{style}">{_num(fig["value"])}</td>'
            f'<td style="{_NUM}color:#555555;">{e(_change(change))}</td></tr>'
        )
    alerts = [(k, v) for k, v in sidecar["alerts"].items() if v]
    alert_html = "".join(
        f'<li style="{_RED}font-size:14px;">{e(_label(report, "alert", k, lang))}: {v:,}</li>'
        for k, v in alerts
    )
    change_head = "较昨日" if lang == "zh" else "vs yesterday"
    parts = [
        f'<div style="{_FONT}color:#222222;max-width:640px;">',
        f'<h2 style="font-size:18px;margin:0 0 8px 0;">{e(subject(sidecar, lang))}</h2>',
        f'<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;">'
        f'<tr><th style="{_TD}text-align:left;">{e(text("headline.title", lang))}</th>'
        f'<th style="{_TD}"></th><th style="{_TD}text-align:right;">{change_head}</th></tr>'
        + "".join(rows)
        + "</table>",
    ]
    if alert_html:
        parts.append(
            f'<h3 style="font-size:16px;margin:12px 0 4px 0;">{e(text("alerts.title", lang))}</h3>'
            f'<ul style="margin:0;padding-left:20px;">{alert_html}</ul>'
        )
    if chart_cid:
        parts.append(
            f'<p><img src="cid:{chart_cid}" alt="{e(chart_alt(sidecar, lang))}" width="600" '
            'style="max-width:100%;"></p>'
        )
    parts.append(f'<p style="font-size:13px;color:#555555;">{e(_attached_note(lang))}</p></div>')
    return "".join(parts)


def report_message(
    sidecar: dict,
    report_html: bytes,
    chart_png: bytes | None,
    *,
    sender: str,
    recipients: list[str],
    lang: str = "zh",
    correction: list[str] | None = None,
) -> EmailMessage:
    """The email of one report, or its correction.

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

    Returns
    -------
    email.message.EmailMessage
    """
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
    msg["From"] = formataddr(("fangkong", sender))
    msg["To"] = ", ".join(recipients)
    msg.set_content((first + "\n\n" if first else "") + summary_text(sidecar, lang))
    # A readable Content-ID, without make_msgid's long digit runs (see _stamp).
    cid = f"<chart.{sidecar['report']}.{sidecar['report_date']}@fangkong>" if chart_png else None
    body = summary_html(sidecar, cid[1:-1] if cid else None, lang)
    if first:
        body = f'<p style="{_RED}{_FONT}font-size:15px;">{html.escape(first)}</p>' + body
    if len(body.encode("utf-8")) > HTML_LIMIT:
        raise ValueError(f"email HTML part is {len(body.encode())} bytes, over {HTML_LIMIT}")
    msg.add_alternative(body, subtype="html")
    if chart_png:
        msg.get_payload()[1].add_related(chart_png, "image", "png", cid=cid)
    name = f"{sidecar['report']}-{sidecar['report_date']}.html"
    msg.add_attachment(report_html, maintype="text", subtype="html", filename=name)
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

    Returns
    -------
    email.message.EmailMessage
    """
    title = text(registry.get(report).title_key, lang)
    fields = dict(town=town, title=title, day=day, reason=reason, log=log_hint)
    notice = "run.update_notice" if update else "run.notice"
    msg = EmailMessage()
    msg["Subject"] = text(f"{notice}.subject", lang, **fields)
    msg["From"] = formataddr(("fangkong", sender))
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
    msg["From"] = formataddr(("fangkong", sender))
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
                out.append(f"{_label(report, kind, name, lang)} {_num(was)}→{_num(value)}")
    old, new = before.get("data_quality", {}), after.get("data_quality", {})
    for name in ("missing_submissions", "rejected_rows", "warning_rows"):
        if old.get(name) != new.get(name):
            label = text(f"quality.count.{name}", lang)
            out.append(f"{label} {_num(old.get(name))}→{_num(new.get(name))}")
    return out
