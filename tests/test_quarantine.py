"""Quarantine report computations on small hand-made frames.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区. Expected answers are worked
out by hand in the comments next to each row.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from fangkong.catalogue import ENUMS
from fangkong.reports.breakdown import TOTAL, UNASSIGNED, as_day, by_village, by_zone, with_zone
from fangkong.reports.quarantine import figures as qf
from fangkong.reports.quarantine import followup
from fangkong.reports.quarantine import ledger as quarantine_ledger
from fangkong.reports.quarantine import trend as qt
from fangkong.reports.sections import (
    Context,
    breakdown_tables,
    data_quality,
    data_quality_section,
    headline_changes,
)
from fangkong.schemas import DTYPES, TABLES
from fangkong.town import Policy, Town

DAY = pd.Timestamp("2020-02-10")
POLICY = Policy()  # 37.3 °C, 2 visits and 1 call a day, lost after 2 days


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with every column of ``table`` in its store dtype."""
    t = TABLES[table]
    data = {c: [r.get(c) for r in rows] for c in t.columns}
    return pd.DataFrame(data).astype({c: DTYPES[t.meta(c)["kind"]] for c in t.columns})


def person(pid, village, status, start, end, reason="close_contact", **kw):
    row = dict(
        person_id=pid,
        name=f"姓名{pid}",
        sex="male",
        phone="13800000000",
        village=village,
        reason=reason,
        start_date=start,
        end_date=end,
        status=status,
        police="民警",
        doctor="医生",
        town_staff="镇干部",
        village_cadre="村干部",
    )
    row.update(kw)
    return row


TODAY = [
    person("P1", "甲村", "quarantined", "2020-02-01", "2020-02-15"),
    # New today, returning worker of E3, which did not report; no police officer.
    person("P2", "甲村", "quarantined", "2020-02-10", "2020-02-24", "returning_worker",
           employer="E3", police=None),
    # Released today (quarantined yesterday); fever on the last day.
    person("P3", "乙村", "released", "2020-01-27", "2020-02-10"),
    # Transferred today; stays visible in the fever alerts.
    person("P4", "乙村", "transferred", "2020-02-05", "2020-02-19"),
    # Released long ago, quarantined again from today: two periods.
    person("P5", "甲村", "released", "2020-01-20", "2020-02-03"),
    person("P5", "甲村", "quarantined", "2020-02-10", "2020-02-24", "risk_area_return"),
    # Overdue: past end_date, still in quarantine.
    person("P6", "乙村", "quarantined", "2020-01-25", "2020-02-08"),
    # Due for release tomorrow; returning worker of E1; blank doctor.
    person("P7", "乙村", "quarantined", "2020-01-29", "2020-02-11", "returning_worker",
           employer="E1", doctor="  "),
]  # fmt: skip
YESTERDAY = [
    person("P1", "甲村", "quarantined", "2020-02-01", "2020-02-15"),
    person("P3", "乙村", "quarantined", "2020-01-27", "2020-02-10"),
    person("P4", "乙村", "quarantined", "2020-02-05", "2020-02-19"),
    person("P5", "甲村", "released", "2020-01-20", "2020-02-03"),
    person("P6", "乙村", "quarantined", "2020-01-25", "2020-02-08"),
    person("P7", "乙村", "quarantined", "2020-01-29", "2020-02-11", "returning_worker",
           employer="E1", doctor="  "),
]  # fmt: skip


def check(pid, at, temp, symptoms="none"):
    return dict(
        person_id=pid, checked_at=at, temperature_c=temp, symptoms=symptoms, checked_by="医"
    )


CHECKS = [
    check("P1", "2020-02-10 08:00", 36.5),
    check("P1", "2020-02-10 12:00", 36.6),  # exactly noon: the afternoon visit
    check("P1", "2020-02-09 20:00", 38.0),  # yesterday: not today's alert
    check("P2", "2020-02-10 11:59", 36.8),  # morning only: misses the afternoon
    check("P3", "2020-02-10 09:00", 37.8, "fever;cough"),  # last day of quarantine
    check("P4", "2020-02-10 10:00", 38.5),  # transferred today
    check("P5", "2020-02-10 08:30", 37.3),  # exactly the threshold is a fever
    check("P5", "2020-02-10 14:00", 36.9),
    check("P7", "2020-02-10 09:00", 36.4, "cough"),  # symptom without fever
    check("P7", "2020-02-10 15:00", 36.5),
]  # P6: no visit at all


