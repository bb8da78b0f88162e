"""The store's logs: files, issues and the time of the data, on a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from store_rows import CHECK_ROWS, D1, D2, A, B, save


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
