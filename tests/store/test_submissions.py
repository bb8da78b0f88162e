"""Missing submissions, on a real SQLite store and the three-village ``small_town``
(conftest.py: 甲村 and 乙村 in 一区, 丙村 in 二区)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
from fangkong.schemas import TABLES
from fangkong.store.submissions import missing_submissions
from store_rows import save

DAY = dt.date(2020, 2, 10)
DAILY = [name for name, t in TABLES.items() if t.daily]
#: What a village owes without a registered checkpoint: no checkpoint duty.
OWED = [name for name in DAILY if name != "checkpoint_duty"]


def submit(store, tables, villages, day=DAY, at="2020-02-10 17:00"):
    """Record one (empty) file holding ``tables`` from ``villages``."""
    store.record_file(
        sha256=hashlib.sha256(f"{tables}{villages}{day}{at}".encode()).hexdigest(),
        file="x.xlsx",
        table=",".join(tables),
        submitted_on=day,
        villages=villages,
        rows_in=0,
        accepted=0,
        rejected=0,
        warnings=0,
        ingested_at=at,
    )


def test_missing_pairs_by_village_and_table(store, small_town):
    # 甲村 sent quarantine and health checks (a workbook with two quarantine
    # sheets and one of health checks) and, the day before, everything; 乙村
    # sent every daily table, the last one late; 丙村 only shares a volunteer
    # file with 甲村 and sent donations (not daily).
    submit(store, DAILY, ["甲村"], day=DAY - dt.timedelta(days=1))
    submit(store, ["quarantine", "health_checks", "quarantine"], ["甲村"])
    for name in DAILY[:-1]:
        submit(store, [name], ["乙村"])
    submit(store, [DAILY[-1]], ["乙村"], at="2020-02-10 19:00")
    submit(store, ["volunteer_services"], ["甲村", "丙村"])
    submit(store, ["donations"], ["丙村"])

    got = missing_submissions(store, small_town, DAY)
    assert list(got.columns) == ["village", "zone", "table", "table_zh"]
    a_owes = [t for t in OWED if t not in ("quarantine", "health_checks", "volunteer_services")]
    c_owes = [t for t in OWED if t != "volunteer_services"]
    expected = pd.DataFrame(
        [("甲村", "一区", t, TABLES[t].zh) for t in a_owes]
        + [("丙村", "二区", t, TABLES[t].zh) for t in c_owes],
        columns=["village", "zone", "table", "table_zh"],
    ).astype("str")
    pd.testing.assert_frame_equal(got, expected)

    # With an 18:00 cut-off, 乙村's late file does not count yet.
    cut = missing_submissions(store, small_town, DAY, by=dt.datetime(2020, 2, 10, 18, 0))
    late = cut[cut["village"] == "乙村"]
    assert late[["table", "zone"]].values.tolist() == [[DAILY[-1], "一区"]]
    assert len(cut) == len(got) + 1


def test_nothing_submitted_means_everything_missing(store, small_town):
    got = missing_submissions(store, small_town, DAY)
    assert len(got) == 3 * len(OWED)
    assert got["village"].tolist() == [v for v in ["甲村", "乙村", "丙村"] for _ in OWED]
    assert got["table"].tolist() == OWED * 3
    assert "donations" not in set(got["table"])


def test_checkpoint_duty_is_owed_by_villages_with_a_checkpoint(store, small_town):
    """乙村 registers a checkpoint on DAY and owes its duty from then on; a checkpoint
    closed (注销) owes nothing; 甲村 and 丙村, without one, never owe it."""
    checkpoint = dict(checkpoint_id="Y-01", name="乙村村口", village="乙村", kind="community")
    save(
        store,
        "checkpoints",
        [checkpoint | dict(shifts_per_day=2)],
        day=DAY,
        at="2020-02-10 09:00",
        villages=["乙村"],
    )

    def owing(day):
        got = missing_submissions(store, small_town, day)
        return sorted(got.loc[got["table"] == "checkpoint_duty", "village"])

    assert owing(DAY - dt.timedelta(days=1)) == []
    assert owing(DAY) == ["乙村"]
    submit(store, ["checkpoint_duty"], ["乙村"])
    assert owing(DAY) == []
    later = DAY + dt.timedelta(days=1)
    save(
        store,
        "checkpoints",
        [checkpoint | dict(shifts_per_day=2, status="closed")],
        day=later,
        at="2020-02-11 09:00",
        villages=["乙村"],
    )
    assert owing(later) == []
