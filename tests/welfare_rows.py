"""Hand-made welfare rows for the report day 2020-03-10, and a store holding them.

Expected answers are worked out by hand in the comments above each set of rows.
The demo town's zones: 槐林村/东岗村 第一战区, 南河村 第二战区, 石门村 第三战区,
龙泉村 第四战区, 新庄村/王庄村 第五战区.
"""

from __future__ import annotations

import pandas as pd
from report_rows import frame, save

DAY = "2020-03-10"


def hh(hid, village, categories, cadre="干部", status=None):
    return {
        "household_id": hid,
        "village": village,
        "head_name": f"户主{hid}",
        "head_id_number": "410182198001010011",
        "categories": categories,
        "members": 3,
        "cadre": cadre,
        "status": status,
    }


def visit(hid, day, needs="none", resolved=None, detail=None, visitor="走访人"):
    return {
        "household_id": hid,
        "visited_on": day,
        "visitor": visitor,
        "needs": needs,
        "needs_detail": detail,
        "resolved": resolved,
    }


# Report day 2020-03-10, visit interval 7 days.
# H1 槐林村 registered_poor+elderly, last visit 03-05 (5 days)  -> covered
# H2 东岗村 subsistence, last visit 03-01 (9 days; 03-12 is after D) -> overdue
# H3 南河村 elderly, never visited                                   -> never_visited
# H4 南河村 disabled, last visit 03-03 (exactly 7 days)               -> covered
# H5 石门村 elderly, closed                                           -> not counted
# H6 石门村 extreme_poverty+disabled, last visit 03-02 (8 days)       -> overdue
def make_households():
    return frame(
        "households",
        [
            hh("H1", "槐林村", "registered_poor;elderly", cadre="甲"),
            hh("H2", "东岗村", "subsistence", cadre="乙"),
            hh("H3", "南河村", "elderly", cadre="丙"),
            hh("H4", "南河村", "disabled", cadre="丁", status="active"),
            hh("H5", "石门村", "elderly", cadre="戊", status="closed"),
            hh("H6", "石门村", "extreme_poverty;disabled", cadre="己"),
        ],
    )


# Needs: H1 supplies open since 03-02 (the 03-05 visit resolves medicine only);
# H2 gas open since 03-01 (resolved left blank); H4 supplies resolved on 02-25,
# found again 03-03 -> open since 03-03; H6 medical open since 02-28 (the 03-02
# "none" visit does not close it); H5 is closed; the 03-12 visit is after D.
def make_visits():
    return frame(
        "welfare_visits",
        [
            visit("H1", "2020-03-02", "supplies;medicine", False, "米面"),
            visit("H1", "2020-03-05", "medicine", True),
            visit("H2", "2020-03-01", "gas"),
            visit("H2", "2020-03-12", "supplies", False),
            visit("H4", "2020-02-20", "supplies", False, "旧的"),
            visit("H4", "2020-02-25", "supplies", True),
            visit("H4", "2020-03-03", "supplies", False, "面粉"),
            visit("H6", "2020-02-28", "medical", False, visitor="医生"),
            visit("H6", "2020-03-02", "none"),
            visit("H5", "2020-03-08", "supplies", False),
        ],
    )


# ---------------------------------------------------------------- gas requests


def req(rid, village, urgency, reported, delivered=None, cylinders=1):
    return {
        "request_id": rid,
        "village": village,
        "contact_name": f"联系人{rid}",
        "phone": "13800000000",
        "cylinders": cylinders,
        "urgency": urgency,
        "reported_at": reported,
        "delivered_at": delivered,
    }


# Report day 03-10, cut-off 18:00, the day's window (03-09 18:00, 03-10 18:00],
# overdue after 24 hours pending.
#   R1  normal 03-09 10:00 pending, waited 32 h -> overdue; not received today
#   R2  urgent 03-10 09:00 pending
#   R3  urgent 03-10 08:00 pending
#   R4  soon   03-09 19:00 delivered 03-10 07:00 (12 h): received and delivered today
#   R5  normal 03-08 12:00 delivered 03-09 12:00: yesterday's
#   R6  normal 03-10 12:00, first pending, updated: delivered 16:00 (4 h)
#   R7  urgent 03-10 19:00: after the cut-off, not in this report
#   R8  soon   03-10 10:00 delivered 03-11 09:00: pending at the cut-off
#   R9  urgent 03-10 08:00: ties R3 on urgency and time, R3 < R9 by id
#   R10 normal 03-09 18:00: exactly 24 h -> not overdue; not received today
# Queue: R3, R9, R2 (urgent), R8 (soon), R1, R10 (normal).
# Received today: R2 R3 R4 R6 R8 R9 = 6; delivered today: R4, R6; median 8 h.
def make_requests():
    provenance = {"submitted_on": "datetime64[ns]", "ingested_at": "datetime64[ns]"}
    rows = [
        req("R1", "槐林村", "normal", "2020-03-09 10:00", cylinders=2),
        req("R2", "南河村", "urgent", "2020-03-10 09:00"),
        req("R3", "槐林村", "urgent", "2020-03-10 08:00"),
        req("R4", "石门村", "soon", "2020-03-09 19:00", "2020-03-10 07:00"),
        req("R5", "槐林村", "normal", "2020-03-08 12:00", "2020-03-09 12:00"),
        # The update is listed first: the later ingest time must win, not the position.
        req("R6", "龙泉村", "normal", "2020-03-10 12:00", "2020-03-10 16:00"),
        req("R6", "龙泉村", "normal", "2020-03-10 12:00"),
        req("R7", "槐林村", "urgent", "2020-03-10 19:00"),
        req("R8", "新庄村", "soon", "2020-03-10 10:00", "2020-03-11 09:00", cylinders=3),
        req("R9", "东岗村", "urgent", "2020-03-10 08:00"),
        req("R10", "王庄村", "normal", "2020-03-09 18:00"),
    ]
    for row in rows:
        row["submitted_on"] = "2020-03-10"
        row["ingested_at"] = "2020-03-10 13:00"
    rows[5]["ingested_at"] = "2020-03-10 17:00"
    return frame("gas_requests", rows, provenance)


