"""notebooks/reopening.ipynb run through papermill on fixture data in a temporary folder.

The store holds the hand-made rows of tests/reopening_rows.py (``fill_store``):
each firm's report submitted on its own date, S2 registered on 03-10. Expected
figures are worked out by hand from those rows (see the comments there) for
2020-03-10 (D) and as submitted by 2020-03-09 (D-1).
"""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest
from fangkong.delivery.kernels import IPCKernelManager
from fangkong.delivery.render import extract_chart, extract_sidecar, render_html
from fangkong.settings import get_settings
from fangkong.store.database import Store
from reopening_rows import fill_store

NOTEBOOK = get_settings().notebooks_dir / "reopening.ipynb"
TOWN_FILE = get_settings().root / "params" / "jiayu.yaml"
PARAMETERS = {"report_date", "town_file", "db_url", "lang", "mask_pii", "trend_days"}
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
MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


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
def db_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("reopening_store") / "store.db"
    fill_store(Store(f"sqlite:///{path}")).close()
    return f"sqlite:///{path}"


def execute(db_url, folder, lang: str, mask_pii: bool):
    out = folder / "reopening.ipynb"
    return papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={
            "report_date": "2020-03-10",
            "town_file": str(TOWN_FILE),
            "db_url": db_url,
            "lang": lang,
            "mask_pii": mask_pii,
            "trend_days": 2,
        },
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        progress_bar=False,
        cwd=str(folder),
    )


@pytest.fixture(scope="module")
def executed(db_url, tmp_path_factory):
    return execute(db_url, tmp_path_factory.mktemp("nb"), "zh", True)


def test_runs_without_errors_or_missing_glyphs(executed):
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            if output.output_type == "stream":
                assert "Glyph" not in output.text


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


def test_the_key_chart_is_the_resumption_trend(executed):
    assert extract_chart(executed)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def page(executed):
    return render_html(executed, title="reopening", lang="zh")


def test_page_masks_contacts_but_not_firms(page):
    assert not MOBILE.findall(page)
    assert "138****0000" in page
    assert "联系人B1" not in page and "企业B1" in page
    for code in ("ReopeningReport", "from_store", "trend_days"):
        assert code not in page


def test_page_says_what_the_report_is(page):
    assert "复工复产日报" in page and "未达标" in page
    charts = re.findall(r'<img[^>]*class="fk-chart"[^>]*src="data:image/png;base64,', page)
    assert len(charts) == 2  # resumption trend, compliance by zone


def test_internal_english_copy_is_unmasked(db_url, tmp_path):
    nb = execute(db_url, tmp_path, "en", False)
    page = render_html(nb, title="reopening", lang="en")
    assert "Reopening daily report" in page and "not met" in page
    assert "13800000000" in page and "联系人B1" in page
    assert extract_sidecar(nb)["masked"] is False
