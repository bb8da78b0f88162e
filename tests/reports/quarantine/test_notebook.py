"""notebooks/quarantine.ipynb run through papermill on the fixture store: this report's
own figures and sections (tests/reports/test_notebooks.py has the checks every report
shares).

The fixture (tests/conftest.py, ``quarantine_data``) is a real SQLite store filled
by ingesting real XLSX/CSV files of a three-village town. Expected figures are
worked out by hand from those rows, and must also equal the library's own
computations on the same store. The notebook runs with ``lang="en"`` and
``trend_days=7`` (tests/reports/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from fangkong.delivery.render import extract_sidecar
from fangkong.masking import mask_id, mask_phone
from fangkong.reports.quarantine.data import load_quarantine
from fangkong.reports.quarantine.figures import day_figures, headline
from fangkong.store.database import open_store
from fangkong.town import load_town

pytestmark = pytest.mark.slow

# Worked out from the fixture rows for 2020-03-10 (D) and 2020-03-09 (D-1).
EXPECTED = {
    "in_quarantine": (3, 3),  # D: A, B, D; D-1: A, B, C
    "new_today": (1, 0),  # D starts today
    "released_today": (1, 0),  # C, on her end date
    "transferred_today": (0, 0),
    "due_tomorrow": (0, 1),  # on D-1, C's period ends the next day
    "overdue": (0, 0),
    "fever_alerts": (2, 0),  # B at 37.5; C at 38.0 with symptoms (released today)
    "checks_done": (3, 0),  # A morning and noon (afternoon), B morning
    "checks_owed": (6, 6),  # 3 people x 2 visits
    "missed_checks": (2, 3),  # B (afternoon), D (both)
    "disinfections_done": (1, 0),
    "disinfections_owed": (3, 3),
    "calls_reached": (2, 0),  # A, B; D not reached
    "calls_owed": (3, 3),
    "lost_contact": (0, 0),  # D was unreached, but only today
    "mood_alerts": (1, 0),  # A anxious
    "team_gaps": (0, 0),
    "employer_mismatches": (1, 0),  # the firm reports 2, the ledger has B only
    "employers_not_reported": (0, 1),  # no firm report on D-1
}


@pytest.fixture
def executed(run_notebook):
    return run_notebook("quarantine")


@pytest.fixture
def page(notebook_page):
    return notebook_page("quarantine")


def test_sidecar_figures_are_the_hand_worked_ones(executed):
    figures = extract_sidecar(executed)["headline"]
    for name, (today, yesterday) in EXPECTED.items():
        assert figures[name]["value"] == today, name
        assert figures[name]["previous"] == yesterday, name
        assert figures[name]["change"] == today - yesterday, name


#: The alert kinds of the ledger, checks and calls (the duties add their own).
ALERT_KINDS = ("fever", "lost_contact", "overdue", "missed_check", "mood", "team_gap")
ALERT_KINDS += ("employer_mismatch",)


def test_sidecar_equals_the_library_on_the_same_store(executed, quarantine_data):
    town = load_town(quarantine_data.town_file)
    store = open_store(quarantine_data.db_url)
    try:
        data = load_quarantine(store, town, quarantine_data.day, trend_days=7)
    finally:
        store.close()
    today = headline(day_figures(data.today, town.policy))
    previous = headline(day_figures(data.yesterday, town.policy))
    sidecar = extract_sidecar(executed)
    # The ledger's figures as the library computes them (the duties' beside them have
    # their own hand-worked tests: tests/reports/quarantine/test_duties.py).
    assert {k: v["value"] for k, v in sidecar["headline"].items() if k in today} == today
    assert {k: v["previous"] for k, v in sidecar["headline"].items() if k in today} == previous
    assert {k: v for k, v in sidecar["alerts"].items() if k in ALERT_KINDS} == {
        "fever": 2,
        "lost_contact": 0,
        "overdue": 0,
        "missed_check": 2,
        "mood": 1,
        "team_gap": 0,
        "employer_mismatch": 1,
    }
    assert sidecar["alerts_total"] == 6 + sum(
        v for k, v in sidecar["alerts"].items() if k not in ALERT_KINDS
    )
    assert sidecar["data_quality"]["rejected_rows"] == 1  # the 45 °C check
    assert sidecar["data_quality"]["rejected_by_reason"] == {"out_of_range": 1}
    # The report's own daily tables not sent on D: of the ledger, checks, disinfections
    # and calls, 甲村 none, 乙村 disinfections and calls, 丙村 all but its empty ledger;
    # screening and patrols by none of the three (no village has a checkpoint to owe
    # checkpoint duty).
    assert sidecar["data_quality"]["missing_submissions"] == (0 + 2 + 3) + 3 * 2
    zones = {row["zone"]: row for row in sidecar["zones"]}
    assert zones["一区"]["in_quarantine"] == 3
    assert zones["二区"]["in_quarantine"] == 0  # 丙村 has nobody
    assert zones["total"]["in_quarantine"] == today["in_quarantine"]
    assert {k: v for k, v in sidecar["figures"].items() if k in today} == today
    assert set(sidecar["extra"]) == {"rates", "by_reason", "duty_rates"}
    assert len(sidecar["trend"]) == 7
    assert sidecar["trend"][-1]["in_quarantine"] == today["in_quarantine"]
    assert sidecar["masked"] is True


def test_page_masks_ids_names_and_mobiles(page, quarantine_data):
    people = quarantine_data.people
    assert mask_id(people["A"]["身份证号"]) in page
    assert mask_phone(people["B"]["联系电话"]) in page
    assert "张*" in page and "张三" not in page
    assert "139****5678" in page  # the mobile typed into A's needs


def test_page_escapes_village_text(page):
    assert "<script>alert" not in page
    assert "alert(1)" not in page  # D's address is not part of the report
    assert "&lt;script&gt;alert(" in page  # A's needs, shown as typed
    assert "&lt;i&gt;民警甲&lt;/i&gt;" in page
    assert "<i>民警甲</i>" not in page


def test_page_is_in_english_when_asked(page):
    assert "Home quarantine daily report" in page
    assert "Fever and symptom alerts" in page
    charts = re.findall(r'<svg [^>]*class="fk-chart"[^>]*aria-label="([^"]*)"', page)
    assert len(charts) == 2 and charts[0].startswith("In quarantine") and "released" in charts[1]
