"""HTML building blocks of the reports: tables, formats, sections."""

from __future__ import annotations

import base64

import pandas as pd
from fangkong.reports.html import Section, fmt_change, fmt_rate, table_html
from notebook_helpers import PNG


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
