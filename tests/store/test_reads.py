"""As-of reads of the quarantine ledger and the registries, on a real SQLite file.

Every frame here is written by hand with a few rows; expected answers are worked
out from those rows, not read back from the code.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from fangkong.schemas import TABLES
from fangkong.settings import get_settings
from fangkong.store.database import PROVENANCE, open_store
from fangkong.town import load_town
from ingest_helpers import DAY, write_xlsx
from store_rows import D1, D2, D3, A, B, ids, save


def person(pid: str, village: str, status: str = "quarantined", **extra) -> dict:
    return {
        "person_id": pid,
        "name": "张" + pid[-2:],
        "sex": "male",
        "phone": "13800000000",
        "village": village,
        "reason": "close_contact",
        "start_date": "2020-02-01",
        "end_date": "2020-02-15",
        "status": status,
        "police": "民警甲",
        "doctor": "医生乙",
        "town_staff": "镇干部丙",
        "village_cadre": "村干部丁",
        **extra,
    }


# --- the quarantine ledger ----------------------------------------------------------


@pytest.fixture
def ledger_store(store):
    """A: D1 p1,p2; D2 p1 then (later) p1,p4; D3 an empty file.
    B: D1 p3 only. A town-level file on D1 also lists p9 for B and p8 for A,
    but it was ingested before the villages' own D1 files."""
    save(
        store,
        "quarantine",
        [person("p8", A), person("p9", B)],
        day=D1,
        at="2020-02-10 08:00",
        villages=[A, B],
        name="town.xlsx",
    )
    save(
        store,
        "quarantine",
        [person("p1", A), person("p2", A)],
        day=D1,
        at="2020-02-10 17:00",
        villages=[A],
    )
    save(store, "quarantine", [person("p3", B)], day=D1, at="2020-02-10 17:30", villages=[B])
    save(store, "quarantine", [person("p1", A)], day=D2, at="2020-02-11 09:00", villages=[A])
    save(
        store,
        "quarantine",
        [person("p1", A), person("p4", A, status="released")],
        day=D2,
        at="2020-02-11 16:00",
        villages=[A],
    )
    save(store, "quarantine", [], day=D3, at="2020-02-12 17:00", villages=[A])
    return store


def test_ledger_as_of_takes_each_villages_latest_file(ledger_store):
    assert ledger_store.ledger(D1 - dt.timedelta(days=1)).empty
    d1 = ledger_store.ledger(D1)
    assert ids(d1, "person_id") == ["p1", "p2", "p3"]
    d2 = ledger_store.ledger(D2)
    assert ids(d2, "person_id") == ["p1", "p3", "p4"]
    assert d2.set_index("person_id").loc["p3", "submitted_on"] == pd.Timestamp(D1)
    assert d2.set_index("person_id").loc["p4", "status"] == "released"
    # An empty latest file empties the village; B keeps its D1 ledger.
    d3 = ledger_store.ledger(D3)
    assert ids(d3, "person_id") == ["p3"]
    assert str(d3["start_date"].dtype) == "datetime64[ns]"


def test_ledger_history_is_the_ledger_of_each_day(ledger_store):
    hist = ledger_store.ledger_history(D1 - dt.timedelta(days=1), D3 + dt.timedelta(days=1))
    by_day = {day.date(): sorted(g["person_id"]) for day, g in hist.groupby("as_of", sort=True)}
    assert by_day == {
        D1: ["p1", "p2", "p3"],
        D2: ["p1", "p3", "p4"],
        D3: ["p3"],
        D3 + dt.timedelta(days=1): ["p3"],
    }
    assert str(hist["as_of"].dtype) == "datetime64[ns]"
    assert list(hist.columns) == ["as_of", *TABLES["quarantine"].columns, *PROVENANCE]
    one_day = ledger_store.ledger_history(D2, D2).drop(columns="as_of")
    pd.testing.assert_frame_equal(one_day, ledger_store.ledger(D2))


# --- registries ------------------------------------------------------------------


