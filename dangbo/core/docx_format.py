"""The party document format (Hướng dẫn 36-HD/VPTW; FORMS.md §1) in python-docx: A4 with its margins, Times New
Roman, the two-column letterhead without borders, the rule under "ĐẢNG CỘNG SẢN VIỆT NAM". Shared by every
document the system writes (reports, transfer letters).

Every run carries its font and size explicitly (not only through the style), so the file looks the same in any
word processor and tests can read the format back run by run."""

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# the text width: A4 210 − left 30 − right 15
TEXT_MM = 165

# OOXML fixes the order of property elements and Word rejects a file that breaks it: what may follow
# w:tblBorders in w:tblPr and w:pBdr in w:pPr.
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                       "w:tblPrChange")
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def a4_document(title: str):
    """An empty A4 document in the party format, titled ``title`` in its properties."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = title
    doc.core_properties.language = "vi-VN"
    return doc


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # East-Asian and complex-script slots too, or Word substitutes another face for accented letters
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(slot), FONT)


def para(container, text: str, size: float = 14, *, bold=False, italic=False, underline=False,
         align=JUSTIFY, indent=False, after: float = 6):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short solid line, centred under the paragraph above (the rule under "ĐẢNG CỘNG SẢN VIỆT NAM")."""
    p = cell.add_paragraph()
    side = Mm((cell_mm - width_mm) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(4)
    font(p.add_run(""), 2)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    bdr.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(bdr, *PPR_AFTER_BORDER)


def columns(doc, widths_mm: tuple[float, ...], *, borders: bool = False, rows: int = 1):
    """A table of fixed column widths whose cells start empty (a new cell's empty paragraph is removed, so the
    first line written is the first line shown). Without borders: the letterhead and signature layout."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = doc.styles["Table Grid"]
    else:
        no_borders(table)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)  # the grid, which a fixed layout follows
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def letterhead(doc, *, superior: str, issuer: str, number_line: str, date_line: str) -> None:
    """Left: the superior body, the issuing body (bold), "*", the number; right: "ĐẢNG CỘNG SẢN VIỆT NAM" over
    its rule, then place and date in italics."""
    left, right = columns(doc, (72, 93)).rows[0].cells
    if superior:
        para(left, superior.upper(), 14, align=CENTER, after=0)
    para(left, issuer.upper(), 14, bold=True, align=CENTER, after=0)
    para(left, "*", 14, align=CENTER, after=0)
    para(left, number_line, 14, align=CENTER, after=0)
    para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, align=CENTER, after=0)
    rule(right, 60, 93)
    para(right, date_line, 14, italic=True, align=CENTER, after=0)


def signature(doc, *, recipients: list[str], titles: list[str], name: str, widths=(80, 85)) -> None:
    """"Nơi nhận:" with its list on the left; the signing titles, room to sign and the name on the right."""
    left, right = columns(doc, widths).rows[0].cells
    if recipients:
        para(left, "Nơi nhận:", 14, underline=True, align=LEFT, after=0)
        for line in recipients:
            para(left, line, 12, align=LEFT, after=0)
    else:
        para(left, "", 12, align=LEFT, after=0)
    for line in titles:
        if line:
            para(right, line, 14, bold=True, align=CENTER, after=0)
    for _ in range(3):
        para(right, "", 14, align=CENTER, after=0)
    para(right, name or "[Họ và tên người ký]", 14, bold=True, align=CENTER, after=0)

