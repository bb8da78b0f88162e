"""The notebook -> HTML conversion, and what is read from an executed notebook."""

from __future__ import annotations

import base64
import re

import nbformat
from fangkong.delivery.render import extract_chart, extract_sidecar, notebook_error, render_html
from nbformat.v4 import new_code_cell, new_output
from notebook_helpers import PNG, report_notebook


def test_render_html_is_one_offline_page_without_code():
    html = render_html(report_notebook(), title="试验镇 居家隔离日报", lang="zh")
    assert "<h1>试验镇 居家隔离日报</h1>" in html
    assert "全镇在隔离3人。" in html
    assert '<html lang="zh">' in html
    assert "<title>试验镇 居家隔离日报</title>" in html
    # Nothing from another host: no remote src/href, no script tags at all.
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "<script" not in html
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "mermaid" not in html.lower()
    # No code, no prompts, no parameters, no sidecar, no notes, no warnings.
    for hidden in ("SETUP-CODE", "report.header()", "sqlite:", "2020-03-09", "In&nbsp;[", "Out["):
        assert hidden not in html
    assert "Notes for notebook users" not in html
    assert "in_quarantine" not in html
    assert "FutureWarning" not in html


def test_extract_sidecar_chart_and_error():
    nb = report_notebook()
    assert extract_sidecar(nb) == {
        "report": "quarantine",
        "headline": {"in_quarantine": {"value": 3}},
    }
    assert extract_chart(nb) == PNG
    assert notebook_error(nb) is None
    nb.cells.append(
        new_code_cell(
            "1/0",
            outputs=[
                new_output(
                    "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]
                )
            ],
        )
    )
    assert notebook_error(nb) == "ZeroDivisionError: division by zero"
    nbformat.validate(nb)


def test_report_page_is_nbconverts_page_without_its_soup_pass():
    from bs4 import BeautifulSoup
    from fangkong.delivery.render import DropStderr, html_exporter, render_html
    from fangkong.reports.charts import figure_png
    from matplotlib.figure import Figure
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_output
    from notebook_helpers import report_notebook

    nb = report_notebook()
    # An image without alternative text, as a plain matplotlib display would be.
    png = base64.b64encode(figure_png(Figure(figsize=(1, 1)))).decode()
    nb.cells.append(
        new_code_cell("x", outputs=[new_output("display_data", data={"image/png": png})])
    )
    page = render_html(nb, title="试验镇 居家隔离日报")
    stock = HTMLExporter(config=html_exporter().config)
    stock.register_preprocessor(DropStderr, enabled=True)
    nb.metadata["title"] = "试验镇 居家隔离日报"
    expected, _ = stock.from_notebook_node(
        nb, resources={"metadata": {"name": "试验镇 居家隔离日报"}}
    )
    assert str(BeautifulSoup(page, "html.parser")) == str(BeautifulSoup(expected, "html.parser"))
    assert 'alt="No description has been provided for this image"' in page
    assert page.count('tabindex="0"') == expected.count('tabindex="0"') > 0
