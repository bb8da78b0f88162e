"""The quarantine ledger and its daily records: a consistent ledger, health checks
twice a day inside the period.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections
import datetime as dt

import pytest
from sample_files import END, _by_table, _defect_cells, code, parse_when

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow


def test_quarantine_ledger_is_consistent(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    in_quarantine = collections.Counter()
    for f in _by_table(manifest, "quarantine"):
        day = dt.datetime.fromisoformat(f.day)
        for i, row in enumerate(tables[f.path][1], start=2):
            if any(k[0] == f.path and k[1] == i for k in defects):
                continue
            start, end = parse_when(row["start_date"]), parse_when(row["end_date"])
            assert end - start == dt.timedelta(days=14) and start <= day
            status = code("quarantine_status", row["status"])
            if status == "released":
                assert day >= end
            if status == "quarantined":
                in_quarantine[f.day] += 1
            for role in ("police", "doctor", "town_staff", "village_cadre"):
                assert row[role]
            reason = code("quarantine_reason", row["reason"])
            assert (row["employer"] is not None) == (reason == "returning_worker")
            assert (row["origin"] is None) == (reason == "close_contact")
    assert 30 <= in_quarantine[END.isoformat()] <= 80


def test_health_checks_twice_a_day_inside_the_period(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    ledgers = {}
    for f in _by_table(manifest, "quarantine"):
        for row in tables[f.path][1]:
            ledgers[(f.day, row["person_id"])] = row
    visits = collections.Counter()
    fevers = 0
    for f in _by_table(manifest, "health_checks"):
        for i, row in enumerate(tables[f.path][1], start=2):
            if any(k[:2] == (f.path, i) for k in defects):
                continue
            person = ledgers[(f.day, row["person_id"])]
            assert code("quarantine_status", person["status"]) == "quarantined"
            at = parse_when(row["checked_at"])
            assert at.date().isoformat() == f.day
            assert (
                parse_when(person["start_date"])
                <= at
                <= parse_when(person["end_date"]) + dt.timedelta(days=1)
            )
            visits[(f.day, row["person_id"], at.hour < 12)] += 1
            fevers += float(row["temperature_c"]) >= 37.3
    assert set(visits.values()) == {1}  # at most one morning and one afternoon visit
    assert fevers >= 1
