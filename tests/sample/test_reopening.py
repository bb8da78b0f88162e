"""The firms' daily reports: the article's resumption figures, quarantine counts
that match the ledger.

The files are read back with openpyxl and the csv module, independently of the
generator (tests/sample_files.py), from the shared sample of tests/conftest.py
(``demo_sample``), and every property is checked against the data contract.
"""

import collections

import pytest
from sample_files import END, _by_table, _defect_cells, _ledger_as_of, _registry, code, yes
from stdnum.cn import uscc

# Reads the shared sample (written once, seconds).
pytestmark = pytest.mark.slow


def test_last_day_resumption_meets_the_article(sample, tables):
    """All above-size firms resumed, below-size > 90 %, street shops > 80 %.

    Firms that did not report count as not resumed; closed firms are left out.
    """
    _, manifest = sample
    firms = _registry(manifest, tables)
    active = {k: r for k, r in firms.items() if code("registry_status", r["status"]) != "closed"}
    (last,) = [f for f in _by_table(manifest, "enterprise_status") if f.day == END.isoformat()]
    resumed = {r["enterprise_id"] for r in tables[last.path][1] if yes(r["resumed"])}
    rates = {}
    for category in ("above_size", "below_size", "street_shop"):
        ids = [
            k for k, r in active.items() if code("enterprise_category", r["category"]) == category
        ]
        rates[category] = sum(k in resumed for k in ids) / len(ids)
    assert rates["above_size"] == 1.0
    assert rates["below_size"] > 0.9
    assert rates["street_shop"] > 0.8
    (first,) = [f for f in _by_table(manifest, "enterprise_status") if f.day == manifest.first]
    earlier = sum(yes(r["resumed"]) for r in tables[first.path][1])
    assert earlier < len(resumed)


def test_unrecorded_in_quarantine_counts_match_the_ledger(sample, tables):
    _, manifest = sample
    warned = _defect_cells(manifest, "warning")
    compared = 0
    for f in _by_table(manifest, "enterprise_status"):
        counts = collections.Counter(
            r["employer"] for r in _ledger_as_of(manifest, tables, f.day)
            if code("quarantine_status", r["status"]) == "quarantined" and r["employer"]
        )  # fmt: skip
        for i, row in enumerate(tables[f.path][1], start=2):
            if (f.path, i, "in_quarantine") not in warned and uscc.is_valid(row["enterprise_id"]):
                assert int(row["in_quarantine"]) == counts[row["enterprise_id"]], (f.path, i)
                compared += 1
    assert compared > 300
