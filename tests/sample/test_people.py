"""Made-up people, phones and firms: every identifier valid unless a recorded defect.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections

import pytest
from fangkong.schemas import TABLES
from sample_files import _defect_cells, code, id_ok, phone_ok
from stdnum.cn import uscc

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow

# -- identifiers ----------------------------------------------------------------------


def test_every_id_phone_and_credit_code_is_valid_unless_a_recorded_defect(sample, tables):
    _, manifest = sample
    defects = _defect_cells(manifest)
    counts = collections.Counter()
    for f in manifest.files:
        spec = TABLES[f.table]
        for i, row in enumerate(tables[f.path][1], start=2):
            for column in spec.columns:
                kind, value = spec.meta(column)["kind"], row[column]
                if value is None or (f.path, i, column) in defects:
                    continue
                if kind == "id_number":
                    assert id_ok(value), (f.path, i, value)
                elif kind == "uscc":
                    assert uscc.is_valid(value), (f.path, i, value)
                elif kind == "phone":
                    assert phone_ok(value), (f.path, i, value)
                counts[kind] += 1
            if f.table == "quarantine" and (f.path, i, "sex") not in defects:
                pid = row["person_id"]
                if id_ok(pid):
                    odd = int(pid[16]) % 2 == 1
                    assert code("sex", row["sex"]) == ("male" if odd else "female"), (f.path, i)
    assert counts["id_number"] > 500 and counts["uscc"] > 300 and counts["phone"] > 500


def test_local_people_carry_the_xingyang_area_code(tables):
    areas = collections.Counter()
    for path, (_, rows) in tables.items():
        if path.endswith(("_households.xlsx", "_households.csv")):
            areas.update(str(r["head_id_number"])[:6] for r in rows)
    assert areas.most_common(1)[0][0] == "410182"
