"""Hand-made reopening rows for the report day 2020-03-10, and a store holding them.

Expected answers are worked out by hand in the comments. Demo town zones:
槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区, 龙泉村 第四战区,
新庄村/王庄村 第五战区. Targets: above-size 100%, below-size 90%, street 80%;
masks: 2 per person per day, short below 3 days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fangkong.reports.breakdown import days_between
from report_rows import frame, save

DAY = "2020-03-10"

NA = None


def firm(eid, village, category, staff_total, status=None):
    return {
        "enterprise_id": eid,
        "name": f"企业{eid}",
        "village": village,
        "category": category,
        "staff_total": staff_total,
        "contact": f"联系人{eid}",
        "phone": "13800000000",
        "prevention_officer": None if category == "street_shop" else f"防控员{eid}",
        "status": status,
    }


def report(eid, day, resumed, on_site=0, returned=0, in_q=0, masks=0, dis=0.0, checks="YYYY"):
    officer, disinfected, checkin, filed = (c == "Y" for c in checks)
    return {
        "enterprise_id": eid,
        "date": day,
        "resumed": resumed,
        "resumed_on": "2020-03-01" if resumed else None,
        "staff_on_site": on_site,
        "returned_from_outside": returned,
        "in_quarantine": in_q,
        "masks": masks,
        "disinfectant_l": dis,
        "officer_on_duty": officer,
        "disinfected": disinfected,
        "health_checkin": checkin,
        "filed_online": filed,
    }


# A1 above 槐林村, A2 above 南河村, B1 below 槐林村, B2 below 石门村,
# B3 below 龙泉村 (never reports), S1 street 东岗村, S2 street 新庄村,
# C1 above 王庄村 closed (left out although it reports).
def make_enterprises():
    return frame(
        "enterprises",
        [
            firm("A1", "槐林村", "above_size", 100),
            firm("A2", "南河村", "above_size", 50),
            firm("B1", "槐林村", "below_size", 20),
            firm("B2", "石门村", "below_size", 10),
            firm("B3", "龙泉村", "below_size", 8),
            firm("S1", "东岗村", "street_shop", 3),
            firm("S2", "新庄村", "street_shop", 2),
            firm("C1", "王庄村", "above_size", 40, status="closed"),
        ],
    )


# On 03-10:
#   A1 resumed, 80 on site, 10 returned, 2 in quarantine, 800 masks (5 days), all checks
#   A2 last report 03-08: resumed, 30 on site, 100 masks (1.67 days: short); no report today
#   B1 resumed (a later submission corrects "not resumed"), 15 on site, 200 masks, not disinfected
#   B2 resumed on 03-05 but reports not resumed on 03-10
#   S1 resumed, 3 on site, 10 masks (1.67 days: short), no health check-in, reports 1 in
#      quarantine; the officer check does not apply to a street shop
#   S2 not resumed on 03-09; its 03-11 report is after the day
def make_status():
    provenance = {"ingested_at": "datetime64[ns]"}
    rows = [
        report("A1", "2020-03-09", True, 60),
        report("A1", DAY, True, 80, 10, 2, 800, 20.0),
        report("A2", "2020-03-08", True, 30, 5, 1, 100, 5.0),
        report("B1", DAY, True, 15, 3, 0, 200, 2.5, checks="YNYY"),
        report("B1", DAY, False),
        report("B2", "2020-03-05", True, 9),
        report("B2", DAY, False),
        report("S1", DAY, True, 3, 0, 1, 10, 0.5, checks="NYNY"),
        report("S2", "2020-03-09", False),
        report("S2", "2020-03-11", True, 2),
        report("C1", DAY, True, 40),
    ]
    for row in rows:
        row["ingested_at"] = "2020-03-10 12:00"
    rows[3]["ingested_at"] = "2020-03-10 17:00"  # B1's correction, listed before the original
    return frame("enterprise_status", rows, provenance)


def person(pid, employer, reason="returning_worker", status="quarantined", start="2020-03-01"):
    return {
        "person_id": pid,
        "name": "某人",
        "sex": "male",
        "village": "槐林村",
        "reason": reason,
        "start_date": start,
        "end_date": "2020-03-15",
        "status": status,
        "police": "警",
        "doctor": "医",
        "town_staff": "镇",
        "village_cadre": "村",
        "employer": employer,
    }


# A1: 2 in the ledger (P5 released does not count), reported 2 -> match
# B1: 1 in the ledger, reported 0 -> mismatch (-1)
# S1: none in the ledger, reported 1 -> mismatch (+1)
# A2: 1 in the ledger, no report today -> not reported
# X9: an employer not in the registry, 1 in the ledger -> not reported
def make_ledger():
    return frame(
        "quarantine",
        [
            person("P1", "A1"),
            person("P2", "A1", start="2020-03-05"),
            person("P3", "B1"),
            person("P4", "A2"),
            person("P5", "A1", status="released"),
            person("P6", None, reason="close_contact"),
            person("P7", "X9"),
        ],
    )


def random_firms(seed: int):
    """Registries of each day and daily reports over 14 days ending on D.

    Firms join, close and reopen, some of a category the targets do not know
    or none; reports come in several submissions of one day, some without an
    answer or a date, some before the window and some after D.
    """
    rng = np.random.default_rng(seed)
    days = days_between(pd.Timestamp(DAY) - pd.Timedelta(days=13), DAY)
    categories = ["above_size", "below_size", "street_shop", "street_shop", "other", None]

    def pick(options):
        return options[int(rng.integers(0, len(options)))]

    kinds = {f"F{n}": pick(categories) for n in range(45)}  # F35-F44 never report
    registries = {}
    for i, day in enumerate(days):
        rows = [
            firm(eid, "槐林村", kind, 10, status=pick([None, None, "open", "closed"]))
            for eid, kind in kinds.items()
            if rng.random() < 0.5 + i / 40
        ]
        registries[day] = frame("enterprises", rows)
    reports = []
    for _ in range(250):
        day = days[0] + pd.Timedelta(days=int(rng.integers(-10, 16)))
        eid = pick([f"F{n}" for n in (*range(35), *range(45, 50))])  # F45-: unregistered
        checks = "".join(pick("YYYN") for _ in range(4))
        row = report(eid, day, pick([True, False, NA]), checks=checks)
        row["date"] = None if rng.random() < 0.02 else day
        row["ingested_at"] = day + pd.Timedelta(minutes=int(rng.integers(0, 3000)))
        reports.append(row)
    return registries, frame("enterprise_status", reports, {"ingested_at": "datetime64[ns]"})


def fill_store(store):
    """Put the fixtures into a real store: each report submitted on its own date,
    S2 registered on 03-10, B1's correction in a second file of the day."""
    enterprises, status = make_enterprises(), make_status()
    is_s2 = enterprises["enterprise_id"] == "S2"
    save(store, "enterprises", enterprises[~is_s2], day="2020-03-01", at="2020-03-01 09:00")
    save(store, "enterprises", enterprises[is_s2], day=DAY, at="2020-03-10 09:00")
    plain = status.drop(columns="ingested_at")
    correction = plain.index == 3
    for day, part in plain[~correction].groupby("date"):
        save(store, "enterprise_status", part, day=day, at=day + pd.Timedelta(hours=12))
    save(store, "enterprise_status", plain[correction], day=DAY, at="2020-03-10 17:00")
    save(store, "quarantine", make_ledger(), day=DAY, at="2020-03-10 10:00")
    return store
