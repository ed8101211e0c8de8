"""PDF of the statistics forms (issue 10, Deliver 2): one form or the whole set, on A4, laid out like the sheets of
``xlsx.render`` (FORMS.md §2). Pure: tables in, bytes out.

A form starts a page (and takes more when its rows need them), portrait, or landscape when it has several columns
(forms 4, 5, 6F). On each: the superior body over the reporting body top left, "Biểu số N-BTCTW" top right with
"DỰ THẢO" under it when a check fails; the title, the period and its end date centred; "Đvt: …"; the table with the
headers and their numbers (1) (2) … repeated on every page; the notes; the broken checks in red; the footer (place
and date, "NGƯỜI LẬP BIỂU", "TRƯỞNG BAN"). A set whose forms disagree with each other ends with a page listing those
checks. The face is the bundled Liberation Serif (``dangbo.core.pdf_fonts``), embedded."""

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab import platypus as rl
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, TableStyle

from dangbo.core.dates import date_line, format_date
from dangbo.core.pdf_fonts import face, register
from dangbo.statforms.tables import Table
from dangbo.statforms.xlsx import DRAFT, HEADERS, period_line

RED = colors.HexColor("#C00000")
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, 15 * mm, 15 * mm, 15 * mm
PORTRAIT, LANDSCAPE = "portrait", "landscape"
CHECKS_TITLE = "CÁC BIỂU CỦA BỘ CHƯA KHỚP NHAU"


def _style(size: float = 12, *, bold=False, italic=False, align=TA_LEFT, color=colors.black, indent: float = 0,
           after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"f{size}{bold}{italic}{align}{color}{indent}{after}", fontName=face(bold=bold,
                          italic=italic), fontSize=size, leading=size * 1.2, alignment=align, textColor=color,
                          leftIndent=indent, spaceAfter=after)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)) or "&nbsp;", style)


def orientation(table: Table) -> str:
    """Landscape for a form of several columns, as its sheet prints."""
    return LANDSCAPE if len(table.heads) > 1 else PORTRAIT


def _width(orient: str) -> float:
    size = landscape(A4) if orient == LANDSCAPE else A4
    return size[0] - LEFT - RIGHT


def _borderless(rows: list[list], widths: list[float]) -> rl.Table:
    grid = rl.Table(rows, colWidths=widths)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return grid


def _head(table: Table, *, superior: str, reporting_body: str, draft: bool, width: float) -> rl.Table:
    centre = _style(align=TA_CENTER)
    left = [_p(superior.upper(), centre), _p(reporting_body.upper(), _style(bold=True, align=TA_CENTER))]
    right = [_p(table.form.number, _style(bold=True, align=TA_RIGHT))]
    if draft:
        right.append(_p(DRAFT, _style(13, bold=True, align=TA_RIGHT, color=RED)))
    return _borderless([[left, right]], [85 * mm, width - 85 * mm])


