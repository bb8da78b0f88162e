"""The reopening report's headline figures and alerts.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import json

import pytest
from fangkong.reports.reopening import data as reopening_data
from fangkong.reports.reopening import figures as reopening_figures
from reopening_rows import DAY


def test_headline(enterprises, status, ledger, town):
    inputs = reopening_data.ReopeningInputs(enterprises, status, ledger)
    head = reopening_figures.headline(inputs, town, DAY)
    json.dumps(head)
    f, a = head["figures"], head["alerts"]
    assert (f["firms"], f["resumed"], f["rate"]) == (7, 4, pytest.approx(4 / 7))
    assert (f["above_size_met"], f["below_size_met"], f["street_shop_met"]) == (True, False, False)
    assert f["below_size_rate"] == pytest.approx(1 / 3)
    assert (f["never_reported"], f["not_reported_today"]) == (1, 3)
    assert (f["staff_total"], f["staff_on_site"], f["in_quarantine"]) == (193, 128, 4)
    assert (f["worker_mismatches"], f["workers_not_reported"]) == (2, 2)
    assert f["officer_on_duty_rate"] == pytest.approx(2 / 3)
    assert f["firms_failing_compliance"] == 3
    assert (f["masks"], f["masks_short"], f["disinfectant_l"]) == (1110, 2, 28.0)
    assert a == {
        "categories_below_target": 2,
        "firms_not_resumed": 3,
        "not_reported_today": 3,
        "compliance_failures": 6,
        "masks_short": 2,
        "worker_mismatches": 2,
    }
