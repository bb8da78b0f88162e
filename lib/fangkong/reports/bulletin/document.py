"""The bulletin as a Word file in the office format (GB/T 9704-2012, 党政机关公文格式).

Written with python-docx from the bulletin's record, so the file says what the
page says. The format, as the standard and the office's practice have it:

- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a type area of
  156 mm × 225 mm), 22 lines a page (exact line spacing of 29 pt);
- the masthead: 疫情防控工作日报 in red large type (方正小标宋简体), 第N期, the
  compiling office on the left and the date on the right, above a red rule;
- body 3号 (16 pt) 仿宋_GB2312, first line indented two characters; headings
  "一、" 3号 黑体 (Word's Heading 1), "（一）" 3号 楷体_GB2312 (Heading 2);
- the 督办 items as a Word table whose header row repeats on each page;
- the closing lines (报送, 抄送, 编发单位) between two rules;
- page numbers "— 1 —" in 4号 宋体 at the foot, odd pages right, even pages left.

Fonts are named, not embedded: every run names its East Asian font (``w:eastAsia``)
and a Western one, as the offices' machines have them; elsewhere the reader's
fonts stand in (:mod:`fangkong.delivery.libreoffice` maps them for LibreOffice).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

#: Font names as the office's machines have them, and the Western font beside each.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
WESTERN_FONT = "Times New Roman"
#: 号 sizes in points.
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
MASTHEAD_SIZE = Pt(36)
LINE = Pt(29)  # 225 mm / 22 lines
RED = RGBColor(0xC0, 0x00, 0x00)
#: The page: A4 and the standard's margins.
PAGE = {"width": Mm(210), "height": Mm(297)}
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TYPE_WIDTH = Mm(156)


def set_fonts(run, east_asian: str, size=None, bold: bool = False, color=None) -> None:
    """Name a run's fonts: the East Asian one in ``w:eastAsia``, Times New Roman for Latin."""
    run.font.name = WESTERN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _style_fonts(style, east_asian: str, size, bold: bool = False) -> None:
    style.font.name = WESTERN_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _line(paragraph, first_indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = SIZE_3 * 2 if first_indent else None


def _border(paragraph, side: str, color: str = "000000", size: int = 8) -> None:
    """A rule above or below a paragraph (``side`` is ``top`` or ``bottom``)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
        rule.set(qn(f"w:{key}"), value)
    borders.append(rule)


def _page_number(paragraph, align) -> None:
    """ "— N —" with N a PAGE field, in 4号 宋体."""
    paragraph.alignment = align
    set_fonts(paragraph.add_run("— "), PAGE_FONT, SIZE_4)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        set_fonts(run, PAGE_FONT, SIZE_4)
        if instr:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = instr
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)
        if kind == "separate":
            set_fonts(paragraph.add_run("1"), PAGE_FONT, SIZE_4)
    set_fonts(paragraph.add_run(" —"), PAGE_FONT, SIZE_4)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(28) - Mm(7)  # the number 7 mm below the type area
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _style_fonts(doc.styles["Normal"], BODY_FONT, SIZE_3)
    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        style = doc.styles[name]
        _style_fonts(style, font, SIZE_3)
        fmt = style.paragraph_format
        fmt.keep_with_next = True
    title = doc.styles["Title"]
    _style_fonts(title, TITLE_FONT, SIZE_2)
    for rule in title.element.get_or_add_pPr().findall(qn("w:pBdr")):  # the default's blue rule
        title.element.get_or_add_pPr().remove(rule)


def _masthead(doc, masthead: dict) -> None:
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(6)
    set_fonts(title.add_run(masthead["title"]), TITLE_FONT, MASTHEAD_SIZE, color=RED)
    issue = doc.add_paragraph()
    _line(issue, first_indent=False)
    issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(issue.add_run(masthead["issue"]["text"]), BODY_FONT, SIZE_3)
    office = doc.add_paragraph()
    _line(office, first_indent=False)
    office.paragraph_format.tab_stops.add_tab_stop(TYPE_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    office.paragraph_format.space_after = Pt(14)
    set_fonts(office.add_run(masthead["office"]), BODY_FONT, SIZE_3)
    set_fonts(office.add_run("\t" + masthead["date"]["text"]), BODY_FONT, SIZE_3)
    _border(office, "bottom", "C00000", 18)


def _body(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    _line(paragraph)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    set_fonts(paragraph.add_run(text), BODY_FONT, SIZE_3)


def _heading(doc, text: str, level: int) -> None:
    paragraph = doc.add_heading(level=level)
    _line(paragraph)
    font = HEADING1_FONT if level == 1 else HEADING2_FONT
    set_fonts(paragraph.add_run(text), font, SIZE_3)


def _table(doc, table: dict) -> None:
    columns = list(table["columns"])
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = {"key": 22, "problem": 70, "zone": 22, "commander": 22, "days_open": 20}
    header = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, column in zip(header.cells, columns):
        _cell(cell, table["columns"][column], bold=True, width=Mm(widths[column]))
    for row in table["rows"]:
        cells = grid.add_row().cells
        for cell, column in zip(cells, columns):
            _cell(cell, str(row[column]), width=Mm(widths[column]), numeric=column == "days_open")


def _cell(cell, text: str, bold: bool = False, width=None, numeric: bool = False) -> None:
    if width is not None:
        cell.width = width
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = None
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if numeric or bold:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(paragraph.add_run(text), HEADING1_FONT if bold else BODY_FONT, Pt(12))


def _closing(doc, lines: list[str]) -> None:
    spacer = doc.add_paragraph()
    _line(spacer, first_indent=False)
    for i, line in enumerate(lines):
        paragraph = doc.add_paragraph()
        _line(paragraph, first_indent=False)
        paragraph.paragraph_format.left_indent = Pt(14)
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1
        set_fonts(paragraph.add_run(line), BODY_FONT, SIZE_4)
        if i == 0:
            _border(paragraph, "top", size=6)
        if i == len(lines) - 1:
            _border(paragraph, "bottom", size=6)


def bulletin_docx(record: dict) -> bytes:
    """The bulletin as a .docx file.

    Parameters
    ----------
    record : dict
        The bulletin's sidecar (:class:`fangkong.reports.bulletin.report.BulletinReport`):
        ``extra.masthead``, ``extra.sections``, ``extra.table`` and ``extra.closing``.

    Returns
    -------
    bytes
    """
    extra = record["extra"]
    doc = Document()
    _setup(doc)
    doc.core_properties.title = f"{record['town']}{extra['masthead']['title']}"
    doc.core_properties.author = extra["office"]
    _masthead(doc, extra["masthead"])
    for section in extra["sections"]:
        _heading(doc, section["heading"], 1)
        for block in section["blocks"]:
            if block["type"] == "subheading":
                _heading(doc, block["text"], 2)
            elif block["type"] == "table":
                _table(doc, extra["table"])
            else:
                _body(doc, block["text"])
    _closing(doc, extra["closing"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
