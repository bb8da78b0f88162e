"""Charts of the reopening report: resumption trend with targets, compliance by zone.

Labels come in as arguments (the report takes them from the catalogue). The
shared palette and CJK font are those of :mod:`fangkong.reports.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from fangkong.reports.charts import PALETTE, day_limits
from fangkong.reports.fonts import register_cjk_font


def day_ticks(ax, days: pd.Series) -> None:
    """Whole-day ticks, at most about eight of them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    days : Series
        The days on the x axis.
    """
    # AutoDateLocator puts half-day ticks (two "03-06" labels) on short windows.
    span = days.nunique()
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-span // 8))))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))


def percent_axis(ax) -> None:
    """A 0-100 % y axis, ticks every 20, with room for a line at 100 %."""
    ax.set_ylim(0, 103)
    ax.set_yticks(range(0, 101, 20))


def _style(ax, title: str, n_legend: int) -> None:
    ax.set_title(title, loc="left", fontsize=12)
    percent_axis(ax)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if n_legend:
        ax.legend(
            frameon=False, ncols=min(n_legend, 4), loc="upper left", bbox_to_anchor=(0, -0.12)
        )


def resumption_trend_chart(
    trend: pd.DataFrame, categories: Mapping[str, str], target_label: str, title: str
) -> Figure:
    """Resumption rate (%) of each category day by day, its target dashed.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.reopening.trend.trend`: ``day``, ``category``, ``rate``
        and ``target``.
    categories : mapping
        Category code -> legend label, in drawing order.
    target_label : str
        Suffix of the target lines' legend, e.g. ``目标``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    register_cjk_font()
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    for i, (code, label) in enumerate(categories.items()):
        rows = trend[trend["category"] == code]
        days = pd.to_datetime(rows["day"])
        colour = PALETTE[i % len(PALETTE)]
        rates = rows["rate"].astype("Float64").astype(float) * 100
        ax.plot(days, rates, marker="o", markersize=3, color=colour, label=label)
        target = rows["target"].dropna()
        if len(target):
            ax.axhline(
                float(target.iloc[-1]) * 100,
                color=colour,
                linestyle="--",
                linewidth=1,
                label=f"{label}{target_label}",
            )
    if len(trend):
        ax.set_xlim(*day_limits(trend["day"]))
    day_ticks(ax, trend["day"])
    _style(ax, title, 2 * len(categories))
    return fig


def compliance_chart(
    by_zone: pd.DataFrame, checks: Mapping[str, str], zone_labels: Mapping[str, str], title: str
) -> Figure:
    """Compliance rate (%) of each check by war zone, as grouped bars.

    Parameters
    ----------
    by_zone : DataFrame
        From :func:`fangkong.reports.reopening.checks.compliance` by zone: ``zone``,
        ``check`` and ``rate``; the town rows are drawn as the last group.
    checks : mapping
        Check -> legend label, in drawing order.
    zone_labels : mapping
        Zone code -> axis label (for the total and unassigned codes).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    register_cjk_font()
    zones = list(dict.fromkeys(by_zone["zone"]))
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    width = 0.8 / max(len(checks), 1)
    x = np.arange(len(zones))
    table = by_zone.set_index(["zone", "check"])["rate"]
    for i, (check, label) in enumerate(checks.items()):
        values = [table.get((z, check), pd.NA) for z in zones]
        heights = pd.array(values, dtype="Float64").fillna(0).to_numpy(dtype=float) * 100
        ax.bar(x + i * width, heights, width, color=PALETTE[i % len(PALETTE)], label=label)
    ax.set_xticks(x + width * (len(checks) - 1) / 2, [zone_labels.get(z, z) for z in zones])
    _style(ax, title, len(checks))
    return fig
