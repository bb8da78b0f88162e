"""Charts of the welfare report: coverage and gas-queue trends, produce balance.

Labels come in as arguments (the report takes them from the catalogue), so the
charts carry no words of their own. The shared style, palette and CJK font are
those of :mod:`fangkong.reports.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from fangkong.reports.breakdown import TOTAL
from fangkong.reports.charts import (
    ALERT,
    GRID,
    PALETTE,
    TEXT_PT,
    count_axis,
    day_axis,
    legend_below,
    new_figure,
    set_title,
    share_trend_chart,
)

#: Gas-queue columns counted at each day's cut-off (drawn as bars; overdue is part
#: of pending), the others are the day's flows (drawn as lines).
GAS_STOCKS = ("gas_pending", "gas_overdue")


def coverage_trend_chart(trend: pd.DataFrame, label: str, title: str) -> Figure:
    """Town-wide visit coverage (%) day by day, on an axis cut to show its change.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.welfare.trend.trend`: ``day`` and ``coverage`` (0-1).
    label : str
        Name of the line (the title says what it is; no legend is drawn).
    title : str
        With the unit, e.g. ``近14日走访覆盖率（%）``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return share_trend_chart(trend, "day", "coverage", label, title)


def gas_trend_chart(trend: pd.DataFrame, series: Mapping[str, str], title: str) -> Figure:
    """The gas queue day by day: pending (and overdue) at the cut-off as bars, flows as lines.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.welfare.trend.trend` (``gas_*`` columns).
    series : mapping
        Column -> legend label, e.g. ``{"gas_pending": "截止时待配送", "gas_received":
        "每日登记"}``; columns of :data:`GAS_STOCKS` are bars, the others lines.
    title : str
        With the unit, e.g. ``近14日煤气待配送与每日登记、配送（单）``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax,) = new_figure(2.6)
    days = pd.to_datetime(trend["day"])
    values, colours = [], iter(PALETTE[1:])
    for column, label in series.items():
        y = trend[column].astype("Float64").fillna(0).astype(float)
        values += list(y)
        if column == "gas_overdue":  # drawn over the pending bar it is part of
            ax.bar(days, y, width=0.6, color=ALERT, label=label, zorder=2)
        elif column in GAS_STOCKS:
            ax.bar(days, y, width=0.6, color="#b9d3ea", label=label, zorder=1)
        else:
            marker = "o" if column == "gas_received" else "s"
            ax.plot(days, y, marker=marker, markersize=3.5, color=next(colours), label=label)
    set_title(ax, title)
    count_axis(ax, values)
    day_axis(ax, days)
    # In the order of ``series`` (matplotlib lists lines before bars).
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: list(series.values()).index(labels[i]))
    legend_below(ax, [handles[i] for i in order], [labels[i] for i in order])
    return fig


def produce_balance_chart(
    by_product: pd.DataFrame, series: Mapping[str, str], title: str, unit: str = "公斤"
) -> Figure:
    """Stock, sales and demand of each product as grouped horizontal bars.

    Parameters
    ----------
    by_product : DataFrame
        From :func:`fangkong.reports.welfare.community.produce_by_product` (its total row is
        left out).
    series : mapping
        Column -> legend label, e.g. ``{"stock_kg": "库存", "sold_kg": "销售"}``.
    title : str
    unit : str
        Axis label of the quantities, in the report's language (``公斤``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    products = by_product[by_product["product"] != TOTAL]
    n = max(len(products), 1)
    fig, (ax,) = new_figure(1.1 + 0.42 * n)
    height = 0.8 / max(len(series), 1)
    rows = np.arange(len(products))
    for i, (column, label) in enumerate(series.items()):
        values = products[column].astype("Float64").fillna(0).astype(float)
        ax.barh(rows + i * height, values, height, color=PALETTE[i % len(PALETTE)], label=label)
    ax.set_yticks(rows + height * (len(series) - 1) / 2, products["product"].tolist())
    ax.invert_yaxis()  # the first (largest) product on top
    set_title(ax, title)
    ax.set_xlabel(unit, fontsize=TEXT_PT)
    # Five-digit quantities: four ticks with separators fit a phone's width.
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    legend_below(ax)
    return fig
