"""The floor notebooks: the real notebooks' parameters and imports, nothing else; the
runner takes them from another folder.

No timing is asserted here (speed targets live in ``fangkong bench``, never in
tests).
"""

from __future__ import annotations

import nbformat
import papermill
import pytest
from fangkong.bench.floor import floor_notebook, import_lines, notebooks_from, write_floor_notebooks
from fangkong.delivery.runner import run_reports
from fangkong.registry import names as report_names
from fangkong.settings import get_settings

NOTEBOOKS = get_settings().notebooks_dir


def test_floor_notebooks_declare_the_real_parameters_and_imports(tmp_path):
    written = write_floor_notebooks(tmp_path)
    assert [p.stem for p in written] == list(report_names())
    for path in written:
        real = NOTEBOOKS / path.name
        assert papermill.inspect_notebook(str(path)) == papermill.inspect_notebook(str(real))
        floor = nbformat.read(path, as_version=4)
        assert import_lines(floor)[: len(import_lines(nbformat.read(real, as_version=4)))] == (
            import_lines(nbformat.read(real, as_version=4))
        )
        tags = [c.metadata.get("tags", []) for c in floor.cells]
        assert tags[0] == ["parameters"] and tags[-1] == ["sidecar"]


def test_import_lines_in_order_without_repeats():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import os\nx = 1\nfrom a.b import c"),
            nbformat.v4.new_markdown_cell("import not_code"),
            nbformat.v4.new_code_cell("import os\n  import json  \nprint('import x')"),
        ]
    )
    assert import_lines(nb) == ["import os", "from a.b import c", "import json"]


def test_floor_notebook_needs_one_parameters_cell():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="one parameters cell"):
        floor_notebook(nb, "quarantine")


@pytest.mark.slow
def test_runner_takes_a_floor_notebook_from_another_folder(tmp_path):
    folder = tmp_path / "floor"
    write_floor_notebooks(folder)
    with notebooks_from(folder):
        manifest = run_reports(
            "2020-03-10",
            reports=["reopening"],
            outputs_dir=tmp_path / "out",
            db_url=f"sqlite:///{tmp_path / 'unused.db'}",
        )
    entry = manifest["reports"]["reopening"]
    assert entry["status"] == "ok", entry["error"]
    sidecar = (tmp_path / "out" / "2020-03-10" / "reopening.json").read_text(encoding="utf-8")
    assert '"report": "reopening"' in sidecar
    assert "floor 2020-03-10" in (tmp_path / "out" / "2020-03-10" / "reopening.html").read_text(
        encoding="utf-8"
    )
    assert get_settings().notebooks_dir == NOTEBOOKS  # the variable is put back
