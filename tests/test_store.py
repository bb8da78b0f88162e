"""The append-only store on real SQLite files: round trips and as-of reads.

Every frame here is written by hand with a few rows; expected answers are worked
out from those rows, not read back from the code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa
from fangkong.schemas import DTYPES, TABLES
from fangkong.store.database import PROVENANCE, Store, open_store

D1, D2, D3 = dt.date(2020, 2, 10), dt.date(2020, 2, 11), dt.date(2020, 2, 12)
A, B = "槐林村", "东岗村"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.close()


def typed(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with every schema column of ``table`` in its normalised dtype."""
    t = TABLES[table]
    frame = pd.DataFrame(rows, columns=t.columns, dtype=object)
    for c in t.columns:
        dtype = DTYPES[t.meta(c)["kind"]]
        if dtype == "datetime64[ns]":
            frame[c] = pd.to_datetime(frame[c], format="ISO8601").astype(dtype)
        else:
            frame[c] = frame[c].astype(dtype)
    return frame


def save(store, table, rows, *, day, at, villages, name=None, rejected=0, issues=None):
    """Store one file of ``rows`` as ingest does, in one transaction; returns its
    sha256. Rows without a village column are dealt to ``villages`` in turn."""
    name = name or f"{table}-{'-'.join(villages)}-{at}.xlsx"
    sha = hashlib.sha256(f"{name}|{at}|{rows}".encode()).hexdigest()
    frame = typed(table, rows)
    frame["src_row"] = pd.array(range(2, len(rows) + 2), dtype="Int64")
    frame["src_village"] = [
        r.get("village", villages[i % len(villages)]) for i, r in enumerate(rows)
    ]
    warnings = 0 if issues is None else int((issues["severity"] == "warning").sum())
    with store.transaction():
        store.record_file(
            sha256=sha,
            file=name,
            table=table,
            submitted_on=day,
            villages=villages,
            rows_in=len(rows) + rejected,
            accepted=len(rows),
            rejected=rejected,
            warnings=warnings,
            ingested_at=at,
        )
        store.append(
            table,
            frame,
            sha256=sha,
            file=name,
            sheet="Sheet1",
            submitted_on=day,
            ingested_at=at,
        )
        if issues is not None:
            store.record_issues(issues.assign(sha256=sha, file=name, table=table, submitted_on=day))
    return sha


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


def ids(frame: pd.DataFrame, column: str) -> list:
    return sorted(frame[column].tolist())


# --- round trip ----------------------------------------------------------------


STATUS_ROWS = [
    {
        "enterprise_id": "91410182MA00000001",
        "date": "2020-02-10",
        "resumed": True,
        "resumed_on": "2020-02-08",
        "staff_on_site": 120,
        "returned_from_outside": 7,
        "in_quarantine": 2,
        "masks": 3000,
        "disinfectant_l": 12.5,
        "officer_on_duty": True,
        "disinfected": False,
        "health_checkin": True,
        "filed_online": True,
    },
    {
        "enterprise_id": "91410182MA00000002",
        "date": "2020-02-10",
        "resumed": False,
        "resumed_on": None,
        "staff_on_site": 0,
        "returned_from_outside": 0,
        "in_quarantine": 0,
        "masks": 0,
        "disinfectant_l": 0.25,
        "officer_on_duty": False,
        "disinfected": None,
        "health_checkin": False,
        "filed_online": False,
    },
]
CHECK_ROWS = [
    {
        "person_id": "410182199003070011",
        "checked_at": "2020-02-10 08:15:30.250000",
        "temperature_c": 36.6,
        "symptoms": "none",
        "checked_by": "医生乙",
    },
    {
        "person_id": "410182199003070022",
        "checked_at": "2020-02-10 15:00",
        "temperature_c": 37.8,
        "symptoms": "fever;cough",
        "checked_by": "医生乙",
    },
    {
        "person_id": "410182199003070033",
        "checked_at": "2020-02-10 16:00",
        "temperature_c": 36.9,
        "symptoms": None,
        "checked_by": "医生 丙",
    },
]


