"""notebooks/welfare.ipynb run through papermill on the fixture store: this report's
own figures and sections (tests/reports/test_notebooks.py has the checks every report
shares).

The store holds the hand-made rows of tests/welfare_rows.py (``fill_store``), each
row submitted on its own day. Expected figures are worked out by hand from those
rows (see the comments there) for 2020-03-10 (D) and as submitted by 2020-03-09
(D-1). The notebook runs with ``trend_days=3`` (tests/reports/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from fangkong.delivery.render import extract_sidecar

pytestmark = pytest.mark.slow

# (D, D-1). On D-1 the registry has H1-H4 and H6 (H7 joins on D), H1, H4 and H6
# are covered, H2 is overdue and H3 never visited; no gas request is submitted yet.
EXPECTED = {
    "households": (6, 5),
    "covered": (2, 3),
    "households_unvisited": (4, 2),  # D: H3, H7 never; H2 (9 days), H6 (8 days)
    "open_needs": (4, 4),  # H1 supplies, H4 supplies, H2 gas, H6 medical (on D-1 too)
    "gas_received": (6, 0),
    "gas_delivered": (2, 0),
    "gas_pending": (6, 0),
    "gas_overdue": (1, 0),  # R1, 32 hours
}


@pytest.fixture
def executed(run_notebook):
    return run_notebook("welfare")


@pytest.fixture
def page(notebook_page):
    return notebook_page("welfare")


def test_sidecar_figures_are_the_hand_worked_ones(executed):
    sidecar = extract_sidecar(executed)
    for name, (today, yesterday) in EXPECTED.items():
        figure = sidecar["headline"][name]
        assert (figure["value"], figure["previous"]) == (today, yesterday), name
        assert figure["change"] == today - yesterday, name
    assert sidecar["alerts"] == {
        "gas_overdue": 1,
        "households_unvisited": 4,
        "open_needs": 4,
        "produce_surplus": 2,  # 槐林村 白菜, 南河村 蒜苗
    }
    assert sidecar["alerts_total"] == 11
    assert len(sidecar["alert_items"]) == 11
    figures = sidecar["figures"]
    assert figures["coverage"] == pytest.approx(2 / 6)
    assert figures["gas_median_hours_to_delivery"] == 8  # R4 12 h, R6 4 h
    assert figures["money_yuan_to_date"] == 62000
    zones = {row["zone"]: row for row in sidecar["zones"]}
    assert zones["第一战区"]["households"] == 2 and zones["第四战区"]["never_visited"] == 1
    for name in ("households", "covered", "open_needs", "gas_pending", "gas_overdue"):
        parts = sum(v[name] for zone, v in zones.items() if zone != "total")
        assert parts == zones["total"][name] == figures[name], name
    # Pending at each cut-off, as known on D: 03-08 R5 (delivered 03-09 12:00); 03-09 R1,
    # R10; 03-10 the six of the queue.
    assert [row["gas_pending"] for row in sidecar["trend"]] == [1, 2, 6]
    assert sidecar["masked"] is True


def test_page_masks_names_and_phones(page):
    assert "138****0000" in page  # the gas contacts' phone
    assert "户主H3" not in page and "户***" in page


def test_page_says_what_the_report_is(page):
    assert "民生保障日报" in page
    assert "每个类型中各计一次" in page  # the note on households in several categories
    charts = re.findall(r'<svg [^>]*class="fk-chart"[^>]*aria-label="([^"]*)"', page)
    assert len(charts) == 4 and "data:image/png" not in page  # inline SVG only
    assert "煤气" in charts[0] and "走访覆盖率" in charts[1] and "春耕播种进度" in charts[2]
    assert "公斤" in charts[3]
    # Spring farming and employment with their rows (tests/welfare_rows.py): 槐林村 80 of
    # 200 mu, 南河村 30 of 30: 110 of 230, 47.8%; 4 placed of 7 job seekers.
    assert "春耕备耕" in page and "47.8%" in page and "复合肥短缺" in page
    assert "就业服务" in page


def test_internal_english_copy_is_unmasked(run_notebook, notebook_page):
    nb = run_notebook("welfare", lang="en", mask_pii=False)
    page = notebook_page("welfare", lang="en", mask_pii=False)
    assert "Welfare daily report" in page
    assert "13800000000" in page and "户主H3" in page
    assert extract_sidecar(nb)["masked"] is False
