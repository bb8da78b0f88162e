"""HTML building blocks of the reports: sections, figure cards and tables.

Everything a village typed is escaped here, once: a ``<script>`` typed into an
address stays text on the page. Numbers are right-aligned with thousands
separators; alert cells and rows get the ``alert`` class (red in the report
stylesheet, see ``templates_html/fangkong``).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

#: Shown for a missing number or a rate over nothing.
EMPTY = "—"


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(value) -> str:
    """``1234`` -> ``"1,234"``; missing -> ``"—"``."""
    return EMPTY if _missing(value) else f"{int(value):,}"


def fmt_float(value, digits: int = 1) -> str:
    """``1234.56`` -> ``"1,234.6"``; missing -> ``"—"``."""
    return EMPTY if _missing(value) else f"{float(value):,.{digits}f}"


def fmt_quantity(value) -> str:
    """A measured quantity: ``34612.0`` -> ``"34,612"``, ``12.5`` -> ``"12.5"``.

    Missing -> ``"—"``.
    """
    if _missing(value):
        return EMPTY
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def fmt_rate(value) -> str:
    """A share as a percentage: ``0.875`` -> ``"87.5%"``; missing -> ``"—"``."""
    return EMPTY if _missing(value) else f"{float(value) * 100:.1f}%"


def fmt_change(value) -> str:
    """A day-over-day change with its sign: ``+3``, ``-2``, ``0``; missing -> ``"—"``."""
    if _missing(value):
        return EMPTY
    return f"{int(value):+,}" if value else "0"


def fmt_datetime(value, pattern: str = "%m-%d %H:%M") -> str:
    """A timestamp in a short local form; missing -> ``"—"``."""
    return EMPTY if _missing(value) else pd.Timestamp(value).strftime(pattern)


def fmt_text(value) -> str:
    """Any value as text; missing -> ``""``."""
    return "" if _missing(value) else str(value)


#: Formatters by name, for :func:`table_html`; numeric ones are right-aligned.
FORMATS: dict[str, Callable] = {
    "int": fmt_int,
    "float": fmt_float,
    "quantity": fmt_quantity,
    "rate": fmt_rate,
    "change": fmt_change,
    "datetime": fmt_datetime,
    "date": lambda v: fmt_datetime(v, "%Y-%m-%d"),
    "text": fmt_text,
}
NUMERIC_FORMATS = {"int", "float", "quantity", "rate", "change"}


def esc(value) -> str:
    """Escape text for HTML, quotes included."""
    return html.escape(fmt_text(value), quote=True)


def table_html(
    frame: pd.DataFrame,
    headers: Mapping[str, str],
    formats: Mapping[str, str | Callable] | None = None,
    *,
    alert_rows: Sequence[bool] | pd.Series | None = None,
    alert_cells: Mapping[str, Sequence[bool] | pd.Series] | None = None,
    row_classes: Sequence[str] | None = None,
    empty: str = "",
    caption: str | None = None,
    cards: bool = False,
) -> str:
    """An HTML table of some columns of a frame.

    Parameters
    ----------
    frame : DataFrame
    headers : mapping
        Column -> header, in display order; only these columns are shown.
    formats : mapping, optional
        Column -> a name in :data:`FORMATS` or a callable returning text.
        Columns with a numeric format are right-aligned. Default ``text``.
    alert_rows : sequence of bool, optional
        Rows shown in red.
    alert_cells : mapping, optional
        Column -> sequence of bool: cells shown in red.
    row_classes : sequence of str, optional
        An extra CSS class per row (e.g. ``total``).
    empty : str
        Shown instead of the table when the frame has no rows.
    caption : str, optional
    cards : bool
        On a phone, show each row as a card of "header：value" lines (a list of
        problems with long text reads there; a table of figures scrolls instead).

    Returns
    -------
    str
        HTML with every value escaped; each cell has the classes ``num`` or
        ``txt``, ``c-<column>`` and, for alerts, ``alert``.
    """
    if frame.empty:
        return f'<p class="empty">{esc(empty)}</p>' if empty else ""
    formats = dict(formats or {})
    alert_cells = {c: list(v) for c, v in (alert_cells or {}).items()}
    rows_alert = list(alert_rows) if alert_rows is not None else [False] * len(frame)
    classes = list(row_classes) if row_classes is not None else [""] * len(frame)
    head = "".join(
        f'<th class="{_align(formats.get(c))} {_col(c)}">{esc(label)}</th>'
        for c, label in headers.items()
    )
    body = []
    for i, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for column in headers:
            fmt = formats.get(column, "text")
            value = row[column]
            if isinstance(value, str) and fmt in NUMERIC_FORMATS:
                text = value  # a word where a number cannot be given (未报)
            else:
                text = (FORMATS[fmt] if isinstance(fmt, str) else fmt)(value)
            flags = alert_cells.get(column)
            cls = f"{_align(fmt)} {_col(column)}" + (
                " alert" if flags is not None and flags[i] else ""
            )
            if fmt in ("date", "datetime"):
                cls += " when"  # a date is never broken across lines
            label = f' data-label="{esc(headers[column])}"' if cards else ""
            cells.append(f'<td class="{cls}"{label}>{keep_whole(text)}</td>')
        row_cls = " ".join(c for c in (classes[i], "alert" if rows_alert[i] else "") if c)
        attr = f' class="{row_cls}"' if row_cls else ""
        body.append(f"<tr{attr}>{''.join(cells)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    table_class = "fk-table fk-rowcards" if cards else "fk-table"
    # The box scrolls a wide table sideways on a phone instead of widening the page.
    return (
        f'<div class="fk-scroll"><table class="{table_class}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


#: What a browser would break after a hyphen on a narrow screen ("Q-0086",
#: "2020-02-13", "03-10 17:40"): kept whole wherever it stands in a text.
_WHOLE = re.compile(r"[A-Z]+-\d+|\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|\d{2}-\d{2}(?: \d{2}:\d{2})?")


def keep_whole(text, opening: str = '<span class="fk-nobr">') -> str:
    """Escaped text with each key, date and time in a span that does not wrap.

    Parameters
    ----------
    text : str
    opening : str
        The span's opening tag: the page's class, or an inline style in an email.

    Returns
    -------
    str
    """
    escaped = esc(text)
    if "-" not in escaped:
        return escaped
    return _WHOLE.sub(lambda m: f"{opening}{m.group(0)}</span>", escaped)


def _align(fmt) -> str:
    return "num" if fmt in NUMERIC_FORMATS else "txt"


def _col(column) -> str:
    """A CSS class naming the column, so the stylesheet can keep short codes on one line."""
    return "c-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(column))


@dataclass(frozen=True)
class Figure:
    """One headline figure: a label, today's value, the change against D-1."""

    label: str
    value: str
    change: str = ""
    alert: bool = False
    unit: str = ""


