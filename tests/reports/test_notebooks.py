"""Every report's notebook, the checks they share, parametrised over the registry.

Each notebook declares its parameters, is committed thin and without outputs, runs
through papermill on its report's fixture store (tests/reports/conftest.py) without
errors, displays a sidecar and a key chart, and becomes an offline page without code
or unmasked personal data; the internal copy is unmasked. Each report's own figures
and sections are checked in tests/reports/<name>/test_notebook.py.
"""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest
from fangkong.catalogue import text
from fangkong.delivery.render import extract_chart, extract_sidecar
from fangkong.registry import REPORTS
from fangkong.settings import get_settings

EACH_REPORT = pytest.mark.parametrize("entry", REPORTS, ids=[entry.name for entry in REPORTS])
PARAMETERS = {"report_date", "town_file", "db_url", "lang", "mask_pii", "trend_days"}
ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
REMOTE = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)


def notebook_path(entry):
    return get_settings().notebooks_dir / entry.notebook


@EACH_REPORT
def test_notebook_declares_its_parameters_with_help(entry):
    declared = papermill.inspect_notebook(str(notebook_path(entry)))
    # A report that reads other reports' sidecars is told where they are.
    assert set(declared) == PARAMETERS | ({"reports_dir"} if entry.reads_reports else set())
    for name, spec in declared.items():
        assert spec["help"].strip(), f"{name} has no # help comment"


@EACH_REPORT
def test_notebook_is_committed_thin_and_without_outputs(entry):
    nb = nbformat.read(notebook_path(entry), as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            assert not re.search(r"^\s*(def|class)\s", cell.source, re.MULTILINE)


@pytest.mark.slow
@EACH_REPORT
def test_runs_without_errors_or_missing_glyphs(entry, run_notebook):
    for cell in run_notebook(entry.name).cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            if output.output_type == "stream":
                assert "Glyph" not in output.text


@pytest.mark.slow
@EACH_REPORT
def test_a_masked_sidecar_and_the_key_chart_are_displayed(entry, run_notebook):
    nb = run_notebook(entry.name)
    assert extract_sidecar(nb)["masked"] is True
    png = extract_chart(nb)
    if "chart" not in entry.outputs:  # the bulletin: prose, no chart
        assert png is None
        return
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # Drawn for a phone: as wide as the email shows it (the IHDR width, bytes 16-19).
    assert int.from_bytes(png[16:20], "big") == 600


@pytest.mark.slow
@EACH_REPORT
def test_page_loads_nothing_from_other_hosts_and_shows_no_code(entry, notebook_page):
    page = notebook_page(entry.name)
    assert not REMOTE.search(page)
    assert "<script" not in page.replace("&lt;script", "")
    report_class = entry.report_class.rpartition(":")[2]
    for code in (report_class, "report.header()", "from_store", "trend_days"):
        assert code not in page
    assert 'class="jp-InputPrompt' not in page and 'class="jp-OutputPrompt' not in page
    assert 'class="jp-InputArea' not in page


@pytest.mark.slow
@EACH_REPORT
def test_page_has_no_unmasked_ids_or_mobiles(entry, notebook_page):
    page = notebook_page(entry.name)
    assert not ID.findall(page)
    assert not MOBILE.findall(page)


@pytest.mark.slow
@EACH_REPORT
def test_internal_english_copy_is_unmasked(entry, run_notebook, notebook_page):
    internal = {"lang": "en", "mask_pii": False}
    assert extract_sidecar(run_notebook(entry.name, **internal))["masked"] is False
    assert text(entry.title_key, "en") in notebook_page(entry.name, **internal)
