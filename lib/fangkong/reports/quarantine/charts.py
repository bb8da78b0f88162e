"""Charts of the quarantine report: the stock in quarantine apart from the day's flows.

The people in quarantine at the cut-off (55 to 74 in a town) and the people
coming and going each day (0 to 8) drawn on one axis left the flows flat on
zero, so each has a chart of its own: :func:`stock_chart` and
:func:`flows_chart` in the page, both as the two panels of :func:`trend_panels`
in the email. Labels come in as arguments (the report takes them from the
catalogue); style, palette and font are those of :mod:`fangkong.reports.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from fangkong.reports.charts import (
    ALERT,
    PALETTE,
    count_axis,
    day_axis,
    label_last,
    legend_below,
    new_figure,
    set_title,
)

#: Colour and marker of each flow: arrivals blue, departures green and purple,
#: fever in the alert colour.
FLOW_STYLE = {
    "new_today": (PALETTE[0], "o"),
    "released_today": (PALETTE[2], "s"),
    "transferred_today": (PALETTE[3], "^"),
    "fever_alerts": (ALERT, "D"),
}
STOCK_HEIGHT, FLOWS_HEIGHT = 2.3, 2.6


def draw_stock(ax, frame: pd.DataFrame, title: str, unit: str = "") -> None:
    """People in quarantine at each day's cut-off, as a shaded line on its own axis.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    frame : DataFrame
        From :func:`fangkong.reports.quarantine.trend.trend`: ``date`` and ``in_quarantine``.
    title : str
        With the unit, e.g. ``近14日在隔离人数（人）``.
    unit : str
        Written after today's figure at the line's end (``人``).
    """
    days = pd.to_datetime(frame["date"])
    stock = frame["in_quarantine"].astype("Float64").astype(float)
    ax.fill_between(days, stock, color=PALETTE[0], alpha=0.12, linewidth=0)
    ax.plot(days, stock, marker="o", markersize=3, color=PALETTE[0])
    if len(stock):
        label_last(ax, days, stock, f"{int(stock.iloc[-1]):,}{unit}", PALETTE[0])
    set_title(ax, title)
    count_axis(ax, stock)
    day_axis(ax, days)


def draw_flows(ax, frame: pd.DataFrame, series: Mapping[str, str], title: str) -> None:
    """People coming in, going out and with a fever each day, one line each.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    frame : DataFrame
        From :func:`fangkong.reports.quarantine.trend.trend`.
    series : mapping
        Column -> legend label (a series over days: ``每日新增``), in drawing order;
        columns of :data:`FLOW_STYLE`.
    title : str
        With the unit, e.g. ``近14日每日新增、解除与发热（人/日）``.
    """
    days = pd.to_datetime(frame["date"])
    values = []
    for column, label in series.items():
        colour, marker = FLOW_STYLE[column]
        y = frame[column].astype("Float64").astype(float)
        ax.plot(days, y, marker=marker, markersize=3.5, color=colour, label=label, linewidth=1.4)
        values += list(y)
    set_title(ax, title)
    count_axis(ax, values)
    day_axis(ax, days)
    legend_below(ax)


def stock_chart(frame: pd.DataFrame, title: str, unit: str = "") -> Figure:
    """The stock in quarantine day by day (see :func:`draw_stock`).

    Parameters
    ----------
    frame : DataFrame
    title : str
    unit : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax,) = new_figure(STOCK_HEIGHT)
    draw_stock(ax, frame, title, unit)
    return fig


def flows_chart(frame: pd.DataFrame, series: Mapping[str, str], title: str) -> Figure:
    """The day's flows day by day (see :func:`draw_flows`).

    Parameters
    ----------
    frame : DataFrame
    series : mapping
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax,) = new_figure(FLOWS_HEIGHT)
    draw_flows(ax, frame, series, title)
    return fig


def trend_panels(
    frame: pd.DataFrame,
    series: Mapping[str, str],
    titles: tuple[str, str],
    heading: str,
    unit: str = "",
) -> Figure:
    """The stock above the flows, one figure: the chart the email carries.

    Parameters
    ----------
    frame : DataFrame
    series : mapping
        As for :func:`draw_flows`.
    titles : (str, str)
        Titles of the stock and flows panels.
    heading : str
        Over both panels; it names the town, as the chart goes alone into the email.
    unit : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (top, bottom) = new_figure(STOCK_HEIGHT + FLOWS_HEIGHT, rows=2)
    fig.suptitle(heading, x=0.02, ha="left", fontsize=13, fontweight="bold")
    draw_stock(top, frame, titles[0], unit)
    draw_flows(bottom, frame, series, titles[1])
    return fig
