"""The bulletin's email to the leading group: its text in the body, its files attached.

The body is the bulletin as an office reads it (masthead line, the six sections,
the 督办 items, the closing lines), in plain text and as simple HTML with inline
styles (for Outlook and webmail); attached are the bulletin's Word file and the
three reports it was made from, as their HTML pages. The sender is shown as the
compiling office. A correction (更正) is marked as the reports' are.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
import string
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from fangkong import registry
from fangkong.catalogue import text

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
_P = "margin:4px 0;font-size:15px;line-height:1.7;"


def _stamp(msg: EmailMessage, day: str, sender: str) -> None:
    """Date, a Message-ID and MIME boundaries of letters (no digit runs that look like IDs)."""

    def letters(n: int) -> str:
        return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))

    msg["Date"] = format_datetime(dt.datetime.now().astimezone())
    msg["Message-ID"] = f"<fangkong.bulletin.{day}.{letters(20)}@{sender.split('@')[-1]}>"
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"=_fangkong_{letters(24)}")


def bulletin_text(sidecar: dict) -> list[tuple[str, str]]:
    """The bulletin as lines, each with its kind: title, line, heading, sub, para, row, close."""
    extra = sidecar["extra"]
    head = extra["masthead"]
    lines = [
        ("title", f"{head['title']}（{head['issue']['text']}）"),
        ("line", f"{head['office']}　{head['date']['text']}"),
    ]
    table = extra["table"]
    for section in extra["sections"]:
        lines.append(("heading", section["heading"]))
        for block in section["blocks"]:
            if block["type"] == "table":
                for row in table["rows"]:
                    cells = [str(row[c]) for c in table["columns"]]
                    lines.append(("row", "｜".join(cells)))
            else:
                lines.append(("sub" if block["type"] == "subheading" else "para", block["text"]))
    lines += [("close", line) for line in extra["closing"]]
    return lines


def subject(sidecar: dict, lang: str = "zh") -> str:
    """``【贾峪镇】疫情防控工作日报 第9期（3月10日）``."""
    _, month, day = (int(p) for p in sidecar["report_date"].split("-"))
    n = sidecar["figures"]["issue"]
    return text("b.mail.subject", lang, town=sidecar["town"], n=n, month=month, day=day)


def _html(lines, first: str | None) -> str:
    e = html.escape
    out = ["<div style=\"font-family:'FangSong','仿宋',serif;color:#222222;max-width:680px;\">"]
    if first:
        out.append(f'<p style="{_P}color:#b00020;font-weight:bold;">{e(first)}</p>')
    for kind, line in lines:
        if kind == "title":
            out.append(
                f'<h1 style="color:#c00000;font-size:24px;text-align:center;margin:4px 0;">'
                f"{e(line)}</h1>"
            )
        elif kind == "line":
            out.append(
                f'<p style="{_P}text-align:center;border-bottom:2px solid #c00000;'
                f'padding-bottom:4px;">{e(line)}</p>'
            )
        elif kind in ("heading", "sub"):
            size = 17 if kind == "heading" else 16
            out.append(f'<h2 style="font-size:{size}px;margin:10px 0 2px;">{e(line)}</h2>')
        elif kind == "row":
            out.append(f'<p style="{_P}font-size:14px;margin:0 0 0 2em;">{e(line)}</p>')
        elif kind == "close":
            out.append(f'<p style="{_P}font-size:14px;color:#555555;">{e(line)}</p>')
        else:
            out.append(f'<p style="{_P}text-indent:2em;">{e(line)}</p>')
    out.append("</div>")
    return "".join(out)


def bulletin_message(
    sidecar: dict,
    docx: bytes,
    day_dir: Path,
    *,
    sender: str,
    recipients: list[str],
    lang: str = "zh",
    correction: list[str] | None = None,
) -> EmailMessage:
    """The bulletin's email, or its correction.

    Parameters
    ----------
    sidecar : dict
        The bulletin's sidecar (its whole text is in ``extra``).
    docx : bytes
        The bulletin's Word file, attached.
    day_dir : Path
        The day's folder: the reports the bulletin reads are attached from it
        (``<report>.html``), those present.
    sender : str
    recipients : list of str
    lang : {"zh", "en"}
    correction : list of str, optional
        As for a report (:func:`fangkong.delivery.mail.report_message`).

    Returns
    -------
    email.message.EmailMessage
    """
    first = None
    if correction is not None:
        changes = ("；" if lang == "zh" else "; ").join(correction)
        first = (
            text("run.correction.first_line", lang, changes=changes)
            if correction
            else text("run.correction.details_only", lang)
        )
    lines = bulletin_text(sidecar)
    msg = EmailMessage()
    mark = text("run.correction.mark", lang) if correction is not None else ""
    msg["Subject"] = mark + subject(sidecar, lang)
    msg["From"] = formataddr((sidecar["extra"]["office"], sender))
    msg["To"] = ", ".join(recipients)
    plain = [first, ""] if first else []
    plain += [line for _, line in lines] + ["", text("b.mail.attached", lang)]
    msg.set_content("\n".join(plain) + "\n")
    msg.add_alternative(_html(lines, first), subtype="html")
    day = sidecar["report_date"]
    name = text("b.mail.file", lang, town=sidecar["town"], day=day)
    msg.add_attachment(docx, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=name)
    for report in registry.get("bulletin").reads_reports:
        page = Path(day_dir) / f"{report}.html"
        if page.exists():
            title = text(registry.get(report).title_key, lang)
            msg.add_attachment(
                page.read_bytes(),
                maintype="text",
                subtype="html",
                filename=f"{sidecar['town']}{title}-{day}.html",
            )
    _stamp(msg, day, sender)
    return msg