def _grid(table: Table, width: float) -> rl.Table:
    """The form's table: headers, their numbers, one row per line (the top rows bold, the others indented)."""
    n = len(table.heads)
    size = 11 if n == 1 else 9.5 if n <= 3 else 8.5
    key_w, before_w, share_w = 10 * mm, 24 * mm, 26 * mm
    per = min(24 * mm, (width - key_w - before_w - share_w - 70 * mm) / n)
    label_w = width - key_w - before_w - share_w - n * per
    widths = [key_w, label_w, *[per] * n, before_w, share_w]
    th = _style(size, bold=True, align=TA_CENTER)
    before = "Cùng kỳ năm trước" + (f" ({table.main_label})" if table.main_label else "")
    heads = [_p("Tiêu chí", th), ""] + [_p(h, th) for h in table.heads] + [_p(before, th), _p(HEADERS[-1], th)]
    numbers = [_p("(1)", _style(size, italic=True, align=TA_CENTER)), ""] + [
        _p(f"({i})", _style(size, italic=True, align=TA_CENTER)) for i in range(2, n + 4)]
    rows = [heads, numbers]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 1), (1, 1)), ("FONTNAME", (0, 2), (-1, -1), face()),
             ("FONTSIZE", (0, 2), (-1, -1), size), ("ALIGN", (2, 2), (-1, -1), "RIGHT"),
             ("ALIGN", (0, 2), (0, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for i, line in enumerate(table.lines, start=2):
        top = line.row.indent == 0
        label = _p(line.row.label, _style(size, bold=top, indent=line.row.indent * 3 * mm))
        rows.append([line.row.key, label, *[c.text for c in line.cells], line.before_text, line.share])
        if top:
            style.append(("FONTNAME", (0, i), (-1, i), face(bold=True)))
    grid = rl.Table(rows, colWidths=widths, repeatRows=2)
    grid.setStyle(TableStyle(style))
    return grid


def _footer(place: str, made_on: dt.date, width: float) -> rl.KeepTogether:
    half = width / 2
    bold, note = _style(bold=True, align=TA_CENTER), _style(11, italic=True, align=TA_CENTER)
    rows = [["", _p(date_line(place, made_on), _style(italic=True, align=TA_CENTER))],
            [_p("NGƯỜI LẬP BIỂU", bold), _p("TRƯỞNG BAN", bold)],
            [_p("(Ký, ghi rõ họ tên, số điện thoại)", note), _p("(Ký tên, đóng dấu)", note)]]
    return rl.KeepTogether([Spacer(1, 6 * mm), _borderless(rows, [half, half]), Spacer(1, 22 * mm)])


def _form(table: Table, *, place: str, reporting_body: str, superior: str, made_on: dt.date, draft: bool) -> list:
    width = _width(orientation(table))
    draft = draft or bool(table.broken)
    story = [_head(table, superior=superior, reporting_body=reporting_body, draft=draft, width=width),
             Spacer(1, 5 * mm), _p(table.form.title, _style(14, bold=True, align=TA_CENTER, after=2)),
             _p(period_line(table), _style(bold=True, align=TA_CENTER)),
             _p(f"(có đến ngày {format_date(table.period.end)})", _style(italic=True, align=TA_CENTER)),
             _p(f"Đvt: {table.form.unit}", _style(italic=True, align=TA_RIGHT, after=3)),
             _grid(table, width)]
    for note in (table.note, table.form.note):
        if note:
            story += [Spacer(1, 3 * mm), _p(f"Ghi chú: {note}", _style(10.5, italic=True))]
    if table.broken:
        story += [Spacer(1, 3 * mm), _p("Số liệu chưa khớp:", _style(bold=True, color=RED))]
        story += [_p(f"– {sentence}", _style(11, italic=True, color=RED)) for sentence in table.broken]
    story.append(_footer(place, made_on, width))
    return story


def _checks(tables: list[Table], across: list[str]) -> list:
    story = [_p(CHECKS_TITLE, _style(14, bold=True, align=TA_CENTER, after=2))]
    if tables:
        story.append(_p(f"{tables[0].org.name} — {period_line(tables[0])}", _style(italic=True, align=TA_CENTER)))
    story.append(Spacer(1, 5 * mm))
    story += [_p(f"{i}. {sentence}", _style(color=RED, after=3)) for i, sentence in enumerate(across, start=1)]
    return story


def _template(orient: str) -> rl.PageTemplate:
    size = landscape(A4) if orient == LANDSCAPE else A4
    frame = rl.Frame(LEFT, BOTTOM, _width(orient), size[1] - TOP - BOTTOM, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0, id=orient)
    return rl.PageTemplate(id=orient, pagesize=size, frames=[frame])


def render(tables: list[Table], *, place: str, reporting_body: str, superior: str, made_on: dt.date,
           across: list[str] = ()) -> bytes:
    """One form or a set: each form from a new page. ``superior`` (e.g. "Huyện ủy Lạc Dương") over
    ``reporting_body`` ("Ban Tổ chức") top left; ``place`` and ``made_on`` make the footer's date line; ``across``:
    the failed checks between the forms of a set — every form is then a draft, and a last page lists them."""
    register()
    out = io.BytesIO()
    orients = [orientation(t) for t in tables] + ([PORTRAIT] if across else [])
    first = orients[0] if orients else PORTRAIT
    templates = [_template(o) for o in sorted({PORTRAIT, LANDSCAPE}, key=lambda o: o != first)]  # first used first
    title = tables[0].form.number if len(tables) == 1 else "Bộ biểu mẫu thống kê"
    if tables:
        title += f" — {tables[0].org.name}, {tables[0].period.label}"
    doc = rl.BaseDocTemplate(out, pagesize=A4, pageTemplates=templates, title=title, author=reporting_body,
                             lang="vi-VN", initialFontName=face(), leftMargin=LEFT, rightMargin=RIGHT,
                             topMargin=TOP, bottomMargin=BOTTOM)
    story: list = []
    for i, table in enumerate(tables):
        if i:
            story += [rl.NextPageTemplate(orients[i]), rl.PageBreak()]
        story += _form(table, place=place, reporting_body=reporting_body, superior=superior, made_on=made_on,
                       draft=bool(across))
    if across:
        if story:
            story += [rl.NextPageTemplate(PORTRAIT), rl.PageBreak()]
        story += _checks(tables, list(across))
    if not story:
        story.append(Spacer(1, 1))
    doc.build(story)
    return out.getvalue()
