"""Defects injected into the sample files: a small share, every kind, really there.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections
import datetime as dt
import re

import pytest
from sample_files import TOWN, _by_table, _ledger_as_of, code, id_ok, parse_when, phone_ok
from stdnum.cn import ric, uscc

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow

BRIEF_DEFECTS = {
    "id_excel_number", "id_checksum", "sex_mismatch", "unknown_village", "out_of_range",
    "duplicate_period", "delivered_before_reported", "bad_phone", "bad_uscc", "unknown_person",
}  # fmt: skip
#: Defects of the rest of the article's duties: all of them appear in every sample.
DUTY_DEFECTS = {
    "risk_over_returnees", "unknown_checkpoint", "shift_not_of_checkpoint",
    "ended_before_started", "party_over_patrollers", "sown_over_planned",
    "unknown_household", "party_over_volunteers",
}  # fmt: skip
#: Defect -> the column whose count the spoiled count exceeds.
DUTY_OVER = {
    "risk_over_returnees": "returnees_found",
    "party_over_patrollers": "patrollers",
    "sown_over_planned": "planned_mu",
    "party_over_volunteers": "volunteers",
}


# -- defects --------------------------------------------------------------------------


def test_defects_are_a_small_share_and_every_kind_appears(sample):
    _, manifest = sample
    assert 0.005 <= manifest.defect_share <= 0.03
    assert BRIEF_DEFECTS <= set(manifest.defect_counts())
    assert DUTY_DEFECTS <= set(manifest.defect_counts())
    assert {"bad_date", "bad_datetime"} & set(manifest.defect_counts())
    assert manifest.defect_counts("warning").get("in_quarantine_mismatch", 0) >= 1
    assert manifest.unforced == []


def test_recorded_defects_are_really_in_the_files(sample, tables):
    _, manifest = sample
    all_people = {
        r["person_id"] for f in _by_table(manifest, "quarantine") for r in tables[f.path][1]
    }
    shifts = {
        r["checkpoint_id"]: int(r["shifts_per_day"])
        for f in _by_table(manifest, "checkpoints")
        for r in tables[f.path][1]
    }
    households = {
        r["household_id"] for f in _by_table(manifest, "households") for r in tables[f.path][1]
    }
    checked = collections.Counter()
    for f in manifest.files:
        rows = tables[f.path][1]
        for d in f.defects:
            row = rows[d["row"] - 2]
            value = row[d["column"]]
            written = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
            # A CSV cell is text: a count written as 7 reads back "7".
            as_csv = f.format == "csv" and written == str(d["value"])
            assert written == d["value"] or as_csv, (f.path, d)
            kind = d["defect"]
            if kind == "id_excel_number":
                assert isinstance(value, int) or re.fullmatch(r"\d\.\d{5}E\+17", value)
            elif kind == "id_checksum":
                assert len(value) == 18 and ric.calc_check_digit(value) != value[-1]
            elif kind == "sex_mismatch":
                odd = int(row["person_id"][16]) % 2 == 1
                assert code("sex", value) == ("female" if odd else "male")
            elif kind == "unknown_village":
                assert value not in TOWN.village_names
            elif kind in ("bad_date", "bad_datetime"):
                assert parse_when(value) is None
            elif kind == "out_of_range":
                assert not 35.0 <= float(value) <= 42.0
            elif kind == "bad_phone":
                assert not phone_ok(value)
            elif kind == "bad_uscc":
                assert not uscc.is_valid(value)
            elif kind == "duplicate_period":
                twins = [r for r in rows if r["person_id"] == value]
                assert len(twins) == 2
                (a, b) = twins
                assert parse_when(a["start_date"]) <= parse_when(b["end_date"])
                assert parse_when(b["start_date"]) <= parse_when(a["end_date"])
            elif kind == "unknown_person":
                assert id_ok(value) and value not in all_people
            elif kind == "delivered_before_reported":
                assert parse_when(value) < parse_when(row["reported_at"])
            elif kind == "in_quarantine_mismatch":
                ledger = _ledger_as_of(manifest, tables, f.day)
                expected = sum(
                    1 for r in ledger
                    if r["employer"] == row["enterprise_id"]
                    and code("quarantine_status", r["status"]) == "quarantined"
                )  # fmt: skip
                assert int(value) != expected
            elif kind in DUTY_OVER:  # a count over the count it is part of
                assert float(value) > float(row[DUTY_OVER[kind]])
            elif kind == "unknown_checkpoint":
                assert value not in shifts
            elif kind == "shift_not_of_checkpoint":
                owed = {1: {"all_day"}, 2: {"day", "night"}}[shifts[row["checkpoint_id"]]]
                assert code("shift", value) not in owed
            elif kind == "ended_before_started":
                assert parse_when(value) <= parse_when(row["started_at"])
            elif kind == "unknown_household":
                assert value not in households
            else:
                raise AssertionError(f"unchecked defect {kind}")
            checked[kind] += 1
    assert set(checked) == set(manifest.defect_counts()) | set(manifest.defect_counts("warning"))
