"""Writing to the append-only store on real SQLite files: files, rows and issues in.

Every frame here is written by hand with a few rows (tests/store_rows.py); expected
answers are worked out from those rows, not read back from the code.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest
from fangkong.schemas import DTYPES, TABLES
from fangkong.store.database import PROVENANCE
from store_rows import CHECK_ROWS, D1, D2, STATUS_ROWS, A, B, save, typed


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
