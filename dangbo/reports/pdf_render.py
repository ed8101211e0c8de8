"""The report as PDF, laid out like the DOCX (same blocks, same letterhead and signature). Pure: a ``Report`` in,
bytes out.

The font is Liberation Serif (metric-compatible with Times New Roman, with every Vietnamese glyph), bundled in
``fonts/``, registered by ``dangbo.core.pdf_fonts`` and embedded in the file: nothing is read from the machine's
fonts at run time.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dangbo.core.dates import date_line
from dangbo.core.pdf_fonts import FAMILY, face
from dangbo.core.pdf_fonts import register as _register
from dangbo.reports import outline, texts
from dangbo.reports.datasets import Report

TEXT_WIDTH = 165 * mm  # A4 210 mm − left 30 − right 15


def _style(size: float = 14, *, bold=False, italic=False, align=TA_JUSTIFY, indent=False, after: float = 6
           ) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{bold}{italic}{align}{indent}{after}", fontName=face(bold=bold, italic=italic), fontSize=size,
                          leading=size * 1.25, alignment=align, firstLineIndent=1.27 * cm if indent else 0,
                          spaceAfter=after)


def _p(text: str, style: ParagraphStyle, *, underline=False) -> Paragraph:
    body = escape(text) or "&nbsp;"
    return Paragraph(f"<u>{body}</u>" if underline else body, style)


BLOCK_STYLES = {
    outline.PART: {"bold": True, "align": TA_CENTER, "after": 3},
    outline.PART_TITLE: {"bold": True, "align": TA_CENTER, "after": 3},
    outline.H1: {"bold": True, "indent": True, "after": 3},
    outline.H2: {"bold": True, "indent": True, "after": 3},
    outline.H3: {"bold": True, "italic": True, "indent": True, "after": 3},
    outline.H4: {"italic": True, "indent": True, "after": 3},
    outline.PARA: {"indent": True},
    outline.PLACEHOLDER: {"italic": True, "indent": True},
}


def _borderless(cells: list, widths: list[float]) -> Table:
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _letterhead(report: Report) -> Table:
    center = _style(align=TA_CENTER, after=0)
    left = []
    if report.superior:
        left.append(_p(report.superior.upper(), center))
    left += [_p(report.issuer.name.upper(), _style(bold=True, align=TA_CENTER, after=0)), _p("*", center),
             _p(texts.number_line(report.number, report.issuer.code), center)]
    right = [_p("ĐẢNG CỘNG SẢN VIỆT NAM", _style(15, bold=True, align=TA_CENTER, after=1)),
             HRFlowable(width=60 * mm, thickness=0.6, color=colors.black, hAlign="CENTER", spaceAfter=4),
             _p(date_line(report.place, report.as_of), _style(italic=True, align=TA_CENTER, after=0))]
    return _borderless([left, right], [72 * mm, 93 * mm])


def _signature(report: Report) -> Table:
    left = [_p("Nơi nhận:", _style(align=TA_LEFT, after=0), underline=True)]
    left += [_p(line, _style(12, align=TA_LEFT, after=0)) for line in report.recipients]
    bold = _style(bold=True, align=TA_CENTER, after=0)
    right = [_p(line, bold) for line in (report.on_behalf, report.deputy, report.signer_title) if line]
    right += [Spacer(1, 2.2 * cm), _p(report.signer_name or "[Họ và tên người ký]", bold)]
    return _borderless([left, right], [80 * mm, 85 * mm])


def _page_number(canvas, doc) -> None:
    # party documents number their pages from the second one, at the top centre
    canvas.saveState()
    canvas.setFont(FAMILY, 12)
    canvas.drawCentredString(A4[0] / 2 + (30 - 15) / 2 * mm, A4[1] - 12 * mm, str(doc.page))
    canvas.restoreState()


def render(report: Report) -> bytes:
    _register()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=f"{report.kind_label} {report.document.reference}",
                            author=report.issuer.name, lang="vi-VN",
                            initialFontName=FAMILY, initialFontSize=14)
    story = [_letterhead(report), Spacer(1, 0.6 * cm),
             _p("BÁO CÁO", _style(16, bold=True, align=TA_CENTER, after=0)),
             _p(report.summary, _style(bold=True, align=TA_CENTER, after=0)),
             _p("-----", _style(align=TA_CENTER))]
    story += [_p(b.text, _style(**BLOCK_STYLES[b.kind])) for b in outline.blocks(report)]
    story += [Spacer(1, 0.4 * cm), _signature(report)]
    doc.build(story, onLaterPages=_page_number)
    return out.getvalue()