def call(pid, at, reached, mood=None, needs=None):
    return dict(
        person_id=pid, called_at=at, reached=reached, mood=mood, needs=needs, caller="话务员"
    )


CALLS = [
    call("P6", "2020-02-09 10:00", False),
    call("P6", "2020-02-10 09:00", False),
    call("P6", "2020-02-10 16:00", False),  # unreached two days running: lost
    call("P7", "2020-02-09 10:00", False),  # and no call today: not lost
    call("P1", "2020-02-09 10:00", True, "stable"),
    call("P1", "2020-02-10 10:00", True, "anxious", "想买药"),
    call("P2", "2020-02-10 10:00", False),  # started today: cannot be lost yet
    call("P5", "2020-02-10 09:00", True, "low"),
    call("P5", "2020-02-10 17:00", True, "stable"),  # latest call is what counts
]


def disinfection(pid, at):
    return dict(person_id=pid, done_at=at, done_by="消杀员")


DISINFECTIONS = [
    disinfection("P1", "2020-02-10 09:00"),
    disinfection("P1", "2020-02-10 15:00"),
    disinfection("P6", "2020-02-10 10:00"),
    disinfection("P3", "2020-02-10 10:00"),  # released: not owed, not counted
    disinfection("P2", "2020-02-09 10:00"),  # yesterday
]


def status(eid, in_quarantine):
    return dict(
        enterprise_id=eid, date="2020-02-10", resumed=True, resumed_on="2020-02-05",
        staff_on_site=10, returned_from_outside=2, in_quarantine=in_quarantine, masks=100,
        disinfectant_l=5.0, officer_on_duty=True, disinfected=True, health_checkin=True,
        filed_online=True,
    )  # fmt: skip


STATUS = [
    status("E1", 3),
    status("E1", 1),  # a later submission of the same firm and day wins: matches P7
    status("E2", 2),  # nobody of E2 in the ledger: mismatch
    status("E4", 0),  # nothing to compare: not listed
]
ENTERPRISES = [
    dict(enterprise_id=e, name=f"企业{e}", village="甲村", category="below_size", staff_total=20)
    for e in ("E1", "E2", "E3", "E4")
]


@pytest.fixture
def inputs():
    return qf.DayInputs(
        day=DAY,
        ledger=frame("quarantine", TODAY),
        ledger_prev=frame("quarantine", YESTERDAY),
        checks=frame("health_checks", CHECKS),
        disinfections=frame("disinfections", DISINFECTIONS),
        calls=frame("followup_calls", CALLS),
        enterprise_status=frame("enterprise_status", STATUS),
        enterprises=frame("enterprises", ENTERPRISES),
    )


@pytest.fixture
def town():
    return Town(
        id="t",
        name="测试镇",
        county="县",
        city="市",
        population=100,
        area_km2=1.0,
        zones=[{"name": "一区", "commander": "甲"}, {"name": "二区", "commander": "乙"}],
        villages=[
            {"name": "甲村", "zone": "一区", "population": 10, "party_groups": 1},
            {"name": "乙村", "zone": "一区", "population": 10, "party_groups": 1},
            {"name": "丙村", "zone": "二区", "population": 10, "party_groups": 1},
        ],
    )


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


def test_headline(inputs):
    figs = qf.day_figures(inputs, POLICY)
    assert qf.headline(figs) == {
        "in_quarantine": 5,
        "new_today": 2,
        "released_today": 1,
        "transferred_today": 1,
        "due_tomorrow": 1,
        "overdue": 1,
        "fever_alerts": 4,
        "checks_done": 7,  # 2 + 1 + 2 + 0 + 2
        "checks_owed": 10,  # 5 people x 2
        "missed_checks": 2,  # P2, P6
        "disinfections_done": 2,  # P1, P6
        "disinfections_owed": 5,
        "calls_reached": 2,  # P1, P5
        "calls_owed": 5,
        "lost_contact": 1,
        "mood_alerts": 1,
        "team_gaps": 2,
        "employer_mismatches": 1,
        "employers_not_reported": 1,
    }
    assert qf.alert_counts(qf.headline(figs)) == {
        "fever": 4,
        "lost_contact": 1,
        "overdue": 1,
        "missed_check": 2,
        "mood": 1,
        "team_gap": 2,
        "employer_mismatch": 1,
    }


