"""Chart helpers: small charts with Chinese text, drawn for a phone's width.

Every chart is drawn :data:`PHONE_WIDTH` wide with text of at least
:data:`TEXT_PT`, and shown twice over:

- in the page as inline SVG (:func:`figure_svg`) whose text stays text: the
  browser draws it in the page's own font, a reader can search and copy it, and
  the page's tests can measure it. The SVG scales with the page, so text drawn
  at 11 units on a 345.6-unit canvas is about 11.6 px on a 390 px phone (366 px
  of content); on a desktop the stylesheet caps the chart's width;
- in the email as a PNG 600 px wide (:func:`figure_png`), the width the email
  shows it at.

Figures are built with :class:`matplotlib.figure.Figure` rather than pyplot, so
a chart is shown once, where the report puts it, and never twice by the
notebook's inline backend. Font sizes are set on each artist rather than through
rcParams, which matplotlib reads when an artist is made, sometimes at draw time.
"""

from __future__ import annotations

import hashlib
import html
import io
import re

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from fangkong.reports.fonts import FAMILY, register_cjk_font

#: Colour-blind safe palette (Okabe-Ito), alert colour last.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
ALERT = PALETTE[-1]
#: Width of every chart in inches: 345.6 SVG units, 600 px as PNG at :data:`EMAIL_DPI`.
PHONE_WIDTH = 4.8
#: Text sizes in points (SVG units); nothing on a chart is smaller than TEXT_PT.
TEXT_PT = 11.0
TITLE_PT = 12.5
EMAIL_DPI = 125
#: The page's font stack (report.css, body), so chart text reads as the page's text;
#: the shipped font matplotlib measured the text with is the last CJK fallback.
PAGE_FONTS = (
    "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', "
    f"'Source Han Sans SC', '{FAMILY}', 'Helvetica Neue', Arial, sans-serif"
)
GRID = "#dddddd"


