"""Fixtures of the ingest tests: the demo town, and a store holding its registries."""

import datetime as dt

import pytest
from factories import credit_code
from ingest_helpers import DAY, enterprise, household, ingest, person, write_xlsx


@pytest.fixture
def town(demo_town):
    """Ingest checks villages and policy against the demo town (贾峪镇)."""
    return demo_town


@pytest.fixture
def base(store, town, tmp_path):
    """Registries and a one-person ledger for 槐林村, submitted the day before."""
    d = tmp_path / "base"
    d.mkdir()
    files = [
        write_xlsx(d / "槐林村_households.xlsx", [household()]),
        write_xlsx(
            d / "镇_enterprises.xlsx",
            [
                enterprise(),
                enterprise(**{"统一社会信用代码": credit_code(2), "企业名称": "豫能热电"}),
            ],
        ),
        write_xlsx(d / "槐林村_quarantine.xlsx", [person()]),
    ]
    report = ingest(store, town, tmp_path, files, DAY - dt.timedelta(days=1))
    assert report.summary()["rejected"].sum() == 0, report.issues()
    return store
