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

from fangkong.reports.breakdown import TOTAL
from fangkong.reports.charts import PALETTE, trend_chart
from fangkong.reports.fonts import register_cjk_font
from fangkong.reports.reopening.charts import day_ticks, percent_axis


def coverage_trend_chart(trend: pd.DataFrame, label: str, title: str) -> Figure:
    """Town-wide visit coverage (%) day by day.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.welfare.trend.trend`: ``day`` and ``coverage`` (0-1).
    label : str
        Legend label of the coverage line.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    pct = trend.assign(_pct=trend["coverage"].astype("Float64").astype(float) * 100)
    fig = trend_chart(pct, "day", {"_pct": label}, title)
    percent_axis(fig.axes[0])
    day_ticks(fig.axes[0], trend["day"])
    return fig


def gas_trend_chart(trend: pd.DataFrame, series: Mapping[str, str], title: str) -> Figure:
    """The gas queue day by day: pending and overdue at the cut-off, flows of the day.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.welfare.trend.trend` (``gas_*`` columns).
    series : mapping
        Column -> legend label, e.g. ``{"gas_pending": "待配送"}``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = trend_chart(trend, "day", dict(series), title)
    day_ticks(fig.axes[0], trend["day"])
    return fig


def produce_balance_chart(
    by_product: pd.DataFrame, series: Mapping[str, str], title: str, unit: str = "kg"
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
        Axis label of the quantities.

    Returns
    -------
    matplotlib.figure.Figure
    """
    register_cjk_font()
    products = by_product[by_product["product"] != TOTAL]
    n = max(len(products), 1)
    fig = Figure(figsize=(8.0, 1.2 + 0.55 * n), layout="constrained")
    ax = fig.add_subplot()
    height = 0.8 / max(len(series), 1)
    rows = np.arange(len(products))
    for i, (column, label) in enumerate(series.items()):
        values = products[column].astype("Float64").fillna(0).astype(float)
        ax.barh(rows + i * height, values, height, color=PALETTE[i % len(PALETTE)], label=label)
    ax.set_yticks(rows + height * (len(series) - 1) / 2, products["product"].tolist())
    ax.invert_yaxis()  # the first (largest) product on top
    ax.set_title(title, loc="left", fontsize=12)
    ax.set_xlabel(unit)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if series:
        ax.legend(frameon=False, ncols=len(series), loc="upper left", bbox_to_anchor=(0, -0.12))
    return fig
