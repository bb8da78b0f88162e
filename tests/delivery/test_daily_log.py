"""The daily run's log is masked: no full ID or mobile number reaches run.log (fast)."""

from __future__ import annotations

import datetime as dt

from fangkong.delivery.daily import ingest_inbox, places, run_log
from fangkong.settings import get_settings
from ingest_helpers import PERSON, household, write_xlsx

DAY = dt.date(2020, 3, 10)
MOBILE = "13800138000"


def test_a_broken_files_name_and_error_are_masked_in_the_run_log(tmp_path, store, demo_town):
    settings = get_settings(data_dir=tmp_path / "data", outputs_dir=tmp_path / "outputs")
    where = places(settings, demo_town, DAY, several=False)
    (where.inbox / "槐林村").mkdir(parents=True)
    # A village's households sheet named after a person (name and ID), in a
    # file named with a phone, that lacks the required 户编号: refused whole.
    row = household()
    del row["户编号"]
    write_xlsx(where.inbox / "槐林村" / f"households_{MOBILE}.xlsx", [row], sheet=f"王{PERSON}")
    log_file = tmp_path / "run.log"
    with run_log(log_file):
        assert not ingest_inbox(store, demo_town, DAY, where, settings)
    logged = log_file.read_text(encoding="utf-8")
    assert "lacks required column" in logged and "households_138****8000.xlsx" in logged
    assert PERSON not in logged and MOBILE not in logged