def new_figure(height: float, rows: int = 1) -> tuple[Figure, list]:
    """A phone-wide figure with ``rows`` axes one above the other.

    Parameters
    ----------
    height : float
        Height in inches.
    rows : int

    Returns
    -------
    (Figure, list of Axes)
    """
    register_cjk_font()
    fig = Figure(figsize=(PHONE_WIDTH, height), layout="constrained")
    axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
    for ax in axes:
        ax.tick_params(labelsize=TEXT_PT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig, list(axes)


def set_title(ax, title: str) -> None:
    """A chart title, left-aligned over the axes, wrapped when wider than the chart."""
    ax.set_title(title, loc="left", fontsize=TITLE_PT, wrap=True)


def count_axis(ax, values=()) -> None:
    """A y axis of whole counts from 0, with a grid, leaving room above the largest."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    top = max([float(v) for v in values if pd.notna(v)] or [0.0])
    # An all-zero series would otherwise get a -0.05..0.05 axis with fractional ticks.
    ax.set_ylim(0, max(top * 1.12, 4))
    ax.grid(axis="y", color=GRID, linewidth=0.8)


def percent_axis(ax, values, *, floor: float | None = None, min_span: float = 10) -> None:
    """A y axis in percent that shows the change of values near each other.

    A rate of 90 to 93 % on a 0 to 100 axis is a flat line: the axis is cut
    to the values (in steps of 5; when that is under ``min_span`` points, that
    many points centred on them; never above 100) and its ticks read ``90%``.
    It is a line chart, so a cut axis changes no length a reader compares; the
    least span keeps a change of a point or two from looking like a fall.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : iterable of float
        Percentages (0 to 100) drawn on the axis, targets included.
    floor : float, optional
        The lowest the axis may start at (default: wherever the values need).
    min_span : float
    """
    known = [float(v) for v in values if pd.notna(v)]
    lo = 5 * (min(known) // 5) if known else 0.0
    hi = min(100.0, 5 * -(-max(known) // 5)) if known else 100.0
    if hi - lo < min_span:
        mid = (min(known) + max(known)) / 2 if known else 50.0
        hi = min(100.0, round(mid - min_span / 2) + min_span)
        lo = hi - min_span
    lo = max(0.0, lo if floor is None else min(lo, floor))
    # A little room above 100 % so a line or target at 100 % is not cut in half.
    ax.set_ylim(lo, hi + (hi - lo) * 0.04)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    ax.grid(axis="y", color=GRID, linewidth=0.8)


def day_axis(ax, days) -> None:
    """An x axis of the window's days: limits, and whole-day ticks counted back from the last.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    days : sequence of date-like
        The days on the axis (may be empty).
    """
    days = sorted(set(pd.to_datetime(pd.Series(days)).dropna()))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    if not days:
        return
    ax.set_xlim(*day_limits(days))
    # Evenly spaced days counted back from the last one (the report date), which
    # date locators do not do: they restart at each month. Five labels fit a phone.
    step = max(1, -(-len(days) // 5))
    ax.set_xticks(days[::-1][::step][::-1])


def legend_below(ax, handles=None, labels=None, *, ncols: int | None = None) -> None:
    """The legend under the chart, in as many columns as fit its width.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Whose lines and bars the legend names (one legend a figure).
    handles, labels : lists, optional
        Default: those of ``ax``.
    ncols : int, optional
        Default: all on one line when they fit, else two lines.
    """
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if ncols is None:
        # About 1 em a CJK character, 0.55 em a Latin one, 3 em of handle and gap.
        ems = [sum(1 if ord(c) > 0x2E80 else 0.55 for c in str(t)) + 3 for t in labels]
        width = PHONE_WIDTH * 72 / TEXT_PT - 2
        ncols = len(handles) if sum(ems) <= width else max(1, -(-len(handles) // 2))
    # A figure legend "outside": the constrained layout makes room for it under the
    # axes and their labels, however tall the chart.
    ax.figure.legend(
        handles,
        labels,
        frameon=False,
        fontsize=TEXT_PT,
        ncols=ncols,
        loc="outside lower left",
        handlelength=1.6,
        columnspacing=1.0,
    )


def label_last(ax, days, values, text: str, colour: str) -> None:
    """Write the last value of a series beside its last point (today's figure)."""
    days, values = list(days), list(values)
    if not days or pd.isna(values[-1]):
        return
    ax.annotate(
        text,
        (mdates.date2num(pd.Timestamp(days[-1])), float(values[-1])),
        xytext=(0, 6),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=TEXT_PT,
        color=colour,
        fontweight="bold",
    )


def trend_chart(
    frame: pd.DataFrame, x: str, series: dict[str, str], title: str, *, height: float = 2.6
) -> Figure:
    """A line chart of daily counts on one axis: series of the same kind and size.

    Parameters
    ----------
    frame : DataFrame
        One row per day.
    x : str
        The date column.
    series : dict
        Column -> legend label, in drawing order.
    title : str
        With the subject and unit, e.g. ``近14日每日新增与解除（人/日）``.
    height : float
        Height in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax,) = new_figure(height)
    days = pd.to_datetime(frame[x])
    values = []
    for i, (column, label) in enumerate(series.items()):
        y = pd.to_numeric(frame[column]).astype("float")
        ax.plot(days, y, marker="o", markersize=3, color=PALETTE[i % len(PALETTE)], label=label)
        values += list(y)
    set_title(ax, title)
    count_axis(ax, values)
    day_axis(ax, days)
    legend_below(ax)
    return fig


def share_trend_chart(frame: pd.DataFrame, x: str, column: str, label: str, title: str) -> Figure:
    """One share (%) day by day, on an axis cut to show its change, the last value labelled.

    Parameters
    ----------
    frame : DataFrame
        One row per day.
    x : str
        The date column.
    column : str
        The share (0-1; empty where it cannot be told).
    label : str
        Name of the line (the title says what it is; no legend is drawn).
    title : str
        With the unit, e.g. ``近14日走访覆盖率（%）``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax,) = new_figure(2.2)
    days = pd.to_datetime(frame[x])
    pct = frame[column].astype("Float64").astype(float) * 100
    ax.plot(days, pct, marker="o", markersize=3, color=PALETTE[0], label=label)
    if len(pct) and pct.notna().iloc[-1]:
        label_last(ax, days, pct, f"{pct.iloc[-1]:.1f}%", PALETTE[0])
    set_title(ax, title)
    # Room above the last point for its label.
    percent_axis(ax, [*pct, pct.max() + 2 if pct.notna().any() else float("nan")])
    day_axis(ax, days)
    return fig


def day_limits(days) -> tuple[pd.Timestamp, pd.Timestamp]:
    """x-axis limits of a window of days: its first and last day, with a margin.

    A chart whose series are all missing (a town with no households has no
    visit coverage) has nothing to autoscale on, so its x axis would stay at
    matplotlib's default, 1970-01-01, and stretch to the window from there:
    day ticks over 50 years, tens of thousands of labels and a minute per
    chart. Pinning the axis to the window avoids that and shows the right days.

    Parameters
    ----------
    days : Series or sequence of date-like
        Not empty.

    Returns
    -------
    (Timestamp, Timestamp)
        5 % of the span on each side (matplotlib's default margin), at least
        half a day.
    """
    days = pd.to_datetime(pd.Series(days))
    first, last = days.min(), days.max()
    margin = max((last - first) * 0.05, pd.Timedelta(hours=12))
    return first - margin, last + margin


def figure_png(fig: Figure, dpi: int = EMAIL_DPI) -> bytes:
    """Render a figure as PNG bytes, on white.

    The same bytes as ``fig.savefig(buffer, format="png", dpi=dpi,
    facecolor="white")``, in about a fifth less time: savefig draws a
    figure with a layout engine twice, once without output to lay it out and
    once to render it, where one draw on an Agg canvas does both.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Left with an Agg canvas; its dpi and face colour are restored.
    dpi : int
        The default makes a :data:`PHONE_WIDTH` chart 600 px wide.

    Returns
    -------
    bytes
    """
    # Imported here, as savefig would: importing a report module should not load them.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import imsave

    old_dpi, old_facecolor = fig.get_dpi(), fig.get_facecolor()
    fig.set_dpi(dpi)
    fig.set_facecolor("white")
    try:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        buffer = io.BytesIO()
        imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi)
    finally:
        fig.set_dpi(old_dpi)
        fig.set_facecolor(old_facecolor)
    return buffer.getvalue()


