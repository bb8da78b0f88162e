"""notebooks/welfare.ipynb run through papermill on fixture data in a temporary folder.

The store holds the hand-made rows of tests/welfare_rows.py (``fill_store``), each
row submitted on its own day. Expected figures are worked out by hand from those
rows (see the comments there) for 2020-03-10 (D) and as submitted by 2020-03-09
(D-1).
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
from welfare_rows import fill_store

NOTEBOOK = get_settings().notebooks_dir / "welfare.ipynb"
TOWN_FILE = get_settings().root / "params" / "jiayu.yaml"
PARAMETERS = {"report_date", "town_file", "db_url", "lang", "mask_pii", "trend_days"}
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
    path = tmp_path_factory.mktemp("welfare_store") / "store.db"
    fill_store(Store(f"sqlite:///{path}")).close()
    return f"sqlite:///{path}"


def execute(db_url, folder, lang: str, mask_pii: bool):
    out = folder / "welfare.ipynb"
    return papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={
            "report_date": "2020-03-10",
            "town_file": str(TOWN_FILE),
            "db_url": db_url,
            "lang": lang,
            "mask_pii": mask_pii,
            "trend_days": 3,
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


def test_the_key_chart_is_the_coverage_trend(executed):
    assert extract_chart(executed)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def page(executed):
    return render_html(executed, title="welfare", lang="zh")


def test_page_is_masked_and_shows_no_code(page):
    assert not MOBILE.findall(page)
    assert "138****0000" in page  # the gas contacts' phone
    assert "户主H3" not in page and "户***" in page
    for code in ("WelfareReport", "from_store", "trend_days"):
        assert code not in page


def test_page_says_what_the_report_is(page):
    assert "民生保障日报" in page
    assert "每个类型中各计一次" in page  # the note on households in several categories
    charts = re.findall(r'<img[^>]*class="fk-chart"[^>]*src="data:image/png;base64,', page)
    assert len(charts) == 3  # coverage, gas queue, produce


def test_internal_english_copy_is_unmasked(db_url, tmp_path):
    nb = execute(db_url, tmp_path, "en", False)
    page = render_html(nb, title="welfare", lang="en")
    assert "Welfare daily report" in page
    assert "13800000000" in page and "户主H3" in page
    assert extract_sidecar(nb)["masked"] is False
