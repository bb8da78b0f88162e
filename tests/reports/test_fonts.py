"""Chinese in charts: the shipped CJK font leaves no glyph missing."""

from __future__ import annotations

import warnings

import pandas as pd
from fangkong.reports.charts import figure_png, trend_chart
from fangkong.reports.fonts import FAMILY, LICENSE_PATH, register_cjk_font


def _glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def test_chinese_chart_without_missing_glyphs():
    frame = pd.DataFrame(
        {"date": pd.date_range("2020-03-01", periods=3), "a": [1, 2, 3], "b": [0, 1, 0]}
    )

    def draw():
        png = figure_png(trend_chart(frame, "date", {"a": "在隔离", "b": "发热/症状"}, "近3日趋势"))
        assert png.startswith(b"\x89PNG")

    assert _glyph_warnings(draw) == []
    assert register_cjk_font() == FAMILY
    assert LICENSE_PATH.exists() and "Apache" in LICENSE_PATH.read_text(encoding="utf-8")


def test_glyph_check_would_catch_a_latin_only_font():
    # The control for the test above: DejaVu Sans alone has no CJK glyphs.
    from matplotlib.figure import Figure

    def draw():
        fig = Figure()
        fig.add_subplot().set_title("在隔离", fontfamily="DejaVu Sans")
        figure_png(fig)

    assert _glyph_warnings(draw)
