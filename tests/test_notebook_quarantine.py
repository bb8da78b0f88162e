"""notebooks/quarantine.ipynb run through papermill on fixture data in a temporary folder.

The fixture (tests/conftest.py, ``quarantine_data``) is a real SQLite store filled
by ingesting real XLSX/CSV files of a three-village town. Expected figures are
worked out by hand from those rows, and must also equal the library's own
computations on the same store.
"""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest
from fangkong.delivery.kernels import IPCKernelManager
from fangkong.delivery.render import extract_sidecar, render_html
from fangkong.reports.masking import mask_id, mask_phone
from fangkong.reports.quarantine.data import load_quarantine
from fangkong.reports.quarantine.figures import day_figures, headline
from fangkong.settings import get_settings
from fangkong.store.database import open_store
from fangkong.town import load_town

NOTEBOOK = get_settings().notebooks_dir / "quarantine.ipynb"
PARAMETERS = {"report_date", "town_file", "db_url", "lang", "mask_pii", "trend_days"}
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
ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
REMOTE = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)


def test_notebook_declares_its_parameters_with_help():
    declared = papermill.inspect_notebook(str(NOTEBOOK))
    assert set(declared) == PARAMETERS
    for name, spec in declared.items():
        assert spec["help"].strip(), f"{name} has no # help comment"


def test_notebook_is_committed_thin_and_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            assert not re.search(r"^\s*(def|class)\s", cell.source, re.MULTILINE)


@pytest.fixture(scope="module")
def executed(quarantine_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("nb") / "quarantine.ipynb"
    nb = papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={
            "report_date": quarantine_data.day.isoformat(),
            "town_file": str(quarantine_data.town_file),
            "db_url": quarantine_data.db_url,
            "lang": "en",
            "trend_days": 7,
        },
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        progress_bar=False,
        cwd=str(out.parent),
    )
    return nb


def test_runs_without_errors_or_missing_glyphs(executed):
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            if output.output_type == "stream":
                assert "Glyph" not in output.text


def test_sidecar_figures_are_the_hand_worked_ones(executed):
    figures = extract_sidecar(executed)["headline"]
    for name, (today, yesterday) in EXPECTED.items():
        assert figures[name]["value"] == today, name
        assert figures[name]["previous"] == yesterday, name
        assert figures[name]["change"] == today - yesterday, name


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
    assert {k: v["value"] for k, v in sidecar["headline"].items()} == today
    assert {k: v["previous"] for k, v in sidecar["headline"].items()} == previous
    assert sidecar["alerts"] == {
        "fever": 2,
        "lost_contact": 0,
        "overdue": 0,
        "missed_check": 2,
        "mood": 1,
        "team_gap": 0,
        "employer_mismatch": 1,
    }
    assert sidecar["alerts_total"] == 6
    assert sidecar["data_quality"]["rejected_rows"] == 1  # the 45 °C check
    assert sidecar["data_quality"]["rejected_by_reason"] == {"out_of_range": 1}
    # Daily tables not sent on D: 甲村 4, 乙村 6, 丙村 7 of the 8 daily tables.
    assert sidecar["data_quality"]["missing_submissions"] == 17
    zones = {row["zone"]: row for row in sidecar["zones"]}
    assert zones["一区"]["in_quarantine"] == 3
    assert zones["二区"]["in_quarantine"] == 0  # 丙村 has nobody
    assert zones["total"]["in_quarantine"] == today["in_quarantine"]
    assert sidecar["figures"] == today
    assert set(sidecar["extra"]) == {"rates", "by_reason"}
    assert len(sidecar["trend"]) == 7
    assert sidecar["trend"][-1]["in_quarantine"] == today["in_quarantine"]
    assert sidecar["masked"] is True


@pytest.fixture(scope="module")
def page(executed, quarantine_data):
    return render_html(executed, title="report", lang="en")


def test_page_loads_nothing_from_other_hosts_and_shows_no_code(page):
    assert not REMOTE.search(page)
    assert "<script" not in page.replace("&lt;script", "")
    for code in ("QuarantineReport", "report.header()", "from_store", "trend_days"):
        assert code not in page
    assert 'class="jp-InputPrompt' not in page and 'class="jp-OutputPrompt' not in page
    assert 'class="jp-InputArea' not in page


def test_page_has_no_unmasked_ids_or_mobiles(page, quarantine_data):
    assert not ID.findall(page)
    assert not MOBILE.findall(page)
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
    assert re.search(r'<img [^>]*src="data:image/png;base64,', page)