def test_village_counts_and_zone_totals(inputs, town):
    figs = qf.day_figures(inputs, POLICY)
    counts = with_zone(qf.village_counts(figs), town)
    villages = by_village(counts, town, list(qf.VILLAGE_FIGURES)).set_index("village")
    assert villages.loc["甲村", "in_quarantine"] == 3  # P1, P2, P5
    assert villages.loc["乙村", "in_quarantine"] == 2  # P6, P7
    assert villages.loc["甲村", "checks_owed"] == 6
    assert villages.loc["甲村", "checks_done"] == 5
    assert villages.loc["乙村", "fever_alerts"] == 3  # P3, P4, P7
    # The village with nobody in quarantine is listed, all zeros.
    assert (villages.loc["丙村", list(qf.VILLAGE_FIGURES)] == 0).all()
    zones = by_zone(counts, town, list(qf.VILLAGE_FIGURES)).set_index("zone")
    head = qf.headline(figs)
    for name in qf.VILLAGE_FIGURES:
        assert zones.loc[TOTAL, name] == head[name]
        assert zones.drop(TOTAL)[name].sum() == head[name]
        assert villages.loc[TOTAL, name] == head[name]


def village_counts_by_groupby(figs) -> pd.DataFrame:
    """The reference: village counts as they were computed, a pandas groupby per figure."""

    def per_village(frame, value=None):
        village = frame["village"].fillna(UNASSIGNED).astype("str")
        values = frame[value].astype("Int64") if value else pd.Series(1, index=frame.index)
        return values.groupby(village).sum()

    parts = {
        flag: per_village(figs.periods[figs.periods[flag]]) for flag in quarantine_ledger.FLAGS
    }
    parts |= {
        "fever_alerts": per_village(figs.fever),
        "checks_done": per_village(figs.checks, "done"),
        "checks_owed": per_village(figs.checks, "owed"),
        "missed_checks": per_village(figs.missed_checks),
        "disinfections_done": per_village(figs.disinfections, "done"),
        "disinfections_owed": per_village(figs.disinfections, "owed"),
        "calls_reached": per_village(figs.calls, "reached"),
        "calls_owed": per_village(figs.calls, "owed"),
        "lost_contact": per_village(figs.lost_contact),
        "mood_alerts": per_village(figs.mood),
        "team_gaps": per_village(figs.team_gaps),
    }
    out = pd.DataFrame(parts).fillna(0).astype("Int64")
    return out.rename_axis("village").reset_index()


def test_village_counts_equal_a_groupby_per_figure(inputs):
    days = [inputs]
    for seed in range(4):  # random ledgers: villages missing, periods of every kind
        ledgers, checks = random_days(seed, days=3)
        today, before = (ledgers[d] for d in sorted(ledgers)[-1:-3:-1])
        days.append(replace(inputs, ledger=today, ledger_prev=before, checks=checks))
    empty = frame("quarantine", [])
    days.append(replace(inputs, ledger=empty, ledger_prev=empty))
    for day in days:
        figs = qf.day_figures(day, POLICY)
        pd.testing.assert_frame_equal(qf.village_counts(figs), village_counts_by_groupby(figs))


def test_trend_last_day_equals_headline(inputs):
    ledgers = {"2020-02-09": inputs.ledger_prev, "2020-02-10": inputs.ledger}
    out = qt.trend(history_of(ledgers), inputs.checks, 37.3, list(ledgers))
    assert list(out["date"]) == [pd.Timestamp("2020-02-09"), DAY]
    assert list(out["in_quarantine"]) == [5, 5]  # P1, P3, P4, P6, P7 yesterday
    assert list(out["new_today"]) == [0, 2]
    assert list(out["fever_alerts"]) == [1, 4]  # yesterday: P1 at 38.0
    head = qf.headline(qf.day_figures(inputs, POLICY))
    for name in ("in_quarantine", "new_today", "fever_alerts"):
        assert out[name].iloc[-1] == head[name]


