"""The bulletin's Word file: the office format where the file records it, and as
LibreOffice lays it out (a real LibreOffice, headless; a CJK font installed).

python-docx reads back what was written: A4 and the standard's margins, the font
named on every run (East Asian in ``w:eastAsia``), heading levels, the page-number
field "— N —" (odd pages right, even pages left), the 督办 table as a Word table
whose header row repeats. LibreOffice then renders it to PDF: its pages, and every
heading on them.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from fangkong.reports.bulletin.document import bulletin_docx
from fangkong.reports.bulletin.report import BulletinReport
from repo_paths import DEMO_TOWN_FILE

OFFICE_FONTS = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}
HEADINGS = [
    "一、总体情况",
    "二、居家隔离",
    "三、民生保障",
    "四、复工复产",
    "五、存在问题和督办事项",
    "六、下步工作",
]


@pytest.fixture(scope="module")
def record(bulletin_inputs):
    folder, db_url, day = bulletin_inputs
    report = BulletinReport.from_store(day, str(DEMO_TOWN_FILE), db_url, reports_dir=str(folder))
    return report.sidecar().payload


@pytest.fixture(scope="module")
def docx_bytes(record):
    return bulletin_docx(record)


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _east_asian(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_a4_with_the_standards_margins(doc):
    (section,) = doc.sections

    def mm(length):  # Word keeps twentieths of a point: a millimetre is not exact
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert mm(section.page_width) - mm(section.left_margin) - mm(section.right_margin) == 156


def test_every_run_names_its_east_asian_font(doc):
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 30
    for run in runs:
        assert _east_asian(run) in OFFICE_FONTS, run.text
        assert run.font.name == "Times New Roman", run.text
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text.startswith("全镇")]
    assert body and all(_east_asian(r) == "仿宋_GB2312" for p in body for r in p.runs)
    assert all(r.font.size.pt == 16 for p in body for r in p.runs)  # 3号
    assert all(p.paragraph_format.first_line_indent.pt == 32 for p in body)  # two characters


def test_the_masthead_is_red_large_type_with_the_issue_and_a_red_rule(doc, record):
    title = doc.paragraphs[0]
    assert title.text == "疫情防控工作日报" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (run,) = title.runs
    assert _east_asian(run) == "方正小标宋简体" and str(run.font.color.rgb) == "C00000"
    assert run.font.size.pt >= 22
    assert doc.paragraphs[1].text == f"第{record['figures']['issue']}期"
    office = doc.paragraphs[2]
    assert office.text == "贾峪镇疫情防控指挥部\t2020年3月10日"
    rule = office._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "C00000"


def test_heading_levels(doc):
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert level1 == HEADINGS
    assert level2 == ["（一）存在问题", "（二）督办事项"]
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            assert {_east_asian(r) for r in p.runs} == {"黑体"}
        if p.style.name == "Heading 2":
            assert {_east_asian(r) for r in p.runs} == {"楷体_GB2312"}


def test_page_numbers_are_a_field_between_dashes_odd_right_even_left(doc):
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (p,) = footer.paragraphs
        assert p.alignment == align
        assert p.text == "— 1 —"  # the field's last value between the dashes
        instr = [e.text for e in p._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instr] == ["PAGE"]
        assert {_east_asian(r) for r in p.runs} == {"宋体"}
        assert {r.font.size.pt for r in p.runs} == {14}  # 4号


def test_the_supervised_items_are_a_word_table_with_a_repeated_header(doc, record):
    (table,) = doc.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["编号", "督办事项", "战区", "指挥长", "持续天数"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = record["extra"]["table"]["rows"]
    assert len(table.rows) == len(rows) + 1
    assert [c.text for c in table.rows[1].cells] == [str(rows[0][c]) for c in rows[0]]


def test_the_closing_lines_sit_between_rules(doc):
    closing = doc.paragraphs[-3:]
    assert [p.text for p in closing] == [
        "报送：荥阳市疫情防控指挥部",
        "抄送：镇疫情防控领导小组成员",
        "编发单位：贾峪镇疫情防控指挥部",
    ]
    assert closing[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:top")) is not None
    assert closing[-1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None


@pytest.mark.slow
@pytest.mark.real("libreoffice")
def test_libreoffice_lays_it_out_on_a4_with_every_heading_and_the_page_numbers(
    soffice, docx_bytes, tmp_path
):
    from fangkong.delivery.libreoffice import first_page_png, to_pdf
    from pypdf import PdfReader

    docx = tmp_path / "bulletin.docx"
    docx.write_bytes(docx_bytes)
    reader = PdfReader(to_pdf(docx, tmp_path))
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    # Six sections, a table of 20 items and the closing: more than one page, not a booklet.
    assert 3 <= len(pages) <= 8, len(pages)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = "".join(pages).replace(" ", "")
    for heading in HEADINGS:
        assert heading in text, heading
    for i, page in enumerate(pages, start=1):
        assert f"—{i}—" in page.replace(" ", ""), (i, page[-40:])
    assert "疫情防控工作日报" in pages[0].replace(" ", "")
    # The first page as a picture: A4's proportions, and the masthead in red.
    png, line = first_page_png(docx, tmp_path / "page-1.png", dpi=40)
    assert png is not None, line
    from matplotlib.image import imread

    pixels = imread(png)[..., :3]  # floats 0..1
    height, width = pixels.shape[:2]
    assert abs(height / width - 297 / 210) < 0.01
    top = pixels[: height // 4]
    red = (top[..., 0] > 0.6) & (top[..., 1] < 0.3) & (top[..., 2] < 0.3)
    assert red.sum() > 200
