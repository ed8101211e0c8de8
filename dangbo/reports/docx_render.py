"""The report as DOCX in the party document format (Hướng dẫn 36-HD/VPTW; FORMS.md §1). Pure: a ``Report`` in,
bytes out.

The format itself (page, fonts, letterhead, signature) is ``core.docx_format``'s, shared with every document.
"""

from dangbo.core import docx_format as fmt
from dangbo.core.dates import date_line
from dangbo.core.docx_format import CENTER, JUSTIFY, para
from dangbo.reports import outline, texts
from dangbo.reports.datasets import Report

# (bold, italic, alignment) per outline block
STYLE = {
    outline.PART: (True, False, CENTER), outline.PART_TITLE: (True, False, CENTER), outline.H1: (True, False, JUSTIFY),
    outline.H2: (True, False, JUSTIFY), outline.H3: (True, True, JUSTIFY), outline.H4: (False, True, JUSTIFY),
    outline.PARA: (False, False, JUSTIFY), outline.PLACEHOLDER: (False, True, JUSTIFY),
}


def render(report: Report) -> bytes:
    doc = fmt.a4_document(f"{report.kind_label} {report.document.reference}")
    fmt.letterhead(doc, superior=report.superior, issuer=report.issuer.name,
                   number_line=texts.number_line(report.number, report.issuer.code),
                   date_line=date_line(report.place, report.as_of))
    para(doc, "", 14, after=0)
    para(doc, "BÁO CÁO", 16, bold=True, align=CENTER, after=0)
    para(doc, report.summary, 14, bold=True, align=CENTER, after=0)
    para(doc, "-----", 14, align=CENTER, after=6)
    for block in outline.blocks(report):
        bold, italic, align = STYLE[block.kind]
        para(doc, block.text, 14, bold=bold, italic=italic, align=align,
             indent=align == JUSTIFY, after=6 if block.kind in (outline.PARA, outline.PLACEHOLDER) else 3)
    para(doc, "", 14, after=0)
    fmt.signature(doc, recipients=report.recipients,
                  titles=[report.on_behalf, report.deputy, report.signer_title], name=report.signer_name)
    return fmt.to_bytes(doc)
