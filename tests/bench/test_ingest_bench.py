"""The ingest benchmark on tiny inputs: rows per table add up, the insert floor stores
the same rows.

No timing is asserted here (speed targets live in ``fangkong bench``, never in
tests).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

from fangkong.bench.ingest_bench import insert_floor, table_throughput
from fangkong.settings import get_settings
from fangkong.store.database import open_store
from fangkong.town import load_town
from ingest_helpers import DAY, check, enterprise, person, write_csv, write_xlsx


def test_table_throughput_counts_each_tables_rows(tmp_path):
    town = load_town(get_settings().default_town)
    firms = write_xlsx(tmp_path / "镇_enterprises.xlsx", [enterprise()])
    ledger = write_csv(tmp_path / "槐林村_quarantine.csv", [person()])
    checks = write_xlsx(
        tmp_path / "槐林村_health_checks.xlsx",
        [check(), check(监测时间="2020-03-10 15:00"), check(体温=45)],  # 45 °C is rejected
    )
    # Given out of order: the firm, then the ledger go first, so that the ledger
    # finds its person's employer and the checks find their person.
    frame = table_throughput(
        {"health_checks": [checks], "quarantine": [ledger], "enterprises": [firms]},
        tmp_path / "store.db",
        town=town,
        day=DAY,
        rejects_dir=tmp_path / "rejects",
        ingested_at=dt.datetime(2020, 3, 10, 17),
    )
    assert frame["table"].tolist() == ["enterprises", "quarantine", "health_checks"]
    assert frame["rows"].tolist() == [1, 1, 3]
    assert frame["accepted"].tolist() == [1, 1, 2] and frame["rejected"].tolist() == [0, 0, 1]
    assert (frame["rows_per_s"] > 0).all()
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        assert len(store.events("health_checks", DAY, DAY)) == 2
    finally:
        store.close()


def test_insert_floor_stores_the_same_rows_again(tmp_path):
    town = load_town(get_settings().default_town)
    firms = write_csv(tmp_path / "镇_enterprises.csv", [enterprise()])
    ledger = write_csv(tmp_path / "槐林村_quarantine.csv", [person()])
    checks = write_csv(tmp_path / "槐林村_health_checks.csv", [check(), check(体温=45)])
    table_throughput(
        {"enterprises": [firms], "quarantine": [ledger], "health_checks": [checks]},
        tmp_path / "store.db",
        town=town,
        day=DAY,
        rejects_dir=tmp_path / "rejects",
        ingested_at=dt.datetime(2020, 3, 10, 17),
    )
    (tmp_path / "alone.db").write_bytes(b"")  # replaced, not appended to
    floor = insert_floor(tmp_path / "store.db", tmp_path / "alone.db")
    assert floor["rows"] == 3 and floor["rows_per_s"] > 0  # the rejected check is not stored
    stored = {}
    for db in ("store.db", "alone.db"):
        with contextlib.closing(sqlite3.connect(tmp_path / db)) as con:
            stored[db] = {
                t: con.execute(f"SELECT * FROM {t} ORDER BY store_id").fetchall()
                for t in ("enterprises", "quarantine", "health_checks")
            }
    assert stored["alone.db"] == stored["store.db"]
    assert [len(rows) for rows in stored["alone.db"].values()] == [1, 1, 1]
