"""Chart rendering: figure_png gives savefig's bytes; inline SVG; titles, legends, text sizes."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from fangkong.catalogue import text
from fangkong.reports.charts import FAMILY, TEXT_PT, figure_png, figure_svg, trend_chart
from fangkong.reports.reopening.charts import compliance_chart, resumption_trend_chart


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


# -- inline SVG --------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_figure_svg_keeps_text_as_text_and_names_the_chart():
    label = "近14日在隔离人数（人）<与>"
    svg = figure_svg(trend(), label)
    root = ET.fromstring(svg)  # well-formed, nothing before the element
    assert root.tag == f"{SVG}svg" and root.get("class") == "fk-chart"
    assert root.get("role") == "img" and root.get("aria-label") == label
    assert root[0].tag == f"{SVG}title" and root[0].text == label
    # The page's fonts, the shipped CJK font among them, once on the root.
    assert "PingFang SC" in root.get("font-family") and FAMILY in root.get("font-family")
    texts = list(root.iter(f"{SVG}text"))
    assert {"在隔离", "新增", "趋势"} <= {t.text for t in texts}
    for t in texts:
        assert "font-family" not in t.get("style", "")
    # Scales with the page: a viewBox, and its natural size for the aspect ratio.
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)
    # Nothing that would reach the rest of the page: no <style>, no metadata.
    assert "<style" not in svg and "<metadata" not in svg and "<?xml" not in svg


def test_two_charts_on_a_page_share_no_id():
    first, second = figure_svg(trend(), "甲"), figure_svg(trend(), "乙")
    ids = [re.findall(r'\sid="([^"]+)"', svg) for svg in (first, second)]
    assert ids[0] and not set(ids[0]) & set(ids[1])
    for svg, own in zip((first, second), ids):
        assert len(own) == len(set(own))
        refs = set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
        assert refs == set(own)  # every id referred to, every reference found


def _chart_makers():
    from fangkong.reports.quarantine import charts as qc
    from fangkong.reports.welfare import charts as wc

    days = pd.date_range("2020-02-26", periods=14)
    q = pd.DataFrame({"date": days} | {c: range(14) for c in qc.FLOW_STYLE} | {"in_quarantine": 60})
    w = pd.DataFrame(
        {"day": days, "coverage": 0.92}
        | {c: range(14) for c in ("gas_pending", "gas_overdue", "gas_received", "gas_delivered")}
    )
    produce = pd.DataFrame({"product": ["大蒜", "柿饼"], "stock_kg": [34612.0, 9572.0]})
    r = pd.DataFrame(
        {"day": days.repeat(2), "category": ["a", "b"] * 14, "rate": 0.9, "target": 0.8}
    )
    return {
        "stock": lambda: qc.stock_chart(q, "在隔离人数（人）", "人"),
        "flows": lambda: qc.flows_chart(q, {c: c for c in qc.FLOW_STYLE}, "每日（人/日）"),
        "panels": lambda: qc.trend_panels(q, {"new_today": "新增"}, ("a", "b"), "镇", "人"),
        "coverage": lambda: wc.coverage_trend_chart(w, "覆盖率", "覆盖率（%）"),
        "gas": lambda: wc.gas_trend_chart(
            w, {"gas_pending": "待配送", "gas_received": "登记"}, "煤气"
        ),
        "produce": lambda: wc.produce_balance_chart(produce, {"stock_kg": "库存"}, "产销"),
        "resumption": lambda: resumption_trend_chart(r, {"a": "规上"}, "目标", "复工率（%）"),
        "compliance": bars,
        "trend": trend,
    }


@pytest.mark.parametrize("name", list(_chart_makers()))
def test_no_chart_text_is_smaller_than_the_phone_minimum(name):
    # The browser test measures the pages; this catches a small font in any chart, fast.
    root = ET.fromstring(figure_svg(_chart_makers()[name](), name))
    sizes = [
        float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1))
        for t in root.iter(f"{SVG}text")
    ]
    assert sizes and min(sizes) >= TEXT_PT, sorted(sizes)[:3]
    # Drawn a phone's width: 11 units are at least 11 px once scaled to 366 px of content.
    width = float(root.get("viewBox").split()[2])
    assert min(sizes) * 366 / width >= 11


def test_produce_axis_in_the_reports_unit():
    from fangkong.reports.welfare.charts import produce_balance_chart

    produce = pd.DataFrame({"product": ["大蒜"], "stock_kg": [34612.0]})
    ax = produce_balance_chart(produce, {"stock_kg": "库存"}, "产销").axes[0]
    assert ax.get_xlabel() == "公斤"


# -- titles and legends, from the catalogue ----------------------------------------------


def test_legends_name_series_over_days():
    # "今日登记" on a 14-day series read as one day's figure.
    from fangkong.reports.quarantine.trend import TREND_COLUMNS

    keys = [f"q.trend.{c}" for c in TREND_COLUMNS[1:]] + ["w.trend.gas_received"]
    for label in (text(key) for key in [*keys, "w.trend.gas_delivered"]):
        assert "今日" not in label and ("每日" in label or "截止" in label), label


@pytest.mark.parametrize(
    ("key", "unit"),
    [
        ("q.trend.stock_chart", "（人）"),
        ("q.trend.flows_chart", "（人/日）"),
        ("w.trend.coverage_chart", "（%）"),
        ("w.trend.gas_chart", "（件）"),
        ("w.produce.chart", "（公斤）"),
        ("r.trend.chart", "（%）"),
        ("r.compliance.chart", "（%）"),
    ],
)
def test_chart_titles_say_the_subject_and_unit(key, unit):
    title = text(key, days=14)
    assert unit in title and len(title.replace(unit, "")) >= 6, title
