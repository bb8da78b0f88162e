"""The welfare report's headline figures and alerts.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import json

import pytest
from fangkong.reports.welfare import data as welfare_data
from fangkong.reports.welfare import figures as welfare_figures
from welfare_rows import DAY

# ------------------------------------------------------------- headline, trend


def test_headline(households, visits, requests, produce, services, donations, town):
    inputs = welfare_data.WelfareInputs(households, visits, requests, produce, services, donations)
    head = welfare_figures.headline(inputs, town, DAY)
    json.dumps(head)  # plain Python values only
    f, a = head["figures"], head["alerts"]
    assert (f["households"], f["covered"], f["coverage"]) == (5, 2, pytest.approx(0.4))
    assert f["households_multi_category"] == 2
    assert (f["open_needs"], f["households_with_open_needs"]) == (4, 4)
    assert (f["gas_pending"], f["gas_median_hours_to_delivery"]) == (6, 8.0)
    assert f["produce_stock_kg"] == 2200
    assert (f["services"], f["services_served"], f["services_volunteers"]) == (4, 60, 9)
    assert f["workers_carried_to_date"] == 40
    assert (f["money_yuan_today"], f["money_yuan_to_date"]) == (52000, 62000)
    assert (f["goods_donations_today"], f["goods_donations_to_date"]) == (1, 3)
    assert a == {"households_unvisited": 3, "open_needs": 4, "gas_overdue": 1, "produce_surplus": 2}
