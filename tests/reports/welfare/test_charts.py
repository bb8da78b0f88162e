"""The welfare report's charts.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

from fangkong.reports.welfare import community
from welfare_rows import DAY


def test_produce_chart_has_a_bar_per_product_and_series(produce):
    from fangkong.reports.welfare.charts import produce_balance_chart

    table = community.produce_by_product(produce, DAY)
    series = {"stock_kg": "库存", "sold_kg": "销售", "demand_kg": "需求"}
    ax = produce_balance_chart(table, series, "产销").axes[0]
    assert len(ax.patches) == 3 * 3  # 白菜, 蒜苗, 草莓; the total row is left out
    assert [t.get_text() for t in ax.get_yticklabels()] == ["白菜", "蒜苗", "草莓"]
    assert max(p.get_width() for p in ax.patches) == 1900


def test_gas_chart_draws_the_queue_as_bars_and_the_days_flows_as_lines():
    import pandas as pd
    from fangkong.reports.charts import ALERT
    from fangkong.reports.welfare.charts import gas_trend_chart
    from matplotlib.colors import to_hex
    from welfare_rows import DAY

    days = pd.date_range(end=DAY, periods=4)
    trend = pd.DataFrame(
        {
            "day": days,
            "gas_pending": [15, 7, 3, 4],
            "gas_overdue": [2, 0, 1, 0],
            "gas_received": [17, 11, 6, 12],
            "gas_delivered": [8, 19, 9, 11],
        }
    )
    series = {
        "gas_pending": "截止时待配送",
        "gas_overdue": "其中超时",
        "gas_received": "每日登记",
        "gas_delivered": "每日配送",
    }
    fig = gas_trend_chart(trend, series, "煤气（单）")
    (ax,) = fig.axes
    pending, overdue = ax.containers  # a bar per day at the cut-off, overdue over it
    assert [bar.get_height() for bar in pending] == [15, 7, 3, 4]
    assert [bar.get_height() for bar in overdue] == [2, 0, 1, 0]
    assert {to_hex(bar.get_facecolor()) for bar in overdue} == {ALERT.lower()}
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.lines}
    assert lines == {"每日登记": [17, 11, 6, 12], "每日配送": [8, 19, 9, 11]}
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(series.values())


def test_coverage_axis_shows_the_change_of_a_rate_near_92_percent():
    import pandas as pd
    from fangkong.reports.welfare.charts import coverage_trend_chart
    from welfare_rows import DAY

    coverage = [0.914, 0.904, 0.929, 0.919]
    trend = pd.DataFrame({"day": pd.date_range(end=DAY, periods=4), "coverage": coverage})
    ax = coverage_trend_chart(trend, "走访覆盖率", "近4日走访覆盖率（%）").axes[0]
    low, high = ax.get_ylim()
    # The axis spans at most about 10 points around the values, not 0 to 100.
    assert 85 <= low <= 90.4 and 92.9 <= high <= 101 and high - low <= 12
    assert "91.9%" in [t.get_text() for t in ax.texts]  # today's rate by the line's end
