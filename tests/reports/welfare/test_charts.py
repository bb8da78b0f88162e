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
