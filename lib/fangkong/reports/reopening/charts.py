"""Charts of the reopening report: resumption trend with targets, compliance by zone.

Labels come in as arguments (the report takes them from the catalogue). The
shared style, palette and CJK font are those of :mod:`fangkong.reports.charts`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from seaborn import heatmap

from fangkong.reports.charts import (
    PALETTE,
    TEXT_PT,
    day_axis,
    legend_below,
    new_figure,
    percent_axis,
    set_title,
)


def resumption_trend_chart(
    trend: pd.DataFrame, categories: Mapping[str, str], target_label: str, title: str
) -> Figure:
    """Resumption rate (%) of each category day by day, its target dashed in its colour.

    Parameters
    ----------
    trend : DataFrame
        From :func:`fangkong.reports.reopening.trend.trend`: ``day``, ``category``, ``rate``
        and ``target``.
    categories : mapping
        Category code -> legend label, in drawing order.
    target_label : str
        Legend label of the dashed lines, e.g. ``目标``.
    title : str
        With the subject and unit, e.g. ``近14日各类企业复工率（%）与目标``.

    Returns
    -------
    matplotlib.figure.Figure
        Each category's rate line, then its target line (when it has a target).
    """
    fig, (ax,) = new_figure(2.7)
    drawn, targets = [], []
    for i, (code, label) in enumerate(categories.items()):
        rows = trend[trend["category"] == code]
        rates = rows["rate"].astype("Float64").astype(float) * 100
        ax.plot(
            pd.to_datetime(rows["day"]),
            rates,
            marker="o",
            markersize=3,
            color=PALETTE[i % len(PALETTE)],
            label=label,
        )
        drawn += list(rates)
        target = rows["target"].dropna()
        if len(target):
            targets.append(float(target.iloc[-1]) * 100)
            ax.axhline(targets[-1], color=PALETTE[i % len(PALETTE)], linestyle="--", linewidth=1)
    set_title(ax, title)
    # Cut to the rates and targets: rates of 76 to 100 % on a 0 to 100 axis hid the
    # days' change and how far each category is from its target.
    percent_axis(ax, [*drawn, *targets])
    day_axis(ax, trend["day"])
    # One legend entry for all the dashed targets: each is in its category's colour.
    handles, labels = ax.get_legend_handles_labels()
    if targets:
        handles.append(Line2D([], [], color="#555555", linestyle="--", linewidth=1))
        labels.append(target_label.strip())
    legend_below(ax, handles, labels)
    return fig


def compliance_chart(
    by_zone: pd.DataFrame, checks: Mapping[str, str], zone_labels: Mapping[str, str], title: str
) -> Figure:
    """Compliance rate (%) of each check by war zone, as a heat table of annotated cells.

    Rates sit between 86 and 100 %: as bars on a 0 to 100 axis they were 24 bars
    of nearly one height. Each cell is written out and coloured on a scale from
    just under the lowest rate to 100 %, darker the lower, so the weak cells stand out.

    Parameters
    ----------
    by_zone : DataFrame
        From :func:`fangkong.reports.reopening.checks.compliance` by zone: ``zone``,
        ``check`` and ``rate``; the town rows are drawn as the last row.
    checks : mapping
        Check -> column label, in column order.
    zone_labels : mapping
        Zone code -> row label (for the total and unassigned codes).
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        One axes: a cell per zone and check (a missing rate is a blank cell), the
        rate written in each.
    """
    zones = list(dict.fromkeys(by_zone["zone"]))
    rates = by_zone.set_index(["zone", "check"])["rate"].astype("Float64").astype(float)
    table = rates.unstack("check").reindex(index=zones, columns=list(checks)) * 100
    fig, (ax,) = new_figure(0.95 + 0.3 * max(len(zones), 1))
    known = table.stack().dropna()
    low = min(5 * ((known.min() - 1) // 5), 95.0) if len(known) else 0.0
    # The scale ends a little above 100 % so a passing cell is tinted, not white.
    high = 100 + (100 - low) * 0.15
    text = np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.0f}" if v == 100 else f"{v:.1f}")
    heatmap(
        table.to_numpy(),
        ax=ax,
        vmin=low,
        vmax=high,
        cmap=colormaps["OrRd_r"],
        annot=text(table.to_numpy()),
        fmt="",
        annot_kws={"fontsize": TEXT_PT},
        cbar=False,
        linewidths=1.5,
        linecolor="white",
        xticklabels=[_wrap(checks[c]) for c in table.columns],
        yticklabels=[zone_labels.get(z, z) for z in zones],
    )
    ax.set_facecolor("#f0f0f0")  # behind a blank cell (no resumed firm in the zone)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=TEXT_PT, labelrotation=0)
    set_title(ax, title)
    return fig


def _wrap(label: str) -> str:
    """A column label on two lines when long: at a space, or in the middle of CJK text."""
    if " " in label:
        return textwrap.fill(label, 12)
    half = -(-len(label) // 2)
    return label if len(label) <= 5 else f"{label[:half]}\n{label[half:]}"
