"""Which reports a rerun redoes: those whose inputs changed since they were made."""

from __future__ import annotations

import datetime as dt
import shutil

from fangkong.delivery.freshness import changed_reports, input_fingerprints
from fangkong.ingest.batch import ingest_paths
from fangkong.store.database import open_store
from fangkong.town import load_town
from ingest_helpers import write_xlsx

REPORTS = ["quarantine", "welfare", "reopening"]


def test_a_late_file_changes_every_report_of_its_day_and_not_an_earlier_day(
    tmp_path, quarantine_data
):
    db = tmp_path / "store.db"
    shutil.copy(quarantine_data.db_url.removeprefix("sqlite:///"), db)
    store = open_store(f"sqlite:///{db}")
    day, town_file = quarantine_data.day, quarantine_data.town_file
    before = input_fingerprints(store, town_file, day, REPORTS)
    earlier_day = input_fingerprints(store, town_file, day - dt.timedelta(days=1), REPORTS)
    manifest = {"reports": {r: {"status": "ok", "inputs": before[r]} for r in REPORTS}}
    assert changed_reports(manifest, before, REPORTS) == {}

    row = {
        "身份证号": quarantine_data.people["D"]["身份证号"],
        "监测时间": f"{day.isoformat()} 19:30",
        "体温": 39.2,
        "症状": "发热",
        "医护人员": "医生乙",
    }
    late = write_xlsx(tmp_path / "甲村_health_checks.xlsx", [row])
    ingest_paths(
        [late], store=store, town=load_town(town_file), submitted_on=day, rejects_dir=tmp_path
    )
    now = input_fingerprints(store, town_file, day, REPORTS)
    assert changed_reports(manifest, now, REPORTS) == {
        r: "its inputs changed since it was made (1 file(s) came in)" for r in REPORTS
    }
    # A file of D does not change what D-1's reports read.
    assert input_fingerprints(store, town_file, day - dt.timedelta(days=1), REPORTS) == earlier_day
    store.close()


def test_a_changed_town_file_failed_or_missing_reports_are_redone(tmp_path, quarantine_data):
    store = open_store(quarantine_data.db_url)
    town = tmp_path / "town.yaml"
    shutil.copy(quarantine_data.town_file, town)
    made = input_fingerprints(store, town, quarantine_data.day, REPORTS)
    manifest = {
        "reports": {
            "quarantine": {"status": "ok", "inputs": made["quarantine"]},
            "welfare": {"status": "failed", "inputs": made["welfare"]},
        }
    }
    assert changed_reports(manifest, made, REPORTS) == {
        "welfare": "failed before",
        "reopening": "not yet produced",
    }
    town.write_text(town.read_text(encoding="utf-8") + "\n# a new target\n", encoding="utf-8")
    now = input_fingerprints(store, town, quarantine_data.day, REPORTS)
    assert "quarantine" in changed_reports(manifest, now, REPORTS)
    store.close()
