"""The store itself: one transaction at a time, and where its database lives."""

from __future__ import annotations

import sqlite3

import pytest
from fangkong.store.database import open_store
from store_rows import D1, A, save, typed

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


def test_sqlite_store_is_owner_only_new_or_old(tmp_path):
    """The store holds full IDs, names and phones: 0600, WAL files too, whatever the umask."""
    import os

    from fangkong.store.database import Store

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    old = shared / "old.db"
    sqlite3.connect(old).close()
    old.chmod(0o644)  # a store made before the rule
    for path in (tmp_path / "made" / "new.db", old):
        s = Store(f"sqlite:///{path}")
        try:
            save(s, "produce", [], day=D1, at="2020-02-10 18:00", villages=[A])
            files = list(path.parent.glob(path.name + "*"))
            assert {p.name for p in files} >= {path.name, path.name + "-wal"}
            assert {p.name: p.stat().st_mode & 0o777 for p in files} == {
                p.name: 0o600 for p in files
            }
        finally:
            s.close()
    assert os.stat(tmp_path / "made").st_mode & 0o777 == 0o700  # a folder it made
    assert os.stat(shared).st_mode & 0o777 == 0o755  # a folder it did not make is left be