# -- the trend, all days at once, against the day-by-day computation it replaced -------


def trend_by_day(ledgers: dict, checks: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The reference: the trend as it was computed, one day at a time."""
    rows = []
    for day in sorted(ledgers, key=as_day):
        ledger, day = ledgers[day], as_day(day)
        rows.append(
            {
                "date": day,
                "in_quarantine": len(quarantine_ledger.in_quarantine(ledger, day)),
                "new_today": int(ledger["start_date"].eq(day).sum()),
                "fever_alerts": len(followup.fever_alerts(checks, ledger, day, threshold)),
            }
        )
    out = pd.DataFrame(rows, columns=["date", "in_quarantine", "new_today", "fever_alerts"])
    return out.astype({c: "Int64" for c in out.columns[1:]})


def history_of(ledgers: dict) -> pd.DataFrame:
    """Ledgers by day as one history frame, as ``Store.ledger_history`` returns them."""
    parts = [ledger.assign(as_of=as_day(day)) for day, ledger in ledgers.items()]
    out = pd.concat(parts, ignore_index=True)
    out["as_of"] = out["as_of"].astype("datetime64[ns]")
    return out[["as_of", *[c for c in out.columns if c != "as_of"]]]


def random_days(seed: int, days: int = 14):
    """Ledgers of ``days`` days and their health checks, with the awkward cases in them.

    People released and quarantined again, periods starting after the day or
    without dates, missing statuses, a day with an empty ledger, checks at
    midnight, without a time or a temperature, with ``none`` among symptoms, of
    people not in the ledger, and several checks of one person on one day.
    """
    rng = np.random.default_rng(seed)
    end = DAY
    window = pd.date_range(end - pd.Timedelta(days=days - 1), end, freq="D")
    statuses = ["quarantined", "quarantined", "released", "transferred", None]
    ledgers = {}
    for i, day in enumerate(window):
        rows = []
        if i != 3:  # nobody submitted a ledger that day
            for _ in range(int(rng.integers(5, 25))):
                pid = f"P{int(rng.integers(0, 30))}"
                offset = int(rng.integers(-20, 3))
                start = None if rng.random() < 0.05 else day + pd.Timedelta(days=offset)
                end_date = None if start is None else start + pd.Timedelta(days=14)
                status = statuses[int(rng.integers(0, len(statuses)))]
                village = ["甲村", "乙村", None][int(rng.integers(0, 3))]
                rows.append(person(pid, village, status, start, end_date))
        ledgers[day] = frame("quarantine", rows)
    symptoms = ["none", "fever;cough", "", None, "none;cough", "cough", "none;"]
    checks = []
    for _ in range(300):
        day = window[0] + pd.Timedelta(days=int(rng.integers(-1, days + 1)))
        at = day + pd.Timedelta(minutes=int(rng.integers(0, 24 * 60)) if rng.random() > 0.1 else 0)
        temp = None if rng.random() < 0.05 else round(float(rng.uniform(36.0, 38.6)), 1)
        checks.append(
            check(
                f"P{int(rng.integers(0, 35))}",
                None if rng.random() < 0.02 else at,
                temp,
                symptoms[int(rng.integers(0, len(symptoms)))],
            )
        )
    return ledgers, frame("health_checks", checks)


@pytest.mark.parametrize("seed", range(6))
def test_trend_at_once_equals_trend_by_day(seed):
    ledgers, checks = random_days(seed)
    expected = trend_by_day(ledgers, checks, 37.3)
    assert expected["fever_alerts"].sum() > 0 and expected["in_quarantine"].sum() > 0
    out = qt.trend(history_of(ledgers), checks, 37.3, list(ledgers))
    pd.testing.assert_frame_equal(out, expected)


def test_trend_at_once_on_the_hand_made_days(inputs):
    ledgers = {"2020-02-09": inputs.ledger_prev, "2020-02-10": inputs.ledger}
    for threshold in (36.5, 37.3, 38.0, 40.0):
        expected = trend_by_day(ledgers, inputs.checks, threshold)
        out = qt.trend(history_of(ledgers), inputs.checks, threshold, list(ledgers))
        pd.testing.assert_frame_equal(out, expected)


def test_trend_of_days_without_data(inputs):
    empty = frame("quarantine", [])
    ledgers = {"2020-02-08": empty, "2020-02-09": empty}
    out = qt.trend(history_of(ledgers), inputs.checks.iloc[:0], 37.3, list(ledgers))
    pd.testing.assert_frame_equal(out, trend_by_day(ledgers, inputs.checks.iloc[:0], 37.3))
    assert out[["in_quarantine", "new_today", "fever_alerts"]].sum().sum() == 0


def test_nobody_in_quarantine(inputs):
    empty = frame("quarantine", [])
    none = qf.DayInputs(
        DAY, empty, empty, inputs.checks.iloc[:0], inputs.disinfections.iloc[:0],
        inputs.calls.iloc[:0], inputs.enterprise_status.iloc[:0], inputs.enterprises,
    )  # fmt: skip
    head = qf.headline(qf.day_figures(none, POLICY))
    assert set(head.values()) == {0}


# -- shared report parts (fangkong.reports.sections) on the same hand-made frames ----------------


def test_headline_changes_against_the_day_before():
    out = headline_changes({"a": 5, "b": 0, "c": 2}, {"a": 3, "b": 4})
    assert out.loc["a"].to_dict() == {"value": 5, "previous": 3, "change": 2}
    assert out.loc["b", "change"] == -4
    assert pd.isna(out.loc["c", "previous"]) and pd.isna(out.loc["c", "change"])


def test_breakdown_tables_rates_and_totals(inputs, town):
    figs = qf.day_figures(inputs, POLICY)
    rates = {"checks_rate": ("checks_done", "checks_owed")}
    zones, villages = breakdown_tables(town, qf.village_counts(figs), qf.VILLAGE_FIGURES, rates)
    zones, villages = zones.set_index("zone"), villages.set_index("village")
    assert zones.loc["一区", "checks_rate"] == pytest.approx(7 / 10)  # all of 甲村 and 乙村
    assert pd.isna(zones.loc["二区", "checks_rate"])  # nobody owed a visit: no rate
    assert pd.isna(villages.loc["丙村", "checks_rate"])
    assert zones.loc[TOTAL, "checks_rate"] == pytest.approx(0.7)
    assert villages.loc["乙村", "checks_rate"] == pytest.approx(2 / 4)


def test_data_quality_counts_rows_not_issues(town):
    missing = pd.DataFrame(
        {
            "village": ["甲村", "甲村", "丙村"],
            "zone": ["一区", "一区", "二区"],
            "table": ["produce", "gas_requests", "quarantine"],
            "table_zh": ["农产品产销", "煤气需求登记", "居家隔离人员台账"],
        }
    )
    issues = pd.DataFrame(
        {
            "file": ["a.xlsx", "a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx"],
            "sheet": ["S"] * 5,
            "row": [2, 2, 3, 2, 4],
            "table": ["health_checks"] * 3 + ["quarantine"] * 2,
            "code": [
                "out_of_range",
                "bad_datetime",
                "out_of_range",
                "id_checksum",
                "end_not_planned",
            ],
            "severity": ["rejected"] * 4 + ["warning"],
        }
    )
    out = data_quality(missing, issues)
    assert out["missing_count"] == 3 and out["villages_missing"] == 2
    assert out["rejected_rows"] == 3  # a.xlsx rows 2 and 3, b.xlsx row 2
    assert out["warning_rows"] == 1
    counts = {(r.table, r.code): r.rows for r in out["rejected"].itertuples()}
    assert counts == {
        ("health_checks", "out_of_range"): 2,
        ("health_checks", "bad_datetime"): 1,
        ("quarantine", "id_checksum"): 1,
    }
    assert out["rejected"].iloc[0]["code"] == "out_of_range"  # most rows first
    ctx = Context("quarantine", town, DAY, "en")
    section = data_quality_section(ctx, out).html()
    assert "produce, gas requests" in section  # 甲村's missing tables on one line
    assert "3 submissions missing today (2 villages), 3 rows rejected" in section
