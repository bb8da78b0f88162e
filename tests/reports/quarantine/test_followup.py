"""Follow-up of the people in quarantine: fever alerts, visits, disinfections, calls.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区 (``small_town``). Expected
answers are worked out by hand in the comments next to each row of
tests/quarantine_rows.py.
"""

from __future__ import annotations

import pandas as pd
from fangkong.reports.quarantine import followup
from quarantine_rows import DAY, POLICY


def test_fever_alerts(inputs):
    out = followup.fever_alerts(inputs.checks, inputs.ledger, DAY, POLICY.fever_threshold_c)
    assert list(out["person_id"]) == ["P4", "P3", "P5", "P7"]  # hottest first
    got = out.set_index("person_id")
    assert list(got["temperature_c"]) == [38.5, 37.8, 37.3, 36.5]  # P7: day's highest
    assert list(got["fever"]) == [True, True, True, False]
    assert got.loc["P3", "symptoms"] == "cough;fever"
    assert got.loc["P7", "symptoms"] == "cough"
    assert got.loc["P3", "status"] == "released"  # fever on the last day stays visible
    assert got.loc["P4", "status"] == "transferred"
    assert got.loc["P4", "doctor"] == "医生"  # with the four-to-one team
    # P5 is matched to the period running today, not the old one.
    assert got.loc["P5", "reason"] == "risk_area_return"
    assert got.loc["P5", "checked_at"] == pd.Timestamp("2020-02-10 08:30")


def test_fever_alerts_empty_day(inputs):
    out = followup.fever_alerts(inputs.checks, inputs.ledger, "2020-02-11", 37.3)
    assert out.empty
    assert {"person_id", "temperature_c", "village", "fever"} <= set(out.columns)


def test_visit_slot_noon_is_afternoon():
    times = pd.Series(pd.to_datetime(["2020-02-10 00:00", "2020-02-10 11:59", "2020-02-10 12:00"]))
    assert list(followup.visit_slot(times, 2)) == [0, 0, 1]
    assert list(followup.visit_slot(times, 1)) == [0, 0, 0]


def test_check_coverage(inputs):
    out = followup.check_coverage(inputs.checks, inputs.ledger, DAY, 2).set_index("person_id")
    assert out["done"].to_dict() == {"P1": 2, "P2": 1, "P5": 2, "P6": 0, "P7": 2}
    assert set(out["owed"]) == {2}
    assert out.loc["P2", "missing"] == (1,)
    assert out.loc["P6", "missing"] == (0, 1)
    assert out.loc["P1", "missing"] == ()


def test_check_at_noon_with_one_visit_a_day(inputs):
    out = followup.check_coverage(inputs.checks, inputs.ledger, DAY, 1).set_index("person_id")
    assert out["done"].to_dict() == {"P1": 1, "P2": 1, "P5": 1, "P6": 0, "P7": 1}


def test_disinfection_and_call_coverage(inputs):
    dis = followup.disinfection_coverage(inputs.disinfections, inputs.ledger, DAY).set_index(
        "person_id"
    )
    assert dis["done"].to_dict() == {"P1": 1, "P2": 0, "P5": 0, "P6": 1, "P7": 0}
    calls = followup.call_coverage(inputs.calls, inputs.ledger, DAY, 1).set_index("person_id")
    assert calls["reached"].to_dict() == {"P1": 1, "P2": 0, "P5": 1, "P6": 0, "P7": 0}
    calls2 = followup.call_coverage(inputs.calls, inputs.ledger, DAY, 2).set_index("person_id")
    assert calls2.loc["P5", "reached"] == 2


def test_lost_contact(inputs):
    out = followup.lost_contact(inputs.calls, inputs.ledger, DAY, 2)
    assert list(out["person_id"]) == ["P6"]
    assert out["last_reached"].isna().all()
    # With a three-day rule, two days are not enough.
    assert followup.lost_contact(inputs.calls, inputs.ledger, DAY, 3).empty
    # With a one-day rule, P2 (unreached today) is lost too; P7 was not called today.
    assert sorted(followup.lost_contact(inputs.calls, inputs.ledger, DAY, 1)["person_id"]) == [
        "P2",
        "P6",
    ]


def test_mood_alerts_use_the_latest_reached_call(inputs):
    out = followup.mood_alerts(inputs.calls, inputs.ledger, DAY)
    assert list(out["person_id"]) == ["P1"]
    assert out.loc[0, "mood"] == "anxious"
    assert out.loc[0, "needs"] == "想买药"
    assert out.loc[0, "village"] == "甲村"
