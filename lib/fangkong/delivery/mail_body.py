"""The body of a report's email: its HTML part and its plain-text part.

Both say the same, in this order: the report's paragraph of the day; its top
alerts, named (residents masked as in the sidecar, staff by name), the most
urgent first; for a report with targets, each category's rate against its
target; the alerts its registry entry lists on their own (the firms still
closed); the headline figures with their change since yesterday; the key chart
(HTML only); data quality in a sentence; where the full report is.

The HTML is for mail clients: styles inline on each element, no CSS
variables, no ``data:`` URIs, tables only where a table reads better than
lines, and nothing that must be wider than a phone (390 px).
"""

from __future__ import annotations

import html

from fangkong import registry
from fangkong.catalogue import text
from fangkong.delivery.mail_content import (
    Alert,
    Target,
    alert,
    alerts_intro,
    chart_alt,
    headline,
    listed,
    met_word,
    more_alerts,
    paragraph,
    quality,
    targets,
    top_alerts,
)
from fangkong.reports.html import keep_whole

_FONT = "font-family:Arial,'Microsoft YaHei','PingFang SC',sans-serif;"
_P = "margin:0 0 10px 0;font-size:15px;line-height:1.6;"
_H3 = "font-size:16px;margin:18px 0 6px 0;"
_TD = "padding:4px 8px;border-bottom:1px solid #dddddd;font-size:14px;"
_NUM = _TD + "text-align:right;white-space:nowrap;"
_RED = "color:#b00020;font-weight:bold;"
_GREY = "color:#555555;"
#: A date, time or key a mail client would break after its hyphen on a phone: kept whole.
_NOWRAP = '<span style="white-space:nowrap;">'


