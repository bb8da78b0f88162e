"""Gas cylinder requests: the queue, the day's deliveries, the zone breakdown.

Expected answers are worked out by hand in the comments of tests/welfare_rows.py.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import pandas as pd
from fangkong.reports.breakdown import TOTAL
from fangkong.reports.welfare import gas
from report_rows import frame
from welfare_rows import DAY


def test_gas_queue_in_delivery_order(requests, town):
    status = gas.gas_status(requests, town, DAY)
    queue = gas.gas_queue(status)
    assert queue["request_id"].tolist() == ["R3", "R9", "R2", "R8", "R1", "R10"]
    assert queue["position"].tolist() == [1, 2, 3, 4, 5, 6]
    waits = queue.set_index("request_id")["hours_waiting"]
    assert waits["R1"] == 32
    assert waits["R10"] == 24
    assert gas.overdue_requests(status)["request_id"].tolist() == ["R1"]


def test_gas_received_and_delivered_today(requests, town):
    status = gas.gas_status(requests, town, DAY)
    assert gas.received_today(status)["request_id"].tolist() == ["R4", "R3", "R9", "R2", "R8", "R6"]
    delivered = gas.delivered_today(status)
    assert delivered["request_id"].tolist() == ["R4", "R6"]
    assert delivered["hours_to_delivery"].tolist() == [12, 4]
    assert gas.median_hours_to_delivery(status) == 8


def test_gas_summary_and_zone_breakdown(requests, town):
    status = gas.gas_status(requests, town, DAY)
    assert gas.gas_summary(status) == {
        "received": 6,
        "delivered": 2,
        "pending": 6,
        "overdue": 1,
        "cylinders_pending": 9,
        "median_hours_to_delivery": 8.0,
    }
    table = gas.gas_breakdown(status, town, "zone").set_index("zone")
    cols = ["received", "delivered", "pending", "overdue", "cylinders_pending"]
    assert table.loc["第一战区", cols].tolist() == [2, 0, 3, 1, 4]
    assert table.loc["第五战区", cols].tolist() == [1, 0, 2, 0, 4]
    assert table.loc[TOTAL, cols].tolist() == [6, 2, 6, 1, 9]
    assert (table.drop(TOTAL)[cols].sum() == table.loc[TOTAL, cols]).all()
    villages = gas.gas_breakdown(status, town, "village")
    assert villages.iloc[-1][cols].tolist() == [6, 2, 6, 1, 9]


def test_a_day_with_no_requests(town):
    status = gas.gas_status(frame("gas_requests", []), town, DAY)
    assert gas.gas_queue(status).empty
    assert gas.gas_summary(status) == {
        "received": 0,
        "delivered": 0,
        "pending": 0,
        "overdue": 0,
        "cylinders_pending": 0,
        "median_hours_to_delivery": None,
    }
    assert gas.gas_breakdown(status, town).iloc[-1]["pending"] == 0


def test_cutoff_follows_the_town_policy(town):
    late = town.model_copy(update={"policy": town.policy.model_copy(update={"cutoff": "20:30"})})
    assert gas.cutoff_at(late, DAY) == pd.Timestamp("2020-03-10 20:30")
