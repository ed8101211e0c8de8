"""The report as DOCX in the party document format (Hướng dẫn 36-HD/VPTW; FORMS.md §1). Pure: a ``Report`` in,
bytes out.

Every run carries its font and size explicitly (not only through the style), so the file looks the same in
any word processor and tests can read the format back run by run.
"""

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from dangbo.reports import outline, texts
from dangbo.reports.datasets import Report

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# (bold, italic, alignment) per outline block
STYLE = {
    outline.PART: (True, False, CENTER), outline.PART_TITLE: (True, False, CENTER), outline.H1: (True, False, JUSTIFY),
    outline.H2: (True, False, JUSTIFY), outline.H3: (True, True, JUSTIFY), outline.H4: (False, True, JUSTIFY),
    outline.PARA: (False, False, JUSTIFY), outline.PLACEHOLDER: (False, True, JUSTIFY),
}


# OOXML fixes the order of property elements and Word rejects a file that breaks it: what may follow
# w:tblBorders in w:tblPr and w:pBdr in w:pPr.
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                       "w:tblPrChange")
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # East-Asian and complex-script slots too, or Word substitutes another face for accented letters
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(slot), FONT)


def _para(container, text: str, size: float = 14, *, bold=False, italic=False, underline=False,
          align=JUSTIFY, indent=False, after: float = 6):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    _font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short solid line, centred under the paragraph above (the rule under "ĐẢNG CỘNG SẢN VIỆT NAM")."""
    p = cell.add_paragraph()
    side = Mm((cell_mm - width_mm) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(4)
    _font(p.add_run(""), 2)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    bdr.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(bdr, *PPR_AFTER_BORDER)


def _two_columns(doc, left_mm: float, right_mm: float):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, cell, width in zip(table.columns, table.rows[0].cells, (Mm(left_mm), Mm(right_mm)), strict=True):
        column.width = width  # the grid, which a fixed layout follows
        cell.width = width
    left, right = table.rows[0].cells
    # a new cell holds one empty paragraph: reuse it for the first line instead of leaving a blank one
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)
    return table, left, right


def _letterhead(doc, report: Report) -> None:
    # the text width is 165 mm (A4 210 − left 30 − right 15)
    _table, left, right = _two_columns(doc, 72, 93)
    if report.superior:
        _para(left, report.superior.upper(), 14, align=CENTER, after=0)
    _para(left, report.issuer.name.upper(), 14, bold=True, align=CENTER, after=0)
    _para(left, "*", 14, align=CENTER, after=0)
    _para(left, texts.number_line(report.number, report.issuer.code), 14, align=CENTER, after=0)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, align=CENTER, after=0)
    _rule(right, 60, 93)
    _para(right, texts.date_line(report.place, report.as_of), 14, italic=True, align=CENTER, after=0)


def _signature(doc, report: Report) -> None:
    _table, left, right = _two_columns(doc, 80, 85)
    _para(left, "Nơi nhận:", 14, underline=True, align=LEFT, after=0)
    for line in report.recipients:
        _para(left, line, 12, align=LEFT, after=0)
    for line in [report.on_behalf, report.deputy, report.signer_title]:
        if line:
            _para(right, line, 14, bold=True, align=CENTER, after=0)
    for _ in range(3):
        _para(right, "", 14, align=CENTER, after=0)
    _para(right, report.signer_name or "[Họ và tên người ký]", 14, bold=True, align=CENTER, after=0)


def render(report: Report) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = f"{report.kind_label} {report.document.reference}"
    doc.core_properties.language = "vi-VN"

    _letterhead(doc, report)
    _para(doc, "", 14, after=0)
    _para(doc, "BÁO CÁO", 16, bold=True, align=CENTER, after=0)
    _para(doc, report.summary, 14, bold=True, align=CENTER, after=0)
    _para(doc, "-----", 14, align=CENTER, after=6)
    for block in outline.blocks(report):
        bold, italic, align = STYLE[block.kind]
        _para(doc, block.text, 14, bold=bold, italic=italic, align=align,
              indent=align == JUSTIFY, after=6 if block.kind in (outline.PARA, outline.PLACEHOLDER) else 3)
    _para(doc, "", 14, after=0)
    _signature(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