_ROOT = re.compile(r'<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"[^>]*>')
_ID = re.compile(r'\sid="([^"]*)"')
_REF = re.compile(r'(?:href="#|url\(#)([^")]+)')


def figure_svg(fig: Figure, label: str) -> str:
    """A figure as inline SVG for the page: text as text, named for screen readers.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    label : str
        What the chart shows, in the page's language: the SVG's accessible
        name (``aria-label`` and ``<title>``).

    Returns
    -------
    str
        An ``<svg class="fk-chart" role="img">`` element: ``viewBox`` and its
        natural size in px, text in the page's fonts (:data:`PAGE_FONTS`), ids
        unique to the chart.
    """
    import matplotlib as mpl

    buffer = io.StringIO()
    # Text as <text> elements, not glyph outlines: a browser lays it out in a
    # font it has and a test can read its size. No date in the file: the same
    # data give the same page.
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # matplotlib's <style>*{...}</style> would apply to the whole HTML page: its two
    # properties become attributes of the root, which its elements inherit.
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    # One font stack on the root instead of a long list on every <text>.
    svg = re.sub(r"font-family: [^;\"]*;?\s*", "", svg)
    svg = _unique_ids(svg, "fk" + hashlib.sha1(label.encode()).hexdigest()[:6])
    svg = re.sub(r">\s+<", "><", svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)
    width, height = _ROOT.search(svg).groups()
    name = html.escape(label, quote=True)
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' class="fk-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{name}" font-family="{PAGE_FONTS}"'
        f' stroke-linejoin="round" stroke-linecap="butt"><title>{name}</title>'
    )
    return _ROOT.sub(lambda _: root, svg, count=1)


def _unique_ids(svg: str, prefix: str) -> str:
    """Drop the ids nothing refers to; rename the others ``<prefix>-<n>``.

    matplotlib names groups ``figure_1``, ``axes_1``... in every chart, and two
    charts on one page would share them; only markers and clip paths are referred to.
    """
    used = list(dict.fromkeys(_REF.findall(svg)))
    names = {old: f"{prefix}-{n}" for n, old in enumerate(used)}
    svg = _ID.sub(lambda m: f' id="{names[m[1]]}"' if m[1] in names else "", svg)
    return _REF.sub(lambda m: m[0][: -len(m[1])] + names.get(m[1], m[1]), svg)
