"""Chart rendering: figure_png gives savefig's bytes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fangkong.reports.charts import figure_png, trend_chart
from fangkong.reports.reopening.charts import compliance_chart


def savefig_png(fig, dpi: int = 120) -> bytes:
    """The reference: what figure_png replaced."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def trend():
    frame = pd.DataFrame(
        {
            "date": pd.date_range("2020-02-26", periods=14),
            "in_quarantine": range(14),
            "new_today": [0, 3, 1, 0, 0, 5, 2, 1, 0, 0, 1, 2, 40, 1],
        }
    )
    return trend_chart(frame, "date", {"in_quarantine": "在隔离", "new_today": "新增"}, "趋势")


def bars():
    rates = pd.DataFrame(
        {
            "zone": ["第一战区", "第一战区", "total", "total"],
            "check": ["disinfected", "filed_online"] * 2,
            "rate": [0.5, 1.0, 0.75, pd.NA],
        }
    )
    checks = {"disinfected": "消杀", "filed_online": "备案"}
    return compliance_chart(rates, checks, {"total": "全镇"}, "落实率")


@pytest.mark.parametrize("make", [trend, bars])
@pytest.mark.parametrize("dpi", [72, 120])
@pytest.mark.parametrize("background", [None, "#eeeeee"])
def test_figure_png_gives_savefigs_bytes(make, dpi, background):
    figures = make(), make()
    if background:  # a figure not on white still comes out on white
        for fig in figures:
            fig.set_facecolor(background)
    png = figure_png(figures[0], dpi=dpi)
    assert png.startswith(b"\x89PNG")
    assert png == savefig_png(figures[1], dpi=dpi)


def test_figure_png_leaves_the_figures_dpi_and_colour():
    fig = trend()
    fig.set_facecolor("#eeeeee")
    dpi, colour = fig.get_dpi(), fig.get_facecolor()
    figure_png(fig)
    assert (fig.get_dpi(), fig.get_facecolor()) == (dpi, colour)


def test_charts_of_an_empty_window_stay_on_its_days():
    # A town with no households: coverage is missing every day. The x axis used to
    # start at 1970-01-01 and draw a day tick per two days since (a minute per chart).
    from fangkong.reports.charts import day_limits, figure_png
    from fangkong.reports.reopening.charts import resumption_trend_chart
    from fangkong.reports.welfare.charts import coverage_trend_chart
    from matplotlib import dates as mdates

    days = pd.date_range("2020-02-26", "2020-03-10")
    trend = pd.DataFrame({"day": days, "coverage": pd.array([None] * 14, dtype="Float64")})
    ax = coverage_trend_chart(trend, "走访覆盖率", "走访覆盖率").axes[0]
    lo, hi = (mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
    assert (lo, hi) == day_limits(days)
    assert pd.Timestamp("2020-02-25") <= lo < days[0] and days[-1] < hi <= pd.Timestamp(
        "2020-03-11"
    )
    assert len(ax.get_xticks()) <= 14
    assert figure_png(ax.figure).startswith(b"\x89PNG")
    rates = pd.DataFrame(
        {"day": days, "category": "above_size", "rate": pd.NA, "target": pd.NA}
    ).astype({"rate": "Float64", "target": "Float64"})
    ax = resumption_trend_chart(rates, {"above_size": "规上"}, "目标", "复工率").axes[0]
    assert len(ax.get_xticks()) <= 14


def test_day_limits_margin():
    from fangkong.reports.charts import day_limits

    days = pd.Series(pd.to_datetime(["2020-03-01", "2020-03-21"]))
    # 5 % of 20 days on each side; a single day gets half a day.
    assert day_limits(days) == (pd.Timestamp("2020-02-29"), pd.Timestamp("2020-03-22"))
    one = day_limits([pd.Timestamp("2020-03-10")])
    assert one == (pd.Timestamp("2020-03-09 12:00"), pd.Timestamp("2020-03-10 12:00"))
