"""Each firm's status on the day, from the registry and the daily reports.

Expected answers are worked out by hand in the comments of tests/reopening_rows.py.
Demo town zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村
第四战区, 新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street
80%; masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import pandas as pd


def test_firm_status(firms):
    f = firms.set_index("enterprise_id")
    assert sorted(f.index) == ["A1", "A2", "B1", "B2", "B3", "S1", "S2"]
    assert f["resumed"].to_dict() == {
        "A1": True,
        "A2": True,
        "B1": True,
        "B2": False,
        "B3": False,
        "S1": True,
        "S2": False,
    }
    assert f.loc["A2", "last_report"] == pd.Timestamp("2020-03-08")
    assert not f.loc["A2", "reported_today"]
    assert f["never_reported"].sum() == 1 and f.loc["B3", "never_reported"]
    assert f.loc["S2", "last_report"] == pd.Timestamp("2020-03-09")