@pytest.mark.parametrize("fast", [True, False], ids=["sqlite-fast-path", "generic-core-path"])
@pytest.mark.parametrize(
    "table, rows, villages",
    [("enterprise_status", STATUS_ROWS, [A]), ("health_checks", CHECK_ROWS, [A, B])],
)
def test_round_trip_keeps_values_and_dtypes(store, table, rows, villages, fast):
    # The generic path is what a non-SQLite database gets; run it here too.
    store._sqlite = fast
    sha = save(store, table, rows, day=D1, at="2020-02-10 17:45:12", villages=villages)
    back = store.events(table, D1, D1)

    t = TABLES[table]
    assert list(back.columns) == t.columns + list(PROVENANCE)
    for c in t.columns:
        assert str(back[c].dtype) == DTYPES[t.meta(c)["kind"]], c
    expected = typed(table, rows)
    pd.testing.assert_frame_equal(back[t.columns], expected, check_exact=True)

    prov = back[list(PROVENANCE)]
    assert (prov["src_sha256"] == sha).all()
    assert (prov["src_sheet"] == "Sheet1").all()
    assert prov["src_row"].tolist() == [2, 3, 4][: len(rows)]
    assert prov["src_village"].tolist() == [villages[i % len(villages)] for i in range(len(rows))]
    assert (prov["submitted_on"] == pd.Timestamp(D1)).all()
    assert (prov["ingested_at"] == pd.Timestamp("2020-02-10 17:45:12")).all()
    assert str(prov["src_row"].dtype) == "Int64"
    assert str(prov["submitted_on"].dtype) == "datetime64[ns]"
    assert str(prov["ingested_at"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize("fast", [True, False], ids=["sqlite-fast-path", "generic-core-path"])
def test_a_batch_of_files_goes_in_at_once(store, fast):
    # Ingest stores a day's files of a table in one append, provenance per row,
    # and logs the files in one call.
    store._sqlite = fast
    frame = typed("health_checks", CHECK_ROWS)
    frame["src_row"] = pd.array([2, 3, 2], dtype="Int64")
    frame["src_village"] = [A, A, B]
    files = [f"{A}_health_checks.csv", f"{A}_health_checks.csv", f"{B}_health_checks.xlsx"]
    shas = ["a" * 64, "a" * 64, "b" * 64]
    at = dt.datetime(2020, 2, 10, 17, 30)
    with store.transaction():
        store.append(
            "health_checks",
            frame,
            sha256=shas,
            file=files,
            sheet=[None, None, "表1"],
            submitted_on=D1,
            ingested_at=at,
        )
        store.record_files(
            [
                dict(sha256=sha, file=name, table="health_checks", submitted_on=D1,
                     villages=[village], rows_in=n, accepted=n, rejected=0, warnings=0,
                     ingested_at=at)
                for sha, name, village, n in (
                    ("a" * 64, files[0], A, 2), ("b" * 64, files[2], B, 1)
                )
            ]
        )  # fmt: skip
    back = store.events("health_checks", D1, D1).sort_values("src_sha256", kind="stable")
    assert back["src_file"].tolist() == files
    assert back["src_sha256"].tolist() == shas
    assert back["src_sheet"].isna().tolist() == [True, True, False]
    assert back["src_sheet"].iloc[2] == "表1"
    assert back["src_row"].tolist() == [2, 3, 2]
    logged = store.files(D1)
    assert dict(zip(logged["file"], logged["villages"])) == {files[0]: A, files[2]: B}
    assert dict(zip(logged["file"], logged["rows_in"])) == {files[0]: 2, files[2]: 1}
    assert store.files_seen(D1) == {("a" * 64, files[0]), ("b" * 64, files[2])}
    assert store.files_seen(D2) == set()
    with pytest.raises(ValueError, match="rows in"):
        store.record_files(
            [dict(sha256="c" * 64, file="c.csv", table="produce", submitted_on=D1, villages=[],
                  rows_in=3, accepted=1, rejected=1, warnings=0, ingested_at=at)]
        )  # fmt: skip


def test_missing_values_are_null_in_sql(store, tmp_path):
    save(store, "enterprise_status", STATUS_ROWS, day=D1, at="2020-02-10 18:00", villages=[A])
    with sqlite3.connect(tmp_path / "store.db") as con:
        got = con.execute(
            "SELECT resumed_on, disinfected FROM enterprise_status ORDER BY src_row"
        ).fetchall()
    assert got == [("2020-02-08", 0), (None, None)]


def test_append_needs_every_schema_column(store):
    frame = typed("disinfections", [{"person_id": "1", "done_at": "2020-02-10", "done_by": "x"}])
    frame["src_row"] = 2  # src_village missing
    with pytest.raises(ValueError, match="src_village"):
        store.append(
            "disinfections",
            frame,
            sha256="s",
            file="f.csv",
            sheet=None,
            submitted_on=D1,
            ingested_at="2020-02-10 18:00",
        )


# --- atomic writes and the logs --------------------------------------------------


def test_a_transaction_is_atomic(store):
    frame = typed("disinfections", [{"person_id": "1", "done_at": "2020-02-10", "done_by": "x"}])
    frame["src_row"] = 2  # no src_village: append fails after record_file ran
    with pytest.raises(ValueError):
        with store.transaction():
            store.record_file(
                sha256="abc",
                file="f.csv",
                table="disinfections",
                submitted_on=D1,
                villages=[A],
                rows_in=1,
                accepted=1,
                rejected=0,
                warnings=0,
                ingested_at="2020-02-10 18:00",
            )
            store.append(
                "disinfections",
                frame,
                sha256="abc",
                file="f.csv",
                sheet=None,
                submitted_on=D1,
                ingested_at="2020-02-10 18:00",
            )
    assert not store.file_seen("abc")
    assert store.files().empty

    with pytest.raises(RuntimeError):
        with store.transaction():
            store.record_file(
                sha256="def",
                file="g.csv",
                table="produce",
                submitted_on=D1,
                villages=[A],
                rows_in=0,
                accepted=0,
                rejected=0,
                warnings=0,
                ingested_at="2020-02-10 18:00",
            )
            assert store.file_seen("def")  # visible inside the transaction
            raise RuntimeError("abort")
    assert not store.file_seen("def")


def test_files_issues_and_data_time(store):
    issues = pd.DataFrame(
        {
            "sheet": ["Sheet1", "Sheet1", "Sheet1"],
            "row": [3, 5, 4],
            "column": ["person_id", "temperature_c", "checked_at"],
            "value": ["4.10182E+17", 45, None],
            "code": ["id_excel_number", "out_of_range", "outside_period"],
            "severity": ["rejected", "rejected", "warning"],
            "detail": [None, "35.0–42.0", "2020-02-01 – 2020-02-15"],
            "not_stored": [1, 2, 3],
        }
    )
    sha = save(
        store,
        "health_checks",
        CHECK_ROWS[:1],
        day=D1,
        at="2020-02-10 17:00",
        villages=[A],
        name="hc.xlsx",
        issues=issues,
        rejected=2,
    )
    with pytest.raises(ValueError, match="rows in"):
        store.record_file(
            sha256="x",
            file="x.xlsx",
            table="produce",
            submitted_on=D1,
            villages=[A],
            rows_in=5,
            accepted=3,
            rejected=1,
            warnings=0,
            ingested_at="2020-02-10 18:00",
        )
    save(store, "produce", [], day=D1, at="2020-02-10 19:30", villages=[B, A], name="p.csv")
    save(store, "produce", [], day=D2, at="2020-02-10 19:00", villages=[B], name="p2.csv")
    with pytest.raises(sa.exc.IntegrityError):  # same bytes, name and day
        store.record_file(
            sha256=sha,
            file="hc.xlsx",
            table="health_checks",
            submitted_on=D1,
            villages=[A],
            rows_in=0,
            accepted=0,
            rejected=0,
            warnings=0,
            ingested_at="2020-02-11 18:00",
        )

    assert store.file_seen(sha) and not store.file_seen("0" * 64)
    assert store.file_seen(sha, "hc.xlsx", D1)
    assert not store.file_seen(sha, "other.xlsx", D1) and not store.file_seen(sha, "hc.xlsx", D2)
    files = store.files(D1)
    assert files["file"].tolist() == ["hc.xlsx", "p.csv"]
    assert files["villages"].tolist() == [A, ";".join(sorted([A, B]))]
    hc = files.iloc[0]
    assert (hc["rows_in"], hc["accepted"], hc["rejected"], hc["warnings"]) == (3, 1, 2, 1)
    assert len(store.files()) == 3

    got = store.issues(D1)
    assert got["code"].tolist() == ["id_excel_number", "out_of_range", "outside_period"]
    assert got["value"].tolist()[:2] == ["4.10182E+17", "45"] and pd.isna(got["value"][2])
    assert (got["sha256"] == sha).all() and (got["table"] == "health_checks").all()
    assert str(got["row"].dtype) == "Int64" and got["row"].tolist() == [3, 5, 4]
    assert got["detail"].tolist()[1:] == ["35.0–42.0", "2020-02-01 – 2020-02-15"]
    assert "not_stored" not in got.columns
    assert store.issues(D2).empty

    # "Data as of": D2's file was ingested before D1's last one.
    assert store.latest_submission_time(D1) == pd.Timestamp("2020-02-10 19:30")
    assert store.latest_submission_time(D2) == pd.Timestamp("2020-02-10 19:30")
    assert store.latest_submission_time(D1 - dt.timedelta(days=1)) is None


def test_bad_severity_is_refused(store):
    frame = pd.DataFrame(
        {
            "sha256": ["s"],
            "file": ["f"],
            "table": ["produce"],
            "submitted_on": [D1],
            "row": [2],
            "column": ["date"],
            "value": ["x"],
            "code": ["bad_date"],
            "severity": ["error"],
        }
    )
    with pytest.raises(ValueError, match="severity"):
        store.record_issues(frame)
    assert store.issues().empty


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


# --- where the store lives ------------------------------------------------------


def test_db_url_from_environment(tmp_path, monkeypatch):
    target = tmp_path / "deep" / "er" / "env.db"
    monkeypatch.setenv("FANGKONG_DB_URL", f"sqlite:///{target}")
    s = open_store()
    try:
        assert target.exists()
        assert s.engine.url.database == str(target)
        save(s, "produce", [], day=D1, at="2020-02-10 18:00", villages=[A])
    finally:
        s.close()
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT village FROM file_villages").fetchall() == [(A,)]


def test_default_url_is_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("FANGKONG_DB_URL", raising=False)
    monkeypatch.setenv("FANGKONG_DATA_DIR", str(tmp_path / "data"))
    s = open_store()
    s.close()
    assert (tmp_path / "data" / "fangkong.db").exists()
