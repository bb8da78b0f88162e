"""As-of reads of the event tables (checks, visits, gas requests, firm reports).

Every frame here is written by hand with a few rows; expected answers are worked
out from those rows, not read back from the code.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from fangkong.settings import get_settings
from fangkong.store.database import open_store
from fangkong.town import load_town
from store_rows import D1, D2, D3, STATUS_ROWS, A, B, ids, save

# --- events --------------------------------------------------------------------


def check(pid: str, at: str, temp: float = 36.5) -> dict:
    return {"person_id": pid, "checked_at": at, "temperature_c": temp, "checked_by": "医生"}


def test_event_window_edges(store):
    rows = [
        check("before", "2020-02-09 23:59:59"),
        check("first", "2020-02-10 00:00"),
        check("last", "2020-02-11 23:59:59.999999"),
        check("after", "2020-02-12 00:00"),
    ]
    save(store, "health_checks", rows, day=D2, at="2020-02-11 18:00", villages=[A])
    got = store.events("health_checks", D1, D2)
    assert got["person_id"].tolist() == ["first", "last"]
    # Rows dated in the window but submitted after as_of (default: end) wait.
    save(
        store,
        "health_checks",
        [check("late", "2020-02-11 20:00")],
        day=D3,
        at="2020-02-12 09:00",
        villages=[A],
    )
    assert ids(store.events("health_checks", D1, D2), "person_id") == ["first", "last"]
    assert ids(store.events("health_checks", D1, D2, as_of=D3), "person_id") == [
        "first",
        "last",
        "late",
    ]

    visits = [
        {"household_id": h, "visited_on": day, "visitor": "干部"}
        for h, day in [
            ("v0", "2020-02-09"),
            ("v1", "2020-02-10"),
            ("v2", "2020-02-11"),
            ("v3", "2020-02-12"),
        ]
    ]
    save(store, "welfare_visits", visits, day=D3, at="2020-02-12 18:00", villages=[A])
    assert ids(store.events("welfare_visits", D1, D2, as_of=D3), "household_id") == ["v1", "v2"]
    assert ids(store.events("welfare_visits", D3, D3), "household_id") == ["v3"]


def test_exact_resubmission_is_collapsed_to_the_latest(store):
    save(
        store,
        "health_checks",
        [check("p1", "2020-02-10 08:00"), check("p2", "2020-02-10 08:30")],
        day=D1,
        at="2020-02-10 18:00",
        villages=[A],
        name="day1.xlsx",
    )
    save(
        store,
        "health_checks",
        [
            check("p1", "2020-02-10 08:00"),
            check("p2", "2020-02-10 08:30", 37.0),
            check("p3", "2020-02-11 08:00"),
        ],
        day=D2,
        at="2020-02-11 18:00",
        villages=[A],
        name="day2.xlsx",
    )
    got = store.events("health_checks", D1, D2)
    # p1 sent twice unchanged: once, from the later file; p2 changed: both kept.
    pairs = sorted(zip(got["person_id"], got["temperature_c"], got["src_file"]))
    assert pairs == [
        ("p1", 36.5, "day2.xlsx"),
        ("p2", 36.5, "day1.xlsx"),
        ("p2", 37.0, "day2.xlsx"),
        ("p3", 36.5, "day2.xlsx"),
    ]


def test_event_rows_are_the_multiset_union_of_a_villages_files(store):
    x, y = check("px", "2020-02-10 08:00"), check("py", "2020-02-10 09:00")
    common = dict(day=D1, villages=[A])
    save(store, "health_checks", [x, x], at="2020-02-10 12:00", name="am.xlsx", **common)
    save(store, "health_checks", [x, y], at="2020-02-10 18:00", name="pm.xlsx", **common)
    # The afternoon file sent again the next day: stored again, adds nothing.
    save(
        store, "health_checks", [x, y], day=D2, at="2020-02-11 18:00", name="pm.xlsx", villages=[A]
    )
    got = store.events("health_checks", D1, D2)
    # x twice (its most copies in one file), the second copy from the only file
    # with two; y once, from the latest file.
    assert sorted(zip(got["person_id"], got["src_file"], got["submitted_on"].dt.date)) == [
        ("px", "am.xlsx", D1),
        ("px", "pm.xlsx", D2),
        ("py", "pm.xlsx", D2),
    ]
    # The same rows from another village are that village's own.
    save(store, "health_checks", [x], day=D2, at="2020-02-11 19:00", villages=[B])
    assert len(store.events("health_checks", D1, D2)) == 4


def test_visit_history_counts_identical_visits_of_one_file(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    seen = {"household_id": "h1", "visited_on": "2020-02-10", "visitor": "干部"}
    save(s, "welfare_visits", [seen, seen], day=D1, at="2020-02-10 18:00", villages=[A])
    save(s, "welfare_visits", [seen], day=D2, at="2020-02-11 18:00", villages=[A])
    assert len(s.visit_history(D1, D2)) == 2
    s.close()


def gas(rid, urgency, reported, delivered=None, village=A) -> dict:
    return {
        "request_id": rid,
        "village": village,
        "contact_name": "王" + rid,
        "phone": "13900000000",
        "cylinders": 1,
        "urgency": urgency,
        "reported_at": reported,
        "delivered_at": delivered,
    }


@pytest.fixture
def gas_store(store):
    save(
        store,
        "gas_requests",
        [
            gas("g1", "soon", "2020-02-10 10:00"),
            gas("g2", "urgent", "2020-02-10 08:00"),
            gas("g4", "normal", "2020-02-10 07:00", "2020-02-10 12:00"),
        ],
        day=D1,
        at="2020-02-10 18:00",
        villages=[A],
    )
    save(
        store,
        "gas_requests",
        [
            gas("g1", "soon", "2020-02-10 10:00", "2020-02-11 09:00"),
            gas("g3", "urgent", "2020-02-11 11:00", village=B),
        ],
        day=D2,
        at="2020-02-11 18:00",
        villages=[A, B],
    )
    return store


def test_gas_request_is_updated_by_a_later_submission(gas_store):
    d1_then = gas_store.events("gas_requests", D1, D1)
    assert ids(d1_then, "request_id") == ["g1", "g2", "g4"]
    assert pd.isna(d1_then.set_index("request_id").loc["g1", "delivered_at"])
    d1_now = gas_store.events("gas_requests", D1, D1, as_of=D2).set_index("request_id")
    assert sorted(d1_now.index) == ["g1", "g2", "g4"]
    assert d1_now.loc["g1", "delivered_at"] == pd.Timestamp("2020-02-11 09:00")
    assert d1_now.loc["g1", "submitted_on"] == pd.Timestamp(D2)


def test_gas_requests_open_in_the_window_in_delivery_order(gas_store):
    # D1: g4 delivered that day, g2 and g1 pending; urgent first.
    assert gas_store.gas_requests(D1)["request_id"].tolist() == ["g2", "g1", "g4"]
    # D2: g1 delivered, g2 still pending, g3 received; g4 was done on D1.
    d2 = gas_store.gas_requests(D2)
    assert d2["request_id"].tolist() == ["g2", "g3", "g1"]
    assert d2.set_index("request_id").loc["g1", "delivered_at"] == pd.Timestamp("2020-02-11 09:00")
    assert gas_store.gas_requests(D2, start=D1)["request_id"].tolist() == ["g2", "g3", "g1", "g4"]
    assert gas_store.gas_requests(D1 - dt.timedelta(days=1)).empty


def test_keyed_daily_status_correction_wins(store):
    first = dict(STATUS_ROWS[1])
    corrected = {**first, "resumed": True, "resumed_on": "2020-02-10", "staff_on_site": 5}
    nextday = {**corrected, "date": "2020-02-11", "staff_on_site": 9}
    save(store, "enterprise_status", [first], day=D1, at="2020-02-10 18:00", villages=[A])
    save(
        store,
        "enterprise_status",
        [corrected, nextday],
        day=D2,
        at="2020-02-11 18:00",
        villages=[A],
    )
    assert store.events("enterprise_status", D1, D1)["staff_on_site"].tolist() == [0]
    got = store.events("enterprise_status", D1, D2)
    assert got["staff_on_site"].tolist() == [5, 9]
    assert got["resumed"].tolist() == [True, True]


def _days(first: str, last: str) -> list[pd.Timestamp]:
    return list(pd.date_range(first, last, freq="D"))


@pytest.mark.slow
def test_visit_history_gives_every_day_the_visits_and_needs_of_the_whole_past(tmp_path):
    import welfare_rows as tw
    from fangkong.reports.welfare import households as welfare

    town = load_town(get_settings().default_town)
    store = tw.fill_store(open_store(f"sqlite:///{tmp_path / 'store.db'}"))
    # H1 visited on 02-20 and found nothing; later visits supersede it.
    old = tw.frame("welfare_visits", [tw.visit("H1", "2020-02-20")])
    tw.save(store, "welfare_visits", old, day="2020-03-01", at="2020-03-01 18:00")
    epoch = pd.Timestamp("2000-01-01")
    try:
        for day in _days("2020-02-26", "2020-03-12")[::3]:
            for window in (1, 14):
                first = day - pd.Timedelta(days=window)
                part = store.visit_history(first, day)
                whole = store.events("welfare_visits", epoch, day)
                assert len(part) <= len(whole)
                registry = store.registry("households", day)
                for d in _days(first, day):
                    for compute in (welfare.household_visits, welfare.open_needs):
                        pd.testing.assert_frame_equal(
                            compute(registry, part, town, d), compute(registry, whole, town, d)
                        )
        part = store.visit_history("2020-03-09", "2020-03-10")
        whole = store.events("welfare_visits", epoch, "2020-03-10")
        dropped = whole.merge(part, how="left", indicator=True).query("_merge == 'left_only'")
        # By hand: the one earlier visit that is neither a household's latest nor found a need.
        assert dropped[["household_id", "visited_on"]].values.tolist() == [
            ["H1", pd.Timestamp("2020-02-20")]
        ]
    finally:
        store.close()


@pytest.mark.slow
def test_status_history_gives_every_day_each_firms_latest_report(tmp_path):
    import reopening_rows as tr
    from fangkong.reports.reopening.firms import firm_status

    town = load_town(get_settings().default_town)
    store = tr.fill_store(open_store(f"sqlite:///{tmp_path / 'store.db'}"))
    epoch = pd.Timestamp("2000-01-01")
    try:
        for day in _days("2020-03-04", "2020-03-12")[::2]:
            for window in (1, 5):
                first = day - pd.Timedelta(days=window)
                part = store.status_history(first, day)
                whole = store.events("enterprise_status", epoch, day)
                registry = store.registry("enterprises", day)
                for d in _days(first, day):
                    pd.testing.assert_frame_equal(
                        firm_status(registry, part, town, d), firm_status(registry, whole, town, d)
                    )
        # By hand, on 03-10 with the window from 03-09: A1 03-09 and 03-10, A2's
        # 03-08 (its latest before), B1 (corrected) 03-10, B2 03-05 (latest before)
        # and 03-10, S1, S2 03-09, C1: 9 reports; S2's 03-11 is after the day.
        part = store.status_history("2020-03-09", "2020-03-10")
        got = sorted(zip(part["enterprise_id"], part["date"].dt.strftime("%m-%d")))
        assert got == [
            ("A1", "03-09"), ("A1", "03-10"), ("A2", "03-08"), ("B1", "03-10"), ("B2", "03-05"),
            ("B2", "03-10"), ("C1", "03-10"), ("S1", "03-10"), ("S2", "03-09"),
        ]  # fmt: skip
        assert part.loc[part["enterprise_id"] == "B1", "resumed"].tolist() == [True]  # corrected
    finally:
        store.close()
