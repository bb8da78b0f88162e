"""The reopening report's charts.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.reopening import checks as firm_checks
from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import trend as reopening_trend
from reopening_rows import DAY


def test_charts_draw_a_line_per_category_and_target_and_a_cell_per_zone_and_check(
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
    # The axis is cut to the rates and targets (to 5 points under the lowest), not 0 to 100.
    lowest = trend["rate"].astype(float).min() * 100
    assert lowest - 5 <= ax.get_ylim()[0] <= lowest and ax.get_ylim()[1] >= 100
    (legend,) = ax.figure.legends
    assert [t.get_text() for t in legend.get_texts()] == [*names.values(), "目标"]
    checks = {c: f"检查{i}" for i, c in enumerate(firm_checks.CHECKS)}
    rates = firm_checks.compliance(firms, town)
    ax = compliance_chart(rates, checks, {TOTAL: "全镇"}, "落实率").axes[0]
    zones = [*(z.name for z in town.zones), TOTAL]
    assert list(dict.fromkeys(rates["zone"])) == zones  # the zones, then the town
    assert [t.get_text() for t in ax.get_yticklabels()] == [*zones[:-1], "全镇"]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(checks.values())
    cells = ax.collections[0].get_array()  # one cell per zone and check
    assert cells.shape == (len(zones), len(checks))
    written = {
        (round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text()
        for t in ax.texts
    }
    table = rates.set_index(["zone", "check"])["rate"]
    for i, zone in enumerate(zones):
        for j, check in enumerate(checks):
            rate = table.get((zone, check))
            if rate is None or pd.isna(rate):
                assert (i, j) not in written and cells.mask[i, j]
            else:
                assert cells[i, j] == pytest.approx(rate * 100)
                assert float(written[(i, j)]) == pytest.approx(rate * 100, abs=0.05)


def test_compliance_colours_tell_86_from_100_percent():
    from fangkong.reports.reopening.charts import compliance_chart

    rates = pd.DataFrame(
        {
            "zone": ["一区", "一区", "二区", "二区"],
            "check": ["a", "b"] * 2,
            "rate": [0.86, 1.0, 0.93, 1.0],
        }
    )
    ax = compliance_chart(rates, {"a": "消杀", "b": "备案"}, {}, "落实率").axes[0]
    colours = ax.collections[0].get_facecolors()[:, :3]  # row by row: 86, 100, 93, 100
    lightness = colours @ [0.2126, 0.7152, 0.0722]
    # Darker the lower: 86 % clearly darker than 93 %, itself darker than 100 %.
    assert lightness[0] < lightness[2] - 0.15 and lightness[2] < lightness[1] - 0.1
    assert lightness[1] == pytest.approx(lightness[3])