def summary_text(sidecar: dict, *, heading: str, attachment: str, office: str, lang: str) -> str:
    """The plain-text part: what the HTML part says, in sentences.

    Parameters
    ----------
    sidecar : dict
        The report's sidecar.
    heading : str
        The first line (the report, its town and its date).
    attachment : str
        The attached file's name.
    office : str
        The sender, signing the message.
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    report = sidecar["report"]
    shown, rest = top_alerts(sidecar)
    out = [heading, ""]
    if paragraph(sidecar):
        out += [paragraph(sidecar), ""]
    out += [text("mail.alerts.title", lang), alerts_intro(sidecar, len(shown), lang)]
    out += [
        _line("mail.alert.line", n, alert(i, sidecar, lang), lang) for n, i in enumerate(shown, 1)
    ]
    out += [more_alerts(rest, report, lang)] if rest else []
    rows = targets(sidecar, lang)
    if rows:
        out += ["", text("mail.targets.title", lang)]
        out += [
            text(
                "mail.targets.line",
                lang,
                category=t.category,
                rate=t.rate,
                target=t.target,
                resumed=t.resumed,
                met=met_word(t.met, lang),
            )
            for t in rows
        ]
    for title, alerts, left in listed(sidecar, lang):
        out += ["", title]
        out += [_line("mail.listed.line", n, a, lang) for n, a in enumerate(alerts, 1)]
        out += [text("mail.listed.more", lang, count=left)] if left else []
    out += ["", text("headline.title", lang)]
    out += [sentence for *_, sentence, _ in headline(sidecar, lang)]
    out += [
        "",
        quality(sidecar, lang),
        "",
        text("mail.attached", lang, file=attachment),
        "",
        office,
    ]
    return "\n".join(out) + "\n"


def _line(key: str, n: int, a: Alert, lang: str) -> str:
    people = a.people + ("。" if lang == "zh" else ".") if a.people else ""
    fields = dict(code=a.key, kind=a.kind, age=a.age, what=a.what, people=people)
    return text(key, lang, n=n, **fields).rstrip()


def summary_html(
    sidecar: dict,
    chart_cid: str | None,
    *,
    heading: str,
    attachment: str,
    office: str,
    lang: str,
    first: str | None = None,
) -> str:
    """The HTML part: inline styles only, chart by Content-ID, every text escaped.

    Parameters
    ----------
    sidecar : dict
    chart_cid : str, optional
        Content-ID of the key chart (without ``<>``); no chart when None.
    heading, attachment, office : str
        As for :func:`summary_text`.
    lang : {"zh", "en"}
    first : str, optional
        A line above everything, in red (what a correction changed).

    Returns
    -------
    str
    """
    e = html.escape
    report = sidecar["report"]
    shown, rest = top_alerts(sidecar)
    out = [f'<div style="{_FONT}color:#222222;max-width:640px;">']
    if first:
        out.append(f'<p style="{_P}{_RED}">{e(first)}</p>')
    out.append(f'<h2 style="font-size:18px;margin:0 0 10px 0;">{e(heading)}</h2>')
    if paragraph(sidecar):
        out.append(f'<p style="{_P}">{e(paragraph(sidecar))}</p>')
    out.append(f'<h3 style="{_H3}">{e(text("mail.alerts.title", lang))}</h3>')
    out.append(f'<p style="{_P}">{e(alerts_intro(sidecar, len(shown), lang))}</p>')
    out += [_alert_html(alert(i, sidecar, lang), lang) for i in shown]
    if rest:
        out.append(f'<p style="{_P}">{e(more_alerts(rest, report, lang))}</p>')
    rows = targets(sidecar, lang)
    if rows:
        out.append(f'<h3 style="{_H3}">{e(text("mail.targets.title", lang))}</h3>')
        out.append(_targets_html(rows, sidecar, lang))
    for title, alerts, left in listed(sidecar, lang):
        out.append(f'<h3 style="{_H3}">{e(title)}</h3>')
        out += [_alert_html(a, lang, listed=True) for a in alerts]
        if left:
            out.append(f'<p style="{_P}">{e(text("mail.listed.more", lang, count=left))}</p>')
    out.append(f'<h3 style="{_H3}">{e(text("headline.title", lang))}</h3>')
    out.append(_headline_html(sidecar, lang))
    if chart_cid:
        out.append(
            f'<p style="{_P}"><img src="cid:{e(chart_cid)}" alt="{e(chart_alt(sidecar, lang))}"'
            ' width="600" style="display:block;width:100%;max-width:600px;height:auto;'
            'border:0;"></p>'
        )
    out.append(f'<p style="{_P}">{e(quality(sidecar, lang))}</p>')
    out.append(f'<p style="{_P}">{e(text("mail.attached", lang, file=attachment))}</p>')
    out.append(f'<p style="{_P}{_GREY}">{e(office)}</p></div>')
    return "".join(out)


def _alert_html(a: Alert, lang: str, *, listed: bool = False) -> str:
    e = html.escape
    head = f"【{a.key}】" if a.key else ""
    head += "" if listed else a.kind
    age = f' <span style="{_GREY}font-weight:normal;">{e(a.age)}</span>'
    people = f'<br><span style="{_GREY}font-size:14px;">{e(a.people)}</span>' if a.people else ""
    what = keep_whole(a.what, _NOWRAP)
    return (
        '<div style="border-left:3px solid #b00020;padding:2px 0 2px 10px;margin:0 0 10px 0;">'
        f'<p style="margin:0;font-size:15px;line-height:1.6;">'
        f'<span style="font-weight:bold;">{e(head)}</span>{age}<br>{what}{people}</p>'
        "</div>"
    )


def _table(head: list[str], rows: list[list[str]], right: set[int]) -> str:
    def cell(tag: str, i: int, content: str, style: str = "") -> str:
        align = _NUM if i in right else _TD + "text-align:left;"
        return f'<{tag} style="{align}{style}">{content}</{tag}>'

    th = "".join(cell("th", i, html.escape(h), "font-weight:bold;") for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return (
        '<table cellpadding="0" cellspacing="0" role="presentation" '
        f'style="border-collapse:collapse;margin:0 0 10px 0;"><tr>{th}</tr>{body}</table>'
    )


def _headline_html(sidecar: dict, lang: str) -> str:
    e = html.escape
    rows = [
        [
            e(lab),
            f'<span style="{_RED}">{e(value)}</span>' if alerted else e(value),
            f'<span style="{_GREY}">{e(change)}</span>',
        ]
        for lab, value, change, _, alerted in headline(sidecar, lang)
    ]
    head = [text("col.figure", lang), text("col.today", lang), text("headline.change", lang)]
    return _table(head, rows, right={1, 2})


def _targets_html(rows: list[Target], sidecar: dict, lang: str) -> str:
    e = html.escape
    cells = [
        [
            e(t.category),
            e(t.resumed),
            e(f"{t.rate}%"),
            e(f"{t.target}%"),
            f'<span style="{_RED if t.met is False else ""}">{e(met_word(t.met, lang))}</span>',
        ]
        for t in rows
    ]
    r = registry.get(sidecar["report"]).labels
    head = [
        text(f"{r}.col.category", lang),
        text(f"{r}.col.resumed", lang),
        text(f"{r}.col.rate", lang),
        text(f"{r}.col.target", lang),
        text(f"{r}.col.met", lang),
    ]
    return _table(head, cells, right={1, 2, 3})
