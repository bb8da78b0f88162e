"""notebooks/reopening.ipynb run through papermill on the fixture store: this report's
own figures and sections (tests/reports/test_notebooks.py has the checks every report
shares).

The store holds the hand-made rows of tests/reopening_rows.py (``fill_store``):
each firm's report submitted on its own date, S2 registered on 03-10. Expected
figures are worked out by hand from those rows (see the comments there) for
2020-03-10 (D) and as submitted by 2020-03-09 (D-1). The notebook runs with
``trend_days=2`` (tests/reports/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from fangkong.delivery.render import extract_sidecar

pytestmark = pytest.mark.slow

# (D, D-1). On D-1 the registry lacks S2; A1 (03-09), A2 (03-08) and B2 (03-05) had
# resumed; B1, B3 and S1 had never reported; only A1 reported that day.
EXPECTED = {
    "firms": (7, 6),
    "resumed": (4, 3),
    "never_reported": (1, 3),
    "not_reported_today": (3, 5),
    "staff_on_site": (128, 99),  # D-1: A1 60, A2 30, B2 9
    "in_quarantine": (4, 1),  # D-1: A2's 1
    "worker_mismatches": (2, 0),  # no ledger and no firm figure before D
    "masks_short": (2, 3),  # D-1: A1, A2 and B2 with no masks
}


@pytest.fixture
def executed(run_notebook):
    return run_notebook("reopening")


@pytest.fixture
def page(notebook_page):
    return notebook_page("reopening")


def test_sidecar_figures_are_the_hand_worked_ones(executed):
    sidecar = extract_sidecar(executed)
    for name, (today, yesterday) in EXPECTED.items():
        figure = sidecar["headline"][name]
        assert (figure["value"], figure["previous"]) == (today, yesterday), name
        assert figure["change"] == today - yesterday, name
    assert sidecar["alerts"] == {
        "categories_below_target": 2,  # below-size 1/3, street shops 1/2
        "worker_mismatches": 2,  # B1 0 vs 1, S1 1 vs 0
        "compliance_failures": 6,
        "masks_short": 2,  # A2, S1
        "not_reported_today": 3,  # A2, B3, S2
        "firms_not_resumed": 3,  # B2, B3, S2
    }
    assert len(sidecar["alert_items"]) == sidecar["alerts_total"] == 18
    figures = sidecar["figures"]
    assert (figures["above_size_met"], figures["below_size_met"]) == (True, False)
    assert figures["street_shop_rate"] == 0.5
    town_rows = {r["category"]: r for r in sidecar["zones"] if r["zone"] == "total"}
    for category, row in town_rows.items():
        parts = [r for r in sidecar["zones"] if r["category"] == category and r["zone"] != "total"]
        assert sum(r["firms"] for r in parts) == row["firms"]
        assert sum(r["resumed"] for r in parts) == row["resumed"]
    trend = {(r["date"], r["category"]): r["resumed"] for r in sidecar["trend"]}
    assert trend[("2020-03-09", "total")] == 3 and trend[("2020-03-10", "total")] == 4


def test_page_masks_contacts_but_not_firms(page):
    assert "138****0000" in page
    assert "联系人B1" not in page and "企业B1" in page


def test_page_says_what_the_report_is(page):
    assert "复工复产日报" in page and "未达标" in page
    charts = re.findall(r'<svg [^>]*class="fk-chart"[^>]*aria-label="([^"]*)"', page)
    assert len(charts) == 2 and "data:image/png" not in page  # inline SVG only
    assert "复工率" in charts[0] and "目标" in charts[0] and "落实率" in charts[1]


def test_internal_english_copy_is_unmasked(run_notebook, notebook_page):
    nb = run_notebook("reopening", lang="en", mask_pii=False)
    page = notebook_page("reopening", lang="en", mask_pii=False)
    assert "Reopening daily report" in page and "not met" in page
    assert "13800000000" in page and "联系人B1" in page
    assert extract_sidecar(nb)["masked"] is False
