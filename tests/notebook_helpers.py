"""An executed report notebook made by hand, for the tests of rendering it."""

from __future__ import annotations

import base64

from fangkong.reports.html import Section
from fangkong.reports.sidecar import Sidecar
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def report_notebook():
    """An executed report notebook, made by hand."""
    section = Section("今日概况", "全镇在隔离3人。", ["<p>表</p>"], png=PNG)
    header = new_code_cell(
        "report.header()",
        outputs=[new_output("display_data", data={"text/html": "<h1>试验镇 居家隔离日报</h1>"})],
    )
    headline = new_code_cell(
        "report.headline()",
        outputs=[
            new_output("display_data", data=section._repr_mimebundle_()),
            new_output("stream", name="stderr", text="FutureWarning: something\n"),
        ],
    )
    sidecar = Sidecar({"report": "quarantine", "headline": {"in_quarantine": {"value": 3}}})
    cells = [
        new_markdown_cell("Notes for notebook users", metadata={"tags": ["notes"]}),
        new_code_cell('report_date = "2020-03-10"', metadata={"tags": ["parameters"]}),
        new_code_cell(
            'report_date = "2020-03-09"\ndb_url = "sqlite:////secret/place.db"',
            metadata={"tags": ["injected-parameters"]},
        ),
        new_code_cell("import fangkong  # SETUP-CODE"),
        header,
        headline,
        new_code_cell(
            "report.sidecar()",
            metadata={"tags": ["sidecar"]},
            outputs=[new_output("display_data", data=sidecar._repr_mimebundle_())],
        ),
    ]
    return new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )
