"""The village livelihood tables and follow-up calls: contact lost and regained,
gas requests updated, the welfare registry's shape.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections
import datetime as dt
import re

import pytest
from sample_files import TOWN, _by_table, code, yes

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow


def test_lost_contact_and_gas_updates_happen(sample, tables):
    _, manifest = sample
    unreached = collections.defaultdict(set)
    for f in _by_table(manifest, "followup_calls"):
        for row in tables[f.path][1]:
            if not yes(row["reached"]):
                unreached[row["person_id"]].add(dt.date.fromisoformat(f.day))
                assert row["mood"] is None
    assert any(d + dt.timedelta(days=1) in days for days in unreached.values() for d in days)
    seen = collections.defaultdict(list)
    for f in sorted(_by_table(manifest, "gas_requests"), key=lambda f: f.day):
        for row in tables[f.path][1]:
            seen[row["request_id"]].append(row["delivered_at"])
    assert any(len(v) == 2 and v[0] is None and v[1] is not None for v in seen.values())


def test_welfare_shapes(sample, tables):
    _, manifest = sample
    households = [r for f in _by_table(manifest, "households") for r in tables[f.path][1]]
    assert 550 <= len(households) <= 700
    assert any(re.search(r"[;；、]", str(r["categories"])) for r in households)
    surplus = set()
    for f in _by_table(manifest, "produce"):
        for row in tables[f.path][1]:
            if float(row["stock_kg"]) > 7 * float(row["sold_kg"]):
                surplus.add(row["village"])
    assert 0 < len(surplus) < len(TOWN.village_names)
    services = {code("service", r["service"]) for f in _by_table(manifest, "volunteer_services")
                for r in tables[f.path][1]}  # fmt: skip
    assert "shuttle" in services
