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
