"""Fixtures of the ingest tests: the demo town, and a store holding its registries."""

import datetime as dt
import shutil

import pytest
from factories import credit_code
from fangkong.store.database import Store
from ingest_helpers import DAY, enterprise, household, ingest, person, write_xlsx


@pytest.fixture
def town(demo_town):
    """Ingest checks villages and policy against the demo town (贾峪镇)."""
    return demo_town


@pytest.fixture(scope="session")
def base_store_file(tmp_path_factory, demo_town):
    """The SQLite file of ``base``, ingested once a session."""
    folder = tmp_path_factory.mktemp("base")
    store = Store(f"sqlite:///{folder / 'store.db'}")
    try:
        files = [
            write_xlsx(folder / "槐林村_households.xlsx", [household()]),
            write_xlsx(
                folder / "镇_enterprises.xlsx",
                [
                    enterprise(),
                    enterprise(**{"统一社会信用代码": credit_code(2), "企业名称": "豫能热电"}),
                ],
            ),
            write_xlsx(folder / "槐林村_quarantine.xlsx", [person()]),
        ]
        report = ingest(store, demo_town, folder, files, DAY - dt.timedelta(days=1))
        assert report.summary()["rejected"].sum() == 0, report.issues()
    finally:
        store.close()
    return folder / "store.db"


@pytest.fixture
def base(base_store_file, tmp_path):
    """Registries and a one-person ledger for 槐林村, submitted the day before: a copy
    of ``base_store_file`` in ``tmp_path / "store.db"``, closed after the test."""
    for part in base_store_file.parent.glob(base_store_file.name + "*"):  # -wal, -shm too
        shutil.copy(part, tmp_path / part.name)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()
