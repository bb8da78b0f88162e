"""HTML building blocks, the notebook -> HTML conversion, and Chinese in charts."""

from __future__ import annotations

import base64
import re
import warnings

import nbformat
import pandas as pd
from fangkong.delivery.render import extract_chart, extract_sidecar, notebook_error, render_html
from fangkong.reports.charts import figure_png, trend_chart
from fangkong.reports.fonts import FAMILY, LICENSE_PATH, register_cjk_font
from fangkong.reports.html import Section, fmt_change, fmt_rate, table_html
from fangkong.reports.sidecar import SIDECAR_MIME, Sidecar
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_table_numbers_right_aligned_with_separators_and_alerts_red():
    frame = pd.DataFrame({"village": ["甲村", "合计"], "n": [1234567, 0], "r": [0.5, None]})
    html = table_html(
        frame,
        {"village": "村", "n": "人数", "r": "比例"},
        {"n": "int", "r": "rate"},
        alert_cells={"n": [True, False]},
        row_classes=["", "total"],
    )
    assert '<td class="num c-n alert">1,234,567</td>' in html
    assert '<td class="num c-r">—</td>' in html  # a rate over nothing stays empty
    assert '<td class="num c-r">50.0%</td>' in html
    assert '<th class="num c-n">人数</th>' in html
    assert '<td class="txt c-village">甲村</td>' in html
    assert '<tr class="total">' in html


def test_table_escapes_village_text():
    frame = pd.DataFrame({"address": ["<script>alert(1)</script>", 'a"b']})
    html = table_html(frame, {"address": "<b>住址</b>"})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a&quot;b" in html
    assert "&lt;b&gt;住址&lt;/b&gt;" in html


def test_empty_table_says_so():
    assert table_html(pd.DataFrame({"a": []}), {"a": "A"}, empty="无") == '<p class="empty">无</p>'


def test_formats():
    assert fmt_change(3) == "+3" and fmt_change(-1200) == "-1,200" and fmt_change(0) == "0"
    assert fmt_rate(0.9554) == "95.5%"


def test_section_escapes_title_and_offers_its_chart():
    section = Section("<i>标题</i>", "说明<b>", ["<p>ok</p>"], png=PNG)
    bundle = section._repr_mimebundle_()
    assert "&lt;i&gt;标题&lt;/i&gt;" in bundle["text/html"]
    assert "说明&lt;b&gt;" in bundle["text/html"]
    assert base64.b64decode(bundle["image/png"]) == PNG


def _report_notebook():
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


def test_render_html_is_one_offline_page_without_code():
    html = render_html(_report_notebook(), title="试验镇 居家隔离日报", lang="zh")
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
    nb = _report_notebook()
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


def test_sidecar_mime_bundle():
    bundle = Sidecar({"report": "quarantine", "headline": {}})._repr_mimebundle_()
    assert bundle[SIDECAR_MIME]["report"] == "quarantine"
    assert "text/plain" in bundle


def _glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def test_chinese_chart_without_missing_glyphs():
    frame = pd.DataFrame(
        {"date": pd.date_range("2020-03-01", periods=3), "a": [1, 2, 3], "b": [0, 1, 0]}
    )

    def draw():
        png = figure_png(trend_chart(frame, "date", {"a": "在隔离", "b": "发热/症状"}, "近3日趋势"))
        assert png.startswith(b"\x89PNG")

    assert _glyph_warnings(draw) == []
    assert register_cjk_font() == FAMILY
    assert LICENSE_PATH.exists() and "Apache" in LICENSE_PATH.read_text(encoding="utf-8")


def test_glyph_check_would_catch_a_latin_only_font():
    # The control for the test above: DejaVu Sans alone has no CJK glyphs.
    from matplotlib.figure import Figure

    def draw():
        fig = Figure()
        fig.add_subplot().set_title("在隔离", fontfamily="DejaVu Sans")
        figure_png(fig)

    assert _glyph_warnings(draw)
