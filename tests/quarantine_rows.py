"""Hand-made frames of one quarantine day, for the quarantine report tests.

The day is 2020-02-10 and the town has villages 甲村 and 乙村 in zone 一区 and
丙村, where nobody is in quarantine, in zone 二区 (``small_town``). Expected
answers are worked out by hand in the comments next to each row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fangkong.reports.quarantine import figures as qf
from fangkong.schemas import DTYPES, TABLES
from fangkong.town import Policy

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


def day_inputs():
    """The day's inputs: the rows above as frames in their store dtypes."""
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