def figures_html(figures: Sequence[Figure], change_label: str = "") -> str:
    """Headline figures as a row of cards.

    Parameters
    ----------
    figures : sequence of Figure
    change_label : str
        Words before each change, e.g. ``较昨日``.

    Returns
    -------
    str
    """
    cards = []
    for f in figures:
        cls = "fk-card alert" if f.alert else "fk-card"
        change = (
            f'<div class="fk-change">{esc(change_label)} {esc(f.change)}</div>' if f.change else ""
        )
        unit = f'<span class="fk-unit">{esc(f.unit)}</span>' if f.unit else ""
        cards.append(
            f'<div class="{cls}"><div class="fk-label">{esc(f.label)}</div>'
            f'<div class="fk-value">{esc(f.value)}{unit}</div>{change}</div>'
        )
    return f'<div class="fk-cards">{"".join(cards)}</div>'


def charts_html(*charts: str) -> str:
    """Charts (inline SVG) side by side where the page is wide, one above the other on a phone."""
    return f'<div class="fk-charts">{"".join(charts)}</div>'


def paragraph(text: str, cls: str = "") -> str:
    """A paragraph of escaped text."""
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{esc(text)}</p>"


def link(text: str, anchor: str) -> str:
    """A link to a place on the same page."""
    return f'<a href="#{esc(anchor)}">{esc(text)}</a>'


def subheading(text: str) -> str:
    """A heading inside a section."""
    return f"<h3>{esc(text)}</h3>"


@dataclass
class Section:
    """A titled part of a report, shown as HTML in a notebook output.

    Attributes
    ----------
    title : str
        Plain text, escaped when shown.
    narrative : str
        One or two plain sentences, escaped when shown.
    parts : list of str
        HTML fragments built with this module (already escaped).
    level : int
        Heading level of the title.
    png : bytes or None
        A chart also offered as ``image/png`` in the output, so that tools
        reading the executed notebook (the email summary) can take it.
    css_class : str
        Extra class on the section element.
    anchor : str
        The section element's id, for links to it from elsewhere on the page.
    clock : str
        Which time the section's figures count (:meth:`.Context.clock`), said
        after the narrative in the same words in every section.
    """

    title: str
    narrative: str = ""
    parts: list[str] = field(default_factory=list)
    level: int = 2
    png: bytes | None = None
    css_class: str = ""
    anchor: str = ""
    clock: str = ""

    def html(self) -> str:
        """The section as an HTML fragment."""
        heading = f"<h{self.level}>{esc(self.title)}</h{self.level}>" if self.title else ""
        # The clock sentence ends the narrative's paragraph: no line of its own.
        clock = f'<span class="fk-clock">{esc(self.clock)}</span>' if self.clock else ""
        if self.narrative:
            narrative = f'<p class="fk-narrative">{esc(self.narrative)}{clock}</p>'
        else:
            narrative = f'<p class="fk-narrative">{clock}</p>' if clock else ""
        cls = " ".join(c for c in ("fk-section", self.css_class) if c)
        anchor = f' id="{esc(self.anchor)}"' if self.anchor else ""
        return f'<section{anchor} class="{cls}">{heading}{narrative}{"".join(self.parts)}</section>'

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(), "text/plain": f"{self.title}\n{self.narrative}"}
        if self.png is not None:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle
