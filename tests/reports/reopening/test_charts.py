"""The reopening report's charts.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pytest
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import trend as reopening_trend
from reopening_rows import DAY


def test_charts_draw_a_line_per_category_and_target_and_a_bar_per_zone_and_check(
    enterprises, status, ledger, firms, town
):
    from fangkong.reports.reopening.charts import compliance_chart, resumption_trend_chart

    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    trend = reopening_trend.trend(inputs, town, DAY, 3)
    names = {"above_size": "规上", "below_size": "规下", "street_shop": "门店"}
    ax = resumption_trend_chart(trend, names, "目标", "复工率").axes[0]
    assert len(ax.lines) == 6  # three rates, three dashed targets
    rates = [line.get_ydata()[-1] for line in ax.lines[:6:2]]
    assert rates == pytest.approx([100, 100 / 3, 50])
    assert ax.lines[1].get_ydata()[0] == 100  # the above-size target at 100 %
    checks = {c: c for c in firm_checks.CHECKS}
    ax = compliance_chart(firm_checks.compliance(firms, town), checks, {}, "落实率").axes[0]
    assert len(ax.patches) == 4 * (len(town.zones) + 1)  # zones and the town
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == TOTAL