def household(hid: str, members: int, status=None, village=A) -> dict:
    return {
        "household_id": hid,
        "village": village,
        "head_name": "李" + hid,
        "head_id_number": "410182195001010011",
        "categories": "subsistence;elderly",
        "members": members,
        "cadre": "包户干部",
        "status": status,
    }


def test_registry_replaces_by_later_rows_and_keeps_history(store):
    save(
        store,
        "households",
        [household("h1", 3), household("h2", 2)],
        day=D1,
        at="2020-02-10 10:00",
        villages=[A],
    )
    save(
        store,
        "households",
        [household("h1", 4), household("h2", 2, "closed")],
        day=D2,
        at="2020-02-11 10:00",
        villages=[A],
    )
    # D3's file leaves h1 out: that does not remove it.
    save(
        store,
        "households",
        [household("h3", 1, "active", B)],
        day=D3,
        at="2020-02-12 10:00",
        villages=[B],
    )

    assert store.registry("households", D1 - dt.timedelta(days=1)).empty
    d1 = store.registry("households", D1).set_index("household_id")
    assert d1["members"].to_dict() == {"h1": 3, "h2": 2}
    d2 = store.registry("households", D2).set_index("household_id")
    assert d2["members"].to_dict() == {"h1": 4}
    with_closed = store.registry("households", D2, include_closed=True).set_index("household_id")
    assert sorted(with_closed.index) == ["h1", "h2"]
    assert with_closed.loc["h2", "status"] == "closed" and pd.isna(with_closed.loc["h1", "status"])
    d3 = store.registry("households", D3).set_index("household_id")
    assert d3["members"].to_dict() == {"h1": 4, "h3": 1}
    assert d3.loc["h1", "submitted_on"] == pd.Timestamp(D2)
    assert str(d3["members"].dtype) == "Int64"
    with pytest.raises(ValueError):
        store.registry("quarantine", D1)


def test_registries_equal_registry_day_by_day(tmp_path):
    from fangkong.ingest.batch import ingest_paths
    from ingest_helpers import household

    town = load_town(get_settings().default_town)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    days = [DAY - dt.timedelta(days=n) for n in (3, 2, 1, 0)]
    second = {"户编号": "HL-002", "户主身份证号": "110101199003070513", "户主姓名": "李四"}
    submitted = {
        days[0]: [household(), household(**second)],
        days[1]: [household(家庭人口=3)],  # HL-001 again: the later row wins
        # HL-002 closed, then submitted twice on one day: the later file wins.
        days[2]: [household(**second, 状态="注销")],
        days[3]: [household(**second, 状态="正常"), household(户编号="HL-003")],
    }
    try:
        for n, (day, rows) in enumerate(submitted.items()):
            folder = tmp_path / day.isoformat()
            folder.mkdir()
            path = write_xlsx(folder / f"槐林村_households_{n}.xlsx", rows)
            ingest_paths([path], store=store, town=town, submitted_on=day,
                         rejects_dir=tmp_path / "rejects",
                         ingested_at=dt.datetime.combine(day, dt.time(9)))  # fmt: skip
        asked = [pd.Timestamp(d) for d in (DAY - dt.timedelta(days=4), *days)]
        for closed in (False, True):
            many = store.registries("households", asked, include_closed=closed)
            assert list(many) == asked
            for day in asked:
                pd.testing.assert_frame_equal(
                    many[day], store.registry("households", day, include_closed=closed)
                )
        open_ = store.registries("households", asked)
        # By hand: nothing before the first day; HL-002 gone while closed.
        assert [open_[d]["household_id"].tolist() for d in asked] == [
            [], ["HL-001", "HL-002"], ["HL-001", "HL-002"], ["HL-001"],
            ["HL-001", "HL-002", "HL-003"],
        ]  # fmt: skip
        assert open_[asked[2]]["members"].tolist() == [3, 2]
        assert store.registries("households", []) == {}
        with pytest.raises(ValueError, match="not a registry"):
            store.registries("welfare_visits", asked)
    finally:
        store.close()
