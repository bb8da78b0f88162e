"""The floor: trivial notebooks that cost what any report costs before its own work.

Each trivial notebook has the real notebook's parameters cell and import
lines, one line of output and a sidecar, so the runner treats it like the real
one: same parameter checks, a kernel per notebook, papermill, nbconvert, HTML
and sidecar. What the real report takes beyond its floor is the report's own
work (reading the store, computing, charts, tables).
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import nbformat

from fangkong.runner import REPORTS
from fangkong.settings import get_settings

_IMPORT = re.compile(r"^(from\s+\S+\s+import\s+.+|import\s+.+)$")

SIDECAR_CELL = """\
from fangkong.report import Sidecar

Sidecar({{"report": {report!r}, "report_date": report_date, "town": "", "headline": {{}}}})
"""


def import_lines(notebook: nbformat.NotebookNode) -> list[str]:
    """The import statements of a notebook's code cells, in order, without repeats.

    Parameters
    ----------
    notebook : NotebookNode

    Returns
    -------
    list of str
    """
    lines: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if _IMPORT.match(line.strip()) and line.strip() not in lines:
                lines.append(line.strip())
    return lines


def floor_notebook(real: nbformat.NotebookNode, report: str) -> nbformat.NotebookNode:
    """The trivial twin of a report notebook.

    Parameters
    ----------
    real : NotebookNode
        The report's notebook.
    report : str

    Returns
    -------
    NotebookNode
        The real parameters cell (same tag, same names), the real imports,
        one printed line and a cell tagged ``sidecar``.
    """
    params = [c for c in real.cells if "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1:
        raise ValueError(f"{report}: expected one parameters cell, found {len(params)}")
    cells = [
        nbformat.v4.new_code_cell(params[0].source, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("\n".join(import_lines(real))),
        nbformat.v4.new_code_cell('print("floor", report_date)'),
        nbformat.v4.new_code_cell(
            SIDECAR_CELL.format(report=report), metadata={"tags": ["sidecar"]}
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata=real.metadata)
    nbformat.validate(nb)
    return nb


def write_floor_notebooks(folder: Path, notebooks_dir: Path | None = None) -> list[Path]:
    """Write the trivial twin of every report notebook into a folder.

    Parameters
    ----------
    folder : Path
    notebooks_dir : Path, optional
        Where the real notebooks are (default: the settings').

    Returns
    -------
    list of Path
        The notebooks written, one per report that has a notebook.
    """
    source = Path(notebooks_dir or get_settings().notebooks_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for report in REPORTS:
        path = source / f"{report}.ipynb"
        if not path.exists():
            continue
        nb = floor_notebook(nbformat.read(path, as_version=4), report)
        out = folder / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written


@contextmanager
def notebooks_from(folder: Path):
    """Point the settings' notebooks folder at ``folder`` for the duration (env var)."""
    old = os.environ.get("FANGKONG_NOTEBOOKS_DIR")
    os.environ["FANGKONG_NOTEBOOKS_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("FANGKONG_NOTEBOOKS_DIR", None)
        else:
            os.environ["FANGKONG_NOTEBOOKS_DIR"] = old
