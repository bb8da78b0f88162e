"""Quarantine periods from the ledger: flags, reasons, teams, returning workers.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区 (``small_town``). Expected
answers are worked out by hand in the comments next to each row of
tests/quarantine_rows.py.
"""

from __future__ import annotations

import pandas as pd
from fangkong.catalogue import ENUMS
from fangkong.reports.quarantine import ledger as quarantine_ledger
from quarantine_rows import DAY, frame, person


def flagged(periods, flag):
    return sorted(periods.loc[periods[flag], "person_id"])


def test_period_flags(inputs):
    periods = quarantine_ledger.period_flags(inputs.ledger, inputs.ledger_prev, DAY)
    assert flagged(periods, "in_quarantine") == ["P1", "P2", "P5", "P6", "P7"]
    assert flagged(periods, "new_today") == ["P2", "P5"]
    assert flagged(periods, "released_today") == ["P3"]  # not P5's old period
    assert flagged(periods, "transferred_today") == ["P4"]
    assert flagged(periods, "due_tomorrow") == ["P7"]
    assert flagged(periods, "overdue") == ["P6"]


def test_a_status_that_did_not_change_today_is_not_counted_again(inputs):
    # The same ledger on both days: nothing was released or transferred today.
    periods = quarantine_ledger.period_flags(inputs.ledger, inputs.ledger, DAY)
    assert not periods["released_today"].any()
    # P4's transfer was already in yesterday's ledger.
    assert not periods["transferred_today"].any()


def test_first_report_of_a_period_uses_its_dates():
    # No ledger yesterday (the first day of data): released counts only on end_date.
    today = frame(
        "quarantine",
        [
            person("A", "甲村", "released", "2020-01-27", "2020-02-10"),
            person("B", "甲村", "released", "2020-01-20", "2020-02-03"),
            person("C", "甲村", "transferred", "2020-02-01", "2020-02-15"),
            person("D", "甲村", "transferred", "2020-01-01", "2020-01-15"),
        ],
    )
    periods = quarantine_ledger.period_flags(today, frame("quarantine", []), DAY)
    assert flagged(periods, "released_today") == ["A"]
    assert flagged(periods, "transferred_today") == ["C"]


def test_by_reason_lists_every_reason(inputs):
    out = quarantine_ledger.by_reason(inputs.ledger, DAY, ENUMS["quarantine_reason"])
    assert dict(zip(out["reason"], out["count"])) == {
        "close_contact": 2,  # P1, P6
        "risk_area_return": 1,  # P5 (second period)
        "returning_worker": 2,  # P2, P7
        "other": 0,
    }


def test_team_gaps(inputs):
    out = quarantine_ledger.team_gaps(inputs.ledger, DAY).set_index("person_id")
    assert out["missing_roles"].to_dict() == {"P2": ("police",), "P7": ("doctor",)}


def test_returning_workers(inputs):
    out = quarantine_ledger.returning_workers(
        inputs.ledger, inputs.enterprise_status, inputs.enterprises, DAY
    )
    got = out.set_index("enterprise_id")
    assert list(out["enterprise_id"]) == ["E2", "E3", "E1"]  # mismatches first
    assert got["check"].to_dict() == {"E2": "mismatch", "E3": "not_reported", "E1": "match"}
    assert got["in_ledger"].to_dict() == {"E2": 0, "E3": 1, "E1": 1}
    assert got.loc["E1", "reported"] == 1
    assert pd.isna(got.loc["E3", "reported"])
    assert got.loc["E2", "enterprise_name"] == "企业E2"