# ------------------------------------------------- produce, volunteers, donations


def produce_row(day, village, product, stock, sold, demand, channel=None):
    return {
        "date": day,
        "village": village,
        "product": product,
        "stock_kg": stock,
        "sold_kg": sold,
        "demand_kg": demand,
        "channel": channel,
    }


# 03-10: 槐林村 白菜 1000+200 stock, 100+50 sold -> 8 days: surplus
#        东岗村 白菜 700 stock, 100 sold -> exactly 7 days: not a surplus
#        南河村 蒜苗 300 stock, nothing sold: surplus
#        石门村 草莓 nothing in stock, 20 wanted
# 03-09 row ignored.
def make_produce():
    return frame(
        "produce",
        [
            produce_row(DAY, "槐林村", "白菜", 1000, 100, 150, "电商"),
            produce_row(DAY, "槐林村", "白菜", 200, 50, 0, "超市"),
            produce_row(DAY, "东岗村", "白菜", 700, 100, 50),
            produce_row(DAY, "南河村", "蒜苗", 300, 0, 0),
            produce_row(DAY, "石门村", "草莓", 0, 0, 20),
            produce_row("2020-03-09", "槐林村", "白菜", 5000, 1, 0),
        ],
    )


def service(day, village, kind, served, volunteers):
    return {
        "date": day,
        "village": village,
        "service": kind,
        "served": served,
        "volunteers": volunteers,
    }


def make_services():
    return frame(
        "volunteer_services",
        [
            service(DAY, "槐林村", "purchase", 30, 5),
            service(DAY, "东岗村", "purchase", 10, 2),
            service(DAY, "南河村", "shuttle", 12, 1),
            service(DAY, "石门村", "shuttle", 8, 1),
            service("2020-03-09", "槐林村", "shuttle", 20, 2),
            service("2020-03-08", "槐林村", "haircut", 15, 3),
            service("2020-03-11", "槐林村", "purchase", 100, 10),
        ],
    )


def gift(day, donor, kind, amount=None, items=None, quantity=None):
    return {
        "date": day,
        "donor": donor,
        "kind": kind,
        "amount_yuan": amount,
        "items": items,
        "quantity": quantity,
    }


def make_donations():
    return frame(
        "donations",
        [
            gift(DAY, "公司甲", "money", 50000),
            gift(DAY, "个人乙", "money", 2000),
            gift(DAY, "超市丙", "goods", items="口罩", quantity=1000),
            gift("2020-03-05", "公司丁", "money", 10000),
            gift("2020-03-06", "公司戊", "goods", items="消毒液", quantity=200),
            gift("2020-03-08", "个人己", "goods", items="口罩", quantity=500),
            gift("2020-03-11", "明天", "money", 99999),
        ],
    )


# Spring farming and employment, so that the pages show their sections with rows:
# 槐林村 玉米 80 of 200 mu on D (60 on D-1), 南河村 蔬菜 30 of 30 on D with a need for
# fertiliser; 槐林村 places 3 of 5 job seekers, 南河村 1 of 2. Other villages file none.
def make_farming():
    def crop(day, village, name, planned, sown, needs="none", detail=None):
        return dict(date=day, village=village, crop=name, planned_mu=planned, sown_mu=sown,
                    needs=needs, needs_detail=detail)  # fmt: skip

    return frame(
        "farming",
        [
            crop("2020-03-09", "槐林村", "玉米", 200, 60),
            crop(DAY, "槐林村", "玉米", 200, 80),
            crop(DAY, "南河村", "蔬菜", 30, 30, "fertilizer", "复合肥短缺"),
        ],
    )


def make_employment():
    return frame(
        "employment",
        [
            dict(date=DAY, village="槐林村", job_seekers=5, jobs_offered=8, placed=3),
            dict(date=DAY, village="南河村", job_seekers=2, jobs_offered=4, placed=1),
        ],
    )


def fill_store(store):
    """Put the fixtures into a real store, each row submitted on its own day.

    Differences from the frames: H7 (never visited) joins the registry on 03-10;
    the 03-12 visit, 03-11 service and donation are submitted after the day; R6's
    delivery comes in a second file of the day.
    """
    save(store, "households", make_households(), day="2020-03-01", at="2020-03-01 09:00")
    save(store, "households", frame("households", [hh("H7", "龙泉村", "elderly")]),
         day=DAY, at="2020-03-10 09:00")  # fmt: skip
    for table, rows, when in [
        ("welfare_visits", make_visits(), "visited_on"),
        ("produce", make_produce(), "date"),
        ("volunteer_services", make_services(), "date"),
        ("donations", make_donations(), "date"),
        ("farming", make_farming(), "date"),
        ("employment", make_employment(), "date"),
    ]:
        for day, part in rows.groupby(rows[when]):
            submitted = max(day, pd.Timestamp("2020-03-01"))
            save(store, table, part, day=submitted, at=submitted + pd.Timedelta(hours=17))
    plain = make_requests().drop(columns=["submitted_on", "ingested_at"])
    first, update = plain.drop(index=5), plain.loc[[5]]
    save(store, "gas_requests", first, day=DAY, at="2020-03-10 13:00")
    save(store, "gas_requests", update, day=DAY, at="2020-03-10 17:00")
    return store
